// The team server's Store: PostgreSQL 15 through node-postgres. The same contract as the embedded
// SQLite store (test/store-contract.ts runs against both), with PostgreSQL's own means: a GiST
// index on each event's reach box for matching claims, tsvector columns with GIN indexes for full
// text, BIGSERIAL positions for keyset reads. Writes that place claims lock only the space-time
// cells their claims reach (postgres-placement.ts), so workers on many machines place far-apart
// claims at once and near ones one at a time; every other write holds the whole record's lock.
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { credibility } from '../../corroborate/consensus.js';
import { dayNumber } from '../../corroborate/cluster.js';
import * as placement from '../../corroborate/placement.js';
import { canonicaliser, outletsNamed } from '../../corroborate/sources.js';
import type { ExtractedEvent } from '../../extract/extract.js';
import {
  ACLED_COLUMNS,
  validDate,
  type Document,
  type RegisteredSource,
  type Reliability,
} from '../../model/index.js';
import {
  canonicalJson,
  contactEntryDetail,
  documentEntryDetail,
  tokenEntryDetail,
  nextEntry,
  type AuditEntry,
  type AuditInput,
  type AuditReport,
} from '../audit.js';
import {
  checkReview,
  claimFromRow,
  documentSummaryOfRow,
  userChangeDetail,
  apiTokenOfRow,
  sha256Hex,
  tokenIdOf,
  type StoredEventRow,
  historyOfRow,
  keptCellLevel,
  fieldColumns,
  fieldRow,
  type CellRow,
  mergeCells,
  onlyFilters,
  storedClaimOfRow,
  storedEventOfRow,
  withoutHash,
  exportRow,
  sourceOfRow,
  type SourceRow,
  reviewOfRow,
  standingCorrection,
  undoRefusal,
} from '../common.js';
import {
  FACET_FIELDS,
  hidesRejectedOnly,
  parseSearch,
  placeKeys,
  reviewStatuses,
  sortOrder,
  tsQueryText,
  type FacetField,
} from '../filters.js';
import {
  COUNT_CAP,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_POINTS,
  StoreError,
  documentIdFor,
  type ClaimFilter,
  type Delivery,
  type Credentials,
  type Role,
  type ApiToken,
  type Session,
  type User,
  type EventChange,
  type EventDetail,
  type EventFilter,
  type EventPage,
  type FieldPage,
  type ExportRow,
  type GridCell,
  type HistogramBucket,
  type HistoryEntry,
  type IngestOutcome,
  type MapPoint,
  type Review,
  type ReviewInput,
  type SeriesPoint,
  type SavedFilter,
  type Store,
  type StoredClaim,
  type StoredDocument,
  type StoredEvent,
  type Subscription,
  type SubscriptionInput,
} from '../store.js';
import { PG_MIGRATIONS } from './schema.js';
import { lockPlacement, lockTail, placementLocks, type CellLock } from './postgres-locks.js';
import { PostgresPlacement } from './postgres-placement.js';
import { verifyCustody, type DocumentRecord, type EventRecord } from '../custody.js';

type Q = pg.PoolClient | pg.Pool;

/**
 * The record's advisory lock, held until commit: exclusively by every write but a document's
 * placement, which holds it shared beside the locks of the cells its claims reach.
 */
const WRITE_LOCK = 7_262_017;
/** Times a placement is tried again after PostgreSQL broke a deadlock by ending it. */
const DEADLOCK_RETRIES = 5;

/** An event row: the columns both engines share, and PostgreSQL's own. */
type EventRow = StoredEventRow & {
  seq: string;
  hedged: boolean;
  day: number;
  movement_status: string | null;
};

type ClaimRow = placement.ClaimRow;

type Cause = placement.Cause;

