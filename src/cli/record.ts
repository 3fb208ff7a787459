// Opening the record (the store at --db) for the commands that read or change it, and the options
// and answers they share.
import type { Resources } from '../extract/resources.js';
import type { Store } from '../store/store.js';
import { load } from './io.js';
import { choiceOption } from './options.js';

export const dbOption = ['--db <path>', 'database (default: $OBSERVATORY_DB or ./observatory.db)'] as const;

/** `--format` of the commands that print the record: a table by default. */
export const formatOption = (choices: string[]) =>
  choiceOption('--format <format>', 'output format', choices, 'table');

/** A command that reads a record was given a database file that does not exist. */
export class NoRecordError extends Error {
  constructor(readonly path: string) {
    super(
      `no database at ${path}: check the path, or make one with \`observatory ingest FILES --db ${path}\` ` +
        '(or `observatory demo` for the sample record)',
    );
    this.name = 'NoRecordError';
  }
}

/**
 * The store at --db (or $OBSERVATORY_DB), migrated, with the shipped sources registered. With
 * `mustExist`, a database file that is not there is refused rather than made empty: a typo in a
 * path must not read as "no events".
 */
export async function openRecord(
  res: Resources,
  db: string | undefined,
  opts: { mustExist?: boolean } = {},
): Promise<Store> {
  const { openStore, resolveDb, isPostgres } = await import('../store/open.js');
  const location = resolveDb(db);
  if (opts.mustExist && !isPostgres(location)) {
    const { existsSync } = await import('node:fs');
    if (!existsSync(location)) throw new NoRecordError(location);
  }
  const { registryEntries } = await import('../corroborate/sources.js');
  return openStore(location, { sources: registryEntries(res.sources) });
}

/** Runs `fn` on the record at `db`, which must exist, and closes it whatever happens. */
export async function withStore<T>(db: string | undefined, fn: (s: Store, r: Resources) => Promise<T>) {
  const res = load();
  const store = await openRecord(res, db, { mustExist: true });
  try {
    return await fn(store, res);
  } finally {
    await store.close();
  }
}

/** The record holds nothing by that id: said, and exit 1. */
export function notFound(what: string, id: string): never {
  process.stderr.write(`observatory: no ${what} ${id}\n`);
  process.exit(1);
}
