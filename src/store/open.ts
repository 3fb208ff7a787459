// Chooses the Store engine from a location: a file path is SQLite.
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { RegisteredSource } from '../model/index.js';
import { StoreError, type Store } from './store.js';

export const DEFAULT_DB = './observatory.db';

/** The database location from --db, then OBSERVATORY_DB, then ./observatory.db. */
export function resolveDb(flag?: string): string {
  return flag ?? process.env.OBSERVATORY_DB ?? DEFAULT_DB;
}

export const isPostgres = (location: string) => /^postgres(ql)?:\/\//.test(location);

/**
 * A PostgreSQL location as the server's address and the schema the record is kept in:
 * `?schema=name` keeps it in a schema of its own (created if missing); without it, the
 * connection's default (public).
 */
export function pgLocation(location: string): { url: string; schema?: string } {
  const u = new URL(location);
  const schema = u.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,40}$/.test(schema))
    throw new StoreError(`schema "${schema}": use lower-case letters, digits and _ (at most 41)`);
  u.searchParams.delete('schema');
  return { url: u.toString(), schema };
}

/** Opens and migrates a store; `sources` (the shipped registry) are added if not yet known. */
export async function openStore(
  location: string,
  opts: { sources?: RegisteredSource[] } = {},
): Promise<Store> {
  if (isPostgres(location)) {
    const { url, schema } = pgLocation(location);
    const store = new PostgresStore(url, { schema });
    try {
      await store.migrate();
      if (opts.sources) await store.registerSources(opts.sources);
    } catch (e) {
      await store.close();
      throw e instanceof StoreError
        ? e
        : new StoreError(`PostgreSQL at ${store.where}: ${(e as Error).message}`);
    }
    return store;
  }
  // OBSERVATORY_WRITE_WAIT: seconds a write may wait for other processes' writes (default 10).
  const wait = Number(process.env.OBSERVATORY_WRITE_WAIT);
  const store = new SqliteStore(location, wait > 0 ? { writeDeadlineMs: wait * 1000 } : {});
  try {
    await store.migrate();
    if (opts.sources) await store.registerSources(opts.sources);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
