// The write path of events in SQLite: each claim placed in the event it reports (or a new one),
// the event's merged values recomputed, indexes kept in step, and every change written to history.
import type Database from 'better-sqlite3';
import {
  chooseEvent,
  codedPart,
  reachable,
  relatedTypes,
  explicitDay,
  dayNumber,
  movementStatusOf,
  reach,
  actorsOf,
  type Candidate,
  type ClaimRecord,
  TIME_WINDOW_DAYS,
} from '../../corroborate/cluster.js';
import { consensus, type Consensus } from '../../corroborate/consensus.js';
import { signatureFromBuffer, signatureToBuffer } from '../../corroborate/text.js';
import { CELL_LEVELS, claimFromRow, eventChanges, eventColumns, initialStatus } from '../common.js';
import { placeKeys } from '../filters.js';
import { EVENT_TYPES, type EventType } from '../../model/index.js';

/** Event types as numbers, the fourth dimension of the reach index. */
const TYPE_CODES = Object.keys(EVENT_TYPES) as EventType[];
import type { HistoryEntry } from '../store.js';

const CANDIDATE_COLUMNS =
  'e.rowid, e.id, e.event_type, e.sub_event_type, e.event_date, e.time_precision, e.latitude, e.longitude, e.geo_precision, e.country, e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2, e.movement_status';

/** A candidate as its row stores it: actors in their columns, the movement status by name. */
interface CandidateRow extends Omit<Candidate, 'claims' | 'actors' | 'movementStatus'> {
  rowid: number;
  actor1: string;
  actor2: string;
  assoc_actor_1: string;
  assoc_actor_2: string;
  movement_status: string | null;
}

export interface ClaimRow {
  rowid: number;
  id: string;
  event_id: string;
  document_id: string;
  root: string;
  signature: Buffer;
  names: string;
  body: string;
  created_at: string;
}

export { claimFromRow };

export interface Cause {
  action: HistoryEntry['action'];
  documentId?: string;
  by?: string;
}

export class EventWriter {
  private readonly cache = new Map<string, Database.Statement>();
  private linkCount: number | null = null;

  constructor(private readonly db: Database.Database) {}

