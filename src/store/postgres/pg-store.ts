// The team server's Store: PostgreSQL 15 through node-postgres. The same contract as the embedded
// SQLite store (test/store-contract.ts runs against both), with PostgreSQL's own means: a GiST
// index on each event's reach box for matching claims, tsvector columns with GIN indexes for full
// text, BIGSERIAL positions for keyset reads. Writes that place claims take one advisory lock, so
// workers on many machines cluster as if one at a time, and each runs in one transaction.
// The store is its concerns composed (postgres-documents.ts, postgres-events.ts, ...) over one pool
// (postgres-connection.ts); what places claims in events is here.
import pg from 'pg';
import { createHash } from 'node:crypto';
import {
  actorsOf,
  chooseEvent,
  claimRecord,
  codedPart,
  dayNumber,
  explicitDay,
  reach,
  reachable,
  relatedTypes,
  TIME_WINDOW_DAYS,
  type Candidate,
  type ClaimRecord,
} from '../../corroborate/cluster.js';
import { consensus, type Consensus } from '../../corroborate/consensus.js';
import { outletsNamed, rootOf } from '../../corroborate/sources.js';
import { signatureFromBuffer, signatureToBuffer } from '../../corroborate/text.js';
import type { ExtractedEvent } from '../../extract/extract.js';
import type { Document } from '../../model/index.js';
import { documentEntryDetail, type AuditInput } from '../audit.js';
import { compose, composed } from '../compose.js';
import { placeKeys } from '../filters.js';
import { initialStatus } from '../reviews.js';
import { claimFromRow, eventChanges, eventColumns, type ClaimRow } from '../rows.js';
import {
  StoreError,
  documentIdFor,
  type EventDetail,
  type HistoryEntry,
  type IngestOutcome,
  type Store,
} from '../store.js';
import { Params, PostgresConnection, queryOne, queryRows, type Q } from './postgres-connection.js';
import { upgrade } from './postgres-upgrade.js';
import { PostgresDocuments } from './postgres-documents.js';
import { PostgresEvents, type EventRow } from './postgres-events.js';
import { PostgresAggregates } from './postgres-aggregates.js';
import { PostgresEdits } from './postgres-edits.js';
import { PostgresSources } from './postgres-sources.js';
import { PostgresChanges } from './postgres-changes.js';
import { PostgresSubscriptions } from './postgres-subscriptions.js';
import { PostgresAccounts } from './postgres-accounts.js';
import { PostgresAudit } from './postgres-audit.js';

/** The advisory lock every write that places claims holds until it commits. */
const WRITE_LOCK = 7_262_017;

interface Cause {
  action: HistoryEntry['action'];
  documentId?: string;
  by?: string;
}

