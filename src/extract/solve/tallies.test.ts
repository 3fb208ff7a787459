import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftFor } from '../../../test/helpers/extract.js';
import { tallies } from './tallies.js';

test('deaths and injured for violent events, each figure cited', () => {
  const { f } = draftFor('Shelling on Ariha killed three civilians and wounded 12 others.', [tallies]);
  assert.deepEqual(f.details.counts.fatalities, { low: 3, best: 3, high: 3 });
  assert.deepEqual(f.details.counts.injured, { low: 12, best: 12, high: 12 });
  assert.deepEqual(
    f.fieldEvidence.fatalities?.map((s) => s.text),
    ['killed three'],
  );
});

test('people moved and vehicles for movements, never deaths', () => {
  const { f } = draftFor('A convoy of 20 buses carrying 300 fighters reached Albukamal.', [tallies]);
  assert.equal(f.details.counts.fatalities, undefined);
  assert.equal(f.details.counts.vehicles?.best, 20);
  assert.equal(f.details.counts.peopleMoved?.best, 300);
});

test('a figure beyond belief is flagged', () => {
  const { f } = draftFor('Shelling on Idlib killed a billion people.', [tallies]);
  assert.deepEqual(f.flags, ['implausible_killed']);
});

test('a peaceful protest has no death count even when the sentence has one', () => {
  const { f } = draftFor('Protesters rallied in Beirut after two men were killed.', [tallies]);
  assert.equal(f.details.counts.fatalities, undefined);
});
