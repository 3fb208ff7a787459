// Gathers the documents a command is given: files, directories (walked for .txt/.md/.html) and
// JSON Lines (`--input`, `-` for stdin), as raw inputs or input errors, in order.
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError, readFileInput, readJsonl, type RawInput } from '../ingest/read.js';

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
        yield await readFileInput(f);
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
