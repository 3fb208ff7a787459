// The event-query concern on PostgreSQL: pages of events, an event with its claims, documents,
// history and reviews, claims, and the export read a batch at a time by position.
import { ACLED_COLUMNS } from '../../model/index.js';
import { credibility } from '../../corroborate/consensus.js';
import { fieldColumns, fieldRow, sortOrder } from '../filters.js';
import { eventDetailOf, exportRow, reviewOfRow, storedClaimOfRow, storedEventOfRow } from '../rows.js';
import type { ClaimRow, DocumentSummaryRow, HistoryRow, StoredEventRow } from '../rows.js';
import { COUNT_CAP, DEFAULT_LIMIT, MAX_LIMIT } from '../store.js';
import type { ClaimFilter, EventDetail, EventFilter, EventPage, EventQueries, ExportRow } from '../store.js';
import type { FieldPage, Review, StoredClaim, StoredEvent } from '../store.js';
import { Params, queryOne, queryRows } from './postgres-connection.js';
import type { PostgresConnection, Q } from './postgres-connection.js';
import { filterSql } from './postgres-where.js';

/** An event row: the columns both engines share, and PostgreSQL's own. */
export type EventRow = StoredEventRow & {
  seq: string;
  hedged: boolean;
  day: number;
  movement_status: string | null;
};

/** An event's review decisions, or every one, oldest first, undone ones marked. */
export async function reviewsOf(q: Q, eventId: string | undefined): Promise<Review[]> {
  return (
    await queryRows<Parameters<typeof reviewOfRow>[0]>(
      q,
      `SELECT r.seq AS id, r.event_id, r.action, r.by, r.at, r.changes, r.note, u.by AS undone_by, u.at AS undone_at
       FROM reviews r LEFT JOIN review_undos u ON u.review_id = r.seq ${eventId ? 'WHERE r.event_id = $1' : ''} ORDER BY r.seq`,
      eventId ? [eventId] : [],
    )
  ).map(reviewOfRow);
}

export class PostgresEvents implements EventQueries {
  constructor(private readonly c: PostgresConnection) {}

  async listEvents(filter: EventFilter): Promise<EventPage> {
    const { rows, ...page } = await this.#page<EventRow>(filter, 'e.*');
    return { ...page, events: await this.#hydrate(rows) };
  }

  async listEventFields(filter: EventFilter, fields: string[]): Promise<FieldPage> {
    const columns = fieldColumns(fields);
    const { rows, ...page } = await this.#page<Record<string, string | number | null>>(
      filter,
      columns.map(([, c]) => `e.${c}`).join(', '),
    );
    return { ...page, events: rows.map((r) => fieldRow(r, columns)) };
  }

  /** A page of the events a filter matches, newest first, as rows of `select`, with how many match. */
  async #page<R>(filter: EventFilter, select: string): Promise<Omit<EventPage, 'events'> & { rows: R[] }> {
    const p = new Params();
    const clause = filterSql(filter, p);
    const limit = Math.max(1, Math.min(MAX_LIMIT, filter.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, filter.offset ?? 0);
    const counted = (await queryOne<{ n: number }>(
      this.c.pool,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e ${clause} LIMIT ${COUNT_CAP + 1}) x`,
      p.values,
    ))!.n;
    const order = sortOrder(filter.sort);
    const by = order
      ? `e.${order.column} ${order.descending ? 'DESC' : 'ASC'}, e.seq ${order.descending ? 'DESC' : 'ASC'}`
      : 'e.event_date DESC, e.seq DESC';
    const rows = await queryRows<R & Record<string, unknown>>(
      this.c.pool,
      `SELECT ${select} FROM events e ${clause} ORDER BY ${by} LIMIT ${limit} OFFSET ${offset}`,
      p.values,
    );
    return { total: Math.min(counted, COUNT_CAP), totalExact: counted <= COUNT_CAP, limit, offset, rows };
  }

  async #hydrate(rows: EventRow[]): Promise<StoredEvent[]> {
    if (rows.length === 0) return [];
    const { grade } = await this.c.sources();
    const gradeOf = (s: string) => grade.get(s) ?? 'F';
    const docs = await queryRows<{ event_id: string; document_id: string }>(
      this.c.pool,
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

  async getEvent(requested: string): Promise<EventDetail | null> {
    const id = await this.c.resolveId(requested);
    const row = await queryOne<EventRow>(this.c.pool, 'SELECT * FROM events WHERE id = $1', [id]);
    if (!row) return null;
    const [event] = await this.#hydrate([row]);
    const documents = await queryRows<DocumentSummaryRow>(
      this.c.pool,
      `SELECT d.id, d.external_id, d.title, d.publisher, d.published, d.url FROM event_documents ed JOIN documents d ON d.id = ed.document_id
       WHERE ed.event_id = $1 ORDER BY d.published, d.seq`,
      [id],
    );
    const claims = await queryRows<ClaimRow>(
      this.c.pool,
      'SELECT * FROM claims WHERE event_id = $1 ORDER BY seq',
      [id],
    );
    const history = await queryRows<HistoryRow>(
      this.c.pool,
      'SELECT * FROM event_history WHERE event_id = $1 ORDER BY version, seq',
      [id],
    );
    return eventDetailOf(event!, { documents, claims, history }, await reviewsOf(this.c.pool, id));
  }

  async listClaims(filter: ClaimFilter): Promise<StoredClaim[]> {
    const where: string[] = [];
    if (filter.movement) where.push('movement');
    if (filter.agreement) where.push('agreement');
    const rows = await queryRows<ClaimRow>(
      this.c.pool,
      `SELECT * FROM claims ${where.length ? `WHERE ${where.join(' OR ')}` : ''} ORDER BY seq`,
    );
    return rows.map((r) => storedClaimOfRow(r));
  }

  async *exportRows(filter: EventFilter): AsyncGenerator<ExportRow[]> {
    const { grade } = await this.c.sources();
    const gradeOf = (s: string) => grade.get(s) ?? 'F';
    const credible = new Map<string, number>();
    let after = 0;
    for (;;) {
      const p = new Params();
      const clause = filterSql({ ...filter, limit: undefined, offset: undefined }, p);
      const rows = await queryRows<Record<string, unknown>>(
        this.c.pool,
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

  async counts(): Promise<{ documents: number; events: number }> {
    const r = (await queryOne<{ documents: number; events: number }>(
      this.c.pool,
      'SELECT (SELECT count(*)::int FROM documents) AS documents, (SELECT count(*)::int FROM events) AS events',
    ))!;
    return { documents: r.documents, events: r.events };
  }
}
