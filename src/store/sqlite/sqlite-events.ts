// The event-query concern on SQLite: pages of events (counted and ordered by the R*Tree alone when
// a box and days are all a filter asks), an event with its claims, documents, history and reviews,
// claims, and the export read a batch at a time.
import { ACLED_COLUMNS, validDate } from '../../model/index.js';
import { credibility } from '../../corroborate/consensus.js';
import { hidesRejectedOnly, onlyFilters, sortOrder, fieldColumns, fieldRow } from '../filters.js';
import { eventDetailOf, exportRow, reviewOfRow, storedClaimOfRow, storedEventOfRow } from '../rows.js';
import type { ClaimRow, DocumentSummaryRow, HistoryRow, StoredEventRow } from '../rows.js';
import { COUNT_CAP, DEFAULT_LIMIT, MAX_LIMIT } from '../store.js';
import type { ClaimFilter, EventDetail, EventFilter, EventPage, EventQueries, ExportRow } from '../store.js';
import type { FieldPage, Review, StoredClaim, StoredEvent } from '../store.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { REJECTED_ROWS, boxCondition, where } from './sqlite-where.js';
import type Database from 'better-sqlite3';

/** A row of the events table: ACLED's columns as stored, the structured parts as JSON text. */
export type EventRow = StoredEventRow & { rowid: number; hedged: number };

/** An event's review decisions, or every one, oldest first, undone ones marked. */
export function reviewsOf(db: Database.Database, eventId: string | undefined): Review[] {
  return (
    db
      .prepare(
        `SELECT r.rowid AS id, r.*, u.by AS undone_by, u.at AS undone_at FROM reviews r
         LEFT JOIN review_undos u ON u.review_id = r.rowid ${eventId ? 'WHERE r.event_id = ?' : ''} ORDER BY r.rowid`,
      )
      .all(...(eventId ? [eventId] : [])) as Array<Parameters<typeof reviewOfRow>[0]>
  ).map(reviewOfRow);
}

export class SqliteEvents implements EventQueries {
  constructor(private readonly c: SqliteConnection) {}

  async listEvents(filter: EventFilter): Promise<EventPage> {
    const { rows, ...page } = this.#page<EventRow>(filter, 'e.*');
    return { ...page, events: this.#hydrate(rows) };
  }

  async listEventFields(filter: EventFilter, fields: string[]): Promise<FieldPage> {
    const columns = fieldColumns(fields);
    const { rows, ...page } = this.#page<Record<string, string | number | null>>(
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
  #page<R>(filter: EventFilter, select: string): Omit<EventPage, 'events'> & { rows: R[] } {
    const limit = Math.max(1, Math.min(MAX_LIMIT, filter.limit ?? DEFAULT_LIMIT));
    const offset = Math.max(0, filter.offset ?? 0);
    const { clause, params } = where(filter);
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
      ? `SELECT id FROM events_rtree WHERE ${boxCondition(filter)} AND id NOT IN (${REJECTED_ROWS})`
      : `SELECT e.rowid FROM events e ${clause}`;
    const counted = (
      this.c.db.prepare(`SELECT count(*) AS n FROM (${matching} LIMIT ${COUNT_CAP + 1})`).get(params) as {
        n: number;
      }
    ).n;
    const by = order
      ? `e.${order.column} ${order.descending ? 'DESC' : 'ASC'}, e.rowid ${order.descending ? 'DESC' : 'ASC'}`
      : 'e.event_date DESC, e.rowid DESC';
    const ordered = inBox
      ? `${matching} ORDER BY min_day DESC, id DESC LIMIT @limit OFFSET @offset`
      : `${matching} ORDER BY ${by} LIMIT @limit OFFSET @offset`;
    const rows = this.c.db
      .prepare(`SELECT ${select} FROM events e WHERE e.rowid IN (${ordered}) ORDER BY ${by}`)
      .all({ ...params, limit, offset }) as R[];
    return { total: Math.min(counted, COUNT_CAP), totalExact: counted <= COUNT_CAP, limit, offset, rows };
  }

  #hydrate(rows: EventRow[]): StoredEvent[] {
    if (rows.length === 0) return [];
    const { grade } = this.c.sources();
    const gradeOf = (s: string) => grade.get(s) ?? 'F';
    const ids = rows.map((r) => r.id);
    const marks = ids.map(() => '?').join(',');
    const docs = this.c.db
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

  async getEvent(requested: string): Promise<EventDetail | null> {
    const id = this.c.resolveId(requested);
    const row = this.c.db.prepare('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
    if (!row) return null;
    const [event] = this.#hydrate([row]);
    const documents = this.c.db
      .prepare(
        `SELECT d.id, d.external_id, d.title, d.publisher, d.published, d.url FROM event_documents ed JOIN documents d ON d.id = ed.document_id
         WHERE ed.event_id = ? ORDER BY d.published, d.rowid`,
      )
      .all(id) as DocumentSummaryRow[];
    const claims = this.c.db
      .prepare('SELECT * FROM claims WHERE event_id = ? ORDER BY rowid')
      .all(id) as ClaimRow[];
    const history = this.c.db
      .prepare('SELECT * FROM event_history WHERE event_id = ? ORDER BY version, rowid')
      .all(id) as HistoryRow[];
    return eventDetailOf(event!, { documents, claims, history }, reviewsOf(this.c.db, id));
  }

  async listClaims(filter: ClaimFilter): Promise<StoredClaim[]> {
    const where: string[] = [];
    if (filter.movement) where.push('movement = 1');
    if (filter.agreement) where.push('agreement = 1');
    const rows = this.c.db
      .prepare(`SELECT * FROM claims ${where.length ? `WHERE ${where.join(' OR ')}` : ''} ORDER BY rowid`)
      .all() as ClaimRow[];
    return rows.map((r) => storedClaimOfRow(r));
  }

  async *exportRows(filter: EventFilter): AsyncGenerator<ExportRow[]> {
    const { clause, params } = where({ ...filter, limit: undefined, offset: undefined });
    const n = ACLED_COLUMNS.length;
    // Positional rows: id, ACLED's columns, what the record's own columns come from, the kept
    // columns of an imported ACLED row (read only for such events), then rowid.
    const next = this.c.db
      .prepare(
        `SELECT e.id, ${ACLED_COLUMNS.map((c) => `e.${c}`).join(', ')},
                e.voices, e.hedged, e.claim_count, e.contested, e.review_status,
                CASE WHEN e.flags LIKE '%"imported:acled"%' THEN json_extract(e.details, '$.imported.row') END,
                e.rowid
         FROM events e ${clause ? `${clause} AND` : 'WHERE'} e.rowid > @after ORDER BY e.rowid LIMIT 5000`,
      )
      .raw();
    const { grade } = this.c.sources();
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

  async counts(): Promise<{ documents: number; events: number }> {
    const documents = (this.c.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    const events = (this.c.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    return { documents, events };
  }
}
