// Backing up a SQLite record: SQLite's online backup, page by page, while the file stays open for
// reads and writes; what it writes is a record of its own that opens and migrates as any other.
import type Database from 'better-sqlite3';

/** A consistent copy of the open database `db` at `path`. */
export async function backup(db: Database.Database, path: string): Promise<void> {
  await db.backup(path);
}
