// The embedded Store: one SQLite file in WAL mode, FTS5 for text, an R*Tree for coordinates.
import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ACLED_COLUMNS,
  validDate,
  type AcledFields,
  type Document,
  type RegisteredSource,
  type Reliability,
} from '../../model/index.js';
import type { ExtractedEvent } from '../../extract/extract.js';
import { credibility } from '../../corroborate/consensus.js';
import { claimRecord, dayNumber } from '../../corroborate/cluster.js';
import { canonicaliser, outletsNamed, rootOf } from '../../corroborate/sources.js';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  StoreError,
  documentIdFor,
  type ClaimFilter,
  type EventDetail,
  type EventFilter,
  type EventPage,
  type FieldPage,
  type GridCell,
  type HistogramBucket,
  type MapPoint,
  MAX_POINTS,
  COUNT_CAP,
  type HistoryEntry,
  type Review,
  type ReviewInput,
  type SeriesPoint,
  type IngestOutcome,
  type Store,
  type StoredClaim,
  type StoredDocument,
  type StoredEvent,
  type ApiToken,
  type Delivery,
  type Credentials,
  type Role,
  type Session,
  type User,
  type ExportRow,
  type EventChange,
  type SavedFilter,
  type Subscription,
  type SubscriptionInput,
} from '../store.js';
import { claimFromRow, SqlitePlacement, type ClaimRow } from './sqlite-placement.js';
import * as placement from '../../corroborate/placement.js';
import { verifyCustody, type DocumentRecord, type EventRecord } from '../custody.js';
import { MIGRATIONS } from './migrations.js';
import {
  FACET_FIELDS,
  ftsMatch,
  hidesRejectedOnly,
  parseSearch,
  placeKeys,
  reviewStatuses,
  sortOrder,
  type FacetField,
} from '../filters.js';
import {
  checkReview,
  codingOfRow,
  reviewOfRow,
  standingCorrection,
  undoRefusal,
  keptCellLevel,
  fieldColumns,
  fieldRow,
  type CellRow,
  documentSummaryOfRow,
  historyOfRow,
  mergeCells,
  onlyFilters,
  storedClaimOfRow,
  storedEventOfRow,
  userChangeDetail,
  withoutHash,
  apiTokenOfRow,
  sha256Hex,
  tokenIdOf,
  exportRow,
  sourceOfRow,
  type SourceRow,
} from '../common.js';
import {
  canonicalJson,
  contactEntryDetail,
  documentEntryDetail,
  nextEntry,
  tokenEntryDetail,
  type AuditEntry,
  type AuditInput,
  type AuditReport,
} from '../audit.js';

/** A row of the events table: ACLED's columns as stored, the structured parts as JSON text. */
interface EventRow extends AcledFields {
  rowid: number;
  id: string;
  plover: string;
  hedged: number;
  confidence: number;
  details: string;
  attribution: string;
  flags: string;
  created_at: string;
  updated_at: string;
  evidence: string;
  contested: string;
  voices: string;
  fatalities_range: string | null;
  review_status: string;
  claim_count: number;
  version: number;
}

/** Row numbers of rejected events: what the kept counts and the map's indexes include but a list hides. */
const REJECTED_ROWS = "SELECT rowid FROM events INDEXED BY events_review WHERE review_status = 'rejected'";

/**
 * The rejected events among those of a box, a window and a type, as a condition read through the
 * review index alone (they are few): what is taken off the kept counts.
 */
function rejectedWhere(f: Pick<EventFilter, 'bbox' | 'start' | 'end' | 'eventType'>): {
  clause: string;
  params: Record<string, unknown>;
} {
  const where = ["e.review_status = 'rejected'"];
  const params: Record<string, unknown> = {};
  if (f.bbox) {
    where.push('e.longitude BETWEEN @w AND @e AND e.latitude BETWEEN @s AND @n');
    Object.assign(params, { w: f.bbox[0], s: f.bbox[1], e: f.bbox[2], n: f.bbox[3] });
  }
  for (const [key, condition] of [
    ['start', 'e.event_date >= @start'],
    ['end', 'e.event_date <= @end'],
    ['eventType', 'e.event_type = @eventType'],
  ] as const) {
    if (!f[key]) continue;
    where.push(condition);
    params[key] = f[key];
  }
  return { clause: `INDEXED BY events_review WHERE ${where.join(' AND ')}`, params };
}

interface DocumentRow {
  id: string;
  external_id: string;
  sha256: string;
  text: string;
  title: string | null;
  url: string | null;
  publisher: string | null;
  published: string;
  language: string | null;
  captured_at: string;
  capture_method: string;
  captured_from: string | null;
  captured_by: string | null;
  not_coded: string | null;
  published_as_written?: string | null;
  published_ambiguous?: string | null;
}

interface UserRow {
  id: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: string;
}

interface SubscriptionRow {
  id: string;
  name: string;
  filter: string;
  webhook_url: string | null;
  secret: string | null;
  cursor: number;
  last_delivery: string | null;
  created_at: string;
}

/** How long one try at the write lock waits inside SQLite, blocking the event loop. */
const BUSY_WAIT_MS = 50;
/** How long a write waits for the lock in all before it is refused as busy. */
const WRITE_DEADLINE_MS = 10_000;

/**
 * Why a database cannot be written, when it is because its disk is full (under 1 MB free, or
 * none at all for this process): said so, with what to do. Undefined when there is room.
 */
