// What every engine shares above its SQL: which review corrections are allowed, filter shapes,
// grid cells merged from counts, users' words made safe for a full-text query, and rows read back
// as events, claims, history entries and document summaries.
import {
  ACLED_COLUMNS,
  ACLED_FILE_COLUMNS,
  EVENT_TYPES,
  validDate,
  type AcledFields,
} from '../model/index.js';
import type { ExtractedEvent } from '../extract/extract.js';
import { dayNumber, movementStatusOf, type ClaimRecord } from '../corroborate/cluster.js';
import type { Consensus } from '../corroborate/consensus.js';
import { claimFromRow, eventChanges, initialStatus } from '../corroborate/placement.js';
import { credibility } from '../corroborate/consensus.js';
import type { RegisteredSource, Reliability } from '../model/index.js';
import { createHash } from 'node:crypto';
import {
  EXPORT_COLUMNS,
  LIST_FIELDS,
  StoreError,
  type ApiToken,
  type ExportRow,
  type Credentials,
  type DocumentSpan,
  type DocumentSummary,
  type EventFilter,
  type GridCell,
  type HistoryEntry,
  type Review,
  type ReviewInput,
  type StoredClaim,
  type StoredEvent,
  type User,
} from './store.js';

// Placement's own rules, re-exported where the engines have read them.
export { claimFromRow, eventChanges, initialStatus };

/** The fields an analyst may correct in review: every ACLED column. */
export const CORRECTABLE: ReadonlySet<string> = new Set(ACLED_COLUMNS);

/**
 * A review checked: the corrected fields (only those an analyst may correct, sub-event types that
 * belong to the event type) and the status it gives. `currentType` is the event's type now.
 */
export function checkReview(
  review: ReviewInput,
  currentType: string,
): { changes: NonNullable<ReviewInput['changes']>; status: 'accepted' | 'corrected' | 'rejected' } {
  const changes = review.action === 'correct' ? { ...(review.changes ?? {}) } : {};
  if (review.action === 'correct' && Object.keys(changes).length === 0)
    throw new StoreError('a correction names the fields it changes', 'invalid');
  for (const [field, value] of Object.entries(changes))
    if (!CORRECTABLE.has(field)) throw new StoreError(`field ${field} cannot be corrected`, 'invalid');
    else if (value === undefined) delete (changes as Record<string, unknown>)[field];
  const c = changes as Record<string, unknown>;
  if (c.event_date !== undefined && (typeof c.event_date !== 'string' || !validDate(c.event_date)))
    throw new StoreError(`event_date "${String(c.event_date)}" is not a date (YYYY-MM-DD)`, 'invalid');
  for (const f of ['time_precision', 'geo_precision'])
    if (c[f] !== undefined && ![1, 2, 3].includes(c[f] as number))
      throw new StoreError(`${f} must be 1, 2 or 3`, 'invalid');
  if (changes.sub_event_type || changes.event_type) {
    const type = changes.event_type ?? currentType;
    const subs = EVENT_TYPES[type as keyof typeof EVENT_TYPES] as readonly string[] | undefined;
    if (!subs) throw new StoreError(`no event type "${type}"`, 'invalid');
    if (changes.sub_event_type && !subs.includes(changes.sub_event_type))
      throw new StoreError(`"${changes.sub_event_type}" is not a sub-event type of ${type}`, 'invalid');
  }
  const status = ({ accept: 'accepted', correct: 'corrected', reject: 'rejected' } as const)[review.action];
  return { changes, status };
}

/**
 * What an event's standing review decisions (those not undone, oldest first) leave it with: the
 * last one's status and every correction's fields, later over earlier; null when none stands.
 */
export function standingCorrection(
  reviews: Array<Pick<Review, 'action' | 'changes' | 'undone'>>,
): { status: 'accepted' | 'corrected' | 'rejected'; fields: Record<string, unknown> } | null {
  const standing = reviews.filter((r) => !r.undone);
  if (standing.length === 0) return null;
  const fields: Record<string, unknown> = {};
  for (const r of standing) Object.assign(fields, r.changes ?? {});
  const last = standing[standing.length - 1]!.action;
  const status = ({ accept: 'accepted', correct: 'corrected', reject: 'rejected' } as const)[last];
  return { status, fields };
}

