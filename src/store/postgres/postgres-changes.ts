// The change-log concern on PostgreSQL: the event history's BIGSERIAL positions are the log's
// cursors, the server's snapshot the token of what is stored.
import { changeOfRow } from '../rows.js';
import type { ChangeLog, EventChange } from '../store.js';
import { queryOne, queryRows } from './postgres-connection.js';
import type { PostgresConnection } from './postgres-connection.js';

export class PostgresChanges implements ChangeLog {
  constructor(private readonly c: PostgresConnection) {}

  async changesSince(cursor: number, limit: number): Promise<{ cursor: number; changes: EventChange[] }> {
    const rows = await queryRows<Parameters<typeof changeOfRow>[0]>(
      this.c.pool,
      'SELECT seq, event_id, version, action, at FROM event_history WHERE seq > $1 ORDER BY seq LIMIT $2',
      [cursor, limit],
    );
    return {
      cursor: rows.length ? Number(rows[rows.length - 1]!.seq) : cursor,
      changes: rows.map(changeOfRow),
    };
  }

  async latestChange(): Promise<number> {
    return Number(
      (await queryOne<{ n: string }>(this.c.pool, 'SELECT coalesce(max(seq), 0) AS n FROM event_history'))!.n,
    );
  }

  async dataVersion(): Promise<string> {
    // The server's current snapshot: which transactions have committed. A transaction that only
    // reads takes no transaction id, so the snapshot moves only with writes (to any database of
    // the server, which at worst makes a kept response be read again).
    return (await queryOne<{ v: string }>(this.c.pool, 'SELECT pg_current_snapshot()::text AS v'))!.v;
  }
}
