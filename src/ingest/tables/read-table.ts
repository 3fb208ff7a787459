// Imports of coded event tables as event sources: ACLED's CSV exports and UCDP's Georeferenced Event
// Dataset (GED) CSV. Each row becomes a document of its own (the header and the row, unaltered, as
// its original bytes, so its hash and provenance work as for any report) holding one claim, coded
// as the dataset coded it, with the dataset's id kept. Rows are read as a stream; a bad row is
// reported by its line and the rest go on.
import { parse, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import type { Document } from '../../model/index.js';
import { capturer, InputError, sha256 } from '../read.js';
import { ACLED_REQUIRED, acledRow } from './acled.js';
import { RowError, type CodedRow, type RowReader, type TableFormat, type TableRecord } from './rows.js';
import { UCDP_REQUIRED, ucdpRow } from './ucdp.js';

/** Columns a file must have to be read at all, by format. */
const REQUIRED: Record<TableFormat, string[]> = { acled: ACLED_REQUIRED, ucdp: UCDP_REQUIRED };

const READERS: Record<TableFormat, RowReader> = { acled: acledRow, ucdp: ucdpRow };

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

/** One parsed CSV record with its raw text and where it was. */
interface ParsedRow {
  record: Record<string, string>;
  raw: string;
  info: { lines: number; columns: Array<{ name: string }> | boolean };
}

/** The CSV parser `input` is piped into; rows it cannot parse are pushed onto `skipped`. */
function csvRows(input: Readable, where: string, skipped: InputError[]): Parser {
  const parser = parse({
    bom: true,
    columns: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    relax_quotes: false,
  });
  parser.on('skip', (err: Error & { lines?: number }) => {
    skipped.push(new InputError(`${where}:${err.lines ?? '?'}`, `malformed CSV row: ${err.message}`));
  });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  return parser;
}

/** The header line as CSV again, from the column names the parser read. */
function headerLine(rec: ParsedRow): string {
  const names = Array.isArray(rec.info.columns)
    ? rec.info.columns.map((c) => c.name)
    : Object.keys(rec.record);
  return names.map((n) => (/[",\n]/.test(n) ? `"${n.replace(/"/g, '""')}"` : n)).join(',');
}

/** The document a coded row becomes: the header and the row as its original bytes. */
function rowRecord(
  rec: ParsedRow,
  { id, event, text }: CodedRow,
  format: TableFormat,
  at: { header: string; where: string; capturedAt: string },
): TableRecord {
  const line = rec.info.lines;
  const original = Buffer.from(`${at.header}\n${rec.raw.replace(/\r?\n$/, '')}\n`, 'utf8');
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
    sha256: sha256(original),
    capturedAt: at.capturedAt,
    captureMethod: 'import',
    capturedBy: capturer('import'),
    capturedFrom: `${at.where}:${line}`,
  };
  return { line, doc, event, original };
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
  const skipped: InputError[] = [];
  const parser = csvRows(peeked.stream, where, skipped);
  let header: string | undefined;
  const capturedAt = opts.capturedAt ?? new Date().toISOString();
  try {
    for await (const rec of parser as AsyncIterable<ParsedRow>) {
      while (skipped.length) yield skipped.shift()!;
      header ??= headerLine(rec);
      try {
        const coded = READERS[format](rec.record, opts.plover, reviewed);
        yield rowRecord(rec, coded, format, { header, where, capturedAt });
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        yield new InputError(`${where}:${rec.info.lines}`, e.message);
      }
    }
    while (skipped.length) yield skipped.shift()!;
  } catch (e) {
    if (e instanceof InputError) throw e;
    yield new InputError(where, `cannot be read as CSV: ${(e as Error).message}`);
  }
}
