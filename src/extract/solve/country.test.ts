import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftFor } from '../../../test/helpers/extract.js';
import { country } from './country.js';
import { place } from './place.js';

test("generic actors are named after the event's country", () => {
  const { f } = draftFor('Protesters rallied in Beirut on Friday.', [place, country]);
  assert.deepEqual([f.countryCode, f.countryName], ['LB', 'Lebanon']);
});

test("with no place, the text's country of focus", () => {
  const { f } = draftFor('Protesters blocked the road on Friday, Naharnet reported.', [place, country]);
  assert.equal(f.countryCode, 'LB');
});
