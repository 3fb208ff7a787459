// Imports of coded event tables as event sources: ACLED's CSV exports and UCDP's Georeferenced Event
// Dataset (GED) CSV. Each row becomes a document of its own (the header and the row, unaltered, as
// its original bytes, so its hash and provenance work as for any report) holding one claim, coded
// as the dataset coded it, with the dataset's id kept. Rows are read as a stream; a bad row is
// reported by its line and the rest go on.
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import type { Claim } from '../model/index.js';
import {
  ACLED_ROW_COLUMNS,
  EVENT_TYPES,
  type Document,
  type EventType,
  type GeoPrecision,
  type SubEventType,
  type TimePrecision,
} from '../model/index.js';
import { capturer, InputError, sha256, validDate } from './read.js';

export type TableFormat = 'acled' | 'ucdp';

/** One row read: the document it becomes, its claim and its original bytes. */
export interface TableRecord {
  line: number;
  doc: Document;
  event: Claim;
  original: Uint8Array;
}

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/**
 * ACLED's dates: "9-May-20" or "09 May 2020" in its spreadsheet exports, ISO in its API; a
 * two-digit year is of this century below 50 (ACLED's data start in 1997). Not a date: undefined.
 */
export function acledDate(s: string): string | undefined {
  const t = s.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(t);
  const m = /^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ](\d{2}|\d{4})$/.exec(t);
  let day: string | undefined;
  if (iso) day = iso[1];
  else if (m && MONTHS[m[2]!.toLowerCase()]) {
    const yy = m[3]!;
    const year = yy.length === 4 ? yy : Number(yy) < 50 ? `20${yy}` : `19${yy}`;
    day = `${year}-${MONTHS[m[2]!.toLowerCase()]}-${m[1]!.padStart(2, '0')}`;
  }
  return day && validDate(day) ? day : undefined;
}

/** ACLED's actor types, written as words in its exports since 2024 and as codes before. */
const INTER_CODES: Record<string, number> = {
  'state forces': 1,
  'rebel group': 2,
  'rebel groups': 2,
  'political militia': 3,
  'political militias': 3,
  'identity militia': 4,
  'identity militias': 4,
  rioters: 5,
  protesters: 6,
  civilians: 7,
  'external/other forces': 8,
  'other forces': 8,
};

function interCode(value: string): number | undefined {
  const v = value.trim();
  if (v === '') return 0;
  if (/^\d$/.test(v)) return Number(v);
  return INTER_CODES[v.toLowerCase()];
}

/**
 * UCDP's where_prec (1 exact place ... 7 international waters or airspace) as ACLED's
 * geo_precision: 1 the place itself; 2 near it (within 25 km) or its second-order division;
 * 3 a first-order division, a stretch of country, the country, or beyond.
 */
export const UCDP_WHERE_PRECISION: Record<number, GeoPrecision> = {
  1: 1,
  2: 2,
  3: 2,
  4: 3,
  5: 3,
  6: 3,
  7: 3,
};

/**
 * UCDP's date_prec (1 the day ... 5 more than a month) as ACLED's time_precision: 1 the day;
 * 2 within a week (2-6 days, or the week); 3 the month or longer.
 */
export const UCDP_DATE_PRECISION: Record<number, TimePrecision> = { 1: 1, 2: 2, 3: 2, 4: 3, 5: 3 };

/** Columns a file must have to be read at all, by format. */
const REQUIRED: Record<TableFormat, string[]> = {
  acled: ['event_date', 'event_type', 'sub_event_type', 'actor1', 'country', 'latitude', 'longitude'],
  ucdp: [
    'id',
    'type_of_violence',
    'side_a',
    'side_b',
    'date_start',
    'latitude',
    'longitude',
    'where_prec',
    'best',
  ],
};

class RowError extends Error {}

const DATASET_NAME: Record<TableFormat, string> = { acled: 'an ACLED', ucdp: 'a UCDP GED' };

/**
 * Why a file's first line is not the header `format` needs, in one message, or undefined when it
 * is: the columns missing, or that the line is not CSV at all (JSON Lines of reports, say).
 */
