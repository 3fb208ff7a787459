// Rows read back as what the contract returns, written once for both engines: events, claims,
// history entries, documents, reviews, and an event's export row. The administration's rows (sources,
// users, subscriptions, the logs) are in admin-rows.ts, re-exported here.
import { ACLED_COLUMNS, ACLED_FILE_COLUMNS, type AcledFields } from '../model/index.js';
import type { Document, Reliability } from '../model/index.js';
import type { Claim } from '../model/index.js';
import { dayNumber, movementStatusOf, type ClaimRecord } from '../corroborate/cluster.js';
import { credibility, type Consensus } from '../corroborate/consensus.js';
import { claimFromRow, eventChanges } from '../corroborate/placement.js';
import type { ClaimRow } from '../corroborate/event-index.js';
import {
  EXPORT_COLUMNS,
  type ExportRow,
  type DocumentSpan,
  type DocumentSummary,
  type HistoryEntry,
  type Review,
  type StoredClaim,
  type StoredEvent,
  type StoredDocument,
  type EventDetail,
} from './store.js';

export * from './admin-rows.js';
// Placement's own row rules, where the engines read them.
export { claimFromRow, eventChanges };

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
export function codingOfRow(r: StoredEventColumns): Claim {
  const coding = codingFields(r) as Claim;
  coding.evidence = [];
  return coding;
}

/**
 * A row's coding, without its evidence, as one object literal written out field by field: built
 * by a loop or by spreading, the object is several times slower to make and to write as JSON
 * (a page of 100 events took 2.7 ms to make that way, 0.2 ms this way).
 */
function codingFields(r: StoredEventColumns): Omit<Claim, 'evidence'> {
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
    details: JSON.parse(r.details) as Claim['details'],
    attribution: JSON.parse(r.attribution) as Claim['attribution'],
    flags: JSON.parse(r.flags) as string[],
  };
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

/** A row of the documents table as both engines read it (without the original bytes). */
export interface DocumentRow {
  id: string;
  external_id: string;
  sha256: string;
  text: string;
  title: string | null;
  url: string | null;
  publisher: string | null;
  published: string;
  language: string | null;
  captured_at: string;
  capture_method: string;
  captured_from: string | null;
  captured_by: string | null;
  not_coded: string | null;
  published_as_written?: string | null;
  published_ambiguous?: string | null;
}

/** The columns a stored document is read from. */
export const DOCUMENT_COLUMNS =
  'id, external_id, sha256, text, title, url, publisher, published, language, captured_at, capture_method, captured_from, captured_by, not_coded, published_as_written, published_ambiguous';

/** A document as the row both engines store: DOCUMENT_COLUMNS' values, then its original bytes. */
export function documentRowOf(id: string, doc: Document, original: Uint8Array) {
  return {
    id,
    external_id: doc.id,
    sha256: doc.sha256,
    text: doc.text,
    title: doc.title ?? null,
    url: doc.url ?? null,
    publisher: doc.publisher ?? null,
    published: doc.published,
    language: doc.language ?? null,
    captured_at: doc.capturedAt,
    capture_method: doc.captureMethod,
    captured_from: doc.capturedFrom ?? null,
    captured_by: doc.capturedBy ?? null,
    not_coded: doc.notCoded ?? null,
    published_as_written: doc.publishedAsWritten ?? null,
    published_ambiguous: doc.publishedAmbiguous ?? null,
    original: Buffer.from(original),
  };
}

export function storedDocumentOfRow(r: DocumentRow): StoredDocument {
  return {
    id: r.id,
    externalId: r.external_id,
    sha256: r.sha256,
    text: r.text,
    title: r.title ?? undefined,
    url: r.url ?? undefined,
    publisher: r.publisher ?? undefined,
    published: r.published,
    language: r.language ?? undefined,
    capturedAt: r.captured_at,
    captureMethod: r.capture_method as StoredDocument['captureMethod'],
    capturedFrom: r.captured_from ?? undefined,
    capturedBy: r.captured_by ?? undefined,
    ...(r.not_coded ? { notCoded: r.not_coded } : {}),
    ...(r.published_as_written ? { publishedAsWritten: r.published_as_written } : {}),
    ...(r.published_ambiguous ? { publishedAmbiguous: r.published_ambiguous } : {}),
  };
}

/** A row of the claims table as both engines read it: placement's own row type. */
export type { ClaimRow };

/** A row of an event's history. */
export type HistoryRow = Parameters<typeof historyOfRow>[0];
/** A row of a document, as the summary an event lists. */
export type DocumentSummaryRow = Parameters<typeof documentSummaryOfRow>[0];

/** An event with the rows of its documents, claims and history, and its reviews: its detail. */
export function eventDetailOf(
  event: StoredEvent,
  rows: { documents: DocumentSummaryRow[]; claims: ClaimRow[]; history: HistoryRow[] },
  reviews: Review[],
): EventDetail {
  return {
    ...event,
    documents: rows.documents.map(documentSummaryOfRow),
    claims: rows.claims.map((r) => storedClaimOfRow(r)),
    history: rows.history.map(historyOfRow),
    reviews,
  };
}
