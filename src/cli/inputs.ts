// Gathers the documents a command is given: files, directories (walked for .txt/.md/.html) and
// JSON Lines (`--input`, `-` for stdin), as raw inputs or input errors, in order.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Document } from '../model/index.js';
import {
  InputError,
  publicationOf,
  readFileInput,
  readJsonl,
  toDocument,
  type RawInput,
} from '../ingest/read.js';
import { datasetOfHeader } from '../ingest/tables/read-table.js';
import type { TableFormat } from '../ingest/tables/rows.js';

/** The coded dataset a file's first line is the header of, if it is one (ACLED's or UCDP's CSV). */
function codedDataset(bytes: Uint8Array): TableFormat | undefined {
  const end = bytes.indexOf(10);
  const first = Buffer.from(bytes.subarray(0, end < 0 ? Math.min(bytes.length, 4096) : end)).toString('utf8');
  return first.includes(',') ? datasetOfHeader(first) : undefined;
}

const DOCUMENT_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm']);

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (
      e.isFile() &&
      (DOCUMENT_EXTENSIONS.has(extname(e.name).toLowerCase()) || extname(e.name) === '.jsonl')
    )
      yield p;
  }
}

export async function* gatherInputs(paths: string[], jsonl?: string): AsyncGenerator<RawInput | InputError> {
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      yield new InputError(p, 'no such file or directory');
      continue;
    }
    const files = isDir
      ? walk(p)
      : (async function* () {
          yield p;
        })();
    for await (const f of files) {
      if (isDir && extname(f) === '.jsonl') {
        yield* fromJsonl(f);
        continue;
      }
      try {
        const input = await readFileInput(f);
        const dataset = codedDataset(input.bytes);
        yield dataset
          ? new InputError(
              f,
              `a CSV file of ${dataset === 'acled' ? 'ACLED' : 'UCDP GED'} events, not a report: import it with \`observatory import --format ${dataset} ${f}\``,
            )
          : input;
      } catch (e) {
        yield e instanceof InputError ? e : new InputError(f, (e as Error).message);
      }
    }
  }
  if (jsonl) yield* fromJsonl(jsonl);
}

async function* fromJsonl(path: string): AsyncGenerator<RawInput | InputError> {
  try {
    for await (const item of readJsonl(path)) yield 'error' in item ? item.error : item.input;
  } catch (e) {
    yield new InputError(
      path === '-' ? 'stdin' : path,
      `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** What a document without a readable publication date is given in its place (never shown). */
const UNDATED = '1970-01-01';

/**
 * A document for a command that can work without a publication date (`geoparse`, `extract`): an
 * unreadable date is reported through `warn`, naming the document and the string, and the
 * document is read as undated rather than refused. `dated` says whether it has a date of its own.
 */
export function documentWithOptionalDate(
  input: RawInput,
  defaults: { published?: string; source?: string },
  warn: (e: Error) => void,
): { doc: Document; dated: boolean } {
  let dated: boolean;
  try {
    dated = publicationOf(input, defaults) !== undefined;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    warn(new Error(`${e.message.replace(/; give it as YYYY-MM-DD$/, '')}; read as undated`));
    dated = false;
  }
  const doc = toDocument(dated ? input : { ...input, published: undefined }, {
    source: defaults.source,
    published: dated ? defaults.published : UNDATED,
  });
  if (!dated) {
    delete doc.publishedAsWritten;
    delete doc.publishedAmbiguous;
  }
  return { doc, dated };
}

/** The non-empty lines of a file, read as a stream: the records of a JSON Lines file. */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let blank = true;
  for await (const chunk of createReadStream(path)) {
    const b = chunk as Buffer;
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      if (c === 10) {
        if (!blank) lines++;
        blank = true;
      } else if (c !== 13 && c !== 32 && c !== 9) blank = false;
    }
  }
  return blank ? lines : lines + 1;
}

/**
 * How many documents `gatherInputs` will yield for the same arguments, counted before the work
 * starts so that progress can show a total; undefined when one comes from stdin.
 */
export async function countInputs(paths: string[], jsonl?: string): Promise<number | undefined> {
  if (jsonl === '-') return undefined;
  let total = 0;
  const one = async (f: string) => (extname(f) === '.jsonl' ? countLines(f).catch(() => 1) : 1);
  for (const p of paths) {
    const isDir = await stat(p).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) total++;
    else for await (const f of walk(p)) total += await one(f);
  }
  if (jsonl) total += await countLines(jsonl).catch(() => 0);
  return total;
}
