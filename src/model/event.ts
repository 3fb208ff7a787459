// What corroboration makes of claims: an event, the merged values of the claims behind it, with
// its contested fields (who says what), its claims as stored, its history and its reviews.
import type { Claim } from './claim.js';
import type { DocumentSummary } from './document.js';
import type { Review } from './review.js';
import type { Credibility } from './source.js';
import type { DocumentSpan } from './span.js';

/** One of the values sources give for a field of an event, and who gives it. */
export interface ContestedValue<T> {
  value: T;
  /** The independent sources behind the value. */
  sources: string[];
  claimIds: string[];
}

/** Fields on which an event's sources disagree; a field is present only when they do. */
export interface Contested {
  fatalities?: ContestedValue<number>[];
  actor1?: ContestedValue<string>[];
  location?: ContestedValue<string>[];
  event_date?: ContestedValue<string>[];
  event_type?: ContestedValue<string>[];
}

/** An event as stored: the merged values of the claims behind it, plus identity and provenance. */
export interface StoredEvent extends Omit<Claim, 'evidence'> {
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
export interface StoredClaim extends Omit<Claim, 'evidence'> {
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
