// `observatory gazetteer import` on GeoNames tables (a few rows of each, test/fixtures/geonames),
// and on broken files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gazetteer, defaultGazetteerPath } from '../src/geo/gazetteer.js';
import { FIXTURES, run } from './helpers/cli.js';

const GEONAMES = join(FIXTURES, 'geonames');
const dir = mkdtempSync(join(tmpdir(), 'obs-gaz-'));

function freshCopy(name: string): string {
  const p = join(dir, name);
  copyFileSync(defaultGazetteerPath(), p);
  return p;
}
const count = (path: string) => {
  const db = new Database(path, { readonly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM places').get() as { n: number }).n;
  const k = (db.prepare('SELECT count(*) AS n FROM names').get() as { n: number }).n;
  db.close();
  return { places: n, names: k };
};

test('admin codes and a cities file import; places get GeoNames admin1 and admin2 names', async () => {
  const gz = freshCopy('import.sqlite');
  const r = await run([
    'gazetteer',
    'import',
    '--gazetteer',
    gz,
    join(GEONAMES, 'admin1CodesASCII.txt'),
    join(GEONAMES, 'admin2Codes.txt'),
    join(GEONAMES, 'cities15000.txt'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /admin1CodesASCII\.txt: admin1, 103 rows imported, 0 rows skipped/);
  assert.match(r.stderr, /cities15000\.txt: geoname, 17 rows imported/);
  const g = Gazetteer.open(gz);
  const deir = g.lookup('Deir ez-Zor').find((c) => c.featureClass === 'P');
  assert.equal(deir?.admin1, 'Deir ez-Zor');
  // The one town in the file with a second-level code gets that division's name.
  const dortyol = g.lookup('Dörtyol').find((c) => c.geonameid === 316284);
  assert.equal(dortyol?.admin1, 'Hatay');
  assert.match(dortyol?.admin2 ?? '', /Dörtyol/);
  g.close();
});

test('a malformed row is reported with file and line; the rest is imported', async () => {
  const gz = freshCopy('malformed.sqlite');
  const lines = readFileSync(join(GEONAMES, 'cities15000.txt'), 'utf8').split('\n').slice(0, 5);
  const bad = lines[2]!.split('\t');
  bad[4] = 'north';
  lines[2] = bad.join('\t');
  const file = join(dir, 'cities_bad.txt');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const r = await run(['gazetteer', 'import', '--gazetteer', gz, file]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, new RegExp(`${file}:3: latitude "north" is not a number`));
  assert.match(r.stderr, /geoname, 4 rows imported, 1 rows skipped/);
});

test('a wrong-format or truncated file changes nothing', async () => {
  const gz = freshCopy('untouched.sqlite');
  const before = count(gz);
  const wrong = join(dir, 'SY.txt');
  writeFileSync(wrong, 'name,lat,lon\nDamascus,33.5,36.3\n');
  const r1 = await run([
    'gazetteer',
    'import',
    '--gazetteer',
    gz,
    join(GEONAMES, 'admin1CodesASCII.txt'),
    wrong,
  ]);
  assert.equal(r1.code, 1);
  assert.match(r1.stderr, /SY\.txt: does not look like a GeoNames geoname file .* nothing was imported/);
  const full = readFileSync(join(GEONAMES, 'cities15000.txt'), 'utf8');
  const cut = join(dir, 'cities_cut.txt');
  writeFileSync(cut, full.slice(0, Math.floor(full.length / 2)).replace(/\t[^\t\n]*$/, ''));
  const r2 = await run(['gazetteer', 'import', '--gazetteer', gz, cut]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /cities_cut\.txt:\d+: file is truncated/);
  assert.deepEqual(count(gz), before);
});
