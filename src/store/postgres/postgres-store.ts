// The team server's Store: PostgreSQL 15 through node-postgres. The same contract as the embedded
// SQLite store (test/store-contract/ runs against both), with PostgreSQL's own means: a GiST
// index on each event's reach box for matching claims, tsvector columns with GIN indexes for full
// text, BIGSERIAL positions for keyset reads. Writes that place claims lock only the space-time
// cells their claims reach (postgres-placement.ts), so workers on many machines place far-apart
// claims at once and near ones one at a time; every other write holds the whole record's lock.
// The store is its concerns composed (postgres-documents.ts, postgres-events.ts, ...) over one pool
// (postgres-connection.ts); placing claims in events is corroborate/placement.ts, run from here.
import pg from 'pg';
import * as placement from '../../corroborate/placement.js';
import { outletsNamed } from '../../corroborate/sources.js';
import type { Claim } from '../../model/index.js';
import type { Document } from '../../model/index.js';
import { documentEntryDetail, type AuditInput } from '../audit.js';
import { compose, composed } from '../compose.js';
import { documentRowOf } from '../rows.js';
import { StoreError, documentIdFor, type EventDetail, type IngestOutcome, type Store } from '../store.js';
import { PostgresConnection, queryOne, queryRows, type Q } from './postgres-connection.js';
import { upgrade } from './postgres-upgrade.js';
import { lockPlacement, lockTail, placementLocks, type CellLock } from './postgres-locks.js';
import { PostgresPlacement } from './postgres-placement.js';
import { PostgresDocuments } from './postgres-documents.js';
import { PostgresEvents } from './postgres-events.js';
import { PostgresAggregates } from './postgres-aggregates.js';
import { PostgresEdits } from './postgres-edits.js';
import { PostgresSources } from './postgres-sources.js';
import { PostgresChanges } from './postgres-changes.js';
import { PostgresSubscriptions } from './postgres-subscriptions.js';
import { PostgresAccounts } from './postgres-accounts.js';
import { PostgresAudit } from './postgres-audit.js';

/**
 * The record's advisory lock, held until commit: exclusively by every write but a document's
 * placement, which holds it shared beside the locks of the cells its claims reach.
 */
const WRITE_LOCK = 7_262_017;
/** Times a placement is tried again after PostgreSQL broke a deadlock by ending it. */
const DEADLOCK_RETRIES = 5;

type Cause = placement.Cause;

/** What the store's own methods answer; the rest of the contract is its concerns'. */
type OwnMethods = 'migrate' | 'close' | 'ingest' | 'mergeEvents' | 'splitEvent' | 'recluster';

export class PostgresStore extends composed<Omit<Store, OwnMethods>>() implements Store {
  private readonly c: PostgresConnection;
  private readonly pool: pg.Pool;

  constructor(
    readonly url: string,
    opts: { schema?: string; max?: number } = {},
  ) {
    super();
    this.c = new PostgresConnection(
      url,
      opts,
      (fn, lock) => this.tx(fn, lock),
      (q, eventId, cause, now) => this.refresh(q, eventId, cause, now),
    );
    this.pool = this.c.pool;
    const events = new PostgresEvents(this.c);
    const edits = new PostgresEdits(this.c, events);
    const changes = new PostgresChanges(this.c);
    compose(
      this,
      new PostgresDocuments(this.c),
      events,
      new PostgresAggregates(this.c),
      edits,
      new PostgresSources(this.c),
      changes,
      new PostgresSubscriptions(this.c, changes),
      new PostgresAccounts(this.c),
      new PostgresAudit(this.c, edits),
    );
  }

  /** Where it is, with any password hidden. */
  get where(): string {
    return this.c.where;
  }

