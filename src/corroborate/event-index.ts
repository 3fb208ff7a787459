// The port of claim placement: what corroborate/placement.ts asks of a store engine (EventIndex,
// and EventMoves for merges, splits and re-runs), the rows it reads and writes, and the runners
// that drive a placement over an engine that answers at once (SQLite) or later (PostgreSQL).
import type { EventType } from '../model/index.js';
import type { Candidate, ClaimRecord, reach } from './cluster.js';
import type { Consensus } from './consensus.js';

/**
 * A value now (SQLite, synchronous) or later (PostgreSQL). The algorithm is written as generators
 * that hand each pending value to their runner: `runSync` for an engine whose port answers at once,
 * so that better-sqlite3's transactions stay synchronous, and `runAsync` for one that awaits.
 */
export type Io<T> = T | Promise<T>;
export type Plan<T> = Generator<unknown, T, unknown>;

/** A port's answer inside a plan: `const rows = yield* io(index.claimsOf(id))`. */
export function* io<T>(value: Io<T>): Plan<T> {
  return (value instanceof Promise ? yield value : value) as T;
}

/** Runs a plan over a port that answers at once. */
export function runSync<T>(plan: Plan<T>): T {
  const step = plan.next();
  if (!step.done) throw new Error('placement: a synchronous run met an asynchronous index');
  return step.value;
}

/** Runs a plan over a port that may answer later. */
export async function runAsync<T>(plan: Plan<T>): Promise<T> {
  let step = plan.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = await step.value;
    } catch (e) {
      step = plan.throw(e);
      continue;
    }
    step = plan.next(value);
  }
  return step.value;
}

/** Why an event changed: its history entry's action, and the document or analyst behind it. */
export interface Cause {
  action: 'created' | 'claim_added' | 'merged' | 'split' | 'reclustered' | 'reviewed';
  documentId?: string;
  by?: string;
}

/** A stored event as a candidate row: actors in their columns, the movement status by name. */
export interface CandidateRow extends Omit<Candidate, 'claims' | 'actors' | 'movementStatus'> {
  actor1: string;
  actor2: string;
  assoc_actor_1: string;
  assoc_actor_2: string;
  movement_status: string | null;
}

/** A claim's row as both engines store it. */
export interface ClaimRow {
  id: string;
  event_id: string;
  document_id: string;
  root: string;
  signature: Buffer;
  names: string;
  body: string;
  created_at: string;
}

/** What matching reads of a claim already in an event. */
export interface ClaimRefRow extends Pick<
  ClaimRow,
  'event_id' | 'id' | 'document_id' | 'root' | 'signature' | 'names'
> {
  explicit_day: number | null;
  dataset: string | null;
}

/** A claim as its row is written. */
export interface ClaimRowValues
  extends Omit<ClaimRow, 'body' | 'created_at'>, Omit<ClaimRefRow, keyof ClaimRow> {
  movement: boolean;
  agreement: boolean;
  body: string;
  created_at: string;
}

/** What placement reads of an event's stored row. */
export interface EventState {
  version: number;
  created_at: string;
  claim_count: number;
  contested: string;
}

export interface HistoryRow {
  event_id: string;
  version: number;
  at: string;
  action: Cause['action'];
  document_id: string | null;
  by: string | null;
  changes: string;
}

/** A claim's reach: the box and days it may mean (see cluster.ts `reach`). */
export type Reach = NonNullable<ReturnType<typeof reach>>;

/** The events of a country, of one sub-event type, dated between two day numbers. */
export interface CountryWindow {
  country: string;
  from: number;
  to: number;
  subEventType: string;
  /** Only the events without a place. */
  unplaced: boolean;
  limit: number;
}

/** An event as it is written: its merged values, its claims, and its row before (if any). */
export interface EventWrite<Row extends EventState = EventState> {
  eventId: string;
  m: Consensus & { review_status: string };
  claims: ClaimRecord[];
  version: number;
  createdAt: string;
  now: string;
  old: Row | undefined;
}

/** The port: what placement asks of an engine, each answered by its SQL. */
export interface EventIndex<Row extends EventState = EventState> {
  /** The event of a claim an analyst tied this one to, if any is placed. */
  tiedEvent(claimId: string): Io<string | undefined>;
  /** The claims an analyst split from this one. */
  cannotLinks(claimId: string): Io<ReadonlySet<string>>;
  /** Placed events of these types whose reach overlaps the box and days. */
  eventsInReach(r: Reach, types: EventType[]): Io<CandidateRow[]>;
  eventsInCountry(w: CountryWindow): Io<CandidateRow[]>;
  /** The claims of these events, each event's in the order they were placed. */
  claimRefs(eventIds: string[]): Io<ClaimRefRow[]>;
  /** Inserts the claim, or moves it to `event_id` when it is stored already (a re-run). */
  insertClaim(row: ClaimRowValues): Io<void>;
  claimsOf(eventId: string): Io<ClaimRecord[]>;
  /** The event's row; PostgreSQL locks it, so the claims read after it are all its committed ones. */
  readEvent(eventId: string): Io<Row | undefined>;
  correction(eventId: string): Io<{ status: string; fields: string } | undefined>;
  lastVersion(eventId: string): Io<number | null>;
  /** Inserts or rewrites the event row and its indexes. */
  writeEvent(w: EventWrite<Row>): Io<void>;
  linkDocuments(eventId: string, documentIds: string[]): Io<void>;
  /** Deletes the event row, its indexes and its document links. */
  removeEvent(eventId: string, old: Row): Io<void>;
  addHistory(row: HistoryRow): Io<void>;
}

/** What a merge, split or re-run needs besides placement: links, moves, aliases and the audit. */
export interface EventMoves<Row extends EventState = EventState> extends EventIndex<Row> {
  link(a: string, b: string, kind: 'must' | 'cannot', by: string, at: string): Io<void>;
  /** Moves every claim of one event to another. */
  moveEvent(from: string, to: string): Io<void>;
  moveClaims(claimIds: string[], to: string): Io<void>;
  alias(oldId: string, newId: string): Io<void>;
  unalias(oldId: string): Io<void>;
  unlinkDocuments(eventId: string): Io<void>;
  /** Every claim's row, in the order they were stored. */
  allClaims(): Io<ClaimRow[]>;
  /** Deletes every event and its indexes, leaving the claims unplaced. */
  clearEvents(): Io<void>;
  claimEvents(): Io<Array<{ id: string; event_id: string }>>;
  reclusteredHistory(eventId: string, at: string, changes: string): Io<void>;
  countEvents(): Io<number>;
  audit(
    entry: {
      action: 'event.merged' | 'event.split' | 'record.reclustered';
      actor: string;
      subject: string;
      detail: Record<string, unknown>;
    },
    at: string,
  ): Io<void>;
}
