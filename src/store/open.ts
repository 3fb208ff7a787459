// Chooses the Store engine from a location: a file path is SQLite.
import { PostgresStore } from './postgres/pg-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { RegisteredSource } from '../model/index.js';
import { StoreError, type Store } from './store.js';

export const DEFAULT_DB = './observatory.db';

/** The database location from --db, then OBSERVATORY_DB, then ./observatory.db. */
export function resolveDb(flag?: string): string {
  return flag ?? process.env.OBSERVATORY_DB ?? DEFAULT_DB;
}

/** Opens and migrates a store; `sources` (the shipped registry) are added if not yet known. */
export async function openStore(
  location: string,
  opts: { sources?: RegisteredSource[] } = {},
): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(location)) {
    // `?schema=name` keeps the record in a schema of its own (created if missing).
    const url = new URL(location);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    const store = new PostgresStore(url.toString(), { schema });
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
  const store = new SqliteStore(location);
  await store.migrate();
  if (opts.sources) await store.registerSources(opts.sources);
  return store;
}