/**
 * Why review decision `target` of an event cannot be taken back, if it cannot: already undone,
 * someone else's, or a later decision on the event stands (named with who and when).
 */
export function undoRefusal(target: Review, reviews: Review[], by: string): StoreError | undefined {
  if (target.undone)
    return new StoreError(
      `decision ${target.id} on ${target.eventId} was already undone by ${target.undone.by} at ${target.undone.at}`,
      'invalid',
    );
  const later = reviews.filter((r) => r.id > target.id && !r.undone).pop();
  if (later)
    return new StoreError(
      `${later.by} decided "${later.action}" on ${target.eventId} at ${later.at}, after decision ${target.id}: it stands, and yours can no longer be undone`,
      'conflict',
      later,
    );
  if (target.by !== by)
    return new StoreError(
      `decision ${target.id} on ${target.eventId} is ${target.by}'s (at ${target.at}): only they can undo it`,
      'invalid',
    );
  return undefined;
}

/** A review row as the decision it records. */
export function reviewOfRow(r: {
  id: number;
  event_id: string;
  action: Review['action'];
  by: string;
  at: string;
  changes: string;
  note: string | null;
  undone_by: string | null;
  undone_at: string | null;
}): Review {
  return {
    id: Number(r.id),
    eventId: r.event_id,
    action: r.action,
    by: r.by,
    at: r.at,
    changes: JSON.parse(r.changes) as Review['changes'],
    ...(r.note ? { note: r.note } : {}),
    ...(r.undone_by ? { undone: { by: r.undone_by, at: r.undone_at ?? '' } } : {}),
  };
}

/**
 * The columns for a list's `fields` (LIST_FIELDS names), `id` first and each once; an unknown name
 * is refused, naming it and what may be asked.
 */
export function fieldColumns(fields: string[]): Array<[name: string, column: string]> {
  const names = ['id', ...fields.filter((f) => f !== 'id')];
  const unknown = names.filter((f) => !Object.hasOwn(LIST_FIELDS, f));
  if (unknown.length)
    throw new StoreError(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')}: ask for any of ${Object.keys(LIST_FIELDS).join(', ')}`,
      'invalid',
    );
  return [...new Set(names)].map((f) => [f, LIST_FIELDS[f]!]);
}

/** A row read for a list's fields, under the fields' names. */
export function fieldRow(
  row: Record<string, string | number | null>,
  columns: Array<[string, string]>,
): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [name, column] of columns) out[name] = row[column] ?? null;
  return out;
}

/** Events counted in one grid cell and of one type, with the sums of their positions. */
export interface CellRow {
  gx: number;
  gy: number;
  event_type: string;
  n: number;
  lon: number;
  lat: number;
}

/** The cell sizes counted as events are written: 360 / 2^level degrees (11.25°, 2.8°, 0.7°). */
export const CELL_LEVELS = [5, 7, 9];

/**
 * The kept cells a grid of `cell` degrees is read from, when the whole record is asked at a zoom no
 * closer than the finest kept level: the finest level no finer than asked.
 */
export function keptCellLevel(cell: number): number | undefined {
  const level = Math.round(Math.log2(360 / cell));
  if (level > Math.max(...CELL_LEVELS) + 0.5) return undefined;
  return [...CELL_LEVELS].reverse().find((l) => l <= level) ?? Math.min(...CELL_LEVELS);
}

export /** Whether a filter narrows by nothing but the given fields (paging aside). */
function onlyFilters(filter: EventFilter, allowed: Array<keyof EventFilter>): boolean {
  return Object.entries(filter).every(
    ([k, v]) =>
      v === undefined ||
      v === '' ||
      k === 'limit' ||
      k === 'offset' ||
      allowed.includes(k as keyof EventFilter),
  );
}