function diskFull(path: string): string | undefined {
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

export class SqliteStore implements Store {
  readonly db: Database.Database;
  private writer!: SqlitePlacement;
  private versionQuery: Database.Statement | undefined;
  private registry: { grade: Map<string, Reliability>; canonical: (name: string) => string } | null = null;

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

  async migrate(): Promise<void> {
    const pendingNow = () => {
      const known = this.db
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
        .get();
      if (!known) return MIGRATIONS;
      const done = new Set(
        (this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
          (r) => r.version,
        ),
      );
      return MIGRATIONS.filter((m) => !done.has(m.version));
    };
    if (pendingNow().length === 0) return;
    // All pending steps in one transaction, data steps once the schema is complete: an upgrade
    // either happens whole or not at all. Several processes starting on one file at once: the
    // first to take the write lock migrates, the others find nothing left to do.
    await this.write(() => {
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const pending = pendingNow();
      for (const m of pending) {
        this.db.exec(m.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, new Date().toISOString());
      }
      if (pending.some((m) => m.after === 'claims-from-events')) this.claimsFromEvents();
      if (pending.some((m) => m.after === 'audit-existing-documents')) this.auditExistingDocuments();
      if (pending.some((m) => m.after === 'place-keys')) this.indexPlaceKeys();
    });
  }

  /**
   * Runs `fn` as one write transaction that takes the write lock first (BEGIN IMMEDIATE): a
   * transaction that read first and wrote later could not wait for another process's write (SQLite
   * refuses the upgrade at once). While another process holds the lock it is tried again, the
   * event loop free between tries, until WRITE_DEADLINE_MS; then a StoreError 'busy' says so.
   */
  private async write<T>(fn: () => T): Promise<T> {
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

  /** Events stored before their places' keys were indexed are indexed under them. */
  private indexPlaceKeys(): void {
    this.db.function('observatory_place_keys', { deterministic: true }, (a, b, c) =>
      placeKeys(a as string | null, b as string | null, c as string | null),
    );
    this.db.exec(
      `DELETE FROM event_places;
       INSERT INTO event_places (rowid, keys) SELECT rowid, observatory_place_keys(location, admin1, admin2) FROM events`,
    );
  }

  /** Documents stored before the audit log began are entered in it, marked as entered late. */
  private auditExistingDocuments(): void {
    const now = new Date().toISOString();
    const docs = this.db
      .prepare(
        'SELECT id, sha256, text, length(original) AS bytes, external_id, captured_at, capture_method, captured_from FROM documents ORDER BY rowid',
      )
      .all() as Array<{
      id: string;
      sha256: string;
      text: string;
      bytes: number;
      external_id: string;
      captured_at: string;
      capture_method: string;
      captured_from: string | null;
    }>;
    for (const d of docs)
      this.audit(
        {
          action: 'document.stored',
          actor: d.capture_method,
          subject: d.id,
          detail: {
            sha256: d.sha256,
            textSha256: createHash('sha256').update(d.text).digest('hex'),
            bytes: d.bytes,
            externalId: d.external_id,
            capturedAt: d.captured_at,
            captureMethod: d.capture_method,
            capturedFrom: d.captured_from,
            enteredAtUpgrade: true,
          },
        },
        now,
      );
  }

  /** Version 1 kept one event per extracted claim; each becomes a claim of an event of its own. */
  private claimsFromEvents(): void {
    const rows = this.db
      .prepare(
        `SELECT e.*, ed.document_id, d.publisher FROM events e JOIN event_documents ed ON ed.event_id = e.id
         JOIN documents d ON d.id = ed.document_id ORDER BY e.rowid`,
      )
      .all() as Array<EventRow & { document_id: string; publisher: string | null }>;
    const spans = this.db.prepare('SELECT start, end, text FROM evidence WHERE event_id = ? ORDER BY start');
    const evidence = new Map(rows.map((r) => [r.id, spans.all(r.id) as ExtractedEvent['evidence']]));
    const now = new Date().toISOString();
    this.db.exec(
      'DROP TABLE evidence; DELETE FROM events_fts; DELETE FROM events_rtree; DELETE FROM event_counts; DELETE FROM event_cells; DELETE FROM event_documents; DELETE FROM events;',
    );
    const canonical = canonicaliser([]);
    for (const r of rows) {
      const body = { ...this.rowToExtracted(r), evidence: evidence.get(r.id) ?? [] };
      this.writer.place(
        claimRecord(
          body,
          `cl_${r.id.slice(3)}`,
          r.document_id,
          rootOf(body, r.publisher ?? undefined, canonical),
        ),
        { action: 'created', documentId: r.document_id },
        now,
      );
    }
  }

  private rowToExtracted(r: EventRow): ExtractedEvent {
    return codingOfRow(r);
  }

  private sources(): { grade: Map<string, Reliability>; canonical: (name: string) => string } {
    if (!this.registry) {
      const rows = this.db.prepare('SELECT * FROM sources').all() as SourceRow[];
      this.registry = {
        grade: new Map(rows.map((r) => [r.name, r.reliability])),
        canonical: canonicaliser(
          rows.map((r) => ({ name: r.name, aliases: JSON.parse(r.aliases) as string[] })),
        ),
      };
    }
    return this.registry;
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

  async getDocument(id: string): Promise<StoredDocument | null> {
    const r = this.db
      .prepare(
        'SELECT id, external_id, sha256, text, title, url, publisher, published, language, captured_at, capture_method, captured_from, captured_by, not_coded, published_as_written, published_ambiguous FROM documents WHERE id = ?',
      )
      .get(id) as DocumentRow | undefined;
    if (!r) return null;
    return {
      id: r.id,
      externalId: r.external_id,
      sha256: r.sha256,
      text: r.text,
      title: r.title ?? undefined,
      url: r.url ?? undefined,
      publisher: r.publisher ?? undefined,
      published: r.published,
      language: r.language ?? undefined,
      capturedAt: r.captured_at,
      captureMethod: r.capture_method as StoredDocument['captureMethod'],
      capturedFrom: r.captured_from ?? undefined,
      capturedBy: r.captured_by ?? undefined,
      ...(r.not_coded ? { notCoded: r.not_coded } : {}),
      ...(r.published_as_written ? { publishedAsWritten: r.published_as_written } : {}),
      ...(r.published_ambiguous ? { publishedAmbiguous: r.published_ambiguous } : {}),
    };
  }

  async getOriginal(id: string): Promise<Uint8Array | null> {
    const r = this.db.prepare('SELECT original FROM documents WHERE id = ?').get(id) as
      { original: Buffer } | undefined;
    return r ? new Uint8Array(r.original) : null;
  }

  /**
   * The R*Tree condition for a filter's box and days (parameters @w @s @e @n @startDay @endDay, as
   * `where` sets them). An event's R*Tree entry is its point and its day, so the days select exactly
   * the dates the filter's start and end do.
   */
  private boxCondition(filter: EventFilter): string {
    return `min_lon >= @w AND max_lon <= @e AND min_lat >= @s AND max_lat <= @n${
      filter.start ? ' AND min_day >= @startDay' : ''
    }${filter.end ? ' AND max_day <= @endDay' : ''}`;
  }

  /** The SQL condition and parameters for an event filter (events aliased `e`). */
  private where(filter: EventFilter): { clause: string; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.bbox) {
      const [w, s, e, n] = filter.bbox;
      where.push(`e.rowid IN (SELECT id FROM events_rtree WHERE ${this.boxCondition(filter)})`);
      Object.assign(params, { w, s, e, n });
      if (filter.start) params.startDay = dayNumber(filter.start);
      if (filter.end) params.endDay = dayNumber(filter.end);
    }
    if (filter.start) {
      where.push('e.event_date >= @start');
      params.start = filter.start;
    }
    if (filter.end) {
      where.push('e.event_date <= @end');
      params.end = filter.end;
    }
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
      if (v === undefined || v === '') continue;
      where.push(`e.${column} = @${key}`);
      params[key] = v;
    }
    if (filter.minFatalities !== undefined && filter.minFatalities > 0) {
      where.push('e.fatalities >= @minFatalities');
      params.minFatalities = filter.minFatalities;
    }
    if (filter.actor) {
      where.push(
        "(e.actor1 LIKE @actor ESCAPE '\\' OR e.actor2 LIKE @actor ESCAPE '\\' OR e.assoc_actor_1 LIKE @actor ESCAPE '\\' OR e.assoc_actor_2 LIKE @actor ESCAPE '\\')",
      );
      params.actor = `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.q) {
      const q = ftsMatch(parseSearch(filter.q));
      if (q === '') {
        where.push('0');
      } else {
        where.push(`(e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @q)
          OR e.rowid IN (SELECT rowid FROM event_places WHERE event_places MATCH @q)
          OR e.id IN (SELECT ed.event_id FROM event_documents ed JOIN documents d ON d.id = ed.document_id
                      WHERE d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @q)))`);
        params.q = q;
      }
    }
    if (filter.source) {
      where.push("e.voices LIKE @source ESCAPE '\\'");
      params.source = `%${filter.source.replace(/[\\%_"]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.maxGeoPrecision) {
      where.push('e.geo_precision <= @maxGeoPrecision');
      params.maxGeoPrecision = filter.maxGeoPrecision;
    }
    if (filter.minGrade) {
      where.push(
        `EXISTS (SELECT 1 FROM sources s WHERE s.reliability <= @minGrade AND instr(e.voices, '"' || s.name || '"') > 0)`,
      );
      params.minGrade = filter.minGrade;
    }
    const statuses = reviewStatuses(filter);
    // By row number from the (small) set of rejected events: a covering index stays usable.
    if (hidesRejectedOnly(filter)) where.push(`e.rowid NOT IN (${REJECTED_ROWS})`);
    else if (statuses !== 'any') {
      where.push('e.review_status IN (SELECT value FROM json_each(@statuses))');
      params.statuses = JSON.stringify(statuses);
    }
    if (filter.ids) {
      where.push('e.id IN (SELECT value FROM json_each(@ids))');
      params.ids = JSON.stringify(filter.ids);
    }
    if (filter.excludeIds?.length) {
      where.push('e.id NOT IN (SELECT value FROM json_each(@excludeIds))');
      params.excludeIds = JSON.stringify(filter.excludeIds);
    }
    return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  async listEvents(filter: EventFilter): Promise<EventPage> {
    const { rows, ...page } = this.page<EventRow>(filter, 'e.*');
    return { ...page, events: this.hydrate(rows) };
  }

  async listEventFields(filter: EventFilter, fields: string[]): Promise<FieldPage> {
    const columns = fieldColumns(fields);
    const { rows, ...page } = this.page<Record<string, string | number | null>>(
      filter,
      columns.map(([, c]) => `e.${c}`).join(', '),
    );
    return { ...page, events: rows.map((r) => fieldRow(r, columns)) };
  }

  /**
   * A page of the events a filter matches, newest first, as rows of `select`, with how many match.
   * A box with nothing else but dates is answered by the R*Tree alone, whose third dimension is the
   * event's day: counted and ordered there, and only the page's rows read from the table.
   * Otherwise the filter is applied to the table, the matches ordered by date and row number alone,
   * and again only the page read in full.
   */
  private page<R>(filter: EventFilter, select: string): Omit<EventPage, 'events'> & { rows: R[] } {
    const limit = Math.max(1, Math.min(MAX_LIMIT, filter.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, filter.offset ?? 0);
    const { clause, params } = this.where(filter);
    const order = sortOrder(filter.sort);
    // Only real dates have a day number; any other start or end is compared as text, as below.
    const inBox =
      filter.bbox &&
      !order &&
      hidesRejectedOnly(filter) &&
      onlyFilters(filter, ['bbox', 'start', 'end', 'reviewStatus']) &&
      (!filter.start || validDate(filter.start)) &&
      (!filter.end || validDate(filter.end));
    const matching = inBox
      ? `SELECT id FROM events_rtree WHERE ${this.boxCondition(filter)} AND id NOT IN (${REJECTED_ROWS})`
      : `SELECT e.rowid FROM events e ${clause}`;
    const counted = (
      this.db.prepare(`SELECT count(*) AS n FROM (${matching} LIMIT ${COUNT_CAP + 1})`).get(params) as {
        n: number;
      }
    ).n;
    const by = order
      ? `e.${order.column} ${order.descending ? 'DESC' : 'ASC'}, e.rowid ${order.descending ? 'DESC' : 'ASC'}`
      : 'e.event_date DESC, e.rowid DESC';
    const ordered = inBox
      ? `${matching} ORDER BY min_day DESC, id DESC LIMIT @limit OFFSET @offset`
      : `${matching} ORDER BY ${by} LIMIT @limit OFFSET @offset`;
    const rows = this.db
      .prepare(`SELECT ${select} FROM events e WHERE e.rowid IN (${ordered}) ORDER BY ${by}`)
      .all({ ...params, limit, offset }) as R[];
    return { total: Math.min(counted, COUNT_CAP), totalExact: counted <= COUNT_CAP, limit, offset, rows };
  }

  private hydrate(rows: EventRow[]): StoredEvent[] {
    if (rows.length === 0) return [];
    const { grade } = this.sources();
    const gradeOf = (s: string) => grade.get(s) ?? 'F';
    const ids = rows.map((r) => r.id);
    const marks = ids.map(() => '?').join(',');
    const docs = this.db
      .prepare(`SELECT event_id, document_id FROM event_documents WHERE event_id IN (${marks})`)
      .all(...ids) as Array<{ event_id: string; document_id: string }>;
    return rows.map((r) =>
      storedEventOfRow(
        r,
        docs.filter((d) => d.event_id === r.id).map((d) => d.document_id),
        gradeOf,
      ),
    );
  }

  /** The id an event answers under now (an event merged away answers under the one it joined). */
  private resolveId(id: string): string {
    let current = id;
    for (let i = 0; i < 10; i++) {
      const a = this.db.prepare('SELECT new_id FROM event_aliases WHERE old_id = ?').get(current) as
        { new_id: string } | undefined;
      if (!a) break;
      current = a.new_id;
    }
    return current;
  }

  async getEvent(requested: string): Promise<EventDetail | null> {
    const id = this.resolveId(requested);
    const row = this.db.prepare('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
    if (!row) return null;
    const [event] = this.hydrate([row]);
    const documents = this.db
      .prepare(
        `SELECT d.id, d.external_id, d.title, d.publisher, d.published, d.url FROM event_documents ed JOIN documents d ON d.id = ed.document_id
         WHERE ed.event_id = ? ORDER BY d.published, d.rowid`,
      )
      .all(id) as Array<Parameters<typeof documentSummaryOfRow>[0]>;
    const claims = (
      this.db.prepare('SELECT * FROM claims WHERE event_id = ? ORDER BY rowid').all(id) as ClaimRow[]
    ).map((r) => storedClaimOfRow(r));
    const history = (
      this.db
        .prepare('SELECT * FROM event_history WHERE event_id = ? ORDER BY version, rowid')
        .all(id) as Array<{
        version: number;
        at: string;
        action: HistoryEntry['action'];
        document_id: string | null;
        by: string | null;
        changes: string;
      }>
    ).map(historyOfRow);
    return {
      ...event!,
      documents: documents.map(documentSummaryOfRow),
      claims,
      history,
      reviews: this.reviewsOf(id),
    };
  }

  async listClaims(filter: ClaimFilter): Promise<StoredClaim[]> {
    const where: string[] = [];
    if (filter.movement) where.push('movement = 1');
    if (filter.agreement) where.push('agreement = 1');
    const rows = this.db
      .prepare(`SELECT * FROM claims ${where.length ? `WHERE ${where.join(' OR ')}` : ''} ORDER BY rowid`)
      .all() as ClaimRow[];
    return rows.map((r) => storedClaimOfRow(r));
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

  async *exportRows(filter: EventFilter): AsyncGenerator<ExportRow[]> {
    const { clause, params } = this.where({ ...filter, limit: undefined, offset: undefined });
    const n = ACLED_COLUMNS.length;
    // Positional rows: id, ACLED's columns, what the record's own columns come from, the kept
    // columns of an imported ACLED row (read only for such events), then rowid.
    const next = this.db
      .prepare(
        `SELECT e.id, ${ACLED_COLUMNS.map((c) => `e.${c}`).join(', ')},
                e.voices, e.hedged, e.claim_count, e.contested, e.review_status,
                CASE WHEN e.flags LIKE '%"imported:acled"%' THEN json_extract(e.details, '$.imported.row') END,
                e.rowid
         FROM events e ${clause ? `${clause} AND` : 'WHERE'} e.rowid > @after ORDER BY e.rowid LIMIT 5000`,
      )
      .raw();
    const { grade } = this.sources();
    const gradeOf = (s: string) => grade.get(s) ?? 'F';
    // Events share few sets of voices: each set's credibility is worked out once.
    const credible = new Map<string, number>();
    const [VOICES, HEDGED, CLAIMS, CONTESTED, REVIEW, KEPT, ROWID] = [1, 2, 3, 4, 5, 6, 7].map(
      (i) => n + i,
    ) as [number, number, number, number, number, number, number];
    let after = 0;
    for (;;) {
      const rows = next.all({ ...params, after }) as Array<Array<string | number | null>>;
      if (rows.length === 0) return;
      after = rows[rows.length - 1]![ROWID] as number;
      if (credible.size > 100_000) credible.clear();
      yield rows.map((r) => {
        const voices = r[VOICES] as string;
        const key = `${r[HEDGED]}${voices}`;
        let c = credible.get(key);
        if (c === undefined) {
          c = credibility(JSON.parse(voices) as string[][], gradeOf, r[HEDGED] === 1);
          credible.set(key, c);
        }
        const contested = r[CONTESTED] as string;
        return exportRow(r[0] as string, r.slice(1, n + 1), r[KEPT] as string | null, {
          credibility: c,
          reports: r[CLAIMS] as number,
          contested: contested === '{}' ? '' : Object.keys(JSON.parse(contested) as object).join(';'),
          reviewStatus: r[REVIEW] as string,
        });
      });
    }
  }

  async mapPoints(
    filter: EventFilter,
    opts: { whole?: boolean } = {},
  ): Promise<{ total: number; points: MapPoint[] }> {
    const { clause, params } = this.where(filter);
    // Type and dates only: read from the points index alone, never the wide rows.
    const covered =
      hidesRejectedOnly(filter) &&
      onlyFilters(filter, ['eventType', 'start', 'end', 'reviewStatus']) &&
      (!filter.start || validDate(filter.start)) &&
      (!filter.end || validDate(filter.end));
    const placed = `${covered ? 'INDEXED BY events_points ' : ''}${clause ? `${clause} AND` : 'WHERE'} e.latitude IS NOT NULL`;
    const limit = Math.max(1, Math.min(MAX_POINTS, filter.limit ?? MAX_POINTS));
    const count = (cap: number) =>
      (
        this.db
          .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM events e ${placed} LIMIT ${cap})`)
          .get(params) as {
          n: number;
        }
      ).n;
    // Only a whole answer is wanted: more than fit is told by counting no further than one past.
    if (opts.whole) {
      const n = count(limit + 1);
      if (n > limit) return { total: n, points: [] };
    }
    const rows = this.db
      .prepare(
        `SELECT e.id, e.longitude, e.latitude, e.event_type, e.geo_precision FROM events e ${placed}
         ORDER BY e.event_date DESC LIMIT @limit`,
      )
      .raw()
      .all({ ...params, limit }) as MapPoint[];
    const total = rows.length < limit ? rows.length : count(COUNT_CAP);
    return { total, points: rows };
  }

  async grid(filter: EventFilter, cell: number): Promise<GridCell[]> {
    const { bbox, start, end, eventType } = filter;
    let sql: string;
    let params: Record<string, unknown>;
    // The kept cells and the points index count every event: rejected ones are taken off after.
    const plain =
      hidesRejectedOnly(filter) && onlyFilters(filter, ['bbox', 'start', 'end', 'eventType', 'reviewStatus']);
    const at = keptCellLevel(cell);
    if (plain && !start && !end && at !== undefined) {
      // The whole record, by box and type: the cells kept as events are written.
      const size = 360 / 2 ** at;
      const [w, s, e, n] = bbox ?? [-180, -90, 180, 90];
      const rows = this.db
        .prepare(
          `SELECT gx, gy, event_type, n, lon, lat FROM event_cells
           WHERE level = @at AND gx BETWEEN @x0 AND @x1 AND gy BETWEEN @y0 AND @y1 AND n > 0${eventType ? ' AND event_type = @eventType' : ''}`,
        )
        .all({
          at,
          x0: Math.floor((w + 180) / size),
          x1: Math.floor((e + 180) / size),
          y0: Math.floor((s + 90) / size),
          y1: Math.floor((n + 90) / size),
          ...(eventType ? { eventType } : {}),
        }) as CellRow[];
      return mergeCells(rows, this.rejectedCells(filter, size));
    }
    if (plain && (start || end)) {
      // Box, dates and type only: counted from the covering points index, never the wide rows.
      const where = ['e.event_date >= @start', 'e.event_date <= @end', 'e.latitude IS NOT NULL'];
      params = { start: start ?? '', end: end ?? '9999' };
      if (bbox) {
        where.push('e.longitude BETWEEN @w AND @e', 'e.latitude BETWEEN @s AND @n');
        Object.assign(params, { w: bbox[0], s: bbox[1], e: bbox[2], n: bbox[3] });
      }
      if (eventType) {
        where.push('e.event_type = @eventType');
        params.eventType = eventType;
      }
      sql = `FROM events e INDEXED BY events_points WHERE ${where.join(' AND ')}`;
    } else {
      // Other filters, or a small box at a close zoom: the events themselves, found through the R*Tree.
      const w = this.where(filter);
      sql = `FROM events e ${w.clause ? `${w.clause} AND` : 'WHERE'} e.latitude IS NOT NULL`;
      params = w.params;
    }
    const rows = this.db
      .prepare(
        `SELECT CAST((e.longitude + 180) / @cell AS INTEGER) AS gx, CAST((e.latitude + 90) / @cell AS INTEGER) AS gy,
                e.event_type, count(*) AS n, sum(e.longitude) AS lon, sum(e.latitude) AS lat
         ${sql} GROUP BY gx, gy, e.event_type`,
      )
      .all({ ...params, cell }) as CellRow[];
    return mergeCells(rows, plain ? this.rejectedCells(filter, cell) : []);
  }

  /** The rejected events among a plain filter's (box, dates, type), counted in cells of `cell` degrees. */
  private rejectedCells(filter: EventFilter, cell: number): CellRow[] {
    const { clause, params } = rejectedWhere(filter);
    return this.db
      .prepare(
        `SELECT CAST((e.longitude + 180) / @cell AS INTEGER) AS gx, CAST((e.latitude + 90) / @cell AS INTEGER) AS gy,
                e.event_type, count(*) AS n, sum(e.longitude) AS lon, sum(e.latitude) AS lat
         FROM events e ${clause} AND e.latitude IS NOT NULL GROUP BY gx, gy, e.event_type`,
      )
      .all({ ...params, cell }) as CellRow[];
  }

  async histogram(filter: EventFilter, interval: 'day' | 'month' | 'year'): Promise<HistogramBucket[]> {
    const width = interval === 'day' ? 10 : interval === 'month' ? 7 : 4;
    // Filtered by type and dates only: read the daily counts kept as events are written.
    const { start, end, eventType } = filter;
    const days = (!start || validDate(start)) && (!end || validDate(end));
    if (
      hidesRejectedOnly(filter) &&
      onlyFilters(filter, ['start', 'end', 'eventType', 'reviewStatus']) &&
      days
    ) {
      // The kept counts include rejected events: theirs are taken off.
      const rejected = rejectedWhere({ start, end, eventType });
      const off = new Map(
        (
          this.db
            .prepare(
              `SELECT substr(e.event_date, 1, ${width}) || '|' || e.event_type AS k, count(*) AS n FROM events e ${rejected.clause} GROUP BY k`,
            )
            .all(rejected.params) as Array<{ k: string; n: number }>
        ).map((r) => [r.k, r.n]),
      );
      const where = [
        ...(start ? ['day >= @start'] : []),
        ...(end ? ['day <= @end'] : []),
        ...(eventType ? ['event_type = @eventType'] : []),
        'n > 0',
      ];
      const kept = this.db
        .prepare(
          `SELECT substr(date(day * 86400, 'unixepoch'), 1, ${width}) AS bucket, event_type, sum(n) AS count
           FROM event_counts WHERE ${where.join(' AND ')} GROUP BY bucket, event_type ORDER BY bucket, event_type`,
        )
        .all({
          ...(start ? { start: dayNumber(start) } : {}),
          ...(end ? { end: dayNumber(end) } : {}),
          ...(eventType ? { eventType } : {}),
        }) as HistogramBucket[];
      if (off.size === 0) return kept;
      return kept
        .map((b) => ({ ...b, count: b.count - (off.get(`${b.bucket}|${b.event_type}`) ?? 0) }))
        .filter((b) => b.count > 0);
    }
    const { clause, params } = this.where(filter);
    return this.db
      .prepare(
        `SELECT substr(e.event_date, 1, ${width}) AS bucket, e.event_type, count(*) AS count FROM events e ${clause}
         GROUP BY bucket, e.event_type ORDER BY bucket, e.event_type`,
      )
      .all(params) as HistogramBucket[];
  }

  async series(
    filter: EventFilter,
    interval: 'day' | 'month' | 'year',
    by: 'event_type' | 'actor1',
    measure: 'events' | 'fatalities',
  ): Promise<SeriesPoint[]> {
    const width = interval === 'day' ? 10 : interval === 'month' ? 7 : 4;
    const key = by === 'actor1' ? 'e.actor1' : 'e.event_type';
    const value = measure === 'fatalities' ? 'sum(e.fatalities)' : 'count(*)';
    const { clause, params } = this.where({ ...filter, limit: undefined, offset: undefined });
    return this.db
      .prepare(
        `SELECT substr(e.event_date, 1, ${width}) AS bucket, ${key} AS key, ${value} AS value FROM events e ${clause}
         GROUP BY bucket, key ORDER BY bucket, key`,
      )
      .all(params) as SeriesPoint[];
  }

  async reviewEvent(requested: string, review: ReviewInput): Promise<EventDetail> {
    const id = this.resolveId(requested);
    const row = this.db.prepare('SELECT event_type, version FROM events WHERE id = ?').get(id) as
      { event_type: string; version: number } | undefined;
    if (!row) throw new StoreError(`no event ${requested}`, 'not_found');
    if (review.version !== undefined && review.version !== row.version)
      throw new StoreError(
        `${id} has changed since version ${review.version} (it is at version ${row.version} now): look at it again before deciding`,
        'conflict',
        await this.getEvent(id),
      );
    const { changes, status } = checkReview(review, row.event_type);
    const now = new Date().toISOString();
    await this.write(() => {
      const before = this.db.prepare('SELECT fields FROM corrections WHERE event_id = ?').get(id) as
        { fields: string } | undefined;
      const fields = { ...(before ? (JSON.parse(before.fields) as object) : {}), ...changes };
      this.db
        .prepare(
          'INSERT INTO corrections (event_id, status, fields) VALUES (?, ?, ?) ON CONFLICT(event_id) DO UPDATE SET status = excluded.status, fields = excluded.fields',
        )
        .run(id, status, JSON.stringify(fields));
      this.db
        .prepare('INSERT INTO reviews (event_id, action, by, at, changes, note) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, review.action, review.by, now, JSON.stringify(changes), review.note ?? null);
      this.writer.refresh(id, { action: 'reviewed', by: review.by }, now);
      this.audit(
        {
          action: 'event.reviewed',
          actor: review.by,
          subject: id,
          detail: { action: review.action, changes, note: review.note ?? null },
        },
        now,
      );
    });
    return (await this.getEvent(id))!;
  }

  async undoReview(reviewId: number, by: string): Promise<EventDetail> {
    const row = this.db.prepare('SELECT event_id FROM reviews WHERE rowid = ?').get(reviewId) as
      { event_id: string } | undefined;
    if (!row) throw new StoreError(`no review decision ${reviewId}`, 'not_found');
    const id = this.resolveId(row.event_id);
    const now = new Date().toISOString();
    await this.write(() => {
      const reviews = this.reviewsOf(row.event_id);
      const target = reviews.find((r) => r.id === reviewId)!;
      const refused = undoRefusal(target, reviews, by);
      if (refused) throw refused;
      this.db.prepare('INSERT INTO review_undos (review_id, by, at) VALUES (?, ?, ?)').run(reviewId, by, now);
      const standing = standingCorrection(this.reviewsOf(row.event_id));
      if (standing)
        this.db
          .prepare('UPDATE corrections SET status = ?, fields = ? WHERE event_id = ?')
          .run(standing.status, JSON.stringify(standing.fields), id);
      else this.db.prepare('DELETE FROM corrections WHERE event_id = ?').run(id);
      this.writer.refresh(id, { action: 'reviewed', by }, now);
      this.audit(
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

  private reviewsOf(eventId: string | undefined): Review[] {
    return (
      this.db
        .prepare(
          `SELECT r.rowid AS id, r.*, u.by AS undone_by, u.at AS undone_at FROM reviews r
           LEFT JOIN review_undos u ON u.review_id = r.rowid ${eventId ? 'WHERE r.event_id = ?' : ''} ORDER BY r.rowid`,
        )
        .all(...(eventId ? [eventId] : [])) as Array<Parameters<typeof reviewOfRow>[0]>
    ).map(reviewOfRow);
  }

  async listReviews(eventId?: string): Promise<Review[]> {
    return this.reviewsOf(eventId);
  }

  async facets(
    filter: EventFilter,
    field: FacetField,
    limit: number,
  ): Promise<Array<{ value: string | number; count: number }>> {
    if (!FACET_FIELDS.includes(field)) throw new StoreError(`no facet ${field}`, 'invalid');
    const { clause, params } = this.where({ ...filter, limit: undefined, offset: undefined });
    return this.db
      .prepare(
        `SELECT e.${field} AS value, count(*) AS count FROM events e ${clause ? `${clause} AND` : 'WHERE'} e.${field} != ''
         GROUP BY e.${field} ORDER BY count DESC, value LIMIT @limit`,
      )
      .all({ ...params, limit: Math.max(1, Math.min(1000, limit)) }) as Array<{
      value: string | number;
      count: number;
    }>;
  }

  async storeContact(documentId: string, details: string): Promise<void> {
    const now = new Date().toISOString();
    await this.write(() => {
      const { changes } = this.db
        .prepare(
          'INSERT INTO contacts (document_id, details, created_at) VALUES (?, ?, ?) ON CONFLICT(document_id) DO NOTHING',
        )
        .run(documentId, details, now);
      // The entry proves that contact details were kept, never what they are.
      if (changes)
        this.audit(
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
    return (this.db.prepare('SELECT * FROM sources ORDER BY name').all() as SourceRow[]).map(sourceOfRow);
  }

  async registerSources(sources: RegisteredSource[]): Promise<void> {
    const insert = this.db.prepare(
      `INSERT INTO sources (name, kind, country, languages, aliases, reliability) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, country = excluded.country, languages = excluded.languages, aliases = excluded.aliases`,
    );
    // Every command registers the shipped sources when it opens the record: only what differs is
    // written, so that opening takes no write lock from the processes already writing.
    const known = new Map(
      (
        this.db.prepare('SELECT name, kind, country, languages, aliases FROM sources').all() as SourceRow[]
      ).map((r) => [r.name, `${r.kind}\n${r.country ?? ''}\n${r.languages}\n${r.aliases}`]),
    );
    const changed = sources.filter(
      (s) =>
        known.get(s.name) !==
        `${s.kind}\n${s.country ?? ''}\n${JSON.stringify(s.languages ?? [])}\n${JSON.stringify(s.aliases)}`,
    );
    if (changed.length === 0) return;
    await this.write(() => {
      for (const s of changed)
        insert.run(
          s.name,
          s.kind,
          s.country ?? null,
          JSON.stringify(s.languages ?? []),
          JSON.stringify(s.aliases),
          s.reliability,
        );
    });
    this.registry = null;
  }

  async gradeSource(name: string, grade: Reliability, by: string): Promise<RegisteredSource> {
    if (!/^[A-F]$/.test(grade)) throw new StoreError(`grade "${grade}": use A, B, C, D, E or F`, 'invalid');
    const canonical = this.sources().canonical(name);
    const now = new Date().toISOString();
    await this.write(() => {
      const before = this.db.prepare('SELECT reliability FROM sources WHERE name = ?').get(canonical) as
        { reliability: string } | undefined;
      if (before) {
        this.db
          .prepare('UPDATE sources SET reliability = ?, graded_by = ?, graded_at = ? WHERE name = ?')
          .run(grade, by, now, canonical);
      } else {
        // A source only ever seen in reports (a newspaper, an unnamed official) can be graded too.
        this.db
          .prepare(
            "INSERT INTO sources (name, kind, reliability, graded_by, graded_at) VALUES (?, 'unknown', ?, ?, ?)",
          )
          .run(canonical, grade, by, now);
      }
      this.audit(
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
    const documents = (this.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    const events = (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    return { documents, events };
  }

  async changesSince(cursor: number, limit: number): Promise<{ cursor: number; changes: EventChange[] }> {
    const rows = this.db
      .prepare(
        'SELECT rowid, event_id, version, action, at FROM event_history WHERE rowid > ? ORDER BY rowid LIMIT ?',
      )
      .all(cursor, limit) as Array<{
      rowid: number;
      event_id: string;
      version: number;
      action: string;
      at: string;
    }>;
    return {
      cursor: rows.length ? rows[rows.length - 1]!.rowid : cursor,
      changes: rows.map((r) => ({
        cursor: r.rowid,
        eventId: r.event_id,
        version: r.version,
        action: r.action as EventChange['action'],
        at: r.at,
      })),
    };
  }

  async latestChange(): Promise<number> {
    return (this.db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM event_history').get() as { n: number })
      .n;
  }

  async dataVersion(): Promise<string> {
    // data_version moves when another connection commits; total_changes counts this one's writes.
    // Asked before every kept answer, so prepared once.
    this.versionQuery ??= this.db.prepare(
      'SELECT (SELECT data_version FROM pragma_data_version) AS other, total_changes() AS own',
    );
    const { other, own } = this.versionQuery.get() as { other: number; own: number };
    return `${other}.${own}`;
  }

  async saveSubscription(input: SubscriptionInput): Promise<Subscription> {
    const id = `sub_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await this.write(() => {
      const cursor = (
        this.db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM event_history').get() as { n: number }
      ).n;
      this.db
        .prepare(
          `INSERT INTO subscriptions (id, name, filter, webhook_url, secret, cursor, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.name,
          JSON.stringify(input.filter),
          input.webhookUrl ?? null,
          input.secret ?? null,
          cursor,
          new Date().toISOString(),
        );
      this.audit({
        action: 'subscription.saved',
        actor: 'api',
        subject: id,
        detail: { name: input.name, filter: input.filter, webhookUrl: input.webhookUrl ?? null },
      });
    });
    return (await this.getSubscription(id))!;
  }

  private subscriptionFromRow(r: SubscriptionRow): Subscription {
    return {
      id: r.id,
      name: r.name,
      filter: JSON.parse(r.filter) as SavedFilter,
      ...(r.webhook_url ? { webhookUrl: r.webhook_url } : {}),
      signed: r.secret !== null,
      cursor: r.cursor,
      createdAt: r.created_at,
      ...(r.last_delivery ? { lastDelivery: JSON.parse(r.last_delivery) as Delivery } : {}),
    };
  }

  async listSubscriptions(): Promise<Subscription[]> {
    return (
      this.db.prepare('SELECT * FROM subscriptions ORDER BY created_at, id').all() as SubscriptionRow[]
    ).map((r) => this.subscriptionFromRow(r));
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    const r = this.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as
      SubscriptionRow | undefined;
    return r ? this.subscriptionFromRow(r) : null;
  }

  async subscriptionSecret(id: string): Promise<string | null> {
    const r = this.db.prepare('SELECT secret FROM subscriptions WHERE id = ?').get(id) as
      { secret: string | null } | undefined;
    return r?.secret ?? null;
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.write(() => {
      const { changes } = this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id);
      if (changes === 0) throw new StoreError(`no subscription ${id}`, 'not_found');
      this.audit({ action: 'subscription.deleted', actor: 'api', subject: id, detail: {} });
    });
  }

  async advanceSubscription(id: string, cursor: number, delivery?: Delivery): Promise<void> {
    await this.write(() =>
      this.db
        .prepare(
          'UPDATE subscriptions SET cursor = max(cursor, ?), last_delivery = coalesce(?, last_delivery) WHERE id = ?',
        )
        .run(cursor, delivery ? JSON.stringify(delivery) : null, id),
    );
  }

  private userFromRow(r: UserRow): User {
    return { id: r.id, name: r.name, role: r.role, disabled: r.disabled === 1, createdAt: r.created_at };
  }

  async createUser(input: { name: string; role: Role; passwordHash: string }, by: string): Promise<User> {
    const id = `usr_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const now = new Date().toISOString();
    try {
      await this.write(() => {
        this.db
          .prepare('INSERT INTO users (id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, input.name, input.role, input.passwordHash, now);
        this.audit(
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
      if (/UNIQUE/.test((e as Error).message)) throw new StoreError(`a user ${input.name} exists`, 'invalid');
      throw e;
    }
    return withoutHash((await this.findUser(input.name))!);
  }

  async findUser(name: string): Promise<Credentials | null> {
    const r = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    return r ? { ...this.userFromRow(r), passwordHash: r.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map((r) =>
      this.userFromRow(r),
    );
  }

  async updateUser(
    name: string,
    change: { role?: Role; passwordHash?: string; disabled?: boolean },
    by: string,
  ): Promise<User> {
    const user = await this.findUser(name);
    if (!user) throw new StoreError(`no user ${name}`, 'not_found');
    const now = new Date().toISOString();
    await this.write(() => {
      this.db
        .prepare('UPDATE users SET role = ?, password_hash = ?, disabled = ? WHERE id = ?')
        .run(
          change.role ?? user.role,
          change.passwordHash ?? user.passwordHash,
          (change.disabled ?? user.disabled) ? 1 : 0,
          user.id,
        );
      if (change.disabled || change.passwordHash)
        this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
      // A new password ends every way in the old one gave: sessions and API tokens alike.
      const revoked = change.passwordHash
        ? (
            this.db
              .prepare(
                'SELECT token_hash FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY token_hash',
              )
              .all(user.id) as Array<{ token_hash: string }>
          ).map((r) => tokenIdOf(r.token_hash))
        : [];
      if (revoked.length)
        this.db
          .prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL')
          .run(now, user.id);
      this.audit(
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
    await this.write(() => {
      this.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(new Date().toISOString());
      this.db
        .prepare('INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)')
        .run(x.tokenHash, x.userId, x.csrf, x.expiresAt);
    });
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const r = this.db
      .prepare(
        `SELECT u.*, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
      )
      .get(tokenHash, new Date().toISOString()) as
      (UserRow & { csrf: string; expires_at: string }) | undefined;
    return r ? { user: this.userFromRow(r), csrf: r.csrf, expiresAt: r.expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.write(() => this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash));
  }

  async saveApiToken(
    t: { tokenHash: string; userId: string; name: string; expiresAt: string },
    by: string,
  ): Promise<ApiToken> {
    const now = new Date().toISOString();
    await this.write(() => {
      this.db
        .prepare(
          'INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(t.tokenHash, t.userId, t.name, now, t.expiresAt);
      this.audit(
        {
          action: 'token.created',
          actor: by,
          subject: t.userId,
          detail: tokenEntryDetail(t),
        },
        now,
      );
    });
    return (await this.tokensWhere('t.token_hash = ?', t.tokenHash))[0]!;
  }

  async findApiToken(tokenHash: string): Promise<User | null> {
    const r = this.db
      .prepare(
        `SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled = 0
         AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      )
      .get(tokenHash, new Date().toISOString()) as UserRow | undefined;
    return r ? this.userFromRow(r) : null;
  }

  private async tokensWhere(where: string, ...params: unknown[]): Promise<ApiToken[]> {
    return (
      this.db
        .prepare(
          `SELECT t.*, u.name AS user_name FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE ${where} ORDER BY t.created_at, t.token_hash`,
        )
        .all(...params) as Parameters<typeof apiTokenOfRow>[0][]
    ).map(apiTokenOfRow);
  }

  async listApiTokens(userName?: string): Promise<ApiToken[]> {
    return userName === undefined ? this.tokensWhere('1') : this.tokensWhere('u.name = ?', userName);
  }

  async revokeApiToken(id: string, by: string): Promise<ApiToken> {
    const m = /^tok_([0-9a-f]{16})$/.exec(id);
    if (!m) throw new StoreError(`no token ${id}: a token id is tok_ and 16 hex digits`, 'not_found');
    const now = new Date().toISOString();
    let hash: string | undefined;
    await this.write(() => {
      const row = this.db
        .prepare('SELECT token_hash, user_id, revoked_at FROM api_tokens WHERE substr(token_hash, 1, 16) = ?')
        .get(m[1]) as { token_hash: string; user_id: string; revoked_at: string | null } | undefined;
      if (!row) throw new StoreError(`no token ${id}`, 'not_found');
      hash = row.token_hash;
      if (row.revoked_at) return;
      this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ?').run(now, row.token_hash);
      this.audit({ action: 'token.revoked', actor: by, subject: row.user_id, detail: { token: id } }, now);
    });
    return (await this.tokensWhere('t.token_hash = ?', hash))[0]!;
  }

  async readContact(documentId: string): Promise<string | null> {
    const r = this.db.prepare('SELECT details FROM contacts WHERE document_id = ?').get(documentId) as
      { details: string } | undefined;
    return r?.details ?? null;
  }

  /** A consistent copy of the database at `path`, taken while it stays open for reads and writes. */
  async backup(path: string): Promise<void> {
    await this.db.backup(path);
  }

  /** Appends an entry to the audit log; call inside the transaction that makes the change. */
  private audit(input: AuditInput, at = new Date().toISOString()): void {
    const last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    const e = nextEntry(last, input, at);
    this.db
      .prepare(
        'INSERT INTO audit_log (seq, at, action, actor, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(e.seq, e.at, e.action, e.actor, e.subject, canonicalJson(e.detail), e.prevHash, e.hash);
  }

  private *auditRows(after = 0): Generator<AuditEntry> {
    const rows = this.db
      .prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq')
      .iterate(after) as Iterable<{
      seq: number;
      at: string;
      action: AuditEntry['action'];
      actor: string;
      subject: string;
      detail: string;
      prev_hash: string;
      hash: string;
    }>;
    for (const r of rows)
      yield {
        seq: r.seq,
        at: r.at,
        action: r.action,
        actor: r.actor,
        subject: r.subject,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
        prevHash: r.prev_hash,
        hash: r.hash,
      };
  }

  async auditLog(after: number, limit: number): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (const e of this.auditRows(after)) {
      if (out.length >= limit) break;
      out.push(e);
    }
    return out;
  }

  async verifyAudit(): Promise<AuditReport> {
    const db = this.db;
    const claimsOfDocument = db.prepare('SELECT id, body FROM claims WHERE document_id = ?');
    const claimsOfEvent = db.prepare('SELECT * FROM claims WHERE event_id = ? ORDER BY rowid');
    return verifyCustody({
      entries: this.auditRows(),
      documents: function* () {
        const rows = db
          .prepare(
            `SELECT id, sha256, text, original, external_id, captured_at, capture_method, captured_from, captured_by,
                    published, publisher, url, title, not_coded, published_as_written FROM documents ORDER BY rowid`,
          )
          .iterate() as Iterable<
          Omit<DocumentRecord, 'claims'> & { sha256: string; text: string; original: Buffer }
        >;
        for (const r of rows) yield { ...r, claims: claimsOfDocument.all(r.id) as DocumentRecord['claims'] };
      },
      events: function* (): Generator<EventRecord> {
        const rows = db.prepare('SELECT * FROM events ORDER BY rowid').iterate() as Iterable<
          EventRecord['row']
        >;
        for (const row of rows)
          yield { row, claims: (claimsOfEvent.all(row.id) as ClaimRow[]).map(claimFromRow) };
      },
      corrections: async () =>
        db.prepare('SELECT event_id, status, fields FROM corrections ORDER BY event_id').all() as never,
      reviews: async () => (await this.listReviews()).map((r) => ({ ...r, changes: r.changes ?? {} })),
      grade: async (name) =>
        (
          db.prepare('SELECT reliability FROM sources WHERE name = ?').get(name) as
            { reliability: string } | undefined
        )?.reliability,
      users: async () =>
        db.prepare('SELECT id, name, role, disabled, password_hash FROM users').all() as never,
      tokens: async () =>
        db.prepare('SELECT token_hash, user_id, name, expires_at, revoked_at FROM api_tokens').all() as never,
      contacts: async () => db.prepare('SELECT document_id, details FROM contacts').all() as never,
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
