import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ucdpPlaceName } from './ucdp-places.js';
import { assignFolds } from '../eval/geo-syria.js';

test("UCDP's wording of a place becomes a name, its other names and a kind", () => {
  assert.deepEqual(ucdpPlaceName('Teir Maaleh village'), {
    name: 'Teir Maaleh',
    aliases: [],
    kind: 'village',
  });
  assert.deepEqual(ucdpPlaceName('Ar Rastan  town'), { name: 'Ar Rastan', aliases: [], kind: 'town' });
  assert.deepEqual(ucdpPlaceName('Al-Rai town (Choban Bey)'), {
    name: 'Al-Rai',
    aliases: ['Choban Bey'],
    kind: 'town',
  });
  assert.deepEqual(ucdpPlaceName('Palmyra/Tadmur'), { name: 'Palmyra', aliases: ['Tadmur'], kind: 'place' });
  assert.equal(ucdpPlaceName('Deir ez Zor airport')?.kind, 'airport');
  // Stretches, parts of regions and whole divisions are no one place.
  for (const w of [
    'Northern Hamah Governorate',
    'Homs - Palmyra road',
    'Syria',
    'Salamiyah district',
    'Road between As Sukhnah and Tadmur',
  ])
    assert.equal(ucdpPlaceName(w), undefined, w);
});

test('places within 5 km of each other share a fold, so a held-out place has no twin in training', () => {
  const p = (lat: number, lon: number) => ({
    name: 'x',
    aliases: [],
    lat,
    lon,
    kind: 'village',
    prec: 1,
    events: 1,
  });
  const places = [p(35, 36), p(35.01, 36.01), p(36, 37), p(34, 38), p(33, 36), p(32.5, 36.5), p(35.2, 40)];
  const folds = assignFolds(places, 5);
  assert.equal(folds[0], folds[1]);
  assert.ok(new Set(folds).size >= 3, 'places far apart are spread over folds');
});
