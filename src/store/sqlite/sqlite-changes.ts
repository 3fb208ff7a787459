// The change-log concern on SQLite: the event history's row numbers are the log's cursors.
import type Database from 'better-sqlite3';
import { changeOfRow } from '../rows.js';
import type { ChangeLog, EventChange } from '../store.js';
import type { SqliteConnection } from './sqlite-connection.js';

export class SqliteChanges implements ChangeLog {
  constructor(private readonly c: SqliteConnection) {}

  private versionQuery: Database.Statement | undefined;

  async changesSince(cursor: number, limit: number): Promise<{ cursor: number; changes: EventChange[] }> {
    const rows = this.c.db
      .prepare(
        'SELECT rowid AS seq, event_id, version, action, at FROM event_history WHERE rowid > ? ORDER BY rowid LIMIT ?',
      )
      .all(cursor, limit) as Array<Parameters<typeof changeOfRow>[0] & { seq: number }>;
    return { cursor: rows.length ? rows[rows.length - 1]!.seq : cursor, changes: rows.map(changeOfRow) };
  }

  async latestChange(): Promise<number> {
    return (
      this.c.db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM event_history').get() as { n: number }
    ).n;
  }

  async dataVersion(): Promise<string> {
    // data_version moves when another connection commits; total_changes counts this one's writes.
    // Asked before every kept answer, so prepared once.
    this.versionQuery ??= this.c.db.prepare(
      'SELECT (SELECT data_version FROM pragma_data_version) AS other, total_changes() AS own',
    );
    const { other, own } = this.versionQuery.get() as { other: number; own: number };
    return `${other}.${own}`;
  }
}
