// The local gazetteer layer: places of imported UCDP and ACLED rows and of analysts' choices,
// searched with the default gazetteer and winning within their area; imports are idempotent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gazetteer } from '../src/geo/gazetteer.js';
import { addAnalystPlace } from '../src/geo/layer.js';
import { loadResources } from '../src/extract/resources.js';
import { run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-layer-'));
const UCDP_HEADER =
  'id,type_of_violence,side_a,side_b,source_office,source_headline,where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,country,date_prec,date_start,date_end,best';
// Villages written for the test (no gazetteer knows them), and a town GeoNames knows by a
// point a few km from where the coder put it.
const ucdp = join(dir, 'ged.csv');
writeFileSync(
  ucdp,
  [
    UCDP_HEADER,
    '800001,1,Government of Syria,Syrian insurgents,SOHR,x,1,Khirbat Zaytunat village,Idlib Governorate,Ariha district,35.7712,36.5021,Syria,1,2016-03-01,2016-03-01,2',
    '800002,1,Government of Syria,Syrian insurgents,SOHR,x,1,Khirbat Zaytunat village,Idlib Governorate,Ariha district,35.7712,36.5021,Syria,1,2016-03-02,2016-03-02,1',
    '800003,9,x,y,SOHR,x,1,Broken row village,Idlib Governorate,,35,36,Syria,1,2016-03-02,2016-03-02,1',
    '800004,1,Government of Syria,Syrian insurgents,SOHR,x,1,Saraqib town,Idlib Governorate,Idlib district,35.8700,36.7900,Syria,1,2016-03-03,2016-03-03,3',
    '800005,1,Government of Syria,Syrian insurgents,SOHR,x,4,Northern Idlib Governorate,Idlib Governorate,,36.1,36.6,Syria,4,2016-03-03,2016-03-03,3',
  ].join('\n') + '\n',
);

test('gazetteer import --format ucdp adds the places alone, bad rows by line, and a second import adds nothing', async () => {
  const layer = join(dir, 'a.sqlite');
  const r = await run(['gazetteer', 'import', '--format', 'ucdp', ucdp, '--layer', layer]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /ged\.csv:4: type_of_violence "9"/);
  assert.match(
    r.stderr,
    /4 rows read, 2 places added, 1 seen again, 0 already imported, 1 regional or unplaced, 1 bad rows/,
  );
  const again = await run(['gazetteer', 'import', '--format', 'ucdp', ucdp, '--layer', layer]);
  assert.match(again.stderr, /0 places added, 0 seen again, 3 already imported/);
  const g = Gazetteer.open(undefined, { layer });
  const village = g.lookup('Khirbet Zeitounat')[0];
  assert.equal(village?.layer, 'local', 'found under another transliteration');
  assert.equal(village?.seen, 2, 'seen in two rows, counted once each');
  assert.equal(village?.latitude, 35.7712);
  // The coder's point stands in for GeoNames' Saraqib: one candidate, the record's point, GeoNames' name.
  const saraqib = g.lookup('Saraqib').filter((c) => c.countryCode === 'SY' && c.featureClass === 'P');
  assert.equal(saraqib.length, 1);
  assert.equal(saraqib[0]!.latitude, 35.87);
  assert.ok(saraqib[0]!.geonameid, 'the GeoNames entry, at the record’s point');
  g.close();
  const without = Gazetteer.open(undefined, { layer: false });
  assert.equal(without.lookup('Khirbat Zaytunat').length, 0);
  without.close();
});

test('geoparse and observatory import use the local layer', async () => {
  const layer = join(dir, 'b.sqlite');
  const env = { OBSERVATORY_LOCAL_GAZETTEER: layer };
  const text = JSON.stringify({ id: 'r', text: 'Warplanes struck Khirbat Zaytunat in Idlib province.' });
  const before = await run(['geoparse', '--input', '-'], { stdin: text, env });
  assert.ok(!before.stdout.includes('Zaytunat'));
  const imp = await run(['import', '--format', 'ucdp', ucdp, '--db', join(dir, 'b.db')], { env });
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.stderr, /local gazetteer layer .*2 places added/);
  const after = await run(['geoparse', '--input', '-'], { stdin: text, env });
  const t = (JSON.parse(after.stdout) as { toponyms: Array<{ text: string; latitude: number }> }).toponyms;
  assert.deepEqual(
    t.filter((x) => x.text === 'Khirbat Zaytunat').map((x) => x.latitude),
    [35.7712],
  );
});

test('a name an analyst uses for a point is added to the layer, once per decision', () => {
  const layer = join(dir, 'c.sqlite');
  const place = {
    name: 'Tall Ghazalat',
    latitude: 36.01,
    longitude: 37.2,
    countryCode: 'SY',
    ref: 'review-1',
  };
  assert.equal(addAnalystPlace(place, layer), 'new');
  assert.equal(addAnalystPlace(place, layer), 'duplicate');
  assert.equal(addAnalystPlace({ ...place, ref: 'review-2' }, layer), 'seen');
  const g = Gazetteer.open(undefined, { layer });
  const c = g.lookup('Tal Ghazalat')[0];
  assert.equal(c?.source, 'analyst');
  assert.equal(c?.seen, 2);
  g.close();
  assert.throws(() => addAnalystPlace({ ...place, name: '--' }, layer), /name with letters/);
});

test('observatory import keeps its events when the local layer cannot be written, and says so', async () => {
  const env = { OBSERVATORY_LOCAL_GAZETTEER: join(dir, 'no-such-dir', 'layer.sqlite') };
  const r = await run(['import', '--format', 'ucdp', ucdp, '--db', join(dir, 'd.db')], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /places not added to the local gazetteer layer/);
  assert.match(r.stderr, /imported .*ged\.csv/);
});

test('an analyst’s place is found in Arabic text: by its Arabic name, and by its Latin name after a word for a town', () => {
  const layer = join(dir, 'e.sqlite');
  // Names written for the test: no gazetteer knows either village.
  addAnalystPlace({ name: 'خربة الزيتونات', latitude: 35.77, longitude: 36.5, countryCode: 'SY' }, layer);
  addAnalystPlace({ name: 'Kafr Dabbur', latitude: 35.6, longitude: 36.7, countryCode: 'SY' }, layer);
  const g = Gazetteer.open(undefined, { layer });
  assert.equal(g.lookup('خربة الزيتونات')[0]?.source, 'analyst');
  assert.equal(g.lookup('خربه الزيتونات')[0]?.source, 'analyst', 'taa marbuta written as haa');
  assert.equal(g.lookup('كفر دبور').length, 0, 'no Arabic name: not found by lookup');
  assert.equal(g.lookupAcrossScripts('كفردبور')[0]?.name, 'Kafr Dabbur', 'found across scripts');
  const geoparser = loadResources().geoparser.withGazetteer(g);
  const at = (text: string) =>
    geoparser.parse(text, ['SY']).toponyms.map((t) => [t.span.text, t.place.name, t.place.latitude]);
  assert.deepEqual(at('قصف مدفعي على بلدة كفردبور في ريف إدلب')[0], ['كفردبور', 'Kafr Dabbur', 35.6]);
  assert.deepEqual(at('قصف مدفعي على خربة الزيتونات')[0], ['خربة الزيتونات', 'خربة الزيتونات', 35.77]);
  // With no word saying a place is named, a consonant match is too loose to take.
  assert.ok(!at('قصف مدفعي على كفردبور').some((t) => t[1] === 'Kafr Dabbur'));
  g.close();
});
