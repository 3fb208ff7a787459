// The embedded Store: one SQLite file in WAL mode, FTS5 for text, an R*Tree for coordinates.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { AcledFields, Document } from '../../model/index.js';
import type { ExtractedEvent } from '../../extract/extract.js';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  StoreError,
  documentIdFor,
  type DocumentSummary,
  type EventFilter,
  type EventPage,
  type IngestOutcome,
  type Store,
  type StoredDocument,
  type StoredEvent,
} from '../store.js';
import { MIGRATIONS } from './migrations.js';

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
}

/** Makes a user's words safe for an FTS5 MATCH: each word quoted, all required. */
export function ftsQuery(q: string): string {
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => `"${w}"`).join(' ');
}

export class SqliteStore implements Store {
  readonly db: Database.Database;

  constructor(readonly path: string) {
    try {
      this.db = new Database(path);
    } catch (e) {
      throw new StoreError(`cannot open database ${path}: ${(e as Error).message}`);
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<void> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
        (r) => r.version,
      ),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, new Date().toISOString());
      })();
    }
  }

  async ingest(doc: Document, events: ExtractedEvent[], original: Uint8Array): Promise<IngestOutcome> {
    const id = documentIdFor(doc.sha256);
    const run = this.db.transaction((): IngestOutcome => {
      const existing = this.db.prepare('SELECT id FROM documents WHERE sha256 = ?').get(doc.sha256) as
        { id: string } | undefined;
      if (existing) return { status: 'duplicate', documentId: existing.id, events: 0 };
      const info = this.db
        .prepare(
          `INSERT INTO documents (id, external_id, sha256, text, title, url, publisher, published, language, captured_at, capture_method, captured_from, original)
           VALUES (@id, @external_id, @sha256, @text, @title, @url, @publisher, @published, @language, @captured_at, @capture_method, @captured_from, @original)`,
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
          original: Buffer.from(original),
        });
      this.db
        .prepare('INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)')
        .run(info.lastInsertRowid, doc.title ?? '', doc.text);
      const now = new Date().toISOString();
      events.forEach((e, i) =>
        this.insertEvent(
          e,
          `ev_${createHash('sha256').update(`${doc.sha256}:${i}`).digest('hex').slice(0, 20)}`,
          id,
          now,
        ),
      );
      return { status: 'new', documentId: id, events: events.length };
    });
    try {
      return run();
    } catch (e) {
      throw new StoreError(`could not store document ${doc.id}: ${(e as Error).message}`);
    }
  }

  private insertEvent(e: ExtractedEvent, id: string, docId: string, now: string): void {
    const info = this.db
      .prepare(
        `INSERT INTO events (id, event_date, time_precision, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
           country, admin1, admin2, location, latitude, longitude, geo_precision, fatalities, notes, source, plover, hedged, confidence, details, attribution, flags, created_at)
         VALUES (@id, @event_date, @time_precision, @event_type, @sub_event_type, @actor1, @assoc_actor_1, @inter1, @actor2, @assoc_actor_2, @inter2, @interaction,
           @country, @admin1, @admin2, @location, @latitude, @longitude, @geo_precision, @fatalities, @notes, @source, @plover, @hedged, @confidence, @details, @attribution, @flags, @created_at)`,
      )
      .run({
        id,
        event_date: e.event_date,
        time_precision: e.time_precision,
        event_type: e.event_type,
        sub_event_type: e.sub_event_type,
        actor1: e.actor1,
        assoc_actor_1: e.assoc_actor_1,
        inter1: e.inter1,
        actor2: e.actor2,
        assoc_actor_2: e.assoc_actor_2,
        inter2: e.inter2,
        interaction: e.interaction,
        country: e.country,
        admin1: e.admin1,
        admin2: e.admin2,
        location: e.location,
        latitude: e.latitude,
        longitude: e.longitude,
        geo_precision: e.geo_precision,
        fatalities: e.fatalities,
        notes: e.notes,
        source: e.source,
        plover: e.plover,
        hedged: e.hedged ? 1 : 0,
        confidence: e.confidence,
        details: JSON.stringify(e.details),
        attribution: JSON.stringify(e.attribution),
        flags: JSON.stringify(e.flags),
        created_at: now,
      });
    const rowid = info.lastInsertRowid;
    this.db
      .prepare('INSERT INTO events_fts (rowid, notes, actors, location) VALUES (?, ?, ?, ?)')
      .run(
        rowid,
        e.notes,
        [e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2].join(' '),
        [e.location, e.admin1, e.country].join(' '),
      );
    if (e.latitude !== null && e.longitude !== null) {
      this.db
        .prepare('INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)')
        .run(rowid, e.longitude, e.longitude, e.latitude, e.latitude);
    }
    this.db.prepare('INSERT INTO event_documents (event_id, document_id) VALUES (?, ?)').run(id, docId);
    const ev = this.db.prepare(
      'INSERT INTO evidence (event_id, document_id, start, end, text) VALUES (?, ?, ?, ?, ?)',
    );
    for (const s of e.evidence) ev.run(id, docId, s.start, s.end, s.text);
  }

  async getDocument(id: string): Promise<StoredDocument | null> {
    const r = this.db
      .prepare(
        'SELECT id, external_id, sha256, text, title, url, publisher, published, language, captured_at, capture_method, captured_from FROM documents WHERE id = ?',
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
    };
  }

  async getOriginal(id: string): Promise<Uint8Array | null> {
    const r = this.db.prepare('SELECT original FROM documents WHERE id = ?').get(id) as
      { original: Buffer } | undefined;
    return r ? new Uint8Array(r.original) : null;
  }

  async listEvents(filter: EventFilter): Promise<EventPage> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.bbox) {
      const [w, s, e, n] = filter.bbox;
      where.push(
        'e.rowid IN (SELECT id FROM events_rtree WHERE min_lon >= @w AND max_lon <= @e AND min_lat >= @s AND max_lat <= @n)',
      );
      Object.assign(params, { w, s, e, n });
    }
    if (filter.start) {
      where.push('e.event_date >= @start');
      params.start = filter.start;
    }
    if (filter.end) {
      where.push('e.event_date <= @end');
      params.end = filter.end;
    }
    if (filter.eventType) {
      where.push('e.event_type = @eventType');
      params.eventType = filter.eventType;
    }
    if (filter.subEventType) {
      where.push('e.sub_event_type = @subEventType');
      params.subEventType = filter.subEventType;
    }
    if (filter.actor) {
      where.push(
        "(e.actor1 LIKE @actor ESCAPE '\\' OR e.actor2 LIKE @actor ESCAPE '\\' OR e.assoc_actor_1 LIKE @actor ESCAPE '\\' OR e.assoc_actor_2 LIKE @actor ESCAPE '\\')",
      );
      params.actor = `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (filter.q) {
      const q = ftsQuery(filter.q);
      if (q === '') {
        where.push('0');
      } else {
        where.push(`(e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH @q)
          OR e.id IN (SELECT ed.event_id FROM event_documents ed JOIN documents d ON d.id = ed.document_id
                      WHERE d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @q)))`);
        params.q = q;
      }
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = Math.max(1, Math.min(MAX_LIMIT, filter.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, filter.offset ?? 0);
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM events e ${clause}`).get(params) as { n: number }
    ).n;
    const rows = this.db
      .prepare(
        `SELECT e.* FROM events e ${clause} ORDER BY e.event_date DESC, e.rowid DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit, offset }) as EventRow[];
    return { total, limit, offset, events: this.hydrate(rows) };
  }

  private hydrate(rows: EventRow[]): StoredEvent[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const marks = ids.map(() => '?').join(',');
    const docs = this.db
      .prepare(`SELECT event_id, document_id FROM event_documents WHERE event_id IN (${marks})`)
      .all(...ids) as Array<{ event_id: string; document_id: string }>;
    const ev = this.db
      .prepare(`SELECT event_id, start, end, text FROM evidence WHERE event_id IN (${marks}) ORDER BY start`)
      .all(...ids) as Array<{ event_id: string; start: number; end: number; text: string }>;
    return rows.map((r) => ({
      id: r.id,
      event_date: r.event_date,
      time_precision: r.time_precision as StoredEvent['time_precision'],
      event_type: r.event_type as StoredEvent['event_type'],
      sub_event_type: r.sub_event_type as StoredEvent['sub_event_type'],
      actor1: r.actor1,
      assoc_actor_1: r.assoc_actor_1,
      inter1: r.inter1,
      actor2: r.actor2,
      assoc_actor_2: r.assoc_actor_2,
      inter2: r.inter2,
      interaction: r.interaction,
      country: r.country,
      admin1: r.admin1,
      admin2: r.admin2,
      location: r.location,
      latitude: r.latitude,
      longitude: r.longitude,
      geo_precision: r.geo_precision as StoredEvent['geo_precision'],
      fatalities: r.fatalities,
      notes: r.notes,
      source: r.source,
      plover: r.plover,
      hedged: r.hedged === 1,
      confidence: r.confidence,
      details: JSON.parse(r.details) as StoredEvent['details'],
      attribution: JSON.parse(r.attribution) as StoredEvent['attribution'],
      flags: JSON.parse(r.flags) as string[],
      evidence: ev.filter((x) => x.event_id === r.id).map(({ start, end, text }) => ({ start, end, text })),
      docIds: docs.filter((d) => d.event_id === r.id).map((d) => d.document_id),
      createdAt: r.created_at,
    }));
  }

  async getEvent(id: string): Promise<(StoredEvent & { documents: DocumentSummary[] }) | null> {
    const row = this.db.prepare('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
    if (!row) return null;
    const [event] = this.hydrate([row]);
    const documents = this.db
      .prepare(
        `SELECT d.id, d.external_id, d.title, d.publisher, d.published, d.url FROM event_documents ed JOIN documents d ON d.id = ed.document_id WHERE ed.event_id = ?`,
      )
      .all(id) as Array<{
      id: string;
      external_id: string;
      title: string | null;
      publisher: string | null;
      published: string;
      url: string | null;
    }>;
    return {
      ...event!,
      documents: documents.map((d) => ({
        id: d.id,
        externalId: d.external_id,
        title: d.title ?? undefined,
        publisher: d.publisher ?? undefined,
        published: d.published,
        url: d.url ?? undefined,
      })),
    };
  }

  async counts(): Promise<{ documents: number; events: number }> {
    const documents = (this.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    const events = (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    return { documents, events };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
