// Exports of the stored record in the field's formats, as streams of text chunks so that any
// number of events is written in constant memory: ACLED-compatible CSV, GeoJSON (RFC 7946) and
// HXL-tagged CSV.
import { stringify } from 'csv-stringify/sync';
import { ACLED_COLUMNS } from '../model/index.js';
import type { StoredEvent } from '../store/store.js';

export type ExportFormat = 'acled' | 'geojson' | 'hxl';

/** ACLED's columns, then the record's own: id, credibility, reports, contested fields, review. */
const COLUMNS = [
  'event_id',
  ...ACLED_COLUMNS,
  'credibility',
  'reports',
  'contested',
  'review_status',
] as const;

/** The HXL hashtag of each column (Humanitarian Exchange Language 1.1). */
const HXL: Record<(typeof COLUMNS)[number], string> = {
  event_id: '#event+id',
  event_date: '#date+occurred',
  time_precision: '#date+precision',
  event_type: '#event+type',
  sub_event_type: '#event+type+sub',
  actor1: '#org+name+actor1',
  assoc_actor_1: '#org+name+actor1+assoc',
  inter1: '#org+type+code+actor1',
  actor2: '#org+name+actor2',
  assoc_actor_2: '#org+name+actor2+assoc',
  inter2: '#org+type+code+actor2',
  interaction: '#org+type+code+interaction',
  country: '#country+name',
  admin1: '#adm1+name',
  admin2: '#adm2+name',
  location: '#loc+name',
  latitude: '#geo+lat',
  longitude: '#geo+lon',
  geo_precision: '#geo+precision',
  source: '#meta+source',
  notes: '#description',
  fatalities: '#affected+killed',
  credibility: '#meta+credibility',
  reports: '#meta+reports',
  contested: '#meta+contested',
  review_status: '#status+review',
};

export type ExportColumn = (typeof COLUMNS)[number];

/** An event as one flat record under the export's columns; a value not known is null. */
export function flatRecord(e: StoredEvent): Record<ExportColumn, string | number | null> {
  const out = {} as Record<ExportColumn, string | number | null>;
  const fields = e as unknown as Record<string, string | number | null | undefined>;
  for (const c of ACLED_COLUMNS) out[c] = fields[c] ?? null;
  out.event_id = e.id;
  out.credibility = e.credibility;
  out.reports = e.claimCount;
  out.contested = Object.keys(e.contested).join(';');
  out.review_status = e.reviewStatus;
  return out;
}

function row(e: StoredEvent): Array<string | number> {
  const cell = flatRecord(e);
  return COLUMNS.map((c) => cell[c] ?? '');
}

/** The export as chunks of text, one batch of events at a time. */
export async function* exportChunks(
  events: AsyncIterable<StoredEvent>,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === 'geojson') {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const e of events) {
      const { latitude, longitude, evidence, ...properties } = e;
      const feature = {
        type: 'Feature',
        id: e.id,
        geometry:
          latitude !== null && longitude !== null
            ? { type: 'Point', coordinates: [longitude, latitude] }
            : null,
        properties: { ...properties, latitude, longitude, evidence: evidence.map((s) => s.text) },
      };
      yield `${first ? '' : ','}\n${JSON.stringify(feature)}`;
      first = false;
    }
    yield '\n]}\n';
    return;
  }
  yield stringify([[...COLUMNS]]);
  if (format === 'hxl') yield stringify([COLUMNS.map((c) => HXL[c])]);
  let batch: Array<Array<string | number>> = [];
  for await (const e of events) {
    batch.push(row(e));
    if (batch.length === 500) {
      yield stringify(batch);
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  acled: 'text/csv; charset=utf-8',
  hxl: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};
