// The aggregate concern on SQLite: the map's points from the covering points index, its grid from
// the cells kept as events are written, histograms from the daily counts, each with the rejected
// events taken off; whatever else a filter asks is read from the events themselves.
import { validDate } from '../../model/index.js';
import { dayNumber } from '../../corroborate/cluster.js';
import { BUCKET_WIDTH, fromKeptCounts, withoutRejected, FACET_FIELDS } from '../filters.js';
import { hidesRejectedOnly, keptCellLevel, mergeCells, onlyFilters } from '../filters.js';
import type { CellRow, FacetField } from '../filters.js';
import { COUNT_CAP, MAX_POINTS, StoreError } from '../store.js';
import type { FacetCount, Interval, Measure, SeriesBy, EventAggregates, EventFilter } from '../store.js';
import type { GridCell, HistogramBucket, MapPoint, SeriesPoint } from '../store.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { rejectedWhere, where } from './sqlite-where.js';

export class SqliteAggregates implements EventAggregates {
  constructor(private readonly c: SqliteConnection) {}

  async mapPoints(
    filter: EventFilter,
    opts: { whole?: boolean } = {},
  ): Promise<{ total: number; points: MapPoint[] }> {
    const { clause, params } = where(filter);
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
        this.c.db
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
    const rows = this.c.db
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
      const rows = this.c.db
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
      return mergeCells(rows, this.#rejectedCells(filter, size));
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
      const w = where(filter);
      sql = `FROM events e ${w.clause ? `${w.clause} AND` : 'WHERE'} e.latitude IS NOT NULL`;
      params = w.params;
    }
    const rows = this.c.db
      .prepare(
        `SELECT CAST((e.longitude + 180) / @cell AS INTEGER) AS gx, CAST((e.latitude + 90) / @cell AS INTEGER) AS gy,
                e.event_type, count(*) AS n, sum(e.longitude) AS lon, sum(e.latitude) AS lat
         ${sql} GROUP BY gx, gy, e.event_type`,
      )
      .all({ ...params, cell }) as CellRow[];
    return mergeCells(rows, plain ? this.#rejectedCells(filter, cell) : []);
  }

  /** The rejected events among a plain filter's (box, dates, type), counted in cells of `cell` degrees. */
  #rejectedCells(filter: EventFilter, cell: number): CellRow[] {
    const { clause, params } = rejectedWhere(filter);
    return this.c.db
      .prepare(
        `SELECT CAST((e.longitude + 180) / @cell AS INTEGER) AS gx, CAST((e.latitude + 90) / @cell AS INTEGER) AS gy,
                e.event_type, count(*) AS n, sum(e.longitude) AS lon, sum(e.latitude) AS lat
         FROM events e ${clause} AND e.latitude IS NOT NULL GROUP BY gx, gy, e.event_type`,
      )
      .all({ ...params, cell }) as CellRow[];
  }

  async histogram(filter: EventFilter, interval: Interval): Promise<HistogramBucket[]> {
    const width = BUCKET_WIDTH[interval];
    // Filtered by type and dates only: read the daily counts kept as events are written.
    const { start, end, eventType } = filter;
    if (fromKeptCounts(filter)) {
      // The kept counts include rejected events: theirs are taken off.
      const rejected = rejectedWhere({ start, end, eventType });
      const off = new Map(
        (
          this.c.db
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
      const kept = this.c.db
        .prepare(
          `SELECT substr(date(day * 86400, 'unixepoch'), 1, ${width}) AS bucket, event_type, sum(n) AS count
           FROM event_counts WHERE ${where.join(' AND ')} GROUP BY bucket, event_type ORDER BY bucket, event_type`,
        )
        .all({
          ...(start ? { start: dayNumber(start) } : {}),
          ...(end ? { end: dayNumber(end) } : {}),
          ...(eventType ? { eventType } : {}),
        }) as HistogramBucket[];
      return withoutRejected(kept, off);
    }
    const { clause, params } = where(filter);
    return this.c.db
      .prepare(
        `SELECT substr(e.event_date, 1, ${width}) AS bucket, e.event_type, count(*) AS count FROM events e ${clause}
         GROUP BY bucket, e.event_type ORDER BY bucket, e.event_type`,
      )
      .all(params) as HistogramBucket[];
  }

  async series(filter: EventFilter, interval: Interval, by: SeriesBy, measure: Measure) {
    const width = BUCKET_WIDTH[interval];
    const key = by === 'actor1' ? 'e.actor1' : 'e.event_type';
    const value = measure === 'fatalities' ? 'sum(e.fatalities)' : 'count(*)';
    const { clause, params } = where({ ...filter, limit: undefined, offset: undefined });
    return this.c.db
      .prepare(
        `SELECT substr(e.event_date, 1, ${width}) AS bucket, ${key} AS key, ${value} AS value FROM events e ${clause}
         GROUP BY bucket, key ORDER BY bucket, key`,
      )
      .all(params) as SeriesPoint[];
  }

  async facets(filter: EventFilter, field: FacetField, limit: number): Promise<FacetCount[]> {
    if (!FACET_FIELDS.includes(field)) throw new StoreError(`no facet ${field}`, 'invalid');
    const { clause, params } = where({ ...filter, limit: undefined, offset: undefined });
    return this.c.db
      .prepare(
        `SELECT e.${field} AS value, count(*) AS count FROM events e ${clause ? `${clause} AND` : 'WHERE'} e.${field} != ''
         GROUP BY e.${field} ORDER BY count DESC, value LIMIT @limit`,
      )
      .all({ ...params, limit: Math.max(1, Math.min(1000, limit)) }) as Array<{
      value: string | number;
      count: number;
    }>;
  }
}
