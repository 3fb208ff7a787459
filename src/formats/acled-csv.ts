// ACLED-compatible CSV (RFC 4180), in ACLED's column names: the CLI's extraction output, the record's
// export and the analysts' gold file. Every string cell passes through spreadsheet.ts.
import { stringify } from 'csv-stringify/sync';
import type { Claim } from '../model/index.js';
import { ACLED_COLUMNS } from '../model/index.js';
import type { StoredEvent } from '../store/store.js';
import { spreadsheetCast, spreadsheetCell } from './spreadsheet.js';

/** A CSV row as the record's export writes it: numbers as they are, null as an empty cell. */
export type CsvRow = ReadonlyArray<string | number | null>;

/** The header of `observatory extract --format acled`: ACLED's columns, then the document's id. */
export function acledHeader(): string {
  return stringify([[...ACLED_COLUMNS, 'doc_id']]);
}

/**
 * One document's events under `acledHeader()`, one line each; a value not known is an empty cell.
 *
 * @example acledRows('report-1', events) // '2017-08-28,1,Battles,Armed clash,…,report-1\n'
 */
export function acledRows(docId: string, events: Claim[]): string {
  return stringify(
    events.map((e) => [...ACLED_COLUMNS.map((c) => e[c] ?? ''), docId]),
    spreadsheetCast(),
  );
}

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, a comma, a line break or edge spaces.
 * Written here rather than with csv-stringify, which the smaller files use: at a million rows it
 * took 14 s of a 20 s export, this 2.5 s (bench/RESULTS.md); `test/export.test.ts` reads the output
 * back with csv-parse.
 */
function field(v: string | number | null, raw: boolean): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const cell = spreadsheetCell(v, raw);
  return /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Rows as CSV lines, each ended by a newline; `raw` keeps formula-like cells exactly as stored. */
export function csvLines(rows: Iterable<CsvRow>, raw = false): string {
  let out = '';
  for (const r of rows) out += `${r.map((v) => field(v, raw)).join(',')}\n`;
  return out;
}

/**
 * The record's export as CSV text chunks, one per batch of rows, in constant memory: the header
 * (`columns`), then each batch.
 */
export async function* acledCsvChunks(
  columns: readonly string[],
  batches: AsyncIterable<CsvRow[]>,
  /** Cells exactly as stored, formulas and all (see spreadsheet.ts). */
  opts: { raw?: boolean } = {},
): AsyncGenerator<string> {
  yield csvLines([columns]);
  for await (const rows of batches) yield csvLines(rows, opts.raw);
}

/** The columns of the gold file: what analysts coded, who decided and when, and the event's id. */
export const GOLD_COLUMNS = [
  'event_date',
  'time_precision',
  'event_type',
  'sub_event_type',
  'actor1',
  'actor2',
  'country',
  'admin1',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'fatalities',
  'source',
  'notes',
  'reviewed_by',
  'reviewed_at',
  'review',
  'event_id',
] as const;

/** One reviewed event of the gold file, with the report's text when it is known. */
export interface GoldEntry {
  event: StoredEvent;
  /** The first document's text, written as notes so that the extractor can be scored on it. */
  text: string | null;
  review: { by: string; at: string } | undefined;
  status: 'accepted' | 'corrected';
}

function goldRow({ event: e, text, review: r, status }: GoldEntry): unknown[] {
  return [
    e.event_date,
    e.time_precision,
    e.event_type,
    e.sub_event_type,
    e.actor1,
    e.actor2,
    e.country,
    e.admin1,
    e.location,
    e.latitude ?? '',
    e.longitude ?? '',
    e.geo_precision ?? '',
    e.fatalities,
    e.source,
    text ?? e.notes,
    r?.by ?? '',
    r?.at ?? '',
    status,
    e.id,
  ];
}

/** The gold file (`GET /api/reviews/export.csv`), read back by `observatory eval events --data`. */
export function goldCsv(entries: Iterable<GoldEntry>, raw = false): string {
  return stringify([[...GOLD_COLUMNS], ...[...entries].map(goldRow)], spreadsheetCast(raw));
}
