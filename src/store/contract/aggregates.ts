// The aggregate concern: the filtered events as the map's points and grid, and counted by time,
// type, actor or value for the charts and the filter bar.
import type { EventFilter } from './events.js';

/** An event as a dot on the map: id, longitude, latitude, event type, geo_precision. */
export type MapPoint = [string, number, number, string, number];

/** A cell of the map's grid: where its events are on average, how many, and of which types. */
export interface GridCell {
  longitude: number;
  latitude: number;
  count: number;
  types: Record<string, number>;
}

/** The most points one request draws. */
export const MAX_POINTS = 50_000;

/** The width of a bucket of time: a day, a month or a year. */
export type Interval = 'day' | 'month' | 'year';
/** What a chart's series are: event types or first actors. */
export type SeriesBy = 'event_type' | 'actor1';
/** What a chart counts: events, or their fatalities. */
export type Measure = 'events' | 'fatalities';

/** One value of a facet and how many of the filtered events have it. */
export interface FacetCount {
  value: string | number;
  count: number;
}

export interface HistogramBucket {
  /** YYYY-MM-DD (day), YYYY-MM (month) or YYYY (year). */
  bucket: string;
  event_type: string;
  count: number;
}

/** One point of a chart: a bucket of time, a series (an event type or an actor) and its value. */
export interface SeriesPoint {
  bucket: string;
  key: string;
  value: number;
}

/** The fields whose values with counts a filter bar offers (`facets`). */
export const FACET_FIELDS = [
  'country',
  'admin1',
  'admin2',
  'event_type',
  'sub_event_type',
  'interaction',
  'actor1',
  'actor2',
  'source',
  'review_status',
] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface EventAggregates {
  /**
   * Where the filtered events are, newest first, without their details: what the map draws. With
   * `whole`, no points at all when more than `limit` match, `total` then counted to limit + 1.
   */
  mapPoints(filter: EventFilter, opts?: { whole?: boolean }): Promise<{ total: number; points: MapPoint[] }>;
  /** The filtered events counted in square cells of `cell` degrees: the map of a large record. */
  grid(filter: EventFilter, cell: number): Promise<GridCell[]>;
  /** Events per bucket of time and event type, under the same filters as the list. */
  histogram(filter: EventFilter, interval: Interval): Promise<HistogramBucket[]>;
  /** Events or fatalities per bucket of time and per event type or first actor: the charts. */
  series(filter: EventFilter, interval: Interval, by: SeriesBy, measure: Measure): Promise<SeriesPoint[]>;
  /** The values of `field` among the filtered events, with how many have each, most first. */
  facets(filter: EventFilter, field: FacetField, limit: number): Promise<FacetCount[]>;
}