/** Positional parameters ($1, $2, ...) gathered as a query is built. */
class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** A schema name safe to interpolate. */
function schemaName(s: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(s))
    throw new StoreError(`schema "${s}": use lower-case letters, digits and _`);
  return s;
}

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  private registry: { grade: Map<string, Reliability>; canonical: (name: string) => string } | null = null;
  private readonly schema: string | undefined;

  constructor(
    readonly url: string,
    opts: { schema?: string; max?: number } = {},
  ) {
    // Every connection works in the record's schema; migrate() creates it.
    this.schema = opts.schema ? schemaName(opts.schema) : undefined;
    this.pool = new pg.Pool({
      connectionString: url,
      max: opts.max ?? 10,
      // No JIT compilation: the store's queries are short, and a plan whose estimated cost is high
      // (a full-text filter with an OR) would spend hundreds of milliseconds compiling.
      options: `-c jit=off${this.schema ? ` -c search_path=${this.schema}` : ''}`,
    });
    // An idle client that loses its server (a restart) is dropped, not thrown.
    this.pool.on('error', () => undefined);
  }

  /** Where it is, with any password hidden. */
  get where(): string {
    return this.url.replace(/:[^:@/]*@/, ':***@');
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

  private async rows<T>(q: Q, sql: string, params: unknown[] = []): Promise<T[]> {
    return (await q.query(sql, params)).rows as T[];
  }

  private async one<T>(q: Q, sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(q, sql, params))[0];
  }

  async migrate(): Promise<void> {
    await this.tx(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK + 1]);
      if (this.schema) await q.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await q.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const done = new Set(
        (await this.rows<{ version: number }>(q, 'SELECT version FROM schema_migrations')).map(
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
      if (pending.some((m) => m.after === 'place-keys')) await this.indexPlaceKeys(q);
    }, false);
  }

  /** Events stored before their places' keys were searched on get them in their words. */
  private async indexPlaceKeys(q: Q): Promise<void> {
    let after = 0;
    for (;;) {
      const rows = await this.rows<{ seq: string; location: string; admin1: string; admin2: string }>(
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

  private async sources(q: Q = this.pool) {
    if (!this.registry) {
      const rows = await this.rows<SourceRow>(q, 'SELECT * FROM sources');
      this.registry = {
        grade: new Map(rows.map((r) => [r.name, r.reliability])),
        canonical: canonicaliser(
          rows.map((r) => ({ name: r.name, aliases: JSON.parse(r.aliases) as string[] })),
        ),
      };
    }
    return this.registry;
  }

  // ---- the write path: claims placed in events (corroborate/placement.ts) ----

  private placement(q: pg.PoolClient, links = true): PostgresPlacement {
    return new PostgresPlacement(q, { links, audit: (c, input, at) => this.audit(c, input, at) });
  }

  /** Recomputes an event from its claims (see refreshEvent). */
  private async refresh(q: pg.PoolClient, eventId: string, cause: Cause, now: string): Promise<void> {
    await placement.runAsync(placement.refreshEvent(this.placement(q), eventId, cause, now));
  }

  private async audit(q: Q, input: AuditInput, at = new Date().toISOString()): Promise<void> {
    const last = await this.one<{ seq: string; hash: string }>(
      q,
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    const e = nextEntry(last ? { seq: Number(last.seq), hash: last.hash } : undefined, input, at);
    await q.query(
      'INSERT INTO audit_log (seq, at, action, actor, subject, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [e.seq, e.at, e.action, e.actor, e.subject, canonicalJson(e.detail), e.prevHash, e.hash],
    );
  }

  // ---- the contract ----

  async ingest(doc: Document, events: ExtractedEvent[], original: Uint8Array): Promise<IngestOutcome> {
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
        await q.query(
          `INSERT INTO documents (id, external_id, sha256, text, title, url, publisher, published, language, captured_at,
             capture_method, captured_from, captured_by, original, not_coded, published_as_written, published_ambiguous, search)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, observatory_words(coalesce($5, '') || ' ' || $4))`,
          [
            id,
            doc.id,
            doc.sha256,
            doc.text,
            doc.title ?? null,
            doc.url ?? null,
            doc.publisher ?? null,
            doc.published,
            doc.language ?? null,
            doc.capturedAt,
            doc.captureMethod,
            doc.capturedFrom ?? null,
            doc.capturedBy ?? null,
            Buffer.from(original),
            doc.notCoded ?? null,
            doc.publishedAsWritten ?? null,
            doc.publishedAmbiguous ?? null,
          ],
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

  async getDocument(id: string): Promise<StoredDocument | null> {
    const r = await this.one<Record<string, string | null>>(
      this.pool,
      `SELECT id, external_id, sha256, text, title, url, publisher, published, language, captured_at, capture_method,
              captured_from, captured_by, not_coded, published_as_written, published_ambiguous FROM documents WHERE id = $1`,
      [id],
    );
    if (!r) return null;
    return {
      id: r.id!,
      externalId: r.external_id!,
      sha256: r.sha256!,
      text: r.text!,
      title: r.title ?? undefined,
      url: r.url ?? undefined,
      publisher: r.publisher ?? undefined,
      published: r.published!,
      language: r.language ?? undefined,
      capturedAt: r.captured_at!,
      captureMethod: r.capture_method as StoredDocument['captureMethod'],
      capturedFrom: r.captured_from ?? undefined,
      capturedBy: r.captured_by ?? undefined,
      ...(r.not_coded ? { notCoded: r.not_coded } : {}),
      ...(r.published_as_written ? { publishedAsWritten: r.published_as_written } : {}),
      ...(r.published_ambiguous ? { publishedAmbiguous: r.published_ambiguous } : {}),
    };
  }

  async getOriginal(id: string): Promise<Uint8Array | null> {
    const r = await this.one<{ original: Buffer }>(
      this.pool,
      'SELECT original FROM documents WHERE id = $1',
      [id],
    );
    return r ? new Uint8Array(r.original) : null;
  }

  /** The SQL condition for an event filter (events aliased `e`). */
  private filterSql(filter: EventFilter, p: Params): string {
    const where: string[] = [];
    if (filter.bbox) {
      const [w, s, e, n] = filter.bbox;
      where.push(
        `e.longitude BETWEEN ${p.add(w)} AND ${p.add(e)} AND e.latitude BETWEEN ${p.add(s)} AND ${p.add(n)}`,
      );
    }
    if (filter.start) where.push(`e.event_date >= ${p.add(filter.start)}`);
    if (filter.end) where.push(`e.event_date <= ${p.add(filter.end)}`);
    // The same window as day numbers, for the index on (day, longitude, latitude).
    if (filter.start && validDate(filter.start)) where.push(`e.day >= ${p.add(dayNumber(filter.start))}`);
    if (filter.end && validDate(filter.end)) where.push(`e.day <= ${p.add(dayNumber(filter.end))}`);
    // Exact values, as the record holds them (what the filter bar offers with their counts).
    for (const [key, column] of [
      ['eventType', 'event_type'],
      ['subEventType', 'sub_event_type'],
      ['country', 'country'],
      ['admin1', 'admin1'],
      ['admin2', 'admin2'],
      ['interaction', 'interaction'],
    ] as const) {
      const v = filter[key];
      if (v !== undefined && v !== '') where.push(`e.${column} = ${p.add(v)}`);
    }
    if (filter.minFatalities !== undefined && filter.minFatalities > 0)
      where.push(`e.fatalities >= ${p.add(filter.minFatalities)}`);
    if (filter.actor) {
      const like = p.add(`%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(e.actor1 ILIKE ${like} OR e.actor2 ILIKE ${like} OR e.assoc_actor_1 ILIKE ${like} OR e.assoc_actor_2 ILIKE ${like})`,
      );
    }
    if (filter.q !== undefined && filter.q !== '') {
      const search = parseSearch(filter.q);
      if (search.length === 0) where.push('false');
      else {
        const query = `to_tsquery('simple', ${p.add(tsQueryText(search))})`;
        where.push(`(e.search @@ ${query} OR e.id IN (SELECT ed.event_id FROM event_documents ed JOIN documents d ON d.id = ed.document_id
                      WHERE d.search @@ ${query}))`);
      }
    }
    if (filter.source)
      where.push(`e.voices ILIKE ${p.add(`%${filter.source.replace(/[\\%_"]/g, (c) => `\\${c}`)}%`)}`);
    if (filter.maxGeoPrecision) where.push(`e.geo_precision <= ${p.add(filter.maxGeoPrecision)}`);
    if (filter.minGrade)
      where.push(
        `EXISTS (SELECT 1 FROM sources s WHERE s.reliability <= ${p.add(filter.minGrade)} AND position('"' || s.name || '"' in e.voices) > 0)`,
      );
    const statuses = reviewStatuses(filter);
    if (hidesRejectedOnly(filter)) where.push("e.review_status <> 'rejected'");
    else if (statuses !== 'any') where.push(`e.review_status = ANY(${p.add(statuses)})`);
    if (filter.ids) where.push(`e.id = ANY(${p.add(filter.ids)})`);
    if (filter.excludeIds?.length) where.push(`NOT (e.id = ANY(${p.add(filter.excludeIds)}))`);
    return where.length ? `WHERE ${where.join(' AND ')}` : '';
  }

  async listEvents(filter: EventFilter): Promise<EventPage> {
    const { rows, ...page } = await this.page<EventRow>(filter, 'e.*');
    return { ...page, events: await this.hydrate(rows) };
  }

  async listEventFields(filter: EventFilter, fields: string[]): Promise<FieldPage> {
    const columns = fieldColumns(fields);
    const { rows, ...page } = await this.page<Record<string, string | number | null>>(
      filter,
      columns.map(([, c]) => `e.${c}`).join(', '),
    );
    return { ...page, events: rows.map((r) => fieldRow(r, columns)) };
  }

  /** A page of the events a filter matches, newest first, as rows of `select`, with how many match. */
  private async page<R>(
    filter: EventFilter,
    select: string,
  ): Promise<Omit<EventPage, 'events'> & { rows: R[] }> {
    const p = new Params();
    const clause = this.filterSql(filter, p);
    const limit = Math.max(1, Math.min(MAX_LIMIT, filter.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, filter.offset ?? 0);
    const counted = (await this.one<{ n: number }>(
      this.pool,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e ${clause} LIMIT ${COUNT_CAP + 1}) x`,
      p.values,
    ))!.n;
    const order = sortOrder(filter.sort);
    const by = order
      ? `e.${order.column} ${order.descending ? 'DESC' : 'ASC'}, e.seq ${order.descending ? 'DESC' : 'ASC'}`
      : 'e.event_date DESC, e.seq DESC';
    const rows = await this.rows<R & Record<string, unknown>>(
      this.pool,
      `SELECT ${select} FROM events e ${clause} ORDER BY ${by} LIMIT ${limit} OFFSET ${offset}`,
      p.values,
    );
    return { total: Math.min(counted, COUNT_CAP), totalExact: counted <= COUNT_CAP, limit, offset, rows };
  }

  private async hydrate(rows: EventRow[]): Promise<StoredEvent[]> {
    if (rows.length === 0) return [];
    const { grade } = await this.sources();
    const gradeOf = (s: string) => grade.get(s) ?? 'F';
    const docs = await this.rows<{ event_id: string; document_id: string }>(
      this.pool,
      'SELECT event_id, document_id FROM event_documents WHERE event_id = ANY($1) ORDER BY document_id',
      [rows.map((r) => r.id)],
    );
    return rows.map((r) =>
      storedEventOfRow(
        r,
        docs.filter((d) => d.event_id === r.id).map((d) => d.document_id),
        gradeOf,
      ),
    );
  }

  private async resolveId(id: string, q: Q = this.pool): Promise<string> {
    let current = id;
    for (let i = 0; i < 10; i++) {
      const a = await this.one<{ new_id: string }>(q, 'SELECT new_id FROM event_aliases WHERE old_id = $1', [
        current,
      ]);
      if (!a) break;
      current = a.new_id;
    }
    return current;
  }

  async getEvent(requested: string): Promise<EventDetail | null> {
    const id = await this.resolveId(requested);
    const row = await this.one<EventRow>(this.pool, 'SELECT * FROM events WHERE id = $1', [id]);
    if (!row) return null;
    const [event] = await this.hydrate([row]);
    const documents = await this.rows<Parameters<typeof documentSummaryOfRow>[0]>(
      this.pool,
      `SELECT d.id, d.external_id, d.title, d.publisher, d.published, d.url FROM event_documents ed JOIN documents d ON d.id = ed.document_id
       WHERE ed.event_id = $1 ORDER BY d.published, d.seq`,
      [id],
    );
    const claims = (
      await this.rows<ClaimRow>(this.pool, 'SELECT * FROM claims WHERE event_id = $1 ORDER BY seq', [id])
    ).map((r) => storedClaimOfRow(r));
    const history = (
      await this.rows<{
        version: number;
        at: string;
        action: HistoryEntry['action'];
        document_id: string | null;
        by: string | null;
        changes: string;
      }>(this.pool, 'SELECT * FROM event_history WHERE event_id = $1 ORDER BY version, seq', [id])
    ).map(historyOfRow);
    return {
      ...event!,
      documents: documents.map(documentSummaryOfRow),
      claims,
      history,
      reviews: await this.reviewsOf(this.pool, id),
    };
  }

  async listClaims(filter: ClaimFilter): Promise<StoredClaim[]> {
    const where: string[] = [];
    if (filter.movement) where.push('movement');
    if (filter.agreement) where.push('agreement');
    const rows = await this.rows<ClaimRow>(
      this.pool,
      `SELECT * FROM claims ${where.length ? `WHERE ${where.join(' OR ')}` : ''} ORDER BY seq`,
    );
    return rows.map((r) => storedClaimOfRow(r));
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

  async *exportRows(filter: EventFilter): AsyncGenerator<ExportRow[]> {
    const { grade } = await this.sources();
    const gradeOf = (s: string) => grade.get(s) ?? 'F';
    const credible = new Map<string, number>();
    let after = 0;
    for (;;) {
      const p = new Params();
      const clause = this.filterSql({ ...filter, limit: undefined, offset: undefined }, p);
      const rows = await this.rows<Record<string, unknown>>(
        this.pool,
        `SELECT e.seq, e.id, ${ACLED_COLUMNS.map((c) => `e.${c}`).join(', ')}, e.voices, e.hedged, e.claim_count, e.contested, e.review_status,
                CASE WHEN e.flags LIKE '%"imported:acled"%' THEN (e.details::json -> 'imported' -> 'row')::text END AS kept
         FROM events e ${clause ? `${clause} AND` : 'WHERE'} e.seq > ${p.add(after)} ORDER BY e.seq LIMIT 5000`,
        p.values,
      );
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1]!.seq);
      yield rows.map((r) => {
        const key = `${String(r.hedged)}${r.voices as string}`;
        let c = credible.get(key);
        if (c === undefined) {
          c = credibility(JSON.parse(r.voices as string) as string[][], gradeOf, r.hedged as boolean);
          credible.set(key, c);
        }
        const contested = r.contested as string;
        return exportRow(
          r.id as string,
          ACLED_COLUMNS.map((k) => r[k] as string | number | null),
          r.kept as string | null,
          {
            credibility: c,
            reports: r.claim_count as number,
            contested: contested === '{}' ? '' : Object.keys(JSON.parse(contested) as object).join(';'),
            reviewStatus: r.review_status as string,
          },
        );
      });
    }
  }

  async mapPoints(
    filter: EventFilter,
    opts: { whole?: boolean } = {},
  ): Promise<{ total: number; points: MapPoint[] }> {
    const p = new Params();
    const clause = this.filterSql(filter, p);
    const placed = `${clause ? `${clause} AND` : 'WHERE'} e.latitude IS NOT NULL`;
    const limit = Math.max(1, Math.min(MAX_POINTS, filter.limit ?? MAX_POINTS));
    if (opts.whole) {
      const n = (await this.one<{ n: number }>(
        this.pool,
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e ${placed} LIMIT ${limit + 1}) x`,
        p.values,
      ))!.n;
      if (n > limit) return { total: n, points: [] };
    }
    const rows = await this.rows<{
      id: string;
      longitude: number;
      latitude: number;
      event_type: string;
      geo_precision: number;
    }>(
      this.pool,
      `SELECT e.id, e.longitude, e.latitude, e.event_type, e.geo_precision FROM events e ${placed}
       ORDER BY e.event_date DESC LIMIT ${limit}`,
      p.values,
    );
    const total =
      rows.length < limit
        ? rows.length
        : (await this.one<{ n: number }>(
            this.pool,
            `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e ${placed} LIMIT ${COUNT_CAP}) x`,
            p.values,
          ))!.n;
    return { total, points: rows.map((r) => [r.id, r.longitude, r.latitude, r.event_type, r.geo_precision]) };
  }

  async grid(filter: EventFilter, cell: number): Promise<GridCell[]> {
    const { bbox, start, end, eventType } = filter;
    const at = keptCellLevel(cell);
    if (
      at !== undefined &&
      !start &&
      !end &&
      hidesRejectedOnly(filter) &&
      onlyFilters(filter, ['bbox', 'eventType', 'reviewStatus'])
    ) {
      // The whole record, by box and type: the cells kept as events are written.
      const size = 360 / 2 ** at;
      const [w, s, e, n] = bbox ?? [-180, -90, 180, 90];
      const p = new Params();
      const rows = await this.rows<CellRow>(
        this.pool,
        `SELECT gx, gy, event_type, n, lon, lat FROM event_cells
         WHERE level = ${p.add(at)} AND gx BETWEEN ${p.add(Math.floor((w + 180) / size))} AND ${p.add(Math.floor((e + 180) / size))}
           AND gy BETWEEN ${p.add(Math.floor((s + 90) / size))} AND ${p.add(Math.floor((n + 90) / size))} AND n > 0
           ${eventType ? `AND event_type = ${p.add(eventType)}` : ''}`,
        p.values,
      );
      // The kept cells count every event: the rejected ones are taken off.
      return mergeCells(rows, await this.cellRows({ bbox, eventType, reviewStatus: 'rejected' }, size));
    }
    return mergeCells(await this.cellRows(filter, cell));
  }

  /** The filtered placed events counted per cell of `cell` degrees and type. */
  private async cellRows(filter: EventFilter, cell: number): Promise<CellRow[]> {
    const p = new Params();
    const clause = this.filterSql(filter, p);
    const size = p.add(cell);
    return this.rows<CellRow>(
      this.pool,
      `SELECT floor((e.longitude + 180) / ${size})::int AS gx, floor((e.latitude + 90) / ${size})::int AS gy,
              e.event_type, count(*)::int AS n, sum(e.longitude) AS lon, sum(e.latitude) AS lat
       FROM events e ${clause ? `${clause} AND` : 'WHERE'} e.latitude IS NOT NULL GROUP BY gx, gy, e.event_type`,
      p.values,
    );
  }

  async histogram(filter: EventFilter, interval: 'day' | 'month' | 'year'): Promise<HistogramBucket[]> {
    const width = interval === 'day' ? 10 : interval === 'month' ? 7 : 4;
    const { start, end, eventType } = filter;
    const days = (!start || validDate(start)) && (!end || validDate(end));
    if (
      hidesRejectedOnly(filter) &&
      onlyFilters(filter, ['start', 'end', 'eventType', 'reviewStatus']) &&
      days
    ) {
      // Filtered by type and dates only: read the daily counts kept as events are written, less
      // the rejected events they include.
      const off = new Map(
        (await this.bucketRows({ start, end, eventType, reviewStatus: 'rejected' }, width)).map((b) => [
          `${b.bucket}|${b.event_type}`,
          b.count,
        ]),
      );
      const p = new Params();
      const where = [
        ...(start ? [`day >= ${p.add(dayNumber(start))}`] : []),
        ...(end ? [`day <= ${p.add(dayNumber(end))}`] : []),
        ...(eventType ? [`event_type = ${p.add(eventType)}`] : []),
        'n > 0',
      ];
      const kept = await this.rows<HistogramBucket>(
        this.pool,
        `SELECT left(to_char(date '1970-01-01' + day, 'YYYY-MM-DD'), ${width}) AS bucket, event_type, sum(n)::int AS count
         FROM event_counts WHERE ${where.join(' AND ')} GROUP BY bucket, event_type ORDER BY bucket, event_type`,
        p.values,
      );
      if (off.size === 0) return kept;
      return kept
        .map((b) => ({ ...b, count: b.count - (off.get(`${b.bucket}|${b.event_type}`) ?? 0) }))
        .filter((b) => b.count > 0);
    }
    return this.bucketRows(filter, width);
  }

  /** The filtered events counted per bucket (the first `width` characters of their date) and type. */
  private async bucketRows(filter: EventFilter, width: number): Promise<HistogramBucket[]> {
    const p = new Params();
    const clause = this.filterSql(filter, p);
    return this.rows<HistogramBucket>(
      this.pool,
      `SELECT substr(e.event_date, 1, ${width}) AS bucket, e.event_type, count(*)::int AS count FROM events e ${clause}
       GROUP BY bucket, e.event_type ORDER BY bucket, e.event_type`,
      p.values,
    );
  }

  async series(
    filter: EventFilter,
    interval: 'day' | 'month' | 'year',
    by: 'event_type' | 'actor1',
    measure: 'events' | 'fatalities',
  ): Promise<SeriesPoint[]> {
    const width = interval === 'day' ? 10 : interval === 'month' ? 7 : 4;
    const key = by === 'actor1' ? 'e.actor1' : 'e.event_type';
    const value = measure === 'fatalities' ? 'sum(e.fatalities)::int' : 'count(*)::int';
    const p = new Params();
    const clause = this.filterSql({ ...filter, limit: undefined, offset: undefined }, p);
    return this.rows<SeriesPoint>(
      this.pool,
      `SELECT substr(e.event_date, 1, ${width}) AS bucket, ${key} AS key, ${value} AS value FROM events e ${clause}
       GROUP BY bucket, key ORDER BY bucket, key`,
      p.values,
    );
  }

  async reviewEvent(requested: string, review: ReviewInput): Promise<EventDetail> {
    const id = await this.resolveId(requested);
    await this.tx(async (q) => {
      const row = await this.one<{ event_type: string; version: number }>(
        q,
        'SELECT event_type, version FROM events WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!row) throw new StoreError(`no event ${requested}`, 'not_found');
      if (review.version !== undefined && review.version !== row.version)
        throw new StoreError(
          `${id} has changed since version ${review.version} (it is at version ${row.version} now): look at it again before deciding`,
          'conflict',
          { id, version: row.version },
        );
      const { changes, status } = checkReview(review, row.event_type);
      const now = new Date().toISOString();
      const before = await this.one<{ fields: string }>(
        q,
        'SELECT fields FROM corrections WHERE event_id = $1',
        [id],
      );
      const fields = { ...(before ? (JSON.parse(before.fields) as object) : {}), ...changes };
      await q.query(
        `INSERT INTO corrections (event_id, status, fields) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO UPDATE SET status = excluded.status, fields = excluded.fields`,
        [id, status, JSON.stringify(fields)],
      );
      await q.query(
        'INSERT INTO reviews (event_id, action, by, at, changes, note) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, review.action, review.by, now, JSON.stringify(changes), review.note ?? null],
      );
      await this.refresh(q, id, { action: 'reviewed', by: review.by }, now);
      await this.audit(
        q,
        {
          action: 'event.reviewed',
          actor: review.by,
          subject: id,
          detail: { action: review.action, changes, note: review.note ?? null },
        },
        now,
      );
    }).catch(async (e: unknown) => {
      // A refusal shows the event as it is now, read after the transaction is over.
      if (e instanceof StoreError && e.kind === 'conflict')
        throw new StoreError(e.message, 'conflict', await this.getEvent(id));
      throw e;
    });
    return (await this.getEvent(id))!;
  }

  async undoReview(reviewId: number, by: string): Promise<EventDetail> {
    const row = await this.one<{ event_id: string }>(
      this.pool,
      'SELECT event_id FROM reviews WHERE seq = $1',
      [reviewId],
    );
    if (!row) throw new StoreError(`no review decision ${reviewId}`, 'not_found');
    const id = await this.resolveId(row.event_id);
    await this.tx(async (q) => {
      // Decisions on one event are taken in turn: the event's row is the lock.
      await q.query('SELECT 1 FROM events WHERE id = $1 FOR UPDATE', [id]);
      const reviews = await this.reviewsOf(q, row.event_id);
      const target = reviews.find((r) => r.id === reviewId)!;
      const refused = undoRefusal(target, reviews, by);
      if (refused) throw refused;
      const now = new Date().toISOString();
      await q.query('INSERT INTO review_undos (review_id, by, at) VALUES ($1, $2, $3)', [reviewId, by, now]);
      const standing = standingCorrection(await this.reviewsOf(q, row.event_id));
      if (standing)
        await q.query('UPDATE corrections SET status = $1, fields = $2 WHERE event_id = $3', [
          standing.status,
          JSON.stringify(standing.fields),
          id,
        ]);
      else await q.query('DELETE FROM corrections WHERE event_id = $1', [id]);
      await this.refresh(q, id, { action: 'reviewed', by }, now);
      await this.audit(
        q,
        {
          action: 'event.review_undone',
          actor: by,
          subject: id,
          detail: { review: reviewId, action: target.action, changes: target.changes ?? {} },
        },
        now,
      );
    });
    return (await this.getEvent(id))!;
  }

  private async reviewsOf(q: Q, eventId: string | undefined): Promise<Review[]> {
    return (
      await this.rows<Parameters<typeof reviewOfRow>[0]>(
        q,
        `SELECT r.seq AS id, r.event_id, r.action, r.by, r.at, r.changes, r.note, u.by AS undone_by, u.at AS undone_at
         FROM reviews r LEFT JOIN review_undos u ON u.review_id = r.seq ${eventId ? 'WHERE r.event_id = $1' : ''} ORDER BY r.seq`,
        eventId ? [eventId] : [],
      )
    ).map(reviewOfRow);
  }

  async listReviews(eventId?: string): Promise<Review[]> {
    return this.reviewsOf(this.pool, eventId);
  }

  async facets(
    filter: EventFilter,
    field: FacetField,
    limit: number,
  ): Promise<Array<{ value: string | number; count: number }>> {
    if (!FACET_FIELDS.includes(field)) throw new StoreError(`no facet ${field}`, 'invalid');
    const p = new Params();
    const clause = this.filterSql({ ...filter, limit: undefined, offset: undefined }, p);
    const nonEmpty = field === 'interaction' ? '' : `e.${field} <> ''`;
    const where = [clause.replace(/^WHERE /, ''), nonEmpty].filter(Boolean).join(' AND ');
    return this.rows<{ value: string | number; count: number }>(
      this.pool,
      `SELECT e.${field} AS value, count(*)::int AS count FROM events e ${where ? `WHERE ${where}` : ''}
       GROUP BY e.${field} ORDER BY count DESC, value LIMIT ${Math.max(1, Math.min(1000, Math.floor(limit)))}`,
      p.values,
    );
  }

  async storeContact(documentId: string, details: string): Promise<void> {
    await this.tx(async (q) => {
      const now = new Date().toISOString();
      const { rowCount } = await q.query(
        'INSERT INTO contacts (document_id, details, created_at) VALUES ($1, $2, $3) ON CONFLICT (document_id) DO NOTHING',
        [documentId, details, now],
      );
      if (rowCount)
        await this.audit(
          q,
          {
            action: 'contact.stored',
            actor: 'form',
            subject: documentId,
            detail: contactEntryDetail(details),
          },
          now,
        );
    });
  }

  async listSources(): Promise<RegisteredSource[]> {
    return (await this.rows<SourceRow>(this.pool, 'SELECT * FROM sources ORDER BY name')).map(sourceOfRow);
  }

  async registerSources(sources: RegisteredSource[]): Promise<void> {
    await this.tx(async (q) => {
      for (const s of sources)
        await q.query(
          `INSERT INTO sources (name, kind, country, languages, aliases, reliability) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, country = excluded.country, languages = excluded.languages, aliases = excluded.aliases`,
          [
            s.name,
            s.kind,
            s.country ?? null,
            JSON.stringify(s.languages ?? []),
            JSON.stringify(s.aliases),
            s.reliability,
          ],
        );
    }, false);
    this.registry = null;
  }

  async gradeSource(name: string, grade: Reliability, by: string): Promise<RegisteredSource> {
    if (!/^[A-F]$/.test(grade)) throw new StoreError(`grade "${grade}": use A, B, C, D, E or F`, 'invalid');
    const canonical = (await this.sources()).canonical(name);
    await this.tx(async (q) => {
      const now = new Date().toISOString();
      const before = await this.one<{ reliability: string }>(
        q,
        'SELECT reliability FROM sources WHERE name = $1',
        [canonical],
      );
      if (before)
        await q.query('UPDATE sources SET reliability = $1, graded_by = $2, graded_at = $3 WHERE name = $4', [
          grade,
          by,
          now,
          canonical,
        ]);
      else
        await q.query(
          "INSERT INTO sources (name, kind, reliability, graded_by, graded_at) VALUES ($1, 'unknown', $2, $3, $4)",
          [canonical, grade, by, now],
        );
      await this.audit(
        q,
        {
          action: 'source.graded',
          actor: by,
          subject: canonical,
          detail: { from: before?.reliability ?? null, to: grade },
        },
        now,
      );
    });
    this.registry = null;
    return (await this.listSources()).find((s) => s.name === canonical)!;
  }

  async counts(): Promise<{ documents: number; events: number }> {
    const r = (await this.one<{ documents: number; events: number }>(
      this.pool,
      'SELECT (SELECT count(*)::int FROM documents) AS documents, (SELECT count(*)::int FROM events) AS events',
    ))!;
    return { documents: r.documents, events: r.events };
  }

  async changesSince(cursor: number, limit: number): Promise<{ cursor: number; changes: EventChange[] }> {
    const rows = await this.rows<{
      seq: string;
      event_id: string;
      version: number;
      action: string;
      at: string;
    }>(
      this.pool,
      'SELECT seq, event_id, version, action, at FROM event_history WHERE seq > $1 ORDER BY seq LIMIT $2',
      [cursor, limit],
    );
    return {
      cursor: rows.length ? Number(rows[rows.length - 1]!.seq) : cursor,
      changes: rows.map((r) => ({
        cursor: Number(r.seq),
        eventId: r.event_id,
        version: r.version,
        action: r.action as EventChange['action'],
        at: r.at,
      })),
    };
  }

  async latestChange(): Promise<number> {
    return Number(
      (await this.one<{ n: string }>(this.pool, 'SELECT coalesce(max(seq), 0) AS n FROM event_history'))!.n,
    );
  }

  async dataVersion(): Promise<string> {
    // The server's current snapshot: which transactions have committed. A transaction that only
    // reads takes no transaction id, so the snapshot moves only with writes (to any database of
    // the server, which at worst makes a kept response be read again).
    return (await this.one<{ v: string }>(this.pool, 'SELECT pg_current_snapshot()::text AS v'))!.v;
  }

  async saveSubscription(input: SubscriptionInput): Promise<Subscription> {
    const id = `sub_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const cursor = await this.latestChange();
    await this.tx(async (q) => {
      await q.query(
        `INSERT INTO subscriptions (id, name, filter, webhook_url, secret, cursor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          id,
          input.name,
          JSON.stringify(input.filter),
          input.webhookUrl ?? null,
          input.secret ?? null,
          cursor,
          new Date().toISOString(),
        ],
      );
      await this.audit(q, {
        action: 'subscription.saved',
        actor: 'api',
        subject: id,
        detail: { name: input.name, filter: input.filter, webhookUrl: input.webhookUrl ?? null },
      });
    });
    return (await this.getSubscription(id))!;
  }

  private subscription(r: Record<string, string | null>): Subscription {
    return {
      id: r.id!,
      name: r.name!,
      filter: JSON.parse(r.filter!) as SavedFilter,
      ...(r.webhook_url ? { webhookUrl: r.webhook_url } : {}),
      signed: r.secret !== null,
      cursor: Number(r.cursor),
      createdAt: r.created_at!,
      ...(r.last_delivery ? { lastDelivery: JSON.parse(r.last_delivery) as Delivery } : {}),
    };
  }

  async listSubscriptions(): Promise<Subscription[]> {
    return (
      await this.rows<Record<string, string | null>>(
        this.pool,
        'SELECT * FROM subscriptions ORDER BY created_at, id',
      )
    ).map((r) => this.subscription(r));
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    const r = await this.one<Record<string, string | null>>(
      this.pool,
      'SELECT * FROM subscriptions WHERE id = $1',
      [id],
    );
    return r ? this.subscription(r) : null;
  }

  async subscriptionSecret(id: string): Promise<string | null> {
    return (
      (
        await this.one<{ secret: string | null }>(
          this.pool,
          'SELECT secret FROM subscriptions WHERE id = $1',
          [id],
        )
      )?.secret ?? null
    );
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.tx(async (q) => {
      const { rowCount } = await q.query('DELETE FROM subscriptions WHERE id = $1', [id]);
      if (!rowCount) throw new StoreError(`no subscription ${id}`, 'not_found');
      await this.audit(q, { action: 'subscription.deleted', actor: 'api', subject: id, detail: {} });
    });
  }

  async advanceSubscription(id: string, cursor: number, delivery?: Delivery): Promise<void> {
    await this.pool.query(
      'UPDATE subscriptions SET cursor = greatest(cursor, $1), last_delivery = coalesce($2, last_delivery) WHERE id = $3',
      [cursor, delivery ? JSON.stringify(delivery) : null, id],
    );
  }

  private user(r: Record<string, unknown>): User {
    return {
      id: r.id as string,
      name: r.name as string,
      role: r.role as Role,
      disabled: r.disabled as boolean,
      createdAt: r.created_at as string,
    };
  }

  async createUser(input: { name: string; role: Role; passwordHash: string }, by: string): Promise<User> {
    const id = `usr_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    try {
      await this.tx(async (q) => {
        const now = new Date().toISOString();
        await q.query(
          'INSERT INTO users (id, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
          [id, input.name, input.role, input.passwordHash, now],
        );
        await this.audit(
          q,
          {
            action: 'user.created',
            actor: by,
            subject: id,
            detail: { name: input.name, role: input.role, passwordSha256: sha256Hex(input.passwordHash) },
          },
          now,
        );
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new StoreError(`a user ${input.name} exists`, 'invalid');
      throw e;
    }
    return withoutHash((await this.findUser(input.name))!);
  }

  async findUser(name: string): Promise<Credentials | null> {
    const r = await this.one<Record<string, unknown>>(this.pool, 'SELECT * FROM users WHERE name = $1', [
      name,
    ]);
    return r ? { ...this.user(r), passwordHash: r.password_hash as string } : null;
  }

  async listUsers(): Promise<User[]> {
    return (await this.rows<Record<string, unknown>>(this.pool, 'SELECT * FROM users ORDER BY name')).map(
      (r) => this.user(r),
    );
  }

  async updateUser(
    name: string,
    change: { role?: Role; passwordHash?: string; disabled?: boolean },
    by: string,
  ): Promise<User> {
    const user = await this.findUser(name);
    if (!user) throw new StoreError(`no user ${name}`, 'not_found');
    await this.tx(async (q) => {
      const now = new Date().toISOString();
      await q.query('UPDATE users SET role = $1, password_hash = $2, disabled = $3 WHERE id = $4', [
        change.role ?? user.role,
        change.passwordHash ?? user.passwordHash,
        change.disabled ?? user.disabled,
        user.id,
      ]);
      if (change.disabled || change.passwordHash)
        await q.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
      // A new password ends every way in the old one gave: sessions and API tokens alike.
      const revoked = change.passwordHash
        ? (
            await this.rows<{ token_hash: string }>(
              q,
              'SELECT token_hash FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY token_hash',
              [user.id],
            )
          ).map((r) => tokenIdOf(r.token_hash))
        : [];
      if (revoked.length)
        await q.query('UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [
          now,
          user.id,
        ]);
      await this.audit(
        q,
        {
          action: 'user.changed',
          actor: by,
          subject: user.id,
          detail: userChangeDetail(user, change, revoked),
        },
        now,
      );
    });
    return withoutHash((await this.findUser(name))!);
  }

  async saveSession(x: {
    tokenHash: string;
    userId: string;
    csrf: string;
    expiresAt: string;
  }): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE expires_at < $1', [new Date().toISOString()]);
    await this.pool.query(
      'INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)',
      [x.tokenHash, x.userId, x.csrf, x.expiresAt],
    );
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const r = await this.one<Record<string, unknown>>(
      this.pool,
      `SELECT u.*, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
      [tokenHash, new Date().toISOString()],
    );
    return r ? { user: this.user(r), csrf: r.csrf as string, expiresAt: r.expires_at as string } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async saveApiToken(
    t: { tokenHash: string; userId: string; name: string; expiresAt: string },
    by: string,
  ): Promise<ApiToken> {
    await this.tx(async (q) => {
      const now = new Date().toISOString();
      await q.query(
        'INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [t.tokenHash, t.userId, t.name, now, t.expiresAt],
      );
      await this.audit(
        q,
        { action: 'token.created', actor: by, subject: t.userId, detail: tokenEntryDetail(t) },
        now,
      );
    });
    return (await this.tokensWhere('t.token_hash = $1', [t.tokenHash]))[0]!;
  }

  async findApiToken(tokenHash: string): Promise<User | null> {
    const r = await this.one<Record<string, unknown>>(
      this.pool,
      `SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND NOT u.disabled
       AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)`,
      [tokenHash, new Date().toISOString()],
    );
    return r ? this.user(r) : null;
  }

  private async tokensWhere(where: string, params: unknown[]): Promise<ApiToken[]> {
    return (
      await this.rows<Parameters<typeof apiTokenOfRow>[0]>(
        this.pool,
        `SELECT t.*, u.name AS user_name FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE ${where} ORDER BY t.created_at, t.token_hash`,
        params,
      )
    ).map(apiTokenOfRow);
  }

  async listApiTokens(userName?: string): Promise<ApiToken[]> {
    return userName === undefined
      ? this.tokensWhere('true', [])
      : this.tokensWhere('u.name = $1', [userName]);
  }

  async revokeApiToken(id: string, by: string): Promise<ApiToken> {
    const m = /^tok_([0-9a-f]{16})$/.exec(id);
    if (!m) throw new StoreError(`no token ${id}: a token id is tok_ and 16 hex digits`, 'not_found');
    let hash = '';
    await this.tx(async (q) => {
      const now = new Date().toISOString();
      const row = await this.one<{ token_hash: string; user_id: string; revoked_at: string | null }>(
        q,
        'SELECT token_hash, user_id, revoked_at FROM api_tokens WHERE substr(token_hash, 1, 16) = $1 FOR UPDATE',
        [m[1]],
      );
      if (!row) throw new StoreError(`no token ${id}`, 'not_found');
      hash = row.token_hash;
      if (row.revoked_at) return;
      await q.query('UPDATE api_tokens SET revoked_at = $1 WHERE token_hash = $2', [now, row.token_hash]);
      await this.audit(
        q,
        { action: 'token.revoked', actor: by, subject: row.user_id, detail: { token: id } },
        now,
      );
    });
    return (await this.tokensWhere('t.token_hash = $1', [hash]))[0]!;
  }

  async readContact(documentId: string): Promise<string | null> {
    return (
      (
        await this.one<{ details: string }>(
          this.pool,
          'SELECT details FROM contacts WHERE document_id = $1',
          [documentId],
        )
      )?.details ?? null
    );
  }

  private async *auditRows(after = 0): AsyncGenerator<AuditEntry> {
    for (let from = after; ;) {
      const rows = await this.rows<Record<string, string>>(
        this.pool,
        'SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000',
        [from],
      );
      if (rows.length === 0) return;
      for (const r of rows)
        yield {
          seq: Number(r.seq),
          at: r.at!,
          action: r.action as AuditEntry['action'],
          actor: r.actor!,
          subject: r.subject!,
          detail: JSON.parse(r.detail!) as Record<string, unknown>,
          prevHash: r.prev_hash!,
          hash: r.hash!,
        };
      from = Number(rows[rows.length - 1]!.seq);
    }
  }

  async auditLog(after: number, limit: number): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for await (const e of this.auditRows(after)) {
      if (out.length >= limit) break;
      out.push(e);
    }
    return out;
  }

  async verifyAudit(): Promise<AuditReport> {
    const pool = this.pool;
    const rows = this.rows.bind(this);
    type Doc = Omit<DocumentRecord, 'claims'> & {
      seq: string;
      sha256: string;
      text: string;
      original: Buffer;
    };
    return verifyCustody({
      entries: this.auditRows(),
      documents: async function* () {
        for (let from = 0; ;) {
          const batch = await rows<Doc>(
            pool,
            `SELECT seq, id, sha256, text, original, external_id, captured_at, capture_method, captured_from, captured_by,
                    published, publisher, url, title, not_coded, published_as_written FROM documents WHERE seq > $1 ORDER BY seq LIMIT 200`,
            [from],
          );
          if (batch.length === 0) return;
          const claims = await rows<{ document_id: string; id: string; body: string }>(
            pool,
            'SELECT document_id, id, body FROM claims WHERE document_id = ANY($1)',
            [batch.map((d) => d.id)],
          );
          for (const d of batch) yield { ...d, claims: claims.filter((c) => c.document_id === d.id) };
          from = Number(batch[batch.length - 1]!.seq);
        }
      },
      events: async function* (): AsyncGenerator<EventRecord> {
        for (let from = ''; ;) {
          const batch = await rows<EventRecord['row']>(
            pool,
            'SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT 500',
            [from],
          );
          if (batch.length === 0) return;
          const claims = await rows<ClaimRow>(
            pool,
            'SELECT * FROM claims WHERE event_id = ANY($1) ORDER BY seq',
            [batch.map((e) => e.id)],
          );
          const of = new Map<string, ClaimRow[]>();
          for (const c of claims) of.set(c.event_id, [...(of.get(c.event_id) ?? []), c]);
          for (const row of batch) yield { row, claims: (of.get(row.id) ?? []).map(claimFromRow) };
          from = batch[batch.length - 1]!.id;
        }
      },
      corrections: async () =>
        rows(pool, 'SELECT event_id, status, fields FROM corrections ORDER BY event_id'),
      reviews: async () => (await this.listReviews()).map((r) => ({ ...r, changes: r.changes ?? {} })),
      grade: async (name: string) =>
        (
          await this.one<{ reliability: string }>(pool, 'SELECT reliability FROM sources WHERE name = $1', [
            name,
          ])
        )?.reliability,
      users: async () => rows(pool, 'SELECT id, name, role, disabled, password_hash FROM users'),
      tokens: async () =>
        rows(pool, 'SELECT token_hash, user_id, name, expires_at, revoked_at FROM api_tokens'),
      contacts: async () => rows(pool, 'SELECT document_id, details FROM contacts'),
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
