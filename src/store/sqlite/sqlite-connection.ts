// One SQLite file opened for the record: WAL mode, the write lock taken with retries, what this
// connection keeps of the data (the source registry, analysts' links) followed across processes,
// and the few reads and writes every concern shares (an audit entry, an event's current id).
import Database from 'better-sqlite3';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../store.js';
import { registryOf } from '../rows.js';
import type { SourceRegistry, SourceRow } from '../rows.js';
import type { AuditInput } from '../audit.js';
import { SqlitePlacement } from './sqlite-placement.js';
import { appendAudit } from './sqlite-audit.js';

/** How long one try at the write lock waits inside SQLite, blocking the event loop. */
const BUSY_WAIT_MS = 50;
/** How long a write waits for the lock in all before it is refused as busy. */
const WRITE_DEADLINE_MS = 10_000;

/**
 * Why a database cannot be written, when it is because its disk is full (under 1 MB free, or
 * none at all for this process): said so, with what to do. Undefined when there is room.
 */
export function diskFull(path: string): string | undefined {
  try {
    const fs = statfsSync(dirname(path));
    const free = fs.bavail * fs.bsize;
    if (free >= 1024 * 1024) return undefined;
    return `the disk holding it is full (${Math.floor(free / 1024)} KB free); nothing was written or lost. Free some space and try again`;
  } catch {
    return undefined;
  }
}

const isBusy = (e: unknown) => /^SQLITE_BUSY/.test((e as { code?: string }).code ?? '');

export class SqliteConnection {
  readonly db: Database.Database;
  readonly writer: SqlitePlacement;
  private registry: SourceRegistry | null = null;
  private readonly writeDeadlineMs: number;

  /** `writeDeadlineMs`: how long a write may wait for another process's, in all (default 10 s). */
  constructor(
    readonly path: string,
    opts: { writeDeadlineMs?: number } = {},
  ) {
    this.writeDeadlineMs = opts.writeDeadlineMs ?? WRITE_DEADLINE_MS;
    try {
      this.db = new Database(path);
      // Opening may wait for another process's write (switching a new file to WAL needs the lock);
      // after that a write waits BUSY_WAIT_MS at a time, the event loop free between tries (write()).
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma(`busy_timeout = ${BUSY_WAIT_MS}`);
      // Index pages of a large record are touched at random (ids are hashes): a 64 MB page cache.
      this.db.pragma('cache_size = -65536');
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      const full = diskFull(path);
      if (full) throw new StoreError(`cannot open database ${path}: ${full}`, 'full');
      const hint = /READONLY|CANTOPEN|PERM/.test(code)
        ? ' (SQLite must be able to write the file and, beside it, its -wal and -shm files: is the file or its folder read-only?)'
        : '';
      throw new StoreError(`cannot open database ${path}: ${(e as Error).message}${hint}`);
    }
    this.writer = new SqlitePlacement(this.db, (input, at) => this.audit(input, at));
  }

  /**
   * Runs `fn` as one write transaction that takes the write lock first (BEGIN IMMEDIATE): a
   * transaction that read first and wrote later could not wait for another process's write (SQLite
   * refuses the upgrade at once). While another process holds the lock it is tried again, the
   * event loop free between tries, until WRITE_DEADLINE_MS; then a StoreError 'busy' says so.
   */
  async write<T>(fn: () => T): Promise<T> {
    const tx = this.db.transaction(fn);
    const deadline = Date.now() + this.writeDeadlineMs;
    for (let attempt = 0; ; attempt++) {
      try {
        this.followOthers();
        return tx.immediate();
      } catch (e) {
        if (!isBusy(e)) throw e;
        if (Date.now() >= deadline)
          throw new StoreError(
            `the database ${this.path} stayed locked by another writer for ${this.writeDeadlineMs / 1000} s; nothing was written, try again`,
            'busy',
          );
        const wait = Math.min(250, 5 * 2 ** attempt) * (0.5 + Math.random());
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private seenVersion = -1;
  /** What this connection keeps of the data (links, the source registry) is read again after another process wrote. */
  private followOthers(): void {
    const v = (this.db.prepare('SELECT data_version AS v FROM pragma_data_version').get() as { v: number }).v;
    if (v === this.seenVersion) return;
    if (this.seenVersion !== -1) {
      this.writer.linksChanged();
      this.registry = null;
    }
    this.seenVersion = v;
  }

  /** The registered sources' grades and the names they are known by, read once until they change. */
  sources(): SourceRegistry {
    this.registry ??= registryOf(this.db.prepare('SELECT * FROM sources').all() as SourceRow[]);
    return this.registry;
  }

  /** After sources were registered or graded: the registry is read again when next needed. */
  forgetSources(): void {
    this.registry = null;
  }

  /** Appends an entry to the audit log; call inside the transaction that makes the change. */
  audit(input: AuditInput, at = new Date().toISOString()): void {
    appendAudit(this.db, input, at);
  }

  /** The id an event answers under now (an event merged away answers under the one it joined). */
  resolveId(id: string): string {
    let current = id;
    for (let i = 0; i < 10; i++) {
      const a = this.db.prepare('SELECT new_id FROM event_aliases WHERE old_id = ?').get(current) as
        { new_id: string } | undefined;
      if (!a) break;
      current = a.new_id;
    }
    return current;
  }
}
