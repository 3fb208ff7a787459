// An event filter as SQLite's condition over the events table (aliased `e`): the R*Tree for the
// box and days, FTS5 for words, and the rejected events read through the review index alone.
import { dayNumber } from '../../corroborate/cluster.js';
import { EXACT_FILTERS, ftsMatch, hidesRejectedOnly, parseSearch, reviewStatuses } from '../filters.js';
import type { EventFilter } from '../store.js';

/** Row numbers of rejected events: what the kept counts and the map's indexes include but a list hides. */
export const REJECTED_ROWS =
  "SELECT rowid FROM events INDEXED BY events_review WHERE review_status = 'rejected'";

export /**
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

/**
 * The R*Tree condition for a filter's box and days (parameters @w @s @e @n @startDay @endDay, as
 * `where` sets them). An event's R*Tree entry is its point and its day, so the days select exactly
 * the dates the filter's start and end do.
 */
export function boxCondition(filter: EventFilter): string {
  return `min_lon >= @w AND max_lon <= @e AND min_lat >= @s AND max_lat <= @n${
    filter.start ? ' AND min_day >= @startDay' : ''
  }${filter.end ? ' AND max_day <= @endDay' : ''}`;
}

/** The SQL condition and parameters for an event filter (events aliased `e`). */
export function where(filter: EventFilter): { clause: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.bbox) {
    const [w, s, e, n] = filter.bbox;
    where.push(`e.rowid IN (SELECT id FROM events_rtree WHERE ${boxCondition(filter)})`);
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
  for (const [key, column] of EXACT_FILTERS) {
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
