// The shapes of events as the API sends them to the page (GET /api/events, /api/events/:id), built
// on the model's types; the page reads a list item and a full event through one optional shape.
// Type-only imports: the page bundles none of the model's code.

import type {
  AcledFields,
  ContestedValue,
  DocumentSummary,
  EventDetail,
  Span as TextSpan,
  StoredClaim,
  StoredEvent,
} from '../model/index.js';

export type { Attribution, HistoryEntry, Review } from '../model/index.js';

/** A span of evidence; the API names the document it lies in when an event draws on several. */
export interface Span extends TextSpan {
  docId?: string;
}

/**
 * Every ACLED column an event has; the type names as plain strings, since the page's forms edit
 * them as a select's value.
 */
export interface AcledValues extends Omit<AcledFields, 'event_type' | 'sub_event_type'> {
  event_type: string;
  sub_event_type: string;
  /** The location's name in Arabic script, where the gazetteer has one. */
  location_ar?: string;
}

/**
 * An event as the list and the event view receive it: always its ACLED columns and identity, and
 * what only the full event (GET /api/events/:id) carries, optional.
 */
export interface EventItem
  extends
    AcledValues,
    Pick<StoredEvent, 'id' | 'confidence' | 'docIds' | 'attribution' | 'version'>,
    Partial<
      Pick<
        EventDetail,
        'claimCount' | 'credibility' | 'voices' | 'fatalitiesRange' | 'reviewStatus' | 'history' | 'reviews'
      >
    > {
  evidence: Span[];
  /**
   * The model's `Contested`, keyed by any field name: the event view lists whichever fields are
   * contested without naming each.
   */
  contested?: Record<string, ContestedValue<unknown>[]>;
  details?: {
    fieldEvidence?: Record<string, Span[]>;
    counts?: StoredEvent['details']['counts'];
  };
  claims?: Array<
    Pick<
      StoredClaim,
      | 'id'
      | 'documentId'
      | 'root'
      | 'source'
      | 'event_date'
      | 'location'
      | 'fatalities'
      | 'attribution'
      | 'evidence'
    > & {
      details?: { fieldEvidence?: Record<string, Span[]> };
    }
  >;
  documents?: DocumentSummary[];
}
