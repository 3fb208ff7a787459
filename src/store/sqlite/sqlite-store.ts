// The embedded Store: one SQLite file in WAL mode, FTS5 for text, an R*Tree for coordinates. The
// store is its concerns composed (sqlite-documents.ts, sqlite-events.ts, ...), over one connection
// (sqlite-connection.ts); what places claims in events is corroborate/placement.ts, over the port
// sqlite-placement.ts implements, run from here.
import type Database from 'better-sqlite3';
import type { Document, Reliability } from '../../model/index.js';
import type { Claim } from '../../model/index.js';
import { outletsNamed } from '../../corroborate/sources.js';
import { compose, composed } from '../compose.js';
import { documentRowOf } from '../rows.js';
import { documentEntryDetail, type AuditInput } from '../audit.js';
import { StoreError, documentIdFor, type EventDetail, type IngestOutcome, type Store } from '../store.js';
import { SqlitePlacement } from './sqlite-placement.js';
import * as placement from '../../corroborate/placement.js';
import { SqliteConnection, diskFull } from './sqlite-connection.js';
import { upgrade } from './sqlite-upgrade.js';
import { SqliteDocuments } from './sqlite-documents.js';
import { SqliteEvents } from './sqlite-events.js';
import { SqliteAggregates } from './sqlite-aggregates.js';
import { SqliteEdits } from './sqlite-edits.js';
import { SqliteSources } from './sqlite-sources.js';
import { SqliteChanges } from './sqlite-changes.js';
import { SqliteSubscriptions } from './sqlite-subscriptions.js';
import { SqliteAccounts } from './sqlite-accounts.js';
import { SqliteAudit } from './sqlite-audit.js';
import { backup } from './sqlite-backup.js';

/** What the store's own methods answer; the rest of the contract is its concerns'. */
type OwnMethods = 'migrate' | 'close' | 'ingest' | 'mergeEvents' | 'splitEvent' | 'recluster';

export class SqliteStore extends composed<Omit<Store, OwnMethods>>() implements Store {
  readonly db: Database.Database;
  private readonly c: SqliteConnection;
  private writer!: SqlitePlacement;

  /** `writeDeadlineMs`: how long a write may wait for another process's, in all (default 10 s). */
  constructor(
    readonly path: string,
    opts: { writeDeadlineMs?: number } = {},
  ) {
    super();
    this.c = new SqliteConnection(path, opts);
    this.db = this.c.db;
    this.writer = this.c.writer;
    const events = new SqliteEvents(this.c);
    const edits = new SqliteEdits(this.c, events);
    compose(
      this,
      new SqliteDocuments(this.c),
      events,
      new SqliteAggregates(this.c),
      edits,
      new SqliteSources(this.c),
      new SqliteChanges(this.c),
      new SqliteSubscriptions(this.c),
      new SqliteAccounts(this.c),
      new SqliteAudit(this.c, edits),
    );
  }

  async migrate(): Promise<void> {
    await upgrade(this.c);
  }

