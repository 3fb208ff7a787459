// The storage contract every engine implements (SQLite embedded, PostgreSQL for teams), and the
// shapes it returns. Stages above the store speak only this interface.
import { ACLED_COLUMNS, ACLED_FILE_COLUMNS } from '../model/index.js';
import type { AuditEntry, AuditReport } from './audit.js';
import type {
  AcledFields,
  Contested,
  Credibility,
  Document,
  RegisteredSource,
  Reliability,
  Span,
} from '../model/index.js';
import type { ExtractedEvent } from '../extract/extract.js';
import type { FacetField } from './filters.js';

/** A span of evidence, with the stored document it lies in. */
export interface DocumentSpan extends Span {
  docId: string;
}

/** An event as stored: the merged values of the claims behind it, plus identity and provenance. */
export interface StoredEvent extends Omit<ExtractedEvent, 'evidence'> {
  id: string;
  /** Evidence from every claim, each span with its document. */
  evidence: DocumentSpan[];
  /** The stored documents the event was drawn from. */
  docIds: string[];
  createdAt: string;
  updatedAt: string;
  /** Bumped each time a claim joins or leaves, or an analyst merges or splits. */
  version: number;
  reviewStatus: ReviewStatus;
  claimCount: number;
  /** Fields on which independent sources disagree, with who says what. */
  contested: Contested;
  /** Groups of sources that are not independent of one another; one group is one voice. */
  voices: string[][];
  /** Admiralty information credibility, from the voices and their sources' grades. */
  credibility: Credibility;
  /** Lowest and highest fatality figures given; `fatalities` is the lowest (ACLED's rule). */
  fatalitiesRange: [number, number] | null;
}

/** One document's coding of an event, as stored. */
export interface StoredClaim extends Omit<ExtractedEvent, 'evidence'> {
  id: string;
  eventId: string;
  documentId: string;
  /** The source that first made the claim (canonical name), or the publisher. */
  root: string;
  evidence: DocumentSpan[];
  createdAt: string;
}

/** What changed in an event, when, and because of which document or analyst. */
export interface HistoryEntry {
  version: number;
  at: string;
  action: 'created' | 'claim_added' | 'merged' | 'split' | 'reclustered' | 'reviewed';
  documentId?: string;
  by?: string;
  /** Field -> [before, after]. */
  changes: Record<string, [unknown, unknown]>;
}

export interface EventDetail extends StoredEvent {
  documents: DocumentSummary[];
  claims: StoredClaim[];
  history: HistoryEntry[];
  /** Analysts' decisions on the event, oldest first, undone ones marked. */
  reviews: Review[];
}

export type ReviewStatus = 'pending' | 'accepted' | 'corrected' | 'rejected';

/** An analyst's verdict on an event; `changes` are the corrected fields (with `correct`), any ACLED column. */
export interface ReviewInput {
  action: 'accept' | 'correct' | 'reject';
  by: string;
  changes?: Partial<AcledFields>;
  /** Why: a rejection's reason, a correction's source. */
  note?: string;
  /**
   * The version of the event the analyst decided on: when the event has changed since, the review
   * is refused (StoreError 'conflict', naming the version now) rather than applied to what they did not see.
   */
  version?: number;
}

export interface Review extends Omit<ReviewInput, 'version'> {
  /** The decision's number, what an undo names. */
  id: number;
  eventId: string;
  at: string;
  /** Set once the decision was undone: by whom and when. */
  undone?: { by: string; at: string };
}

/** An event as a dot on the map: id, longitude, latitude, event type, geo_precision. */
export type MapPoint = [string, number, number, string, number];

/** A cell of the map's grid: where its events are on average, how many, and of which types. */
export interface GridCell {
  longitude: number;
  latitude: number;
  count: number;
  types: Record<string, number>;
}

/** Matches are counted up to this many: past it, an exact count costs more than it tells. */
export const COUNT_CAP = 100_000;

/** The most points one request draws. */
export const MAX_POINTS = 50_000;

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

export interface ClaimFilter {
  /** Only claims of movements (with details.movement). */
  movement?: boolean;
  /** Only claims coded as Agreements. */
  agreement?: boolean;
}

export interface StoredDocument extends Document {
  /** The id the document was submitted under (a path, a record id); `id` is derived from the SHA-256. */
  externalId: string;
}