const EVENT_COLUMNS =
  `event_date, time_precision, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
  country, admin1, admin2, location, latitude, longitude, geo_precision, fatalities, notes, source, plover, hedged, confidence, details, attribution, flags,
  created_at, updated_at, day, movement_status, evidence, contested, voices, fatalities_range, claim_count, version, review_status, reach, first_day, last_day`.split(
    /,\s*/,
  );

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

  private async tx<T>(fn: (q: pg.PoolClient) => Promise<T>, lock = true): Promise<T> {
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
      if (lock) await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
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

  // ---- the write path: claims placed in events ----

  private async linked(q: Q, claimId: string): Promise<Set<string>> {
    const rows = await this.rows<{ other: string }>(
      q,
      `SELECT CASE WHEN claim_a = $1 THEN claim_b ELSE claim_a END AS other FROM cluster_links
       WHERE kind = 'cannot' AND (claim_a = $1 OR claim_b = $1)`,
      [claimId],
    );
    return new Set(rows.map((r) => r.other));
  }

  private async mustJoin(q: Q, claimId: string): Promise<string | undefined> {
    const row = await this.one<{ event_id: string }>(
      q,
      `SELECT c.event_id FROM cluster_links l JOIN claims c ON c.id = CASE WHEN l.claim_a = $1 THEN l.claim_b ELSE l.claim_a END
       WHERE l.kind = 'must' AND (l.claim_a = $1 OR l.claim_b = $1) AND c.event_id <> '' LIMIT 1`,
      [claimId],
    );
    return row?.event_id;
  }

  private async candidates(q: Q, c: ClaimRecord): Promise<Candidate[]> {
    const r = reach(c);
    const types = relatedTypes(c.event_type);
    const columns =
      'id, event_type, sub_event_type, event_date, time_precision, latitude, longitude, geo_precision, country, actor1, actor2, assoc_actor_1, assoc_actor_2, movement_status';
    let rows: EventRow[];
    if (r) {
      rows = await this.rows<EventRow>(
        q,
        `SELECT ${columns} FROM events
         WHERE reach && box(point($1, $2), point($3, $4)) AND first_day <= $5 AND last_day >= $6 AND event_type = ANY($7)`,
        [r.west, r.south, r.east, r.north, r.to, r.from, types],
      );
      if (c.country !== '') {
        const day = dayNumber(c.event_date);
        rows.push(
          ...(await this.rows<EventRow>(
            q,
            `SELECT ${columns} FROM events WHERE latitude IS NULL AND country = $1 AND day BETWEEN $2 AND $3 AND sub_event_type = $4 LIMIT 100`,
            [c.country, day - 31, day + 31, c.sub_event_type],
          )),
        );
      }
    } else {
      // An unplaced claim may report an event placed anywhere in its country, of its kind.
      const day = dayNumber(c.event_date);
      const w = TIME_WINDOW_DAYS[3]!;
      rows = await this.rows<EventRow>(
        q,
        `SELECT ${columns} FROM events WHERE country = $1 AND day BETWEEN $2 AND $3 AND sub_event_type = $4 LIMIT 500`,
        [c.country, day - w, day + w, c.sub_event_type],
      );
    }
    const typeSet = new Set<string>(types);
    const reached: Array<Omit<Candidate, 'claims'>> = [];
    for (const row of rows) {
      if (!typeSet.has(row.event_type)) continue;
      const e = {
        id: row.id,
        event_type: row.event_type,
        sub_event_type: row.sub_event_type,
        event_date: row.event_date,
        time_precision: row.time_precision,
        latitude: row.latitude,
        longitude: row.longitude,
        geo_precision: row.geo_precision,
        country: row.country,
        actors: actorsOf(row),
        movementStatus: (row.movement_status ?? undefined) as Candidate['movementStatus'],
      };
      if (reachable(c, e)) reached.push(e);
    }
    if (reached.length === 0) return [];
    // The claims of every candidate in one round trip.
    const claims = await this.rows<{
      event_id: string;
      id: string;
      document_id: string;
      root: string;
      signature: Buffer;
      names: string;
      explicit_day: number | null;
      dataset: string | null;
    }>(
      q,
      'SELECT event_id, id, document_id, root, signature, names, explicit_day, dataset FROM claims WHERE event_id = ANY($1) ORDER BY seq',
      [reached.map((e) => e.id)],
    );
    return reached.map((e) => ({
      ...e,
      claims: claims
        .filter((x) => x.event_id === e.id)
        .map((x) => ({
          id: x.id,
          documentId: x.document_id,
          root: x.root,
          signature: signatureFromBuffer(x.signature),
          names: JSON.parse(x.names) as string[],
          day: x.explicit_day,
          dataset: x.dataset,
        })),
    }));
  }

  private async place(
    q: Q,
    c: ClaimRecord,
    cause: Cause,
    now: string,
    links = true,
  ): Promise<{ eventId: string; created: boolean }> {
    const tied = links ? await this.mustJoin(q, c.id) : undefined;
    let choice: { event: { id: string } } | null = tied ? { event: { id: tied } } : null;
    if (!choice) {
      const cannot = links ? await this.linked(q, c.id) : new Set<string>();
      choice = chooseEvent(c, await this.candidates(q, c), (a, b) => cannot.has(a === c.id ? b : a));
    }
    const eventId = choice ? choice.event.id : `ev_${c.id.slice(3)}`;
    await q.query(
      `INSERT INTO claims (id, event_id, document_id, root, signature, names, explicit_day, movement, agreement, body, created_at, dataset)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id`,
      [
        c.id,
        eventId,
        c.documentId,
        c.root,
        signatureToBuffer(c.signature),
        JSON.stringify(c.names),
        explicitDay(c),
        !!c.details.movement,
        // A claim that carries its document's deal reading is listed with the agreements.
        c.sub_event_type === 'Agreement' || !!c.details.deal,
        JSON.stringify(codedPart(c)),
        now,
        c.details.imported?.dataset ?? null,
      ],
    );
    await this.refresh(
      q,
      eventId,
      choice ? { ...cause, action: cause.action === 'created' ? 'claim_added' : cause.action } : cause,
      now,
      choice ? undefined : c,
    );
    return { eventId, created: !choice };
  }

  private async claimsOf(q: Q, eventId: string): Promise<ClaimRecord[]> {
    return (
      await this.rows<ClaimRow>(q, 'SELECT * FROM claims WHERE event_id = $1 ORDER BY seq', [eventId])
    ).map(claimFromRow);
  }

  /** Recomputes an event from its claims (deleting it when none are left) and records what changed. */
  private async refresh(
    q: Q,
    eventId: string,
    cause: Cause,
    now: string,
    fresh?: ClaimRecord,
  ): Promise<void> {
    const claims = fresh ? [fresh] : await this.claimsOf(q, eventId);
    const old = fresh
      ? undefined
      : await this.one<EventRow>(q, 'SELECT * FROM events WHERE id = $1', [eventId]);
    if (claims.length === 0) {
      if (old) {
        await q.query('DELETE FROM event_documents WHERE event_id = $1', [eventId]);
        await q.query('DELETE FROM events WHERE id = $1', [eventId]);
      }
      return;
    }
    const m: Consensus & { review_status?: string } = consensus(claims);
    const review = await this.one<{ status: string; fields: string }>(
      q,
      'SELECT status, fields FROM corrections WHERE event_id = $1',
      [eventId],
    );
    if (review) Object.assign(m, JSON.parse(review.fields) as Partial<Consensus>);
    m.review_status = review?.status ?? initialStatus(claims);
    const version = old
      ? old.version + 1
      : cause.action === 'created'
        ? 1
        : ((
            await this.one<{ v: number | null }>(
              q,
              'SELECT max(version) AS v FROM event_history WHERE event_id = $1',
              [eventId],
            )
          )?.v ?? 0) + 1;
    const changes = old ? eventChanges(old, m, claims.length) : {};
    await this.write(q, eventId, m, claims, version, old?.created_at ?? now, now);
    await q.query(
      'INSERT INTO event_documents (event_id, document_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [eventId, [...new Set(claims.map((c) => c.documentId))]],
    );
    if (cause.action !== 'reclustered')
      await q.query(
        'INSERT INTO event_history (event_id, version, at, action, document_id, by, changes) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [
          eventId,
          version,
          now,
          old ? cause.action : 'created',
          cause.documentId ?? null,
          cause.by ?? null,
          JSON.stringify(changes),
        ],
      );
  }

  private async write(
    q: Q,
    id: string,
    m: Consensus & { review_status?: string },
    claims: ClaimRecord[],
    version: number,
    createdAt: string,
    now: string,
  ): Promise<void> {
    const boxes = claims.map(reach).filter((b) => b !== null);
    const values: Record<string, unknown> = {
      ...eventColumns(m, claims, version, createdAt, now),
      reach: boxes.length
        ? `(${Math.max(...boxes.map((b) => b.east))},${Math.max(...boxes.map((b) => b.north))}),(${Math.min(
            ...boxes.map((b) => b.west),
          )},${Math.min(...boxes.map((b) => b.south))})`
        : null,
      first_day: boxes.length ? Math.min(...boxes.map((b) => b.from)) : null,
      last_day: boxes.length ? Math.max(...boxes.map((b) => b.to)) : null,
    };
    const p = new Params();
    const idRef = p.add(id);
    const refs = EVENT_COLUMNS.map((c) => p.add(values[c]));
    const notes = p.add([...new Set(claims.map((c) => c.notes))].join(' '));
    const actors = p.add([m.actor1, m.assoc_actor_1, m.actor2, m.assoc_actor_2].join(' '));
    const places = p.add(
      [m.location, m.admin1, m.admin2, m.country, placeKeys(m.location, m.admin1, m.admin2)].join(' '),
    );
    const search = `observatory_words(${notes} || ' ' || ${actors} || ' ' || ${places})`;
    await q.query(
      `INSERT INTO events (id, ${EVENT_COLUMNS.join(', ')}, search) VALUES (${idRef}, ${refs.join(', ')}, ${search})
       ON CONFLICT (id) DO UPDATE SET ${EVENT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, search = excluded.search`,
      p.values,
    );
  }

  // ---- the contract ----

  async ingest(doc: Document, events: ExtractedEvent[], original: Uint8Array): Promise<IngestOutcome> {
    const id = documentIdFor(doc.sha256);
    try {
      return await this.tx(async (q) => {
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
        const eventIds: string[] = [];
        let joined = 0;
        // Analysts' merges and splits are looked up for each claim only once there are any.
        const links = !!(await this.one(q, 'SELECT 1 FROM cluster_links LIMIT 1'));
        for (const [i, e] of events.entries()) {
          const placed = await this.place(
            q,
            claimRecord(
              e,
              `cl_${createHash('sha256').update(`${doc.sha256}:${i}`).digest('hex').slice(0, 20)}`,
              id,
              rootOf(e, doc.publisher, canonical),
            ),
            { action: 'created', documentId: id },
            now,
            links,
          );
          if (!placed.created) joined++;
          if (!eventIds.includes(placed.eventId)) eventIds.push(placed.eventId);
        }
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

  private async link(
    q: Q,
    a: string,
    b: string,
    kind: 'must' | 'cannot',
    by: string,
    at: string,
  ): Promise<void> {
    const [x, y] = a < b ? [a, b] : [b, a];
    await q.query(
      `INSERT INTO cluster_links (claim_a, claim_b, kind, by, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (claim_a, claim_b) DO UPDATE SET kind = excluded.kind, by = excluded.by, at = excluded.at`,
      [x, y, kind, by, at],
    );
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
      for (const x of aClaims) for (const y of bClaims) await this.link(q, x, y, 'must', by, now);
      await q.query('UPDATE claims SET event_id = $1 WHERE event_id = $2', [a, b]);
      await this.refresh(q, b, { action: 'merged', by }, now);
      await q.query('DELETE FROM event_documents WHERE event_id = $1', [b]);
      await q.query(
        'INSERT INTO event_aliases (old_id, new_id) VALUES ($1, $2) ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id',
        [b, a],
      );
      await q.query('DELETE FROM event_aliases WHERE old_id = $1', [a]);
      await this.refresh(q, a, { action: 'merged', by }, now);
      await this.audit(
        q,
        { action: 'event.merged', actor: by, subject: a, detail: { merged: b, claims: bClaims } },
        now,
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
      for (const x of moving) for (const y of staying) await this.link(q, x, y, 'cannot', by, now);
      await q.query('UPDATE claims SET event_id = $1 WHERE id = ANY($2)', [newId, moving]);
      await q.query('DELETE FROM event_aliases WHERE old_id = $1', [newId]);
      await q.query('DELETE FROM event_documents WHERE event_id = $1', [id]);
      await this.refresh(q, id, { action: 'split', by }, now);
      await this.refresh(q, newId, { action: 'split', by }, now);
      await this.audit(
        q,
        { action: 'event.split', actor: by, subject: id, detail: { into: newId, claims: moving } },
        now,
      );
    });
    return (await this.getEvent(newId))!;
  }

  async recluster(
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ claims: number; events: number }> {
    return this.tx(async (q) => {
      const now = new Date().toISOString();
      const rows = await this.rows<ClaimRow & { seq: string }>(q, 'SELECT * FROM claims ORDER BY seq');
      const before = new Map(rows.map((r) => [r.id, r.event_id]));
      await q.query("DELETE FROM event_documents; DELETE FROM events; UPDATE claims SET event_id = ''");
      for (const [i, r] of rows.entries()) {
        await this.place(q, claimFromRow(r), { action: 'reclustered' }, now);
        onProgress?.(i + 1, rows.length);
      }
      const after = new Map<string, string[]>();
      const was = new Map<string, string[]>();
      for (const r of await this.rows<{ id: string; event_id: string }>(
        q,
        'SELECT id, event_id FROM claims ORDER BY seq',
      )) {
        after.set(r.event_id, [...(after.get(r.event_id) ?? []), r.id]);
        const old = before.get(r.id)!;
        was.set(old, [...(was.get(old) ?? []), r.id]);
      }
      for (const [id, claims] of after) {
        const previous = was.get(id) ?? [];
        if (previous.join() !== claims.join())
          await q.query(
            `INSERT INTO event_history (event_id, version, at, action, changes)
             SELECT $1, version, $2, 'reclustered', $3 FROM events WHERE id = $1`,
            [id, now, JSON.stringify({ claims: [previous, claims] })],
          );
      }
      const events = (await this.one<{ n: number }>(q, 'SELECT count(*)::int AS n FROM events'))!.n;
      await this.audit(
        q,
        {
          action: 'record.reclustered',
          actor: 'recluster',
          subject: 'record',
          detail: { claims: rows.length, events },
        },
        now,
      );
      return { claims: rows.length, events };
    });
  }
}