  /** A consistent copy of the database at `path`, taken while it stays open for reads and writes. */
  async backup(path: string): Promise<void> {
    await backup(this.db, path);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  // The write path's use of the connection, under the names it calls.
  private write<T>(fn: () => T): Promise<T> {
    return this.c.write(fn);
  }

  private audit(input: AuditInput, at = new Date().toISOString()): void {
    this.c.audit(input, at);
  }

  private sources(): { grade: Map<string, Reliability>; canonical: (name: string) => string } {
    return this.c.sources();
  }

  private resolveId(id: string): string {
    return this.c.resolveId(id);
  }

  async ingest(doc: Document, events: Claim[], original: Uint8Array): Promise<IngestOutcome> {
    const id = documentIdFor(doc.sha256);
    const { canonical, grade } = this.sources();
    const outlets = outletsNamed(doc.publisher, events, canonical, (n) => grade.has(n));
    const run = (): IngestOutcome => {
      const existing = this.db.prepare('SELECT id FROM documents WHERE sha256 = ?').get(doc.sha256) as
        { id: string } | undefined;
      if (existing)
        return { status: 'duplicate', documentId: existing.id, events: 0, eventIds: [], joined: 0 };
      const info = this.db
        .prepare(
          `INSERT INTO documents (id, external_id, sha256, text, title, url, publisher, published, language, captured_at, capture_method, captured_from, captured_by, not_coded, published_as_written, published_ambiguous, original)
           VALUES (@id, @external_id, @sha256, @text, @title, @url, @publisher, @published, @language, @captured_at, @capture_method, @captured_from, @captured_by, @not_coded, @published_as_written, @published_ambiguous, @original)`,
        )
        .run(documentRowOf(id, doc, original));
      this.db
        .prepare('INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)')
        .run(info.lastInsertRowid, doc.title ?? '', doc.text);
      const now = new Date().toISOString();
      const { eventIds, joined } = placement.runSync(
        placement.placeDocument(
          this.writer,
          { id, sha256: doc.sha256, publisher: doc.publisher },
          events,
          canonical,
          now,
        ),
      );
      const counted = this.db.prepare(
        `INSERT INTO sources (name, kind, reports, last_seen) VALUES (?, 'unknown', 1, ?)
         ON CONFLICT(name) DO UPDATE SET reports = reports + 1, last_seen = max(coalesce(last_seen, ''), excluded.last_seen)`,
      );
      for (const name of outlets) counted.run(name, doc.published);
      const storedClaims = this.db
        .prepare('SELECT id, body FROM claims WHERE document_id = ?')
        .all(id) as Array<{ id: string; body: string }>;
      this.audit(
        {
          action: 'document.stored',
          actor: doc.capturedBy ?? doc.captureMethod,
          subject: id,
          detail: documentEntryDetail(doc, original.byteLength, storedClaims, eventIds),
        },
        now,
      );
      return { status: 'new', documentId: id, events: events.length, eventIds, joined };
    };
    try {
      const outcome = await this.write(run);
      for (const name of outlets) if (!grade.has(name)) grade.set(name, 'F');
      return outcome;
    } catch (e) {
      const err = e as StoreError;
      const full = /FULL|IOERR/.test((e as { code?: string }).code ?? '') ? diskFull(this.path) : undefined;
      if (full) throw new StoreError(`could not store document ${doc.id}: ${full}`, 'full');
      throw new StoreError(
        `could not store document ${doc.id}: ${err.message}`,
        err.kind === 'busy' ? 'busy' : 'failed',
      );
    }
  }

  private claimIdsOf(eventId: string): string[] {
    return (
      this.db.prepare('SELECT id FROM claims WHERE event_id = ? ORDER BY rowid').all(eventId) as Array<{
        id: string;
      }>
    ).map((r) => r.id);
  }

  async mergeEvents(target: string, other: string, by: string): Promise<EventDetail> {
    const a = this.resolveId(target);
    const b = this.resolveId(other);
    const aClaims = this.claimIdsOf(a);
    const bClaims = this.claimIdsOf(b);
    if (aClaims.length === 0) throw new StoreError(`no event ${target}`, 'not_found');
    if (bClaims.length === 0) throw new StoreError(`no event ${other}`, 'not_found');
    if (a === b) throw new StoreError(`${target} and ${other} are the same event`, 'invalid');
    const now = new Date().toISOString();
    await this.write(() =>
      placement.runSync(placement.mergeEvents(this.writer, a, b, { a: aClaims, b: bClaims }, by, now)),
    );
    return (await this.getEvent(a))!;
  }

  async splitEvent(eventId: string, claimIds: string[], by: string): Promise<EventDetail> {
    const id = this.resolveId(eventId);
    const all = this.claimIdsOf(id);
    if (all.length === 0) throw new StoreError(`no event ${eventId}`, 'not_found');
    const moving = [...new Set(claimIds)];
    const stray = moving.filter((c) => !all.includes(c));
    if (stray.length) throw new StoreError(`claims not in ${eventId}: ${stray.join(', ')}`, 'invalid');
    if (moving.length === 0 || moving.length === all.length)
      throw new StoreError("a split moves some of the event's claims, not none or all of them", 'invalid');
    const staying = all.filter((c) => !moving.includes(c));
    const newId = `ev_${moving[0]!.slice(3)}`;
    const now = new Date().toISOString();
    await this.write(() =>
      placement.runSync(placement.splitEvent(this.writer, id, newId, { moving, staying }, by, now)),
    );
    return (await this.getEvent(newId))!;
  }

  async recluster(
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ claims: number; events: number }> {
    const now = new Date().toISOString();
    return this.write(() => placement.runSync(placement.recluster(this.writer, now, onProgress)));
  }
}
