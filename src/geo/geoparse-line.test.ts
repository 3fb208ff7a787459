import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../extract/resources.js';
import { geoparseLine } from './geoparse-line.js';

test('the geoparse line keeps its fields and adds demonyms, the focus and the date as written', () => {
  const res = loadResources();
  const text = 'Syrian forces shelled Saraqib, in Idlib province.';
  const line = geoparseLine(
    { id: 'd', published: '2016-12-17', publishedAsWritten: 'Dec 17, 2016 8:46 AM ET', dated: true },
    res.geoparser.parse(text),
    (cc) => res.gazetteer.countryName(cc),
  ) as {
    toponyms: Array<Record<string, unknown>>;
    demonyms: Array<Record<string, unknown>>;
    country_focus: Array<{ country_code: string; country: string }>;
  } & Record<string, unknown>;
  const saraqib = line.toponyms.find((t) => t.text === 'Saraqib')!;
  for (const k of [
    'start',
    'end',
    'text',
    'name',
    'latitude',
    'longitude',
    'country',
    'country_code',
    'admin1',
    'feature_code',
    'geo_precision',
    'confidence',
  ])
    assert.ok(k in saraqib, k);
  assert.equal(saraqib.admin1_pcode, 'SY07');
  assert.equal(line.demonyms[0]!.text, 'Syrian');
  assert.equal(line.demonyms[0]!.country_code, 'SY');
  assert.deepEqual(line.country_focus[0], { country_code: 'SY', country: 'Syria' });
  assert.equal(line.published, '2016-12-17');
  assert.equal(line.published_as_written, 'Dec 17, 2016 8:46 AM ET');
});
