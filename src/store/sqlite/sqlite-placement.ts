// Placement's port on SQLite: the SQL behind corroborate/placement.ts, over the reach R*Tree
// (events_reach), with every index an event row keeps (full text, places, points, counts, cells)
// written in step. Synchronous, as better-sqlite3 is: its plans run with runSync inside the
// caller's transaction.
import type Database from 'better-sqlite3';
import { dayNumber, movementStatusOf, reach, type ClaimRecord } from '../../corroborate/cluster.js';
import type { Consensus } from '../../corroborate/consensus.js';
import * as placement from '../../corroborate/placement.js';
import {
  claimFromRow,
  placeClaim,
  refreshEvent,
  runSync,
  type Cause,
  type CandidateRow,
  type ClaimRefRow,
  type ClaimRowValues,
  type CountryWindow,
  type EventMoves,
  type EventState,
  type EventWrite,
  type HistoryRow,
  type Reach,
} from '../../corroborate/placement.js';
import { CELL_LEVELS } from '../filters.js';
import { eventColumns } from '../rows.js';
import { placeKeys } from '../filters.js';
import { EVENT_TYPES, type EventType } from '../../model/index.js';
import type { AuditInput } from '../audit.js';

/** Event types as numbers, the fourth dimension of the reach index. */
const TYPE_CODES = Object.keys(EVENT_TYPES) as EventType[];

const CANDIDATE_COLUMNS =
  'e.id, e.event_type, e.sub_event_type, e.event_date, e.time_precision, e.latitude, e.longitude, e.geo_precision, e.country, e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2, e.movement_status';

export interface ClaimRow extends placement.ClaimRow {
  rowid: number;
}

/** An event row as placement reads it back: its rowid keys the indexes. */
type EventRow = EventState & Record<string, unknown> & { rowid: number };

export { claimFromRow, type Cause };

export class SqlitePlacement implements EventMoves<EventRow> {
  private readonly cache = new Map<string, Database.Statement>();
  private linkCount: number | null = null;

  /** `audit` appends to the store's audit log (its hash chain is the store's). */
  constructor(
    private readonly db: Database.Database,
    private readonly appendAudit: (input: AuditInput, at: string) => void = () => undefined,
  ) {}

