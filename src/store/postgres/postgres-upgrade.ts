// Brings a PostgreSQL record to the latest schema: the schema created if need be, every pending step
// of postgres-migrations.ts in one transaction under a lock of its own, then the data steps they need.
import { placeKeys } from '../filters.js';
import { queryRows } from './postgres-connection.js';
import type { PostgresConnection, Q } from './postgres-connection.js';
import { PG_MIGRATIONS } from './postgres-migrations.js';

/** `lock`: the advisory lock that keeps two processes from migrating at once. */
export async function upgrade(c: PostgresConnection, lock: number): Promise<void> {
  await c.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock($1)', [lock]);
    if (c.schema) await q.query(`CREATE SCHEMA IF NOT EXISTS ${c.schema}`);
    await q.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await queryRows<{ version: number }>(q, 'SELECT version FROM schema_migrations')).map(
        (r) => r.version,
      ),
    );
    const pending = PG_MIGRATIONS.filter((x) => !done.has(x.version));
    for (const m of pending) {
      await q.query(m.sql);
      await q.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    }
    if (pending.some((m) => m.after === 'place-keys')) await indexPlaceKeys(q);
  }, false);
}

/** Events stored before their places' keys were searched on get them in their words. */
export async function indexPlaceKeys(q: Q): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await queryRows<{ seq: string; location: string; admin1: string; admin2: string }>(
      q,
      'SELECT seq, location, admin1, admin2 FROM events WHERE seq > $1 ORDER BY seq LIMIT 5000',
      [after],
    );
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]!.seq);
    await q.query(
      `UPDATE events e SET search = e.search || strip(to_tsvector('simple', k.keys))
       FROM unnest($1::bigint[], $2::text[]) AS k(seq, keys) WHERE e.seq = k.seq AND k.keys <> ''`,
      [rows.map((r) => r.seq), rows.map((r) => placeKeys(r.location, r.admin1, r.admin2))],
    );
  }
}