export interface DocumentSummary {
  id: string;
  externalId: string;
  title?: string;
  publisher?: string;
  published: string;
  url?: string;
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

/** One entry of the record's change log: an event created or changed, in order. */
export interface EventChange {
  /** Position in the log; later changes have larger cursors. */
  cursor: number;
  eventId: string;
  version: number;
  action: HistoryEntry['action'];
  at: string;
}

/** The filters a saved filter may hold: the map's, without paging. */
export type SavedFilter = Omit<EventFilter, 'limit' | 'offset' | 'ids' | 'excludeIds'>;

export interface SubscriptionInput {
  name: string;
  filter: SavedFilter;
  /** Where new and changed matching events are POSTed, if anywhere. */
  webhookUrl?: string;
  /** Signs each webhook body (HMAC-SHA256); never read back. */
  secret?: string;
}

/** What became of the last webhook delivery. */
export interface Delivery {
  at: string;
  status: 'delivered' | 'failed';
  attempts: number;
  /** The last HTTP status or network error, when it failed. */
  error?: string;
  events: number;
}

export interface Subscription extends Omit<SubscriptionInput, 'secret'> {
  id: string;
  createdAt: string;
  /** Whether webhook bodies are signed. */
  signed: boolean;
  /** The change-log position up to which webhooks have been sent. */
  cursor: number;
  lastDelivery?: Delivery;
}

/** What a user may do, each role all the one before it may and more. */
export const ROLES = ['viewer', 'contributor', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** A user with the hash their password is checked against (scrypt; see server/auth.ts). */
export interface Credentials extends User {
  passwordHash: string;
}

export interface Session {
  user: User;
  /** The token unsafe requests made with this session must carry (CSRF). */
  csrf: string;
  expiresAt: string;
}

/** An API token as listed: its public id (never the secret), whose it is, and when it stops working. */
export interface ApiToken {
  /** `tok_` and 16 hex digits; what `revoke` takes. */
  id: string;
  user: string;
  name: string;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
}

export interface IngestOutcome {
  status: 'new' | 'duplicate';
  documentId: string;
  /** Claims stored (one per event the extractor coded). */
  events: number;
  /** The events the claims were placed in, new or existing. */
  eventIds: string[];
  /** How many claims joined an event already stored. */
  joined: number;
}

export interface Store {
  /** Brings the schema to the latest version; safe to call on every start. */
  migrate(): Promise<void>;
  /** Stores a document with its events in one transaction; the same bytes twice store nothing new. */
  ingest(doc: Document, events: ExtractedEvent[], original: Uint8Array): Promise<IngestOutcome>;
  getDocument(id: string): Promise<StoredDocument | null>;
  /** The original bytes of a document, unaltered. */
  getOriginal(id: string): Promise<Uint8Array | null>;
  listEvents(filter: EventFilter): Promise<EventPage>;
  /** The same page as listEvents, each event with only `fields` (names from LIST_FIELDS) and its id. */
  listEventFields(filter: EventFilter, fields: string[]): Promise<FieldPage>;
  /** An event with its claims, documents and history; an id merged away leads to the event it joined. */
  getEvent(id: string): Promise<EventDetail | null>;
  listClaims(filter: ClaimFilter): Promise<StoredClaim[]>;
  /** Moves every claim of `otherId` into `targetId`; the link survives re-clustering. */
  mergeEvents(targetId: string, otherId: string, by: string): Promise<EventDetail>;
  /** Moves the given claims out into a new event; the split survives re-clustering. */
  splitEvent(eventId: string, claimIds: string[], by: string): Promise<EventDetail>;
  /** Rebuilds every event from the stored claims, keeping analysts' merges and splits. */
  /** Rebuilds every event from the claims; `onProgress` is told of each claim placed. */
  recluster(onProgress?: (done: number, total: number) => void): Promise<{ claims: number; events: number }>;
  /**
   * Every event the filter matches, oldest first, as rows under EXPORT_COLUMNS, a batch at a time:
   * an export in constant memory that reads only what it writes.
   */
  exportRows(filter: EventFilter): AsyncGenerator<ExportRow[]>;
  /**
   * Where the filtered events are, newest first, without their details: what the map draws. With
   * `whole`, no points at all when more than `limit` match, `total` then counted to limit + 1.
   */
  mapPoints(filter: EventFilter, opts?: { whole?: boolean }): Promise<{ total: number; points: MapPoint[] }>;
  /** The filtered events counted in square cells of `cell` degrees: the map of a large record. */
  grid(filter: EventFilter, cell: number): Promise<GridCell[]>;
  /** Events per bucket of time and event type, under the same filters as the list. */
  histogram(filter: EventFilter, interval: 'day' | 'month' | 'year'): Promise<HistogramBucket[]>;
  /** Events or fatalities per bucket of time and per event type or first actor: the charts. */
  series(
    filter: EventFilter,
    interval: 'day' | 'month' | 'year',
    by: 'event_type' | 'actor1',
    measure: 'events' | 'fatalities',
  ): Promise<SeriesPoint[]>;
  /** Records an analyst's verdict; corrections stand over the claims from then on. */
  reviewEvent(id: string, review: ReviewInput): Promise<EventDetail>;
  /**
   * Takes back review decision `reviewId`: the event is as the decisions before it left it. Refused
   * (StoreError 'conflict', naming who and when) once a later decision on the event stands.
   */
  undoReview(reviewId: number, by: string): Promise<EventDetail>;
  /** Every review decision, oldest first (of one event only, given its id). */
  listReviews(eventId?: string): Promise<Review[]>;
  /** The values of `field` among the filtered events, with how many have each, most first. */
  facets(
    filter: EventFilter,
    field: FacetField,
    limit: number,
  ): Promise<Array<{ value: string | number; count: number }>>;
  /** A field contact's details, kept apart from the report and never served or exported. */
  storeContact(documentId: string, details: string): Promise<void>;
  listSources(): Promise<RegisteredSource[]>;
  /** Adds sources not yet registered; an analyst's grade for a known source is kept. */
  registerSources(sources: RegisteredSource[]): Promise<void>;
  gradeSource(name: string, grade: Reliability, by: string): Promise<RegisteredSource>;
  counts(): Promise<{ documents: number; events: number }>;
  /** Changes after `cursor`, oldest first, at most `limit`; the cursor to ask from next. */
  changesSince(cursor: number, limit: number): Promise<{ cursor: number; changes: EventChange[] }>;
  /** The cursor of the latest change (0 when there is none). */
  latestChange(): Promise<number>;
  /**
   * A token that changes whenever anything stored may have changed, by this process or another:
   * what a response read at one token still says at the same token.
   */
  dataVersion(): Promise<string>;
  /** Saves a filter to be told about; it starts from the latest change. */
  saveSubscription(input: SubscriptionInput): Promise<Subscription>;
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(id: string): Promise<Subscription | null>;
  /** The secret webhook bodies are signed with, for the notifier only. */
  subscriptionSecret(id: string): Promise<string | null>;
  deleteSubscription(id: string): Promise<void>;
  /** Records that webhooks were sent up to `cursor`, and how the delivery went. */
  advanceSubscription(id: string, cursor: number, delivery?: Delivery): Promise<void>;
  /** Adds a user; names are unique. */
  createUser(input: { name: string; role: Role; passwordHash: string }, by: string): Promise<User>;
  findUser(name: string): Promise<Credentials | null>;
  listUsers(): Promise<User[]>;
  /** Changes a user's role, password or standing; a disabled user's sessions and tokens stop working. */
  updateUser(
    name: string,
    change: { role?: Role; passwordHash?: string; disabled?: boolean },
    by: string,
  ): Promise<User>;
  /** Sessions and API tokens are stored by the SHA-256 of their secret, never the secret. */
  saveSession(s: { tokenHash: string; userId: string; csrf: string; expiresAt: string }): Promise<void>;
  findSession(tokenHash: string): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** A token that works until `expiresAt` (ISO time) unless revoked; a new password revokes all of a user's. */
  saveApiToken(
    t: { tokenHash: string; userId: string; name: string; expiresAt: string },
    by: string,
  ): Promise<ApiToken>;
  /** The user a token belongs to, if it is neither expired nor revoked and the user is not disabled. */
  findApiToken(tokenHash: string): Promise<User | null>;
  /** Every token, or one user's, oldest first, expired and revoked ones included. */
  listApiTokens(userName?: string): Promise<ApiToken[]>;
  /** Stops a token working from now on (by its public id); revoking one already revoked changes nothing. */
  revokeApiToken(id: string, by: string): Promise<ApiToken>;
  /** A field contact's details as stored (encrypted by the caller), or null. */
  readContact(documentId: string): Promise<string | null>;
  /** Audit entries after sequence number `after`, oldest first. */
  auditLog(after: number, limit: number): Promise<AuditEntry[]>;
  /**
   * Checks the chain of custody: the audit log's hashes and numbering, every document's original
   * bytes against their SHA-256 and the entry that recorded them, reviews and grades against theirs.
   */
  verifyAudit(): Promise<AuditReport>;
  close(): Promise<void>;
}

/** The columns of an export: the record's id, ACLED's columns, then the record's own. */
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

export class StoreError extends Error {
  /**
   * What kind of failure: something missing, a request that cannot be done, a change made on what
   * has changed since, the engine failing, the engine too busy with other writers to write now
   * (nothing was written; try again), or the disk full (nothing was written; free space and try again).
   */
  readonly kind: 'not_found' | 'invalid' | 'conflict' | 'failed' | 'busy' | 'full';
  /** With 'conflict': what stands now (the event as it is, the decision made since). */
  readonly current?: unknown;
  constructor(
    message: string,
    kind: 'not_found' | 'invalid' | 'conflict' | 'failed' | 'busy' | 'full' = 'failed',
    current?: unknown,
  ) {
    super(message);
    this.name = 'StoreError';
    this.kind = kind;
    if (current !== undefined) this.current = current;
  }
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** The furthest a page may start: beyond any record, and within every engine's integers. */
export const MAX_OFFSET = 1_000_000_000;

/** Document ids are derived from content, so the same bytes always get the same id. */
export const documentIdFor = (sha256: string) => `doc_${sha256.slice(0, 20)}`;
