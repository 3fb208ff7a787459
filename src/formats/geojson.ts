// GeoJSON (RFC 7946): the Features of the record's things — an extracted event, a stored event, a
// movement's track, a gazetteer place, a named region, a map point — and the FeatureCollection
// envelope the streamed outputs write a Feature at a time. Type-only imports apart from the model,
// so that the web app can build its map layers with the same functions.
import type { Geometry, Point } from 'geojson';
import type { Claim } from '../model/index.js';
import type { Candidate } from '../geo/gazetteer.js';
import { ACLED_COLUMNS, type Track } from '../model/index.js';
import type { StoredEvent } from '../store/store.js';

export interface Feature<G = Geometry | null, P = Record<string, unknown>> {
  type: 'Feature';
  id?: string;
  geometry: G;
  properties: P;
}

/** A Point at [longitude, latitude], GeoJSON's order. */
export function point(longitude: number, latitude: number): Point {
  return { type: 'Point', coordinates: [longitude, latitude] };
}

/** A point Feature, for layers drawn from light records (the map's points and grid cells). */
export function pointFeature<P>(longitude: number, latitude: number, properties: P, id?: string) {
  return {
    type: 'Feature' as const,
    ...(id === undefined ? {} : { id }),
    geometry: { type: 'Point' as const, coordinates: [longitude, latitude] },
    properties,
  };
}

/** A FeatureCollection of these Features. */
export function featureCollection<F>(features: F[]) {
  return { type: 'FeatureCollection' as const, features };
}

/** What a streamed FeatureCollection opens with; each Feature follows `featureSeparator`. */
export const COLLECTION_OPEN = '{"type":"FeatureCollection","features":[';
/** What a streamed FeatureCollection closes with. */
export const COLLECTION_CLOSE = '\n]}\n';
/** What comes before a streamed Feature: a comma unless it is the first, and a line break. */
export const featureSeparator = (first: boolean) => (first ? '\n' : ',\n');

/**
 * One extracted event (`observatory extract --format geojson`) as a Feature: its fields as
 * properties with the document's id first; an event with no place gets a null geometry.
 */
export function extractedEventFeature(docId: string, e: Claim) {
  const { latitude, longitude, ...properties } = e;
  return {
    type: 'Feature' as const,
    geometry:
      latitude !== null && longitude !== null
        ? { type: 'Point' as const, coordinates: [longitude, latitude] }
        : null,
    properties: { doc_id: docId, ...properties, latitude, longitude },
  };
}

type FlatColumn =
  (typeof ACLED_COLUMNS)[number] | 'event_id' | 'credibility' | 'reports' | 'contested' | 'review_status';

/** An event as one flat record: its ACLED columns and the record's own; a value not known is null. */
export function flatRecord(e: StoredEvent): Record<FlatColumn, string | number | null> {
  const out = {} as Record<FlatColumn, string | number | null>;
  const fields = e as unknown as Record<string, string | number | null | undefined>;
  for (const c of ACLED_COLUMNS) out[c] = fields[c] ?? null;
  out.event_id = e.id;
  out.credibility = e.credibility;
  out.reports = e.claimCount;
  out.contested = Object.keys(e.contested).join(';');
  out.review_status = e.reviewStatus;
  return out;
}

/**
 * A stored event as a flat Feature, for GIS layers (OGC API `events`): flat properties a table can
 * hold, and `detail`, the link to the full event under `base` (scheme and host).
 */
export function eventFeature(e: StoredEvent, base: string): Feature<Point | null> & { id: string } {
  const { latitude, longitude, ...rest } = flatRecord(e);
  void latitude;
  void longitude;
  return {
    type: 'Feature',
    id: e.id,
    geometry: e.latitude !== null && e.longitude !== null ? point(e.longitude, e.latitude) : null,
    properties: { ...rest, detail: `${base}/api/events/${encodeURIComponent(e.id)}` },
  };
}

/**
 * A writer of export rows (values under `columns`, which hold latitude, longitude and event_id) as
 * Feature text. The JSON is written by hand, each key once, because the export streams millions
 * of rows (bench/export.ts).
 */
export function rowFeatureWriter(
  columns: readonly string[],
): (row: ReadonlyArray<string | number | null>) => string {
  const lat = columns.indexOf('latitude');
  const lon = columns.indexOf('longitude');
  const id = columns.indexOf('event_id');
  const keys = columns.map((c) => `${JSON.stringify(c)}:`);
  return (r) => {
    const y = r[lat];
    const x = r[lon];
    const geometry =
      typeof y === 'number' && typeof x === 'number' ? `{"type":"Point","coordinates":[${x},${y}]}` : 'null';
    const properties = r.map((v, i) => `${keys[i]}${v === null ? 'null' : JSON.stringify(v)}`).join(',');
    return `{"type":"Feature","id":${JSON.stringify(r[id])},"geometry":${geometry},"properties":{${properties}}}`;
  };
}

/** The export as one FeatureCollection, in text chunks, one per batch of rows. */
export async function* geojsonChunks(
  columns: readonly string[],
  batches: AsyncIterable<ReadonlyArray<ReadonlyArray<string | number | null>>>,
): AsyncGenerator<string> {
  const feature = rowFeatureWriter(columns);
  yield COLLECTION_OPEN;
  let first = true;
  for await (const rows of batches) {
    let out = '';
    for (const r of rows) {
      out += `${featureSeparator(first)}${feature(r)}`;
      first = false;
    }
    yield out;
  }
  yield COLLECTION_CLOSE;
}

/** A track as a Feature with the whole track as properties: the route as geometry (null under two places). */
export function trackFeature(t: Track) {
  const { route, observations, ...properties } = t;
  return {
    type: 'Feature' as const,
    id: t.id,
    geometry: route,
    properties: { ...properties, observations: observations.length },
  };
}

/** A track as a flat Feature, for GIS layers (OGC API `tracks`): lists joined into text. */
export function flatTrackFeature(t: Track): Feature & { id: string } {
  return {
    type: 'Feature',
    id: t.id,
    geometry: t.route,
    properties: {
      mover: t.mover,
      origin: t.origin ?? null,
      destination: t.destination ?? null,
      status: t.status,
      first_seen: t.firstSeen,
      last_seen: t.lastSeen,
      observations: t.observations.length,
      gaps: t.gaps.length,
      route_places: t.routePlaces.map((p) => p.name).join(' > '),
      event_ids: t.eventIds.join(';'),
      agreement_ids: t.agreementIds.join(';'),
    },
  };
}

/** A gazetteer place as a Feature (OGC API `places`), in GeoNames' and ACLED's field names. */
export function placeFeature(p: Candidate): Feature<Point> & { id: string } {
  return {
    type: 'Feature',
    id: p.id,
    geometry: point(p.longitude, p.latitude),
    properties: {
      name: p.name,
      ascii_name: p.asciiName,
      country: p.country,
      country_code: p.countryCode,
      admin1: p.admin1 ?? null,
      admin2: p.admin2 ?? null,
      feature_code: p.featureCode,
      population: p.population ?? null,
      geo_precision: p.precision,
      source: p.source,
    },
  };
}

/** A named region drawn as `area`, marked approximate: data/regions.json records centroids, not outlines. */
export function regionFeature(
  r: { id: string; name: string; featureCode: string; precision: number },
  area: Geometry,
): Feature & { id: string } {
  return {
    type: 'Feature',
    id: r.id,
    geometry: area,
    properties: {
      id: r.id,
      name: r.name,
      feature_code: r.featureCode,
      geo_precision: r.precision,
      approximate: true,
    },
  };
}