export /**
 * Rows counted per cell and type as grid cells with their types and mean position; the rows of
 * `minus` (events counted in `rows` that a filter leaves out) are taken off.
 */
function mergeCells(rows: CellRow[], minus: CellRow[] = []): GridCell[] {
  const cells = new Map<string, GridCell & { lonSum: number; latSum: number }>();
  const add = (r: CellRow, sign: number) => {
    const key = `${r.gx}:${r.gy}`;
    const c = cells.get(key) ?? { longitude: 0, latitude: 0, count: 0, types: {}, lonSum: 0, latSum: 0 };
    c.count += sign * r.n;
    c.lonSum += sign * r.lon;
    c.latSum += sign * r.lat;
    c.types[r.event_type] = (c.types[r.event_type] ?? 0) + sign * r.n;
    if (c.types[r.event_type] === 0) delete c.types[r.event_type];
    cells.set(key, c);
  };
  for (const r of rows) add(r, 1);
  for (const r of minus) add(r, -1);
  return [...cells.values()]
    .filter((c) => c.count > 0)
    .map(({ lonSum, latSum, ...c }) => ({
      ...c,
      longitude: lonSum / c.count,
      latitude: latSum / c.count,
    }));
}

/** A user's words for a full-text query: letters and digits only, each word required. */
export function queryWords(q: string): string[] {
  return q.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Makes a user's words safe for an FTS5 MATCH: each word quoted, all required. */
export function ftsQuery(q: string): string {
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.map((w) => `"${w}"`).join(' ');
}

/** An event row as both engines store it: ACLED's columns, then the coding's own, JSON as text. */
export type StoredEventColumns = AcledFields & {
  plover: string;
  /** 0/1 in SQLite, a boolean in PostgreSQL. */
  hedged: number | boolean;
  confidence: number;
  details: string;
  attribution: string;
  flags: string;
};

/** An event row read back as the coding it holds (its evidence is kept apart, per document). */
export function codingOfRow(r: StoredEventColumns): ExtractedEvent {
  const coding = codingFields(r) as ExtractedEvent;
  coding.evidence = [];
  return coding;
}

/**
 * A row's coding, without its evidence, as one object literal written out field by field: built
 * by a loop or by spreading, the object is several times slower to make and to write as JSON
 * (a page of 100 events took 2.7 ms to make that way, 0.2 ms this way).
 */
function codingFields(r: StoredEventColumns): Omit<ExtractedEvent, 'evidence'> {
  return {
    event_date: r.event_date,
    time_precision: r.time_precision,
    event_type: r.event_type,
    sub_event_type: r.sub_event_type,
    actor1: r.actor1,
    assoc_actor_1: r.assoc_actor_1,
    inter1: r.inter1,
    actor2: r.actor2,
    assoc_actor_2: r.assoc_actor_2,
    inter2: r.inter2,
    interaction: r.interaction,
    country: r.country,
    admin1: r.admin1,
    admin2: r.admin2,
    location: r.location,
    latitude: r.latitude,
    longitude: r.longitude,
    geo_precision: r.geo_precision,
    source: r.source,
    notes: r.notes,
    fatalities: r.fatalities,
    plover: r.plover,
    hedged: r.hedged === 1 || r.hedged === true,
    confidence: r.confidence,
    details: JSON.parse(r.details) as ExtractedEvent['details'],
    attribution: JSON.parse(r.attribution) as ExtractedEvent['attribution'],
    flags: JSON.parse(r.flags) as string[],
  };
}

/** A user as any route may show it: never the password's hash. */
export function withoutHash(c: Credentials): User {
  const { passwordHash, ...user } = c;
  void passwordHash;
  return user;
}

/** The columns an event row adds to its coding: identity, evidence, voices, history. */
export type StoredEventRow = StoredEventColumns & {
  id: string;
  evidence: string;
  created_at: string;
  updated_at: string;
  version: number;
  claim_count: number;
  contested: string;
  voices: string;
  fatalities_range: string | null;
  review_status: string;
};

/** An event row as the stored event it is, with its documents and its sources' grades. */
export function storedEventOfRow(
  r: StoredEventRow,
  docIds: string[],
  grade: (source: string) => Reliability,
): StoredEvent {
  const voices = JSON.parse(r.voices) as string[][];
  // Fields added one by one to the coding's literal, never spread (see codingFields).
  const e = codingFields(r) as StoredEvent;
  e.id = r.id;
  e.evidence = JSON.parse(r.evidence) as DocumentSpan[];
  e.docIds = docIds;
  e.createdAt = r.created_at;
  e.updatedAt = r.updated_at;
  e.version = r.version;
  e.claimCount = r.claim_count;
  e.contested = JSON.parse(r.contested) as StoredEvent['contested'];
  e.voices = voices;
  e.credibility = credibility(voices, grade, e.hedged);
  e.fatalitiesRange = r.fatalities_range ? (JSON.parse(r.fatalities_range) as [number, number]) : null;
  e.reviewStatus = r.review_status as StoredEvent['reviewStatus'];
  return e;
}

/** A claim row as a stored claim: its coding, its event, its evidence in its document. */
export function storedClaimOfRow(
  r: Parameters<typeof claimFromRow>[0] & { event_id: string; created_at: string },
): StoredClaim {
  const c = claimFromRow(r);
  return {
    ...c,
    signature: undefined,
    eventId: r.event_id,
    evidence: c.evidence.map((s) => ({ ...s, docId: r.document_id })),
    createdAt: r.created_at,
  } as unknown as StoredClaim;
}

/** A history row as the entry it records. */
export function historyOfRow(h: {
  version: number;
  at: string;
  action: string;
  document_id: string | null;
  by: string | null;
  changes: string;
}): HistoryEntry {
  return {
    version: h.version,
    at: h.at,
    action: h.action as HistoryEntry['action'],
    documentId: h.document_id ?? undefined,
    by: h.by ?? undefined,
    changes: JSON.parse(h.changes) as HistoryEntry['changes'],
  };
}

/** A document row as the summary an event lists. */
export function documentSummaryOfRow(d: {
  id: string;
  external_id: string;
  title: string | null;
  publisher: string | null;
  published: string;
  url: string | null;
}): DocumentSummary {
  return {
    id: d.id,
    externalId: d.external_id,
    title: d.title ?? undefined,
    publisher: d.publisher ?? undefined,
    published: d.published,
    url: d.url ?? undefined,
  };
}

/**
 * The columns an event row is written with, from the consensus of its claims (JSON as text):
 * the same for both engines, which add their own indexes' columns.
 */
export function eventColumns(
  m: Consensus & { review_status?: string },
  claims: ClaimRecord[],
  version: number,
  createdAt: string,
  now: string,
): Record<string, string | number | boolean | null> {
  const acled = {} as Record<string, string | number | null>;
  for (const c of ACLED_COLUMNS) acled[c] = m[c];
  return {
    ...acled,
    plover: m.plover,
    hedged: m.hedged,
    confidence: m.confidence,
    details: JSON.stringify(m.details),
    attribution: JSON.stringify(m.attribution),
    flags: JSON.stringify(m.flags),
    created_at: createdAt,
    updated_at: now,
    day: dayNumber(m.event_date),
    movement_status: movementStatusOf(m) ?? null,
    evidence: JSON.stringify(claims.flatMap((c) => c.evidence.map((s) => ({ ...s, docId: c.documentId })))),
    contested: JSON.stringify(m.contested),
    voices: JSON.stringify(m.voices),
    fatalities_range: m.fatalitiesRange ? JSON.stringify(m.fatalitiesRange) : null,
    claim_count: claims.length,
    version,
    review_status: m.review_status ?? 'pending',
  };
}

/**
 * What an audit entry records of a change to a user: the role moved, the standing, a new password
 * (a digest of its hash, never the hash), and the API tokens a new password revoked.
 */
export function userChangeDetail(
  user: User,
  change: { role?: User['role']; passwordHash?: string; disabled?: boolean },
  tokensRevoked: string[] = [],
): Record<string, unknown> {
  return {
    ...(change.role ? { role: [user.role, change.role] } : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    ...(change.passwordHash ? { password: 'changed', passwordSha256: sha256Hex(change.passwordHash) } : {}),
    ...(tokensRevoked.length ? { tokensRevoked } : {}),
  };
}

export const sha256Hex = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

/** The public name of an API token: its hash's first 16 digits, enough to list and revoke it by, useless to log in with. */
export const tokenIdOf = (tokenHash: string) => `tok_${tokenHash.slice(0, 16)}`;

/** An API token as it is listed: never its secret or hash. */
export function apiTokenOfRow(r: {
  token_hash: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  user_name: string;
}): ApiToken {
  return {
    id: tokenIdOf(r.token_hash),
    user: r.user_name,
    name: r.name,
    createdAt: r.created_at,
    ...(r.expires_at ? { expiresAt: r.expires_at } : {}),
    ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}),
  };
}