  async migrate(): Promise<void> {
    await upgrade(this.c, WRITE_LOCK + 1);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /**
   * Runs `fn` in a transaction holding the record's lock (`lock` true), none (false), or the
   * record's lock shared and then what `lock` takes (a placement's cells).
   */
  private async tx<T>(
    fn: (q: pg.PoolClient) => Promise<T>,
    lock: boolean | ((q: pg.PoolClient) => Promise<void>) = true,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++)
      try {
        return await this.txOnce(fn, lock);
      } catch (e) {
        // Placements that joined the same events in opposite orders: PostgreSQL ended one, which
        // runs again from the start.
        if (
          typeof lock === 'function' &&
          (e as { code?: string }).code === '40P01' &&
          attempt < DEADLOCK_RETRIES
        )
          continue;
        throw e;
      }
  }

  /** A transaction that places claims: the record's lock shared, then the cells' `locks`. */
  private placementTx<T>(locks: CellLock[], fn: (q: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.tx(fn, (q) => lockPlacement(q, locks));
  }

  private async txOnce<T>(
    fn: (q: pg.PoolClient) => Promise<T>,
    lock: boolean | ((q: pg.PoolClient) => Promise<void>),
  ): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw new StoreError(`cannot reach PostgreSQL at ${this.where}: ${(e as Error).message}`);
    }
    // A connection that failed (the server restarted, the backend was ended) is thrown away, not
    // handed to the next caller.
    let broken: Error | undefined;
    // While it is checked out, a connection's own failure is reported on it, not on the pool.
    const onError = (e: Error) => {
      broken = e;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      if (lock === true) await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
      else if (lock) {
        await client.query('SELECT pg_advisory_xact_lock_shared($1)', [WRITE_LOCK]);
        await lock(client);
      }
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch((rollback: Error) => {
        broken = rollback;
      });
      throw e;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  // The write path's use of the connection, under the names it calls.
  private rows<T>(q: Q, sql: string, params: unknown[] = []): Promise<T[]> {
    return queryRows<T>(q, sql, params);
  }

  private one<T>(q: Q, sql: string, params: unknown[] = []): Promise<T | undefined> {
    return queryOne<T>(q, sql, params);
  }

  private sources(q: Q = this.pool) {
    return this.c.sources(q);
  }

  private audit(q: Q, input: AuditInput, at = new Date().toISOString()): Promise<void> {
    return this.c.audit(q, input, at);
  }

  private resolveId(id: string, q: Q = this.pool): Promise<string> {
    return this.c.resolveId(id, q);
  }

  // ---- the write path: claims placed in events (corroborate/placement.ts) ----

  private placement(q: pg.PoolClient, links = true): PostgresPlacement {
    return new PostgresPlacement(q, { links, audit: (c, input, at) => this.audit(c, input, at) });
  }

  /** Recomputes an event from its claims (see refreshEvent). */
  private async refresh(q: pg.PoolClient, eventId: string, cause: Cause, now: string): Promise<void> {
    await placement.runAsync(placement.refreshEvent(this.placement(q), eventId, cause, now));
  }

  // ---- the contract ----

  async ingest(doc: Document, events: Claim[], original: Uint8Array): Promise<IngestOutcome> {
    const id = documentIdFor(doc.sha256);
    const locks = placementLocks(doc.sha256, events);
    try {
      return await this.placementTx(locks, async (q) => {
        const existing = await this.one<{ id: string }>(q, 'SELECT id FROM documents WHERE sha256 = $1', [
          doc.sha256,
        ]);
        if (existing)
          return { status: 'duplicate', documentId: existing.id, events: 0, eventIds: [], joined: 0 };
        const { canonical } = await this.sources(q);
        // The row's columns in documentRowOf's order: text is $4 and title $5.
        const row = documentRowOf(id, doc, original);
        const columns = Object.keys(row);
        await q.query(
          `INSERT INTO documents (${columns.join(', ')}, search)
           VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}, observatory_words(coalesce($5, '') || ' ' || $4))`,
          Object.values(row),
        );
        const now = new Date().toISOString();
        // Analysts' merges and splits are looked up for each claim only once there are any.
        const links = !!(await this.one(q, 'SELECT 1 FROM cluster_links LIMIT 1'));
        const { eventIds, joined } = await placement.runAsync(
          placement.placeDocument(
            this.placement(q, links),
            { id, sha256: doc.sha256, publisher: doc.publisher },
            events,
            canonical,
            now,
          ),
        );
        await lockTail(q);
        const { grade } = await this.sources(q);
        for (const name of outletsNamed(doc.publisher, events, canonical, (n) => grade.has(n))) {
          await q.query(
            `INSERT INTO sources (name, kind, reports, last_seen) VALUES ($1, 'unknown', 1, $2)
             ON CONFLICT (name) DO UPDATE SET reports = sources.reports + 1,
               last_seen = greatest(coalesce(sources.last_seen, ''), excluded.last_seen)`,
            [name, doc.published],
          );
          if (!grade.has(name)) grade.set(name, 'F');
        }
        const storedClaims = await this.rows<{ id: string; body: string }>(
          q,
          'SELECT id, body FROM claims WHERE document_id = $1',
          [id],
        );
        await this.audit(
          q,
          {
            action: 'document.stored',
            actor: doc.capturedBy ?? doc.captureMethod,
            subject: id,
            detail: documentEntryDetail(doc, original.byteLength, storedClaims, eventIds),
          },
          now,
        );
        return { status: 'new' as const, documentId: id, events: events.length, eventIds, joined };
      });
    } catch (e) {
      if (e instanceof StoreError && e.message.startsWith('cannot reach')) throw e;
      throw new StoreError(`could not store document ${doc.id}: ${(e as Error).message}`);
    }
  }

  private async claimIdsOf(q: Q, eventId: string): Promise<string[]> {
    return (
      await this.rows<{ id: string }>(q, 'SELECT id FROM claims WHERE event_id = $1 ORDER BY seq', [eventId])
    ).map((r) => r.id);
  }

  async mergeEvents(target: string, other: string, by: string): Promise<EventDetail> {
    const a = await this.resolveId(target);
    const b = await this.resolveId(other);
    if (a === b) throw new StoreError(`${target} and ${other} are the same event`, 'invalid');
    await this.tx(async (q) => {
      const aClaims = await this.claimIdsOf(q, a);
      const bClaims = await this.claimIdsOf(q, b);
      if (aClaims.length === 0) throw new StoreError(`no event ${target}`, 'not_found');
      if (bClaims.length === 0) throw new StoreError(`no event ${other}`, 'not_found');
      const now = new Date().toISOString();
      await placement.runAsync(
        placement.mergeEvents(this.placement(q), a, b, { a: aClaims, b: bClaims }, by, now),
      );
    });
    return (await this.getEvent(a))!;
  }

  async splitEvent(eventId: string, claimIds: string[], by: string): Promise<EventDetail> {
    const id = await this.resolveId(eventId);
    const moving = [...new Set(claimIds)];
    const newId = `ev_${(moving[0] ?? 'cl_').slice(3)}`;
    await this.tx(async (q) => {
      const all = await this.claimIdsOf(q, id);
      if (all.length === 0) throw new StoreError(`no event ${eventId}`, 'not_found');
      const stray = moving.filter((c) => !all.includes(c));
      if (stray.length) throw new StoreError(`claims not in ${eventId}: ${stray.join(', ')}`, 'invalid');
      if (moving.length === 0 || moving.length === all.length)
        throw new StoreError("a split moves some of the event's claims, not none or all of them", 'invalid');
      const staying = all.filter((c) => !moving.includes(c));
      const now = new Date().toISOString();
      await placement.runAsync(
        placement.splitEvent(this.placement(q), id, newId, { moving, staying }, by, now),
      );
    });
    return (await this.getEvent(newId))!;
  }

  async recluster(
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ claims: number; events: number }> {
    return this.tx((q) =>
      placement.runAsync(placement.recluster(this.placement(q), new Date().toISOString(), onProgress)),
    );
  }
}
