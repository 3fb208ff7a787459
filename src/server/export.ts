// Exports of the stored record in the field's formats, as streams of text chunks so that any
// number of events is written in constant memory: ACLED-compatible CSV, GeoJSON (RFC 7946) and
// HXL-tagged CSV. They are written from the store's export rows, which hold only what is written.
import { spreadsheetCell } from '../formats/spreadsheet.js';
import { ACLED_COLUMNS } from '../model/index.js';
import { EXPORT_COLUMNS, type ExportColumn, type ExportRow, type StoredEvent } from '../store/store.js';

export type ExportFormat = 'acled' | 'geojson' | 'hxl';

/** The HXL hashtag of each column (Humanitarian Exchange Language 1.1). */
const HXL: Record<ExportColumn, string> = {
  data_id: '#meta+id+acled',
  iso: '#country+code+num',
  event_id_cnty: '#event+code+acled',
  event_id_no_cnty: '#event+code+num',
  year: '#date+year',
  disorder_type: '#event+type+disorder',
  civilian_targeting: '#targeted+civilians',
  region: '#region+name',
  admin3: '#adm3+name',
  source_scale: '#meta+source+scale',
  tags: '#meta+tags',
  timestamp: '#date+updated',
  iso3: '#country+code',
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
 * One CSV field (RFC 4180): quoted when it holds a quote, a comma, a line break or edge spaces.
 * Written here rather than with csv-stringify, which this project uses elsewhere: at a million
 * rows it took 14 s of a 20 s export, this 2.5 s (bench/RESULTS.md); `test/export.test.ts` reads
 * the output back with csv-parse.
 */
function field(v: string | number | null, raw: boolean): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const cell = spreadsheetCell(v, raw);
  return /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const csvLines = (rows: ExportRow[], raw = false) => {
  let out = '';
  for (const r of rows) out += `${r.map((v) => field(v, raw)).join(',')}\n`;
  return out;
};

const LAT = EXPORT_COLUMNS.indexOf('latitude');
const LON = EXPORT_COLUMNS.indexOf('longitude');
const ID = EXPORT_COLUMNS.indexOf('event_id');
/** Each column's name as a JSON key, written once. */
const KEYS = EXPORT_COLUMNS.map((c) => `${JSON.stringify(c)}:`);

/** The export as chunks of text, one batch of rows at a time. */
export async function* exportChunks(
  batches: AsyncIterable<ExportRow[]>,
  format: ExportFormat,
  /** CSV cells exactly as stored, formulas and all (see formats/spreadsheet.ts). */
  opts: { raw?: boolean } = {},
): AsyncGenerator<string> {
  if (format === 'geojson') {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const rows of batches) {
      let out = '';
      for (const r of rows) {
        const lat = r[LAT];
        const lon = r[LON];
        const geometry =
          typeof lat === 'number' && typeof lon === 'number'
            ? `{"type":"Point","coordinates":[${lon},${lat}]}`
            : 'null';
        const properties = r.map((v, i) => `${KEYS[i]}${v === null ? 'null' : JSON.stringify(v)}`).join(',');
        out += `${first ? '' : ','}\n{"type":"Feature","id":${JSON.stringify(r[ID])},"geometry":${geometry},"properties":{${properties}}}`;
        first = false;
      }
      yield out;
    }
    yield '\n]}\n';
    return;
  }
  yield csvLines([[...EXPORT_COLUMNS]]);
  if (format === 'hxl') yield csvLines([EXPORT_COLUMNS.map((c) => HXL[c])]);
  for await (const rows of batches) yield csvLines(rows, opts.raw);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  acled: 'text/csv; charset=utf-8',
  hxl: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};
