// The aggregate concern on PostgreSQL: the map's points, its grid from the cells kept as events are
// written, histograms from the daily counts, each with the rejected events taken off; whatever else
// a filter asks is counted from the events themselves.
import { dayNumber } from '../../corroborate/cluster.js';
import { BUCKET_WIDTH, fromKeptCounts, withoutRejected, FACET_FIELDS } from '../filters.js';
import { hidesRejectedOnly, keptCellLevel, mergeCells, onlyFilters } from '../filters.js';
import type { CellRow, FacetField } from '../filters.js';
import { COUNT_CAP, MAX_POINTS, StoreError } from '../store.js';
import type { FacetCount, Interval, Measure, SeriesBy, EventAggregates, EventFilter } from '../store.js';
import type { GridCell, HistogramBucket, MapPoint, SeriesPoint } from '../store.js';
import { Params, queryOne, queryRows } from './postgres-connection.js';
import type { PostgresConnection } from './postgres-connection.js';
import { filterSql } from './postgres-where.js';

export class PostgresAggregates implements EventAggregates {
  constructor(private readonly c: PostgresConnection) {}

  async mapPoints(
    filter: EventFilter,
    opts: { whole?: boolean } = {},
  ): Promise<{ total: number; points: MapPoint[] }> {
    const p = new Params();
    const clause = filterSql(filter, p);
    const placed = `${clause ? `${clause} AND` : 'WHERE'} e.latitude IS NOT NULL`;
    const limit = Math.max(1, Math.min(MAX_POINTS, filter.limit ?? MAX_POINTS));
    if (opts.whole) {
      const n = (await queryOne<{ n: number }>(
        this.c.pool,
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e ${placed} LIMIT ${limit + 1}) x`,
        p.values,
      ))!.n;
      if (n > limit) return { total: n, points: [] };
    }
    const rows = await queryRows<{
      id: string;
      longitude: number;
      latitude: number;
      event_type: string;
      geo_precision: number;
    }>(
      this.c.pool,
      `SELECT e.id, e.longitude, e.latitude, e.event_type, e.geo_precision FROM events e ${placed}
       ORDER BY e.event_date DESC LIMIT ${limit}`,
      p.values,
    );
    const total =
      rows.length < limit
        ? rows.length
        : (await queryOne<{ n: number }>(
            this.c.pool,
            `SELECT count(*)::int AS n FROM (SELECT 1 FROM events e ${placed} LIMIT ${COUNT_CAP}) x`,
            p.values,
          ))!.n;
    return { total, points: rows.map((r) => [r.id, r.longitude, r.latitude, r.event_type, r.geo_precision]) };
  }

  async grid(filter: EventFilter, cell: number): Promise<GridCell[]> {
    const { bbox, start, end, eventType } = filter;
    const at = keptCellLevel(cell);
    if (
      at !== undefined &&
      !start &&
      !end &&
      hidesRejectedOnly(filter) &&
      onlyFilters(filter, ['bbox', 'eventType', 'reviewStatus'])
    ) {
      // The whole record, by box and type: the cells kept as events are written.
      const size = 360 / 2 ** at;
      const [w, s, e, n] = bbox ?? [-180, -90, 180, 90];
      const p = new Params();
      const rows = await queryRows<CellRow>(
        this.c.pool,
        `SELECT gx, gy, event_type, n, lon, lat FROM event_cells
         WHERE level = ${p.add(at)} AND gx BETWEEN ${p.add(Math.floor((w + 180) / size))} AND ${p.add(Math.floor((e + 180) / size))}
           AND gy BETWEEN ${p.add(Math.floor((s + 90) / size))} AND ${p.add(Math.floor((n + 90) / size))} AND n > 0
           ${eventType ? `AND event_type = ${p.add(eventType)}` : ''}`,
        p.values,
      );
      // The kept cells count every event: the rejected ones are taken off.
      return mergeCells(rows, await this.#cellRows({ bbox, eventType, reviewStatus: 'rejected' }, size));
    }
    return mergeCells(await this.#cellRows(filter, cell));
  }

  /** The filtered placed events counted per cell of `cell` degrees and type. */
  async #cellRows(filter: EventFilter, cell: number): Promise<CellRow[]> {
    const p = new Params();
    const clause = filterSql(filter, p);
    const size = p.add(cell);
    return queryRows<CellRow>(
      this.c.pool,
      `SELECT floor((e.longitude + 180) / ${size})::int AS gx, floor((e.latitude + 90) / ${size})::int AS gy,
              e.event_type, count(*)::int AS n, sum(e.longitude) AS lon, sum(e.latitude) AS lat
       FROM events e ${clause ? `${clause} AND` : 'WHERE'} e.latitude IS NOT NULL GROUP BY gx, gy, e.event_type`,
      p.values,
    );
  }

  async histogram(filter: EventFilter, interval: Interval): Promise<HistogramBucket[]> {
    const width = BUCKET_WIDTH[interval];
    const { start, end, eventType } = filter;
    if (fromKeptCounts(filter)) {
      // Filtered by type and dates only: read the daily counts kept as events are written, less
      // the rejected events they include.
      const off = new Map(
        (await this.#bucketRows({ start, end, eventType, reviewStatus: 'rejected' }, width)).map((b) => [
          `${b.bucket}|${b.event_type}`,
          b.count,
        ]),
      );
      const p = new Params();
      const where = [
        ...(start ? [`day >= ${p.add(dayNumber(start))}`] : []),
        ...(end ? [`day <= ${p.add(dayNumber(end))}`] : []),
        ...(eventType ? [`event_type = ${p.add(eventType)}`] : []),
        'n > 0',
      ];
      const kept = await queryRows<HistogramBucket>(
        this.c.pool,
        `SELECT left(to_char(date '1970-01-01' + day, 'YYYY-MM-DD'), ${width}) AS bucket, event_type, sum(n)::int AS count
         FROM event_counts WHERE ${where.join(' AND ')} GROUP BY bucket, event_type ORDER BY bucket, event_type`,
        p.values,
      );
      return withoutRejected(kept, off);
    }
    return this.#bucketRows(filter, width);
  }

  /** The filtered events counted per bucket (the first `width` characters of their date) and type. */
  async #bucketRows(filter: EventFilter, width: number): Promise<HistogramBucket[]> {
    const p = new Params();
    const clause = filterSql(filter, p);
    return queryRows<HistogramBucket>(
      this.c.pool,
      `SELECT substr(e.event_date, 1, ${width}) AS bucket, e.event_type, count(*)::int AS count FROM events e ${clause}
       GROUP BY bucket, e.event_type ORDER BY bucket, e.event_type`,
      p.values,
    );
  }

  async series(filter: EventFilter, interval: Interval, by: SeriesBy, measure: Measure) {
    const width = BUCKET_WIDTH[interval];
    const key = by === 'actor1' ? 'e.actor1' : 'e.event_type';
    const value = measure === 'fatalities' ? 'sum(e.fatalities)::int' : 'count(*)::int';
    const p = new Params();
    const clause = filterSql({ ...filter, limit: undefined, offset: undefined }, p);
    return queryRows<SeriesPoint>(
      this.c.pool,
      `SELECT substr(e.event_date, 1, ${width}) AS bucket, ${key} AS key, ${value} AS value FROM events e ${clause}
       GROUP BY bucket, key ORDER BY bucket, key`,
      p.values,
    );
  }

  async facets(filter: EventFilter, field: FacetField, limit: number): Promise<FacetCount[]> {
    if (!FACET_FIELDS.includes(field)) throw new StoreError(`no facet ${field}`, 'invalid');
    const p = new Params();
    const clause = filterSql({ ...filter, limit: undefined, offset: undefined }, p);
    const nonEmpty = field === 'interaction' ? '' : `e.${field} <> ''`;
    const where = [clause.replace(/^WHERE /, ''), nonEmpty].filter(Boolean).join(' AND ');
    return queryRows<{ value: string | number; count: number }>(
      this.c.pool,
      `SELECT e.${field} AS value, count(*)::int AS count FROM events e ${where ? `WHERE ${where}` : ''}
       GROUP BY e.${field} ORDER BY count DESC, value LIMIT ${Math.max(1, Math.min(1000, Math.floor(limit)))}`,
      p.values,
    );
  }
}
