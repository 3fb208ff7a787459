// An event filter as PostgreSQL's condition over the events table (aliased `e`): day numbers for
// the (day, longitude, latitude) index, tsvector columns for words, positional parameters.
import { validDate } from '../../model/index.js';
import { dayNumber } from '../../corroborate/cluster.js';
import { EXACT_FILTERS, hidesRejectedOnly, parseSearch, reviewStatuses, tsQueryText } from '../filters.js';
import type { EventFilter } from '../store.js';
import type { Params } from './postgres-connection.js';

/** The SQL condition for an event filter (events aliased `e`). */
export function filterSql(filter: EventFilter, p: Params): string {
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
  for (const [key, column] of EXACT_FILTERS) {
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
