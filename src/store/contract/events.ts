// The event-query concern: events and claims read back, a page at a time, under the filters the
// list, the map and the exports share.
import { ACLED_COLUMNS, ACLED_FILE_COLUMNS } from '../../model/index.js';
import type { EventDetail, Reliability, ReviewStatus, StoredClaim, StoredEvent } from '../../model/index.js';

// The event, its claims, history and reviews are the model's nouns; named here too, so that callers
// of the store keep importing them from it.
export type {
  EventDetail,
  HistoryEntry,
  Review,
  ReviewInput,
  ReviewStatus,
  StoredClaim,
  StoredEvent,
} from '../../model/index.js';

/** Matches are counted up to this many: past it, an exact count costs more than it tells. */
export const COUNT_CAP = 100_000;

export interface ClaimFilter {
  /** Only claims of movements (with details.movement). */
  movement?: boolean;
  /** Only claims coded as Agreements. */
  agreement?: boolean;
}

export interface EventFilter {
  /** [west, south, east, north] in degrees. */
  bbox?: [number, number, number, number];
  /** Inclusive YYYY-MM-DD bounds on event_date. */
  start?: string;
  end?: string;
  eventType?: string;
  subEventType?: string;
  /** Matches actor1, actor2 or either associated actor, case-insensitively, as a substring. */
  actor?: string;
  /** Full-text query over the event's notes and its documents' text. */
  q?: string;
  /** Matches a source among the event's voices, case-insensitively, as a substring. */
  source?: string;
  /** Only events placed at this geo_precision or finer (1 = towns only). */
  maxGeoPrecision?: number;
  /** Only events with at least one source graded this reliable or better (A best). */
  minGrade?: Reliability;
  /** ACLED's country, first- and second-level division, exactly as the record holds them. */
  country?: string;
  admin1?: string;
  admin2?: string;
  /** Only events with at least this many fatalities. */
  minFatalities?: number;
  /** ACLED's interaction code (the two actors' types, e.g. 12 state forces and rebels). */
  interaction?: number;
  /** Unset: every status but rejected; 'any': all, rejected too. */
  reviewStatus?: ReviewStatus | ReviewStatus[] | 'any';
  /** A LIST_FIELDS name to order by, with - before it for descending; unset: newest first. */
  sort?: string;
  /** Only these events (what notifications check a batch of changes against). */
  ids?: string[];
  /** Never these events (what a role may not see: movements held back). */
  excludeIds?: string[];
  limit?: number;
  offset?: number;
}

export interface EventPage {
  /** How many events match, counted up to COUNT_CAP. */
  total: number;
  /** False when more than COUNT_CAP match and `total` stops there. */
  totalExact: boolean;
  limit: number;
  offset: number;
  events: StoredEvent[];
}

/**
 * The fields a list may ask for alone (`fields=` on the event list): an event's ACLED columns and a
 * few of its own, each with the column it is read from. `id` always comes.
 */
export const LIST_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  id: 'id',
  ...Object.fromEntries(ACLED_COLUMNS.map((c) => [c, c])),
  confidence: 'confidence',
  claimCount: 'claim_count',
  reviewStatus: 'review_status',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/** A page of events, each with only the fields asked for. */
export interface FieldPage extends Omit<EventPage, 'events'> {
  events: Array<Record<string, string | number | null>>;
}

/**
 * The export's columns: ACLED's own file columns in their order (an imported ACLED row comes out
 * as it went in), then the record's own: its event id, credibility, reports, contested fields and
 * review status.
 */
export const EXPORT_COLUMNS = [
  ...ACLED_FILE_COLUMNS,
  'event_id',
  'credibility',
  'reports',
  'contested',
  'review_status',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];
/** One event's values under EXPORT_COLUMNS; null where not known. */
export type ExportRow = Array<string | number | null>;

export interface EventQueries {
  listEvents(filter: EventFilter): Promise<EventPage>;
  /** The same page as listEvents, each event with only `fields` (names from LIST_FIELDS) and its id. */
  listEventFields(filter: EventFilter, fields: string[]): Promise<FieldPage>;
  /** An event with its claims, documents and history; an id merged away leads to the event it joined. */
  getEvent(id: string): Promise<EventDetail | null>;
  listClaims(filter: ClaimFilter): Promise<StoredClaim[]>;
  /**
   * Every event the filter matches, oldest first, as rows under EXPORT_COLUMNS, a batch at a time:
   * an export in constant memory that reads only what it writes.
   */
  exportRows(filter: EventFilter): AsyncGenerator<ExportRow[]>;
  counts(): Promise<{ documents: number; events: number }>;
}
