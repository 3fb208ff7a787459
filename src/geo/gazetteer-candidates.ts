// A gazetteer's rows as the candidates a lookup gives: the row read into a Place with what the
// resolver weighs, GeoNames' points for countries and divisions, and the places of the record
// standing in for the same-named default places near them.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Place } from '../model/index.js';
import type { KeyKind } from '../nlp/normalize.js';
import { haversineKm } from './distance.js';

export const ARABIC_KEY = /^\p{Script=Arabic}/u;

export interface Candidate extends Place {
  featureClass: string;
  /** 0 exact, 1 matched without articles, 2 matched on the transliteration skeleton. */
  matchKind: KeyKind;
  /** The coarsest ACLED geo_precision the place supports (regions are never 1). */
  precision: 1 | 2 | 3;
  source: string;
  /** How many coded events or analysts' choices stand behind the place (layers only; else 0). */
  seen: number;
  /** 'local' for a place of the local layer (the team's own record), else undefined. */
  layer?: 'local';
  /** The place's name in Arabic script, where the gazetteer has one. */
  nameAr?: string;
}

/** How near a layer's place must be to a default one of the same name to stand in its place (km). */
export const LAYER_AREA_KM = 10;

/** Sources whose places come from a record of events: they win within their area. */
const RECORD_SOURCES = new Set(['ucdp', 'acled', 'analyst']);
const isRecordPlace = (c: Candidate) => c.layer === 'local' || RECORD_SOURCES.has(c.source);

export interface PlaceRow {
  id: number;
  geonameid: number | null;
  name: string;
  ascii_name: string;
  latitude: number;
  longitude: number;
  country_code: string;
  admin1: string | null;
  admin2: string | null;
  feature_class: string;
  feature_code: string;
  population: number;
  precision: number | null;
  source: string;
  admin1_pcode?: string | null;
  admin2_pcode?: string | null;
  seen?: number;
  /** Absent from files built before Arabic names were kept. */
  name_ar?: string | null;
  kind: number;
  country_name: string | null;
}

/** GeoNames' points for countries and first-level divisions, by "CC" or "CC.Admin1 name". */
export type PointTable = Record<string, [number, number]>;

export const POINTS_PATH = fileURLToPath(new URL('../../data/geonames-points.json', import.meta.url));

/** The committed table of points (empty without the file). */
export function loadPoints(path = POINTS_PATH): PointTable {
  if (!existsSync(path)) return {};
  return (JSON.parse(readFileSync(path, 'utf8')) as { points: PointTable }).points;
}

/** The key a country or first-level division has in a point table; undefined for other places. */
export function pointKey(p: {
  featureCode: string;
  countryCode: string;
  admin1?: string;
}): string | undefined {
  if (p.featureCode === 'PCLI') return p.countryCode;
  if (p.featureCode === 'ADM1' && p.admin1) return `${p.countryCode}.${p.admin1}`;
  return undefined;
}

export function precisionOf(featureClass: string, featureCode: string, stored: number | null): 1 | 2 | 3 {
  if (stored === 1 || stored === 2 || stored === 3) return stored;
  if (featureClass === 'P') return 1;
  if (featureCode === 'PCLI' || featureCode === 'ADM1') return 3;
  if (featureCode === 'ADM2') return 2;
  return 2;
}

/** A row of the gazetteer (or of the local layer, `local`) as a candidate, at GeoNames' point where there is one. */
export function candidateOf(
  row: PlaceRow,
  matchKind: KeyKind,
  local: boolean,
  points: PointTable,
  countryNames: Map<string, string>,
): Candidate {
  const key = local
    ? undefined
    : pointKey({
        featureCode: row.feature_code,
        countryCode: row.country_code,
        admin1: row.admin1 ?? undefined,
      });
  const point = key ? points[key] : undefined;
  if (point) row = { ...row, latitude: point[0], longitude: point[1] };
  return {
    id: local ? `local:${row.id}` : `${row.source}:${row.geonameid ?? row.id}`,
    name: row.name,
    asciiName: row.ascii_name,
    latitude: row.latitude,
    longitude: row.longitude,
    countryCode: row.country_code,
    country: row.country_name ?? countryNames.get(row.country_code) ?? row.country_code,
    admin1: row.admin1 ?? undefined,
    admin2: row.admin2 ?? undefined,
    ...(row.admin1_pcode ? { admin1Pcode: row.admin1_pcode } : {}),
    ...(row.admin2_pcode ? { admin2Pcode: row.admin2_pcode } : {}),
    seen: row.seen ?? 0,
    ...(local ? { layer: 'local' as const } : {}),
    ...(row.name_ar ? { nameAr: row.name_ar } : ARABIC_KEY.test(row.name) ? { nameAr: row.name } : {}),
    featureCode: row.feature_code,
    featureClass: row.feature_class,
    population: row.population,
    geonameid: row.geonameid ?? undefined,
    matchKind,
    precision: precisionOf(row.feature_class, row.feature_code, row.precision),
    source: row.source,
  };
}

/**
 * A place of the record (the local layer, UCDP's coded places) and a same-named default place
 * within LAYER_AREA_KM are one place: the record's point wins (it is the one the coders used) and
 * its count is kept, the default place's name, rank and ids stay, so nothing the resolver weighs
 * is lost. A record place with no default place near it stands on its own.
 */
export function standInArea(candidates: Candidate[]): Candidate[] {
  // The team's own layer first: where it and the shipped UCDP places both name a place, its point wins.
  const record = candidates.filter(isRecordPlace).sort((a, b) => (a.layer ? 0 : 1) - (b.layer ? 0 : 1));
  if (record.length === 0) return candidates;
  const merged = new Set<Candidate>();
  for (const r of record) {
    let best: Candidate | undefined;
    let bestKm = LAYER_AREA_KM;
    for (const c of candidates) {
      if (isRecordPlace(c) || c.featureClass === 'A' || c.source === 'curated') continue;
      const km = haversineKm(r.latitude, r.longitude, c.latitude, c.longitude);
      if (km < bestKm) {
        best = c;
        bestKm = km;
      }
    }
    if (!best) continue;
    const seen = r.seen;
    r.seen = -1;
    if (merged.has(best)) continue;
    merged.add(best);
    best.latitude = r.latitude;
    best.longitude = r.longitude;
    best.seen += seen;
    best.matchKind = Math.min(best.matchKind, r.matchKind) as KeyKind;
    best.admin1Pcode ??= r.admin1Pcode;
    best.admin2Pcode ??= r.admin2Pcode;
    best.admin2 ??= r.admin2;
    best.nameAr ??= r.nameAr;
  }
  return candidates.filter((c) => c.seen !== -1);
}
