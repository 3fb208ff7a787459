// Imports of coded event tables as event sources: ACLED's CSV exports and UCDP's Georeferenced Event
// Dataset (GED) CSV. Each row becomes a document of its own (the header and the row, unaltered, as
// its original bytes, so its hash and provenance work as for any report) holding one claim, coded
// as the dataset coded it, with the dataset's id kept. Rows are read as a stream; a bad row is
// reported by its line and the rest go on.
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import type { Claim, Document } from '../model/index.js';
import { capturer, InputError, sha256 } from './read.js';
import { acledRow } from './tables/acled.js';
import { RowError } from './tables/rows.js';
import { ucdpRow } from './tables/ucdp.js';

export { acledDate } from './tables/acled.js';
export { UCDP_DATE_PRECISION, UCDP_WHERE_PRECISION } from './tables/ucdp.js';

export type TableFormat = 'acled' | 'ucdp';

/** One row read: the document it becomes, its claim and its original bytes. */
export interface TableRecord {
  line: number;
  doc: Document;
  event: Claim;
  original: Uint8Array;
}

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
