// Turns bytes from a file, a JSON Lines record or an HTTP body into a Document, keeping the
// SHA-256 of the original bytes and a capture record. Bad input raises InputError naming what.
import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { readHtml } from './html.js';
import { validDate, type CaptureMethod, type Document } from '../model/index.js';
import { PublicationDateError, readPublicationDate, type PublicationDate } from '../nlp/published.js';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export class InputError extends Error {
  constructor(
    /** The document: a path, "stdin:LINE", an id. */
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'InputError';
  }
}

export interface RawInput {
  /** What the user calls it: a path or the record's id. */
  id: string;
  bytes: Uint8Array;
  /** html, md or txt; decides how the bytes become text. */
  format: 'html' | 'md' | 'txt';
  published?: string;
  source?: string;
  url?: string;
  title?: string;
  captureMethod: CaptureMethod;
  capturedFrom?: string;
  /** Who captured it; by default the process's own name for itself (see capturer). */
  capturedBy?: string;
}

/**
 * Who captured a document when no user is named: the operating-system user running the command
 * line, or the channel it came in by.
 */
export function capturer(method: CaptureMethod): string {
  if (method === 'api' || method === 'form') return method;
  if (method === 'feed') return `watch:${osUser()}`;
  return `cli:${osUser()}`;
}

let user: string | undefined;
/** The process's user, asked of the system once (a system call per document showed in profiles). */
function osUser(): string {
  if (user !== undefined) return user;
  try {
    user = userInfo().username;
  } catch {
    user = 'unknown';
  }
  return user;
}

// Kept in the model, where the stores read it too; exported here as before.
export { validDate };

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Where an input is, as messages name it: a JSON Lines record by its line as well as its id. */
export function inputName(input: RawInput): string {
  return input.captureMethod === 'jsonl' && input.capturedFrom && input.capturedFrom !== input.id
    ? `${input.capturedFrom} (id "${input.id}")`
    : input.id;
}

/**
 * The input's publication date as written (its own, else the default given for all), read to a
 * day; undefined when there is none; InputError naming the document and the string when it cannot
 * be read.
 */
export function publicationOf(
  input: RawInput,
  defaults: { published?: string } = {},
): PublicationDate | undefined {
  const given = input.published ?? defaults.published;
  if (given === undefined || given === '') return undefined;
  try {
    return readPublicationDate(given);
  } catch (e) {
    if (e instanceof PublicationDateError)
      throw new InputError(inputName(input), `${e.message}; give it as YYYY-MM-DD`);
    throw e;
  }
}

/** Decodes and checks one input; the text of an HTML document is its visible text. */
export function toDocument(
  input: RawInput,
  defaults: { published?: string; source?: string } = {},
): Document {
  const { id, bytes } = input;
  const where = inputName(input);
  if (bytes.byteLength === 0) throw new InputError(where, 'document is empty');
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new InputError(
      where,
      `document is ${(bytes.byteLength / 1048576).toFixed(1)} MB; the limit is 10 MB`,
    );
  }
  if (bytes.includes(0))
    throw new InputError(where, 'document looks binary (it contains NUL bytes); give text, Markdown or HTML');
  let decoded: string;
  try {
    decoded = decoder.decode(bytes);
  } catch {
    throw new InputError(where, 'document is not valid UTF-8; convert it (e.g. iconv -t UTF-8) and retry');
  }
  decoded = decoded.replace(/^\uFEFF/, '');
  let text = decoded;
  let title = input.title;
  if (input.format === 'html') {
    const page = readHtml(decoded);
    title ??= page.title;
    text = page.text;
  }
  text = text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new InputError(where, 'document has no text');
  const publication = publicationOf(input, defaults);
  if (!publication)
    throw new InputError(where, 'no publication date: pass --published YYYY-MM-DD or a "published" field');
  title ??= text.trim().split('\n')[0]!.slice(0, 200);
  return {
    id,
    text,
    title,
    url: input.url,
    publisher: input.source ?? defaults.source,
    published: publication.date,
    ...(publication.asWritten !== publication.date ? { publishedAsWritten: publication.asWritten } : {}),
    ...(publication.ambiguous ? { publishedAmbiguous: publication.ambiguous } : {}),
    sha256: sha256(bytes),
    capturedAt: new Date().toISOString(),
    captureMethod: input.captureMethod,
    capturedFrom: input.capturedFrom,
    capturedBy: input.capturedBy ?? capturer(input.captureMethod),
  };
}

export function formatOf(path: string): RawInput['format'] {
  const ext = extname(path).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'md';
  return 'txt';
}

/** Reads a file as one raw input, refusing oversized files before reading them. */
export async function readFileInput(path: string): Promise<RawInput> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new InputError(path, 'not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      path,
      `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  if (size > MAX_DOCUMENT_BYTES)
    throw new InputError(path, `document is ${(size / 1048576).toFixed(1)} MB; the limit is 10 MB`);
  const bytes = await readFile(path);
  return { id: path, bytes, format: formatOf(path), captureMethod: 'file', capturedFrom: path };
}

export interface JsonlRecord {
  id: string;
  text: string;
  published?: string;
  source?: string;
  url?: string;
  title?: string;
  format?: 'html' | 'md' | 'txt';
}

/** One line of a JSON Lines file: a raw input, or an error naming the line. */
export type JsonlItem = { line: number; input: RawInput } | { line: number; error: InputError };

/** Streams `{"id","text","published","source","url"?,"title"?}` records; `-` reads stdin. */
export async function* readJsonl(path: string): AsyncGenerator<JsonlItem> {
  const name = path === '-' ? 'stdin' : path;
  const stream = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const where = `${name}:${n}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      yield { line: n, error: new InputError(where, `malformed JSON: ${(e as Error).message}`) };
      continue;
    }
    const r = rec as Partial<JsonlRecord>;
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      yield { line: n, error: new InputError(where, 'a line must be a JSON object') };
    } else if (typeof r.text !== 'string') {
      yield { line: n, error: new InputError(where, 'field "text" is missing or not a string') };
    } else if (r.id !== undefined && typeof r.id !== 'string' && typeof r.id !== 'number') {
      yield { line: n, error: new InputError(where, 'field "id" must be a string') };
    } else if (r.published !== undefined && typeof r.published !== 'string') {
      yield {
        line: n,
        error: new InputError(
          where,
          'field "published" must be a string (a date such as 2016-12-17 or "Dec 17, 2016 8:46 AM ET")',
        ),
      };
    } else {
      const id = r.id === undefined ? `${name}:${n}` : String(r.id);
      yield {
        line: n,
        input: {
          id,
          bytes: Buffer.from(r.text, 'utf8'),
          format: r.format ?? 'txt',
          published: r.published,
          source: typeof r.source === 'string' ? r.source : undefined,
          url: typeof r.url === 'string' ? r.url : undefined,
          title: typeof r.title === 'string' ? r.title : undefined,
          captureMethod: 'jsonl',
          capturedFrom: where,
        },
      };
    }
  }
}
