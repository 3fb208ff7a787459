import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameStem } from './build-gazetteer.js';
import { Gazetteer } from './gazetteer.js';

test('qualifying words of a place name are dropped to give the name reports use', () => {
  assert.equal(nameStem('Nabatîyé et Tahta'), 'Nabatiye');
  assert.equal(nameStem('Tell Abyad Gharbi'), 'Tell Abyad');
  assert.equal(nameStem('Aleppo'), undefined);
  assert.equal(nameStem('Al Kabir'), undefined, 'a qualifier alone is not stripped to nothing');
});

test('the built gazetteer keeps Arabic names: GeoNames’ towns, OpenSyria’s divisions, countries', () => {
  const g = Gazetteer.open(undefined, { layer: false });
  const first = (name: string, code: string) =>
    g.lookup(name).find((c) => c.countryCode === 'SY' && c.featureCode === code && c.matchKind === 0);
  assert.equal(first('Saraqib', 'PPLA3')?.nameAr, 'سراقب');
  assert.equal(first('Idlib', 'ADM1')?.nameAr, 'إدلب');
  assert.equal(first('سراقب', 'PPLA3')?.name, 'Sarāqib', 'found by it too');
  assert.equal(first('Syria', 'PCLI')?.nameAr, 'سوريا');
  assert.equal(
    g.lookup('Paris').find((c) => c.countryCode === 'FR' && c.featureClass === 'P')?.nameAr,
    'باريس',
  );
  g.close();
});