/** Where each of ACLED's file columns comes from: the coded columns by index, the rest by name. */
const FILE_SOURCES = ACLED_FILE_COLUMNS.map((c) => (ACLED_COLUMNS as readonly string[]).indexOf(c));
const EVENT_DATE = ACLED_COLUMNS.indexOf('event_date');
const NOTES = ACLED_COLUMNS.indexOf('notes');
const FILE_WIDTH = ACLED_FILE_COLUMNS.length;

/**
 * One event's export row under EXPORT_COLUMNS, from its coded columns (in ACLED_COLUMNS' order)
 * and, for an event imported from an ACLED file, the row's other columns as it gave them (`kept`,
 * JSON). An event coded here has the year of its date and its notes on one line.
 */
export function exportRow(
  id: string,
  coded: ReadonlyArray<string | number | null>,
  kept: string | null,
  record: { credibility: number; reports: number; contested: string; reviewStatus: string },
): ExportRow {
  const given = kept ? (JSON.parse(kept) as Record<string, string>) : undefined;
  const out: ExportRow = new Array(EXPORT_COLUMNS.length);
  for (let i = 0; i < FILE_WIDTH; i++) {
    const at = FILE_SOURCES[i]!;
    out[i] = at >= 0 ? (coded[at] ?? null) : (given?.[ACLED_FILE_COLUMNS[i]!] ?? null);
  }
  if (!given) {
    const date = coded[EVENT_DATE];
    out[ACLED_FILE_COLUMNS.indexOf('year')] = typeof date === 'string' ? Number(date.slice(0, 4)) : null;
    const notes = coded[NOTES];
    if (typeof notes === 'string')
      out[ACLED_FILE_COLUMNS.indexOf('notes')] = notes.replace(/\s*[\r\n]+\s*/g, ' ');
  }
  out[FILE_WIDTH] = id;
  out[FILE_WIDTH + 1] = record.credibility;
  out[FILE_WIDTH + 2] = record.reports;
  out[FILE_WIDTH + 3] = record.contested;
  out[FILE_WIDTH + 4] = record.reviewStatus;
  return out;
}

/** A row of the sources table, as both engines read it. */
export interface SourceRow {
  name: string;
  kind: RegisteredSource['kind'];
  country: string | null;
  languages: string;
  aliases: string;
  reliability: Reliability;
  graded_by: string | null;
  graded_at: string | null;
  reports: number | string | null;
  last_seen: string | null;
}

export function sourceOfRow(r: SourceRow): RegisteredSource {
  return {
    name: r.name,
    kind: r.kind,
    country: r.country ?? undefined,
    languages: JSON.parse(r.languages) as string[],
    aliases: JSON.parse(r.aliases) as string[],
    reliability: r.reliability,
    gradedBy: r.graded_by ?? undefined,
    gradedAt: r.graded_at ?? undefined,
    reports: Number(r.reports ?? 0),
    lastSeen: r.last_seen ?? undefined,
  };
}