  /** Prepared statements are reused: preparing costs more than running at these sizes. */
  private st(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /** Analysts' links are looked up for each claim only once there are any. */
  linksChanged(): void {
    this.linkCount = null;
  }

  private hasLinks(): boolean {
    this.linkCount ??= (this.st('SELECT count(*) AS n FROM cluster_links').get() as { n: number }).n;
    return this.linkCount > 0;
  }

  /** Stores a claim and places it (see placeClaim). */
  place(c: ClaimRecord, cause: Cause, now: string, match = true): { eventId: string; created: boolean } {
    return runSync(placeClaim(this, c, cause, now, match));
  }

  /** Recomputes an event from its claims (see refreshEvent). */
  refresh(eventId: string, cause: Cause, now: string, fresh?: ClaimRecord): void {
    runSync(refreshEvent(this, eventId, cause, now, fresh));
  }

  // ---- the port ----

  tiedEvent(claimId: string): string | undefined {
    if (!this.hasLinks()) return undefined;
    const row = this.st(
      `SELECT c.event_id FROM cluster_links l JOIN claims c ON c.id = CASE WHEN l.claim_a = @id THEN l.claim_b ELSE l.claim_a END
       WHERE l.kind = 'must' AND (l.claim_a = @id OR l.claim_b = @id) AND c.event_id != '' LIMIT 1`,
    ).get({ id: claimId }) as { event_id: string } | undefined;
    return row?.event_id;
  }

  cannotLinks(claimId: string): ReadonlySet<string> {
    if (!this.hasLinks()) return new Set();
    const rows = this.st(
      `SELECT CASE WHEN claim_a = @id THEN claim_b ELSE claim_a END AS other FROM cluster_links
       WHERE kind = 'cannot' AND (claim_a = @id OR claim_b = @id)`,
    ).all({ id: claimId }) as Array<{ other: string }>;
    return new Set(rows.map((r) => r.other));
  }

  eventsInReach(r: Reach, types: EventType[]): CandidateRow[] {
    const query = this.st(
      `SELECT x.event_id AS id, x.event_type, x.sub_event_type, x.event_date, x.time_precision, x.latitude, x.longitude,
              x.geo_precision, x.country, x.actor1, x.actor2, x.assoc_actor_1, x.assoc_actor_2, x.movement_status
       FROM events_reach x
       WHERE x.west <= @east AND x.east >= @west AND x.south <= @north AND x.north >= @south
         AND x.first_day <= @to AND x.last_day >= @from AND x.type_lo <= @type AND x.type_hi >= @type`,
    );
    return types.flatMap((t) => query.all({ ...r, type: TYPE_CODES.indexOf(t) }) as CandidateRow[]);
  }

  eventsInCountry(w: CountryWindow): CandidateRow[] {
    const params = { country: w.country, from: w.from, to: w.to, sub: w.subEventType };
    return (
      w.unplaced
        ? this.st(
            `SELECT ${CANDIDATE_COLUMNS}
             FROM events e INDEXED BY events_unplaced WHERE e.country = @country AND e.day BETWEEN @from AND @to AND e.latitude IS NULL AND e.sub_event_type = @sub LIMIT ${w.limit}`,
          )
        : this.st(
            `SELECT ${CANDIDATE_COLUMNS}
             FROM events e WHERE e.country = @country AND e.day BETWEEN @from AND @to AND e.sub_event_type = @sub LIMIT ${w.limit}`,
          )
    ).all(params) as CandidateRow[];
  }

  claimRefs(eventIds: string[]): ClaimRefRow[] {
    const query = this.st(
      'SELECT event_id, id, document_id, root, signature, names, explicit_day, dataset FROM claims WHERE event_id = ?',
    );
    return eventIds.flatMap((id) => query.all(id) as ClaimRefRow[]);
  }

  insertClaim(c: ClaimRowValues): void {
    this.st(
      `INSERT INTO claims (id, event_id, document_id, root, signature, names, explicit_day, movement, agreement, body, created_at, dataset)
       VALUES (@id, @event_id, @document_id, @root, @signature, @names, @explicit_day, @movement, @agreement, @body, @created_at, @dataset)
       ON CONFLICT(id) DO UPDATE SET event_id = excluded.event_id`,
    ).run({ ...c, movement: c.movement ? 1 : 0, agreement: c.agreement ? 1 : 0 });
  }

  claimsOf(eventId: string): ClaimRecord[] {
    return (this.st('SELECT * FROM claims WHERE event_id = ? ORDER BY rowid').all(eventId) as ClaimRow[]).map(
      claimFromRow,
    );
  }

  readEvent(eventId: string): EventRow | undefined {
    return this.st('SELECT * FROM events WHERE id = ?').get(eventId) as EventRow | undefined;
  }

  correction(eventId: string): { status: string; fields: string } | undefined {
    return this.st('SELECT status, fields FROM corrections WHERE event_id = ?').get(eventId) as
      { status: string; fields: string } | undefined;
  }

  lastVersion(eventId: string): number | null {
    return (
      this.st('SELECT max(version) AS v FROM event_history WHERE event_id = ?').get(eventId) as {
        v: number | null;
      }
    ).v;
  }

  writeEvent(w: EventWrite<EventRow>): void {
    if (w.old) this.unindex(w.old.rowid);
    this.write(w.old?.rowid, w.eventId, w.m, w.claims, w.version, w.createdAt, w.now);
  }

  linkDocuments(eventId: string, documentIds: string[]): void {
    for (const d of documentIds)
      this.st('INSERT OR IGNORE INTO event_documents (event_id, document_id) VALUES (?, ?)').run(eventId, d);
  }

  removeEvent(eventId: string, old: EventRow): void {
    this.remove(old.rowid, eventId);
  }

  addHistory(h: HistoryRow): void {
    this.st(
      `INSERT INTO event_history (event_id, version, at, action, document_id, by, changes)
       VALUES (@event_id, @version, @at, @action, @document_id, @by, @changes)`,
    ).run(h);
  }

  link(a: string, b: string, kind: 'must' | 'cannot', by: string, at: string): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.st(
      'INSERT INTO cluster_links (claim_a, claim_b, kind, by, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(claim_a, claim_b) DO UPDATE SET kind = excluded.kind, by = excluded.by, at = excluded.at',
    ).run(x, y, kind, by, at);
    this.linksChanged();
  }

  moveEvent(from: string, to: string): void {
    this.st('UPDATE claims SET event_id = ? WHERE event_id = ?').run(to, from);
  }

  moveClaims(claimIds: string[], to: string): void {
    const mark = claimIds.map(() => '?').join(',');
    this.db.prepare(`UPDATE claims SET event_id = ? WHERE id IN (${mark})`).run(to, ...claimIds);
  }

  alias(oldId: string, newId: string): void {
    this.st('INSERT OR REPLACE INTO event_aliases (old_id, new_id) VALUES (?, ?)').run(oldId, newId);
  }

  unalias(oldId: string): void {
    this.st('DELETE FROM event_aliases WHERE old_id = ?').run(oldId);
  }

  unlinkDocuments(eventId: string): void {
    this.st('DELETE FROM event_documents WHERE event_id = ?').run(eventId);
  }

  allClaims(): ClaimRow[] {
    return this.db.prepare('SELECT * FROM claims ORDER BY rowid').all() as ClaimRow[];
  }

  clearEvents(): void {
    this.db.exec(
      "DELETE FROM events_fts; DELETE FROM event_places; DELETE FROM events_rtree; DELETE FROM events_reach; DELETE FROM event_counts; DELETE FROM event_cells; DELETE FROM event_documents; DELETE FROM events; UPDATE claims SET event_id = ''",
    );
  }

  claimEvents(): Array<{ id: string; event_id: string }> {
    return this.db.prepare('SELECT id, event_id FROM claims ORDER BY rowid').all() as Array<{
      id: string;
      event_id: string;
    }>;
  }

  reclusteredHistory(eventId: string, at: string, changes: string): void {
    this.st(
      "INSERT INTO event_history (event_id, version, at, action, changes) SELECT ?, version, ?, 'reclustered', ? FROM events WHERE id = ?",
    ).run(eventId, at, changes, eventId);
  }

  countEvents(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  audit(entry: AuditInput, at: string): void {
    this.appendAudit(entry, at);
  }

  // ---- the indexes an event row keeps ----

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
