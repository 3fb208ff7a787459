// The embedded Store: one SQLite file in WAL mode, FTS5 for text, an R*Tree for coordinates. The
// store is its concerns composed (sqlite-documents.ts, sqlite-events.ts, ...), over one connection
// (sqlite-connection.ts); what places claims in events is here, over the write path in events.ts.
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Document, Reliability } from '../../model/index.js';
import type { ExtractedEvent } from '../../extract/extract.js';
import { claimRecord } from '../../corroborate/cluster.js';
import { outletsNamed, rootOf } from '../../corroborate/sources.js';
import { compose, composed } from '../compose.js';
import { documentEntryDetail, type AuditInput } from '../audit.js';
import { StoreError, documentIdFor, type EventDetail, type IngestOutcome, type Store } from '../store.js';
import { claimFromRow, EventWriter, type ClaimRow } from './events.js';
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
  private writer!: EventWriter;

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

  async ingest(doc: Document, events: ExtractedEvent[], original: Uint8Array): Promise<IngestOutcome> {
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
        .run({
          id,
          external_id: doc.id,
          sha256: doc.sha256,
          text: doc.text,
          title: doc.title ?? null,
          url: doc.url ?? null,
          publisher: doc.publisher ?? null,
          published: doc.published,
          language: doc.language ?? null,
          captured_at: doc.capturedAt,
          capture_method: doc.captureMethod,
          captured_from: doc.capturedFrom ?? null,
          captured_by: doc.capturedBy ?? null,
          not_coded: doc.notCoded ?? null,
          published_as_written: doc.publishedAsWritten ?? null,
          published_ambiguous: doc.publishedAmbiguous ?? null,
          original: Buffer.from(original),
        });
      this.db
        .prepare('INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)')
        .run(info.lastInsertRowid, doc.title ?? '', doc.text);
      const now = new Date().toISOString();
      const eventIds: string[] = [];
      let joined = 0;
      events.forEach((e, i) => {
        const placed = this.writer.place(
          claimRecord(
            e,
            `cl_${createHash('sha256').update(`${doc.sha256}:${i}`).digest('hex').slice(0, 20)}`,
            id,
            rootOf(e, doc.publisher, canonical),
          ),
          { action: 'created', documentId: id },
          now,
        );
        if (!placed.created) joined++;
        if (!eventIds.includes(placed.eventId)) eventIds.push(placed.eventId);
      });
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

  private link(a: string, b: string, kind: 'must' | 'cannot', by: string, at: string): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.db
      .prepare(
        'INSERT INTO cluster_links (claim_a, claim_b, kind, by, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(claim_a, claim_b) DO UPDATE SET kind = excluded.kind, by = excluded.by, at = excluded.at',
      )
      .run(x, y, kind, by, at);
    this.writer.linksChanged();
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
    await this.write(() => {
      for (const x of aClaims) for (const y of bClaims) this.link(x, y, 'must', by, now);
      this.db.prepare('UPDATE claims SET event_id = ? WHERE event_id = ?').run(a, b);
      this.writer.refresh(b, { action: 'merged', by }, now); // no claims left: removed
      this.db.prepare('DELETE FROM event_documents WHERE event_id = ?').run(b);
      this.db.prepare('INSERT OR REPLACE INTO event_aliases (old_id, new_id) VALUES (?, ?)').run(b, a);
      this.db.prepare('DELETE FROM event_aliases WHERE old_id = ?').run(a);
      this.writer.refresh(a, { action: 'merged', by }, now);
      this.audit(
        { action: 'event.merged', actor: by, subject: a, detail: { merged: b, claims: bClaims } },
        now,
      );
    });
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
    await this.write(() => {
      for (const x of moving) for (const y of staying) this.link(x, y, 'cannot', by, now);
      const mark = moving.map(() => '?').join(',');
      this.db.prepare(`UPDATE claims SET event_id = ? WHERE id IN (${mark})`).run(newId, ...moving);
      this.db.prepare('DELETE FROM event_aliases WHERE old_id = ?').run(newId);
      this.db.prepare('DELETE FROM event_documents WHERE event_id = ?').run(id);
      this.writer.refresh(id, { action: 'split', by }, now);
      this.writer.refresh(newId, { action: 'split', by }, now);
      this.audit(
        { action: 'event.split', actor: by, subject: id, detail: { into: newId, claims: moving } },
        now,
      );
    });
    return (await this.getEvent(newId))!;
  }

  async recluster(
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ claims: number; events: number }> {
    const now = new Date().toISOString();
    const before = new Map<string, string>();
    await this.write(() => {
      const rows = this.db.prepare('SELECT * FROM claims ORDER BY rowid').all() as ClaimRow[];
      for (const r of rows) before.set(r.id, r.event_id);
      this.db.exec(
        "DELETE FROM events_fts; DELETE FROM event_places; DELETE FROM events_rtree; DELETE FROM events_reach; DELETE FROM event_counts; DELETE FROM event_cells; DELETE FROM event_documents; DELETE FROM events; UPDATE claims SET event_id = ''",
      );
      for (const [i, r] of rows.entries()) {
        this.writer.place(claimFromRow(r), { action: 'reclustered' }, now);
        onProgress?.(i + 1, rows.length);
      }
      const after = new Map<string, string[]>();
      const was = new Map<string, string[]>();
      for (const r of this.db.prepare('SELECT id, event_id FROM claims ORDER BY rowid').all() as ClaimRow[]) {
        after.set(r.event_id, [...(after.get(r.event_id) ?? []), r.id]);
        const old = before.get(r.id)!;
        was.set(old, [...(was.get(old) ?? []), r.id]);
      }
      const history = this.db.prepare(
        "INSERT INTO event_history (event_id, version, at, action, changes) SELECT ?, version, ?, 'reclustered', ? FROM events WHERE id = ?",
      );
      for (const [id, claims] of after) {
        const previous = was.get(id) ?? [];
        if (previous.join() !== claims.join())
          history.run(id, now, JSON.stringify({ claims: [previous, claims] }), id);
      }
      const events = (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      this.audit(
        {
          action: 'record.reclustered',
          actor: 'recluster',
          subject: 'record',
          detail: { claims: rows.length, events },
        },
        now,
      );
    });
    const events = (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    return { claims: before.size, events };
  }
}
