// Placement's port on PostgreSQL: the SQL behind corroborate/placement.ts over one transaction's
// connection (the GiST index on each event's reach box finds candidates). The locks that let
// workers place claims at once where their reaches cannot meet are in postgres-locks.ts.
import type pg from 'pg';
import { reach, type ClaimRecord } from '../../corroborate/cluster.js';
import * as P from '../../corroborate/placement.js';
import type { EventType } from '../../model/index.js';
import type { AuditInput } from '../audit.js';
import { eventColumns } from '../rows.js';
import { placeKeys } from '../filters.js';

export const EVENT_COLUMNS =
  `event_date, time_precision, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
  country, admin1, admin2, location, latitude, longitude, geo_precision, fatalities, notes, source, plover, hedged, confidence, details, attribution, flags,
  created_at, updated_at, day, movement_status, evidence, contested, voices, fatalities_range, claim_count, version, review_status, reach, first_day, last_day`.split(
    /,\s*/,
  );

const CANDIDATE_COLUMNS =
  'id, event_type, sub_event_type, event_date, time_precision, latitude, longitude, geo_precision, country, actor1, actor2, assoc_actor_1, assoc_actor_2, movement_status';

type EventRow = P.EventState & Record<string, unknown>;

export class PostgresPlacement implements P.EventMoves<EventRow> {
  /**
   * `links` false when the record holds no analyst's links (looked up once per document), so
   * none is asked for per claim; `audit` appends to the store's hash-chained log.
   */
  constructor(
    private readonly q: pg.PoolClient,
    private readonly opts: {
      links: boolean;
      audit?: (q: pg.PoolClient, input: AuditInput, at: string) => Promise<void>;
    },
  ) {}

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.q.query(sql, params)).rows as T[];
  }

  private async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.q.query(sql, params);
  }

  async tiedEvent(claimId: string): Promise<string | undefined> {
    if (!this.opts.links) return undefined;
    const [row] = await this.rows<{ event_id: string }>(
      `SELECT c.event_id FROM cluster_links l JOIN claims c ON c.id = CASE WHEN l.claim_a = $1 THEN l.claim_b ELSE l.claim_a END
       WHERE l.kind = 'must' AND (l.claim_a = $1 OR l.claim_b = $1) AND c.event_id <> '' LIMIT 1`,
      [claimId],
    );
    return row?.event_id;
  }

  async cannotLinks(claimId: string): Promise<ReadonlySet<string>> {
    if (!this.opts.links) return new Set();
    const rows = await this.rows<{ other: string }>(
      `SELECT CASE WHEN claim_a = $1 THEN claim_b ELSE claim_a END AS other FROM cluster_links
       WHERE kind = 'cannot' AND (claim_a = $1 OR claim_b = $1)`,
      [claimId],
    );
    return new Set(rows.map((r) => r.other));
  }

  eventsInReach(r: P.Reach, types: EventType[]): Promise<P.CandidateRow[]> {
    return this.rows<P.CandidateRow>(
      `SELECT ${CANDIDATE_COLUMNS} FROM events
       WHERE reach && box(point($1, $2), point($3, $4)) AND first_day <= $5 AND last_day >= $6 AND event_type = ANY($7)`,
      [r.west, r.south, r.east, r.north, r.to, r.from, types],
    );
  }

  eventsInCountry(w: P.CountryWindow): Promise<P.CandidateRow[]> {
    return this.rows<P.CandidateRow>(
      `SELECT ${CANDIDATE_COLUMNS} FROM events WHERE ${w.unplaced ? 'latitude IS NULL AND ' : ''}country = $1
         AND day BETWEEN $2 AND $3 AND sub_event_type = $4 LIMIT ${w.limit}`,
      [w.country, w.from, w.to, w.subEventType],
    );
  }

  claimRefs(eventIds: string[]): Promise<P.ClaimRefRow[]> {
    return this.rows<P.ClaimRefRow>(
      'SELECT event_id, id, document_id, root, signature, names, explicit_day, dataset FROM claims WHERE event_id = ANY($1) ORDER BY seq',
      [eventIds],
    );
  }

  insertClaim(c: P.ClaimRowValues): Promise<void> {
    return this.run(
      `INSERT INTO claims (id, event_id, document_id, root, signature, names, explicit_day, movement, agreement, body, created_at, dataset)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id`,
      [
        c.id,
        c.event_id,
        c.document_id,
        c.root,
        c.signature,
        c.names,
        c.explicit_day,
        c.movement,
        c.agreement,
        c.body,
        c.created_at,
        c.dataset,
      ],
    );
  }

  async claimsOf(eventId: string): Promise<ClaimRecord[]> {
    return (
      await this.rows<P.ClaimRefRow & { body: string }>(
        'SELECT * FROM claims WHERE event_id = $1 ORDER BY seq',
        [eventId],
      )
    ).map(P.claimFromRow);
  }

  async readEvent(eventId: string): Promise<EventRow | undefined> {
    // Locked until commit: a concurrent placement joining the same event waits here, then reads
    // the claims this one added (each statement sees what was committed before it began).
    return (await this.rows<EventRow>('SELECT * FROM events WHERE id = $1 FOR UPDATE', [eventId]))[0];
  }

  async correction(eventId: string): Promise<{ status: string; fields: string } | undefined> {
    return (
      await this.rows<{ status: string; fields: string }>(
        'SELECT status, fields FROM corrections WHERE event_id = $1',
        [eventId],
      )
    )[0];
  }

  async lastVersion(eventId: string): Promise<number | null> {
    const [row] = await this.rows<{ v: number | null }>(
      'SELECT max(version) AS v FROM event_history WHERE event_id = $1',
      [eventId],
    );
    return row?.v ?? null;
  }

  async writeEvent({
    eventId: id,
    m,
    claims,
    version,
    createdAt,
    now,
  }: P.EventWrite<EventRow>): Promise<void> {
    // The event reaches as far as any of its claims does.
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
    const params: unknown[] = [id, ...EVENT_COLUMNS.map((c) => values[c])];
    const refs = EVENT_COLUMNS.map((_, i) => `$${i + 2}`);
    const words = [
      [...new Set(claims.map((c) => c.notes))].join(' '),
      [m.actor1, m.assoc_actor_1, m.actor2, m.assoc_actor_2].join(' '),
      [m.location, m.admin1, m.admin2, m.country, placeKeys(m.location, m.admin1, m.admin2)].join(' '),
    ];
    const n = params.length;
    params.push(...words);
    const search = `observatory_words($${n + 1} || ' ' || $${n + 2} || ' ' || $${n + 3})`;
    await this.run(
      `INSERT INTO events (id, ${EVENT_COLUMNS.join(', ')}, search) VALUES ($1, ${refs.join(', ')}, ${search})
       ON CONFLICT (id) DO UPDATE SET ${EVENT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, search = excluded.search`,
      params,
    );
  }

  linkDocuments(eventId: string, documentIds: string[]): Promise<void> {
    return this.run(
      'INSERT INTO event_documents (event_id, document_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [eventId, documentIds],
    );
  }

  async removeEvent(eventId: string): Promise<void> {
    await this.unlinkDocuments(eventId);
    await this.run('DELETE FROM events WHERE id = $1', [eventId]);
  }

  addHistory(h: P.HistoryRow): Promise<void> {
    return this.run(
      'INSERT INTO event_history (event_id, version, at, action, document_id, by, changes) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [h.event_id, h.version, h.at, h.action, h.document_id, h.by, h.changes],
    );
  }

  link(a: string, b: string, kind: 'must' | 'cannot', by: string, at: string): Promise<void> {
    const [x, y] = a < b ? [a, b] : [b, a];
    return this.run(
      `INSERT INTO cluster_links (claim_a, claim_b, kind, by, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (claim_a, claim_b) DO UPDATE SET kind = excluded.kind, by = excluded.by, at = excluded.at`,
      [x, y, kind, by, at],
    );
  }

  moveEvent(from: string, to: string): Promise<void> {
    return this.run('UPDATE claims SET event_id = $1 WHERE event_id = $2', [to, from]);
  }

  moveClaims(claimIds: string[], to: string): Promise<void> {
    return this.run('UPDATE claims SET event_id = $1 WHERE id = ANY($2)', [to, claimIds]);
  }

  alias(oldId: string, newId: string): Promise<void> {
    return this.run(
      'INSERT INTO event_aliases (old_id, new_id) VALUES ($1, $2) ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id',
      [oldId, newId],
    );
  }

  unalias(oldId: string): Promise<void> {
    return this.run('DELETE FROM event_aliases WHERE old_id = $1', [oldId]);
  }

  unlinkDocuments(eventId: string): Promise<void> {
    return this.run('DELETE FROM event_documents WHERE event_id = $1', [eventId]);
  }

  allClaims(): Promise<P.ClaimRow[]> {
    return this.rows('SELECT * FROM claims ORDER BY seq');
  }

  clearEvents(): Promise<void> {
    return this.run("DELETE FROM event_documents; DELETE FROM events; UPDATE claims SET event_id = ''");
  }

  claimEvents(): Promise<Array<{ id: string; event_id: string }>> {
    return this.rows('SELECT id, event_id FROM claims ORDER BY seq');
  }

  reclusteredHistory(eventId: string, at: string, changes: string): Promise<void> {
    return this.run(
      `INSERT INTO event_history (event_id, version, at, action, changes)
       SELECT $1, version, $2, 'reclustered', $3 FROM events WHERE id = $1`,
      [eventId, at, changes],
    );
  }

  async countEvents(): Promise<number> {
    return (await this.rows<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n;
  }

  async audit(input: AuditInput, at: string): Promise<void> {
    await this.opts.audit?.(this.q, input, at);
  }
}