  /** Prepared statements are reused: preparing costs more than running at these sizes. */
  private st(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  linksChanged(): void {
    this.linkCount = null;
  }

  private hasLinks(): boolean {
    this.linkCount ??= (this.st('SELECT count(*) AS n FROM cluster_links').get() as { n: number }).n;
    return this.linkCount > 0;
  }

  linked(a: string, b: string, kind: 'must' | 'cannot'): boolean {
    if (!this.hasLinks()) return false;
    const [x, y] = a < b ? [a, b] : [b, a];
    return !!this.st('SELECT 1 FROM cluster_links WHERE claim_a = ? AND claim_b = ? AND kind = ?').get(
      x,
      y,
      kind,
    );
  }

  /** Claims an analyst tied to this one, already placed in an event. */
  private mustJoin(claimId: string): string | undefined {
    if (!this.hasLinks()) return undefined;
    const row = this.st(
      `SELECT c.event_id FROM cluster_links l JOIN claims c ON c.id = CASE WHEN l.claim_a = @id THEN l.claim_b ELSE l.claim_a END
       WHERE l.kind = 'must' AND (l.claim_a = @id OR l.claim_b = @id) AND c.event_id != '' LIMIT 1`,
    ).get({ id: claimId }) as { event_id: string } | undefined;
    return row?.event_id;
  }

  private candidates(c: ClaimRecord): Candidate[] {
    const r = reach(c);
    let rows: CandidateRow[];
    if (r) {
      const query = this.st(
        `SELECT x.id AS rowid, x.event_id AS id, x.event_type, x.sub_event_type, x.event_date, x.time_precision, x.latitude, x.longitude,
                x.geo_precision, x.country, x.actor1, x.actor2, x.assoc_actor_1, x.assoc_actor_2, x.movement_status
         FROM events_reach x
         WHERE x.west <= @east AND x.east >= @west AND x.south <= @north AND x.north >= @south
           AND x.first_day <= @to AND x.last_day >= @from AND x.type_lo <= @type AND x.type_hi >= @type`,
      );
      rows = relatedTypes(c.event_type).flatMap(
        (t) => query.all({ ...r, type: TYPE_CODES.indexOf(t) }) as CandidateRow[],
      );
      rows.push(...this.unplacedNear(c, c.country));
    } else {
      // An unplaced claim may report an event placed anywhere in its country, of its kind.
      const day = dayNumber(c.event_date);
      const w = TIME_WINDOW_DAYS[3]!;
      rows = this.st(
        `SELECT ${CANDIDATE_COLUMNS}
         FROM events e WHERE e.country = @country AND e.day BETWEEN @from AND @to AND e.sub_event_type = @sub LIMIT 500`,
      ).all({ country: c.country, from: day - w, to: day + w, sub: c.sub_event_type }) as CandidateRow[];
    }
    const types = new Set<string>(relatedTypes(c.event_type));
    return rows
      .filter((row) => types.has(row.event_type))
      .map((row) => ({
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
      }))
      .filter((e) => reachable(c, e))
      .map((e) => ({
        ...e,
        claims: (
          this.st(
            'SELECT id, document_id, root, signature, names, explicit_day, dataset FROM claims WHERE event_id = ?',
          ).all(e.id) as Array<{
            id: string;
            document_id: string;
            root: string;
            signature: Buffer;
            names: string;
            explicit_day: number | null;
            dataset: string | null;
          }>
        ).map((x) => ({
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

  /** Unplaced events of the claim's kind and country, which a placed claim may turn out to report. */
  private unplacedNear(c: ClaimRecord, country: string): CandidateRow[] {
    if (country === '') return [];
    const day = dayNumber(c.event_date);
    return this.st(
      `SELECT ${CANDIDATE_COLUMNS}
       FROM events e INDEXED BY events_unplaced WHERE e.country = @country AND e.day BETWEEN @from AND @to AND e.latitude IS NULL AND e.sub_event_type = @sub LIMIT 100`,
    ).all({ country, from: day - 31, to: day + 31, sub: c.sub_event_type }) as CandidateRow[];
  }

  /**
   * Stores a claim and places it: in the event an analyst tied it to, the best match, or a new
   * event. `match` false stores it as an event of its own (a bulk import of coded events).
   */
  place(c: ClaimRecord, cause: Cause, now: string, match = true): { eventId: string; created: boolean } {
    const tied = match ? this.mustJoin(c.id) : undefined;
    const choice = tied
      ? { event: { id: tied } }
      : match
        ? chooseEvent(c, this.candidates(c), (a, b) => this.linked(a, b, 'cannot'))
        : null;
    const eventId = choice ? choice.event.id : `ev_${c.id.slice(3)}`;
    this.st(
      `INSERT INTO claims (id, event_id, document_id, root, signature, names, explicit_day, movement, agreement, body, created_at, dataset)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET event_id = excluded.event_id`,
    ).run(
      c.id,
      eventId,
      c.documentId,
      c.root,
      signatureToBuffer(c.signature),
      JSON.stringify(c.names),
      explicitDay(c),
      c.details.movement ? 1 : 0,
      // A claim that carries its document's deal reading is listed with the agreements.
      c.sub_event_type === 'Agreement' || c.details.deal ? 1 : 0,
      JSON.stringify(codedPart(c)),
      now,
      c.details.imported?.dataset ?? null,
    );
    this.refresh(
      eventId,
      choice ? { ...cause, action: cause.action === 'created' ? 'claim_added' : cause.action } : cause,
      now,
      choice ? undefined : c,
    );
    return { eventId, created: !choice };
  }

  claimsOf(eventId: string): ClaimRecord[] {
    return (this.st('SELECT * FROM claims WHERE event_id = ? ORDER BY rowid').all(eventId) as ClaimRow[]).map(
      claimFromRow,
    );
  }

  /** Recomputes an event from its claims (deleting it when none are left) and records what changed. */
  refresh(eventId: string, cause: Cause, now: string, fresh?: ClaimRecord): void {
    // A claim starting an event is all there is to read: skip reading it back.
    const claims = fresh ? [fresh] : this.claimsOf(eventId);
    const old = fresh
      ? undefined
      : (this.st('SELECT * FROM events WHERE id = ?').get(eventId) as
          | (Record<string, unknown> & {
              rowid: number;
              version: number;
              created_at: string;
              claim_count: number;
              contested: string;
            })
          | undefined);
    if (claims.length === 0) {
      if (old) this.remove(old.rowid, eventId);
      return;
    }
    const m: Consensus & { review_status?: string } = consensus(claims);
    // An analyst's corrections and verdict stand over whatever the claims say.
    const review = this.st('SELECT status, fields FROM corrections WHERE event_id = ?').get(eventId) as
      { status: string; fields: string } | undefined;
    if (review) Object.assign(m, JSON.parse(review.fields) as Partial<Consensus>);
    m.review_status = review?.status ?? initialStatus(claims);
    // An id used before (a split restoring a merged event, a re-run) continues its history.
    const version = old
      ? old.version + 1
      : cause.action === 'created'
        ? 1
        : ((
            this.st('SELECT max(version) AS v FROM event_history WHERE event_id = ?').get(eventId) as {
              v: number | null;
            }
          ).v ?? 0) + 1;
    const changes = old ? eventChanges(old, m, claims.length) : {};
    if (old) this.unindex(old.rowid);
    this.write(old?.rowid, eventId, m, claims, version, old?.created_at ?? now, now);
    for (const d of new Set(claims.map((c) => c.documentId)))
      this.st('INSERT OR IGNORE INTO event_documents (event_id, document_id) VALUES (?, ?)').run(eventId, d);
    // A re-run writes its own summary of what moved, once it is done.
    if (cause.action !== 'reclustered')
      this.st(
        'INSERT INTO event_history (event_id, version, at, action, document_id, by, changes) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        eventId,
        version,
        now,
        old ? cause.action : 'created',
        cause.documentId ?? null,
        cause.by ?? null,
        JSON.stringify(changes),
      );
  }

  private count(day: number, type: string, delta: number): void {
    this.st(
      'INSERT INTO event_counts (day, event_type, n) VALUES (?, ?, ?) ON CONFLICT(day, event_type) DO UPDATE SET n = n + excluded.n',
    ).run(day, type, delta);
  }

  private cells(lon: number, lat: number, type: string, delta: number): void {
    for (const level of CELL_LEVELS) {
      const size = 360 / 2 ** level;
      this.st(
        `INSERT INTO event_cells (level, gx, gy, event_type, n, lon, lat) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(level, gx, gy, event_type) DO UPDATE SET n = n + excluded.n, lon = lon + excluded.lon, lat = lat + excluded.lat`,
      ).run(
        level,
        Math.floor((lon + 180) / size),
        Math.floor((lat + 90) / size),
        type,
        delta,
        delta * lon,
        delta * lat,
      );
    }
  }

  private unindex(rowid: number): void {
    const old = this.st('SELECT day, event_type, longitude, latitude FROM events WHERE rowid = ?').get(
      rowid,
    ) as { day: number; event_type: string; longitude: number | null; latitude: number | null } | undefined;
    if (old) this.count(old.day, old.event_type, -1);
    if (old && old.latitude !== null && old.longitude !== null)
      this.cells(old.longitude, old.latitude, old.event_type, -1);
    this.st('DELETE FROM events_fts WHERE rowid = ?').run(rowid);
    this.st('DELETE FROM event_places WHERE rowid = ?').run(rowid);
    this.st('DELETE FROM events_rtree WHERE id = ?').run(rowid);
    this.st('DELETE FROM events_reach WHERE id = ?').run(rowid);
  }

  /** Deletes an event row, its index entries and its document links. */
  remove(rowid: number, eventId: string): void {
    this.unindex(rowid);
    this.st('DELETE FROM event_documents WHERE event_id = ?').run(eventId);
    this.st('DELETE FROM events WHERE rowid = ?').run(rowid);
  }

  /** Inserts the event, or rewrites the row in place (its rowid keys the indexes). */
  private write(
    existing: number | undefined,
    id: string,
    m: Consensus,
    claims: ClaimRecord[],
    version: number,
    createdAt: string,
    now: string,
  ): number | bigint {
    const columns =
      `event_date, time_precision, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
         country, admin1, admin2, location, latitude, longitude, geo_precision, fatalities, notes, source, plover, hedged, confidence, details, attribution, flags, created_at,
         day, movement_status, evidence, contested, voices, fatalities_range, claim_count, version, updated_at, review_status`.split(
        /,\s*/,
      );
    const sql =
      existing === undefined
        ? `INSERT INTO events (id, ${columns.join(', ')}) VALUES (@id, ${columns.map((c) => `@${c}`).join(', ')})`
        : `UPDATE events SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE rowid = @rowid AND id = @id`;
    const info = this.st(sql).run({
      rowid: existing ?? null,
      ...this.values(id, m, claims, version, createdAt, now),
    });
    const rowid = existing ?? info.lastInsertRowid;
    this.index(rowid, id, m, claims);
    return rowid;
  }

  private values(
    id: string,
    m: Consensus,
    claims: ClaimRecord[],
    version: number,
    createdAt: string,
    now: string,
  ) {
    const columns = eventColumns(m, claims, version, createdAt, now);
    return { id, ...columns, hedged: columns.hedged ? 1 : 0 };
  }

  private index(rowid: number | bigint, id: string, m: Consensus, claims: ClaimRecord[]): void {
    this.st('INSERT INTO events_fts (rowid, notes, actors, location) VALUES (?, ?, ?, ?)').run(
      rowid,
      [...new Set(claims.map((c) => c.notes))].join(' '),
      [m.actor1, m.assoc_actor_1, m.actor2, m.assoc_actor_2].join(' '),
      [m.location, m.admin1, m.country].join(' '),
    );
    this.st('INSERT INTO event_places (rowid, keys) VALUES (?, ?)').run(
      rowid,
      placeKeys(m.location, m.admin1, m.admin2),
    );
    if (m.latitude !== null && m.longitude !== null)
      this.st(
        'INSERT INTO events_rtree (id, min_lon, max_lon, min_lat, max_lat, min_day, max_day) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        rowid,
        m.longitude,
        m.longitude,
        m.latitude,
        m.latitude,
        dayNumber(m.event_date),
        dayNumber(m.event_date),
      );
    this.count(dayNumber(m.event_date), m.event_type, 1);
    if (m.latitude !== null && m.longitude !== null) this.cells(m.longitude, m.latitude, m.event_type, 1);
    // The event reaches as far as any of its claims does.
    const boxes = claims.map(reach).filter((b) => b !== null);
    if (boxes.length)
      this.st(
        `INSERT INTO events_reach (id, west, east, south, north, first_day, last_day, type_lo, type_hi, event_id, event_type, sub_event_type,
           event_date, time_precision, latitude, longitude, geo_precision, country, actor1, actor2, assoc_actor_1, assoc_actor_2, movement_status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        rowid,
        Math.min(...boxes.map((b) => b.west)),
        Math.max(...boxes.map((b) => b.east)),
        Math.min(...boxes.map((b) => b.south)),
        Math.max(...boxes.map((b) => b.north)),
        Math.min(...boxes.map((b) => b.from)),
        Math.max(...boxes.map((b) => b.to)),
        TYPE_CODES.indexOf(m.event_type),
        TYPE_CODES.indexOf(m.event_type),
        id,
        m.event_type,
        m.sub_event_type,
        m.event_date,
        m.time_precision,
        m.latitude,
        m.longitude,
        m.geo_precision,
        m.country,
        m.actor1,
        m.actor2,
        m.assoc_actor_1,
        m.assoc_actor_2,
        movementStatusOf(m) ?? null,
      );
  }
}
