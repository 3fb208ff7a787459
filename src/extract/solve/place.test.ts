import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftFor } from '../../../test/helpers/extract.js';
import { place } from './place.js';

const where = (text: string, w?: string) => {
  const { f } = draftFor(text, [place], { where: w });
  return [
    f.place?.place.asciiName,
    f.geoPrecision,
    f.placeInferred,
    f.fieldEvidence.location?.map((s) => s.text),
  ];
};

test('the toponym nearest the act, the more specific the better', () => {
  assert.deepEqual(where('Turkish drones struck a car in Qamishli on Monday.'), [
    'Al Qamishli',
    1,
    false,
    ['Qamishli'],
  ]);
  assert.deepEqual(where('Turkish drones struck a car near Qamishli on Monday.'), [
    'Al Qamishli',
    2,
    false,
    ['Qamishli'],
  ]);
});

test('a country is where it happened only when something happens in it', () => {
  const [name] = where('Clashes broke out near Daraa at the request of Russia.');
  assert.equal(name, 'Daraa');
  const [, precision] = where('Clashes broke out in Syria on Monday.');
  assert.equal(precision, 3);
});

test('with no place in the sentence, the paragraph says where, at no finer than precision 2', () => {
  const [name, precision, inferred, evidence] = where(
    'Residents fled Aleppo.\n\nClashes broke out on Monday.\n\nProtesters rallied in Beirut.',
    'Clashes',
  );
  assert.deepEqual([name, precision, inferred, evidence], ['Aleppo', 2, true, undefined]);
});