export function headerProblem(firstLine: string, format: TableFormat): string | undefined {
  const line = firstLine.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const head = line.length > 60 ? `${line.slice(0, 60)}…` : line;
  const notCsv = `not ${DATASET_NAME[format]} CSV file: its first line is not a header of columns (it begins ${JSON.stringify(head)})`;
  if (/^\s*[[{]/.test(line))
    return `${notCsv}; JSON Lines of reports are stored with \`observatory ingest --input FILE\``;
  let names: string[];
  try {
    names = ((parseSync(line, { relax_column_count: true }) as string[][])[0] ?? []).map((n) => n.trim());
  } catch {
    return notCsv;
  }
  const missing = REQUIRED[format].filter((c) => !names.includes(c));
  if (missing.length === 0) return undefined;
  const other = (Object.keys(REQUIRED) as TableFormat[]).find(
    (f) => f !== format && REQUIRED[f].every((c) => names.includes(c)),
  );
  return (
    `not ${DATASET_NAME[format]} CSV file: no column ${missing.join(', ')}` +
    (other ? ` (its columns are ${other === 'acled' ? 'ACLED' : 'UCDP GED'}'s: use --format ${other})` : '')
  );
}

/** Which coded dataset a header line is the header of, if any (for `ingest` to point to `import`). */
export function datasetOfHeader(firstLine: string): TableFormat | undefined {
  return (Object.keys(REQUIRED) as TableFormat[]).find((f) => headerProblem(firstLine, f) === undefined);
}

/** Reads `input` up to its first line break: the first line, and a stream of all the bytes again. */
async function peekFirstLine(input: Readable): Promise<{ line: string; stream: Readable }> {
  const head: Buffer[] = [];
  let size = 0;
  const it = input[Symbol.asyncIterator]();
  let done = false;
  while (!done) {
    const next = (await it.next()) as IteratorResult<Buffer | string>;
    if (next.done) {
      done = true;
      break;
    }
    const b = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value);
    head.push(b);
    size += b.length;
    if (b.includes(10) || size > 1 << 20) break;
  }
  const buffered = Buffer.concat(head);
  const nl = buffered.indexOf(10);
  const line = buffered.subarray(0, nl < 0 ? buffered.length : nl).toString('utf8');
  const stream = Readable.from(
    (async function* () {
      yield buffered;
      if (!done) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
    })(),
  );
  return { line, stream };
}

function number(
  row: Record<string, string>,
  field: string,
  opts: { min?: number; max?: number; int?: boolean } = {},
) {
  const raw = (row[field] ?? '').trim();
  const v = Number(raw);
  if (
    raw === '' ||
    !Number.isFinite(v) ||
    (opts.int && !Number.isInteger(v)) ||
    (opts.min !== undefined && v < opts.min) ||
    (opts.max !== undefined && v > opts.max)
  ) {
    const range = opts.min !== undefined && opts.max !== undefined ? ` in [${opts.min}, ${opts.max}]` : '';
    throw new RowError(`${field} "${raw}" is not ${opts.int ? 'a whole number' : 'a number'}${range}`);
  }
  return v;
}

const interaction = (a: number, b: number) =>
  a && b ? Math.min(a, b) * 10 + Math.max(a, b) : a * 10 || b * 10;

function baseEvent(
  plover: string,
  dataset: string,
  id: string,
  text: string,
  reviewed: boolean,
): Omit<Claim, keyof import('../model/index.js').AcledFields> {
  return {
    plover,
    details: {
      category: 'imported',
      plover,
      fieldEvidence: {},
      counts: {},
      imported: { dataset, id, ...(reviewed ? { reviewed } : {}) },
    },
    evidence: text ? [{ start: 0, end: text.length, text }] : [],
    attribution: [],
    hedged: false,
    flags: [`imported:${dataset.toLowerCase()}`],
    confidence: 1,
  };
}

function acledRow(
  row: Record<string, string>,
  plover: (sub: string) => string,
  reviewed: boolean,
): { id: string; event: Claim; text: string } {
  const event_date = acledDate(row.event_date ?? '');
  if (!event_date) throw new RowError(`event_date "${row.event_date ?? ''}" is not a date`);
  const event_type = (row.event_type ?? '').trim() as EventType;
  const subs = EVENT_TYPES[event_type] as readonly string[] | undefined;
  if (!subs) throw new RowError(`event_type "${event_type}" is not one of ACLED's six`);
  const sub_event_type = (row.sub_event_type ?? '').trim() as SubEventType;
  if (!subs.includes(sub_event_type))
    throw new RowError(`sub_event_type "${sub_event_type}" is not a kind of ${event_type}`);
  const inter1 = interCode(row.inter1 ?? '');
  const inter2 = interCode(row.inter2 ?? '');
  if (inter1 === undefined) throw new RowError(`inter1 "${row.inter1}" is not an ACLED actor type`);
  if (inter2 === undefined) throw new RowError(`inter2 "${row.inter2}" is not an ACLED actor type`);
  const latitude = number(row, 'latitude', { min: -90, max: 90 });
  const longitude = number(row, 'longitude', { min: -180, max: 180 });
  const geo_precision =
    (row.geo_precision ?? '').trim() === '' ? 3 : number(row, 'geo_precision', { min: 1, max: 3, int: true });
  const time_precision =
    (row.time_precision ?? '').trim() === ''
      ? 1
      : number(row, 'time_precision', { min: 1, max: 3, int: true });
  const fatalities =
    (row.fatalities ?? '').trim() === '' ? 0 : number(row, 'fatalities', { min: 0, int: true });
  const actor1 = (row.actor1 ?? '').trim();
  if (!actor1) throw new RowError('actor1 is empty');
  const id = (row.event_id_cnty ?? '').trim() || (row.data_id ?? '').trim();
  if (!id) throw new RowError('neither event_id_cnty nor data_id is given');
  const notes = (row.notes ?? '').trim();
  const code = Number((row.interaction ?? '').trim());
  // The columns the coding does not hold, as written, for the export to give back.
  const kept: Record<string, string> = {};
  for (const c of ACLED_ROW_COLUMNS) if (row[c] !== undefined && row[c] !== '') kept[c] = row[c];
  const event: Claim = {
    ...baseEvent(plover(sub_event_type), 'ACLED', id, notes, reviewed),
    event_date,
    time_precision: time_precision as TimePrecision,
    event_type,
    sub_event_type,
    actor1,
    assoc_actor_1: (row.assoc_actor_1 ?? '').trim(),
    inter1,
    actor2: (row.actor2 ?? '').trim(),
    assoc_actor_2: (row.assoc_actor_2 ?? '').trim(),
    inter2,
    interaction: Number.isInteger(code) && code > 0 ? code : interaction(inter1, inter2),
    country: (row.country ?? '').trim(),
    admin1: (row.admin1 ?? '').trim(),
    admin2: (row.admin2 ?? '').trim(),
    location: (row.location ?? '').trim(),
    latitude,
    longitude,
    geo_precision: geo_precision as GeoPrecision,
    fatalities,
    notes,
    source: (row.source ?? '').trim(),
  };
  event.attribution = event.source
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((source) => ({ source, via: ['ACLED'] }));
  if (fatalities > 0)
    event.details.counts.fatalities = { low: fatalities, best: fatalities, high: fatalities };
  event.details.imported!.row = kept;
  return { id, event, text: notes };
}

/** UCDP's actors as ACLED's types: governments are state forces; civilians are civilians. */
function ucdpInter(side: string, violence: number, isSideA: boolean): number {
  if (/^Government of /i.test(side)) return 1;
  if (/^civilians$/i.test(side)) return 7;
  if (violence === 1) return 2;
  return isSideA || violence === 2 ? 3 : 0;
}

function ucdpRow(
  row: Record<string, string>,
  plover: (sub: string) => string,
  reviewed: boolean,
): { id: string; event: Claim; text: string } {
  const id = (row.id ?? '').trim();
  if (!id) throw new RowError('id is empty');
  const violence = number(row, 'type_of_violence', { min: 1, max: 3, int: true });
  const start = acledDate(row.date_start ?? '');
  if (!start) throw new RowError(`date_start "${row.date_start ?? ''}" is not a date`);
  const end = row.date_end ? acledDate(row.date_end) : start;
  if (!end || end < start)
    throw new RowError(`date_end "${row.date_end ?? ''}" is not a date on or after date_start`);
  const wherePrec = number(row, 'where_prec', { min: 1, max: 7, int: true });
  const datePrec =
    (row.date_prec ?? '').trim() === '' ? 1 : number(row, 'date_prec', { min: 1, max: 5, int: true });
  const latitude = number(row, 'latitude', { min: -90, max: 90 });
  const longitude = number(row, 'longitude', { min: -180, max: 180 });
  const best = number(row, 'best', { min: 0, int: true });
  const low = (row.low ?? '').trim() === '' ? best : number(row, 'low', { min: 0, int: true });
  const high = (row.high ?? '').trim() === '' ? best : number(row, 'high', { min: 0, int: true });
  const sideA = (row.side_a ?? '').trim();
  const sideB = (row.side_b ?? '').trim();
  if (!sideA) throw new RowError('side_a is empty');
  const oneSided = violence === 3;
  const event_type: EventType = oneSided ? 'Violence against civilians' : 'Battles';
  const sub_event_type: SubEventType = oneSided ? 'Attack' : 'Armed clash';
  const country = (row.country ?? '').trim().replace(/\s*\(.*\)$/, '');
  const inter1 = ucdpInter(sideA, violence, true);
  const inter2 = oneSided ? 7 : ucdpInter(sideB, violence, false);
  const headline = (row.source_headline ?? '').trim();
  const place = (row.where_description ?? '').trim();
  const notes = [headline, place && `Place: ${place}.`, row.dyad_name && `Dyad: ${row.dyad_name.trim()}.`]
    .filter(Boolean)
    .join(' ');
  const event: Claim = {
    ...baseEvent(plover(sub_event_type), 'UCDP', id, notes, reviewed),
    event_date: start,
    time_precision: UCDP_DATE_PRECISION[datePrec]!,
    event_type,
    sub_event_type,
    actor1: sideA,
    assoc_actor_1: '',
    inter1,
    actor2: oneSided ? `Civilians (${country})` : sideB,
    assoc_actor_2: '',
    inter2,
    interaction: interaction(inter1, inter2),
    country,
    admin1: (row.adm_1 ?? '').trim(),
    admin2: (row.adm_2 ?? '').trim(),
    location: (row.where_coordinates ?? '').trim(),
    latitude,
    longitude,
    geo_precision: UCDP_WHERE_PRECISION[wherePrec]!,
    fatalities: best,
    notes,
    source: (row.source_office ?? '').trim() || (row.source_original ?? '').trim(),
  };
  event.details.counts.fatalities = { low, best, high };
  if (end !== start)
    event.details.duration = {
      text: `${start}/${end}`,
      days: (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1,
    };
  if (wherePrec >= 6) event.flags.push('place_country_or_wider');
  event.attribution = event.source
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((source) => ({ source, via: ['UCDP'] }));
  return { id, event, text: notes };
}

/**
 * Reads a table as a stream, yielding each good row as a record and each bad one as an error
 * naming `where` and its line. A file without the columns the format needs is one error. Rows are
 * marked as reviewed by their dataset's coder, so their events arrive accepted, unless `pending`.
 */
export async function* readTable(
  input: Readable,
  format: TableFormat,
  where: string,
  opts: { plover: (subEventType: string) => string; capturedAt?: string; pending?: boolean },
): AsyncGenerator<TableRecord | InputError> {
  const reviewed = !opts.pending;
  // The header is checked before anything else is read: a file of another kind is one error,
  // not one for each of its lines.
  let peeked: { line: string; stream: Readable };
  try {
    peeked = await peekFirstLine(input);
  } catch (e) {
    yield new InputError(
      where,
      `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
    return;
  }
  const problem = headerProblem(peeked.line, format);
  if (problem) {
    input.destroy();
    yield new InputError(where, problem);
    return;
  }
  input = peeked.stream;
  const parser = parse({
    bom: true,
    columns: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    relax_quotes: false,
  });
  const skipped: InputError[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => {
    skipped.push(new InputError(`${where}:${err.lines ?? '?'}`, `malformed CSV row: ${err.message}`));
  });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let header: string | undefined;
  const capturedAt = opts.capturedAt ?? new Date().toISOString();
  try {
    for await (const rec of parser as AsyncIterable<{
      record: Record<string, string>;
      raw: string;
      info: { lines: number; columns: Array<{ name: string }> | boolean };
    }>) {
      while (skipped.length) yield skipped.shift()!;
      const line = rec.info.lines;
      if (header === undefined) {
        const names = Array.isArray(rec.info.columns)
          ? rec.info.columns.map((c) => c.name)
          : Object.keys(rec.record);
        header = names.map((n) => (/[",\n]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n)).join(',');
      }
      try {
        const { id, event, text } =
          format === 'acled'
            ? acledRow(rec.record, opts.plover, reviewed)
            : ucdpRow(rec.record, opts.plover, reviewed);
        const original = Buffer.from(`${header}\n${rec.raw.replace(/\r?\n$/, '')}\n`, 'utf8');
        const hash = sha256(original);
        const dataset = format === 'acled' ? 'ACLED' : 'UCDP';
        const uploaded = Number(rec.record.timestamp);
        const doc: Document = {
          id: `${format}:${id}`,
          text,
          title: `${dataset} ${id}: ${event.sub_event_type}, ${event.location || event.country}, ${event.event_date}`,
          publisher: dataset,
          published:
            format === 'acled' && Number.isFinite(uploaded) && uploaded > 0
              ? new Date(uploaded * 1000).toISOString().slice(0, 10)
              : event.event_date,
          sha256: hash,
          capturedAt,
          captureMethod: 'import',
          capturedBy: capturer('import'),
          capturedFrom: `${where}:${line}`,
        };
        yield { line, doc, event, original };
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        yield new InputError(`${where}:${line}`, e.message);
      }
    }
    while (skipped.length) yield skipped.shift()!;
  } catch (e) {
    if (e instanceof InputError) throw e;
    yield new InputError(where, `cannot be read as CSV: ${(e as Error).message}`);
  }
}
