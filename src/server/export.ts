// Exports of the stored record in the field's formats, as streams of text chunks so that any
// number of events is written in constant memory: ACLED-compatible CSV, GeoJSON (RFC 7946) and
// HXL-tagged CSV. They are written from the store's export rows, which hold only what is written.
import { stringify } from 'csv-stringify/sync';
import { ACLED_COLUMNS } from '../model/index.js';
import { EXPORT_COLUMNS, type ExportColumn, type ExportRow, type StoredEvent } from '../store/store.js';

export type ExportFormat = 'acled' | 'geojson' | 'hxl';

/** The HXL hashtag of each column (Humanitarian Exchange Language 1.1). */
const HXL: Record<ExportColumn, string> = {
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

const LAT = EXPORT_COLUMNS.indexOf('latitude');
const LON = EXPORT_COLUMNS.indexOf('longitude');
const ID = EXPORT_COLUMNS.indexOf('event_id');

/** The export as chunks of text, one batch of rows at a time. */
export async function* exportChunks(
  batches: AsyncIterable<ExportRow[]>,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === 'geojson') {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const rows of batches) {
      const parts: string[] = [];
      for (const r of rows) {
        const properties: Record<string, string | number | null> = {};
        EXPORT_COLUMNS.forEach((c, i) => (properties[c] = r[i] ?? null));
        const lat = r[LAT];
        const lon = r[LON];
        const geometry =
          typeof lat === 'number' && typeof lon === 'number'
            ? { type: 'Point', coordinates: [lon, lat] }
            : null;
        parts.push(
          `${first ? '' : ','}\n${JSON.stringify({ type: 'Feature', id: r[ID], geometry, properties })}`,
        );
        first = false;
      }
      yield parts.join('');
    }
    yield '\n]}\n';
    return;
  }
  yield stringify([[...EXPORT_COLUMNS]]);
  if (format === 'hxl') yield stringify([EXPORT_COLUMNS.map((c) => HXL[c])]);
  for await (const rows of batches) yield stringify(rows.map((r) => r.map((v) => v ?? '')));
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  acled: 'text/csv; charset=utf-8',
  hxl: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};
