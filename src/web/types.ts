// The shapes of events as the API sends them to the page (GET /api/events, /api/events/:id), built
// on the model's types; the page reads a list item and a full event through one optional shape.

import type { AcledFields, Attribution, Span as TextSpan } from '../model/index.js';

export type { Attribution } from '../model/index.js';

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

export interface Review {
  id: number;
  eventId: string;
  action: 'accept' | 'correct' | 'reject';
  by: string;
  at: string;
  changes?: Record<string, unknown>;
  note?: string;
  undone?: { by: string; at: string };
}

export interface EventItem extends AcledValues {
  id: string;
  confidence: number;
  evidence: Span[];
  docIds: string[];
  attribution: Attribution[];
  version: number;
  claimCount?: number;
  credibility?: number;
  voices?: string[][];
  fatalitiesRange?: [number, number] | null;
  contested?: Record<string, Array<{ value: unknown; sources: string[] }>>;
  details?: {
    fieldEvidence?: Record<string, Span[]>;
    counts?: Partial<
      Record<
        'fatalities' | 'injured' | 'peopleMoved' | 'vehicles',
        { low: number; best: number; high: number }
      >
    >;
  };
  claims?: Array<{
    id: string;
    documentId: string;
    root: string;
    source: string;
    event_date: string;
    location: string;
    fatalities: number;
    attribution: Attribution[];
    details?: { fieldEvidence?: Record<string, Span[]> };
    evidence: Span[];
  }>;
  documents?: Array<{ id: string; title?: string; publisher?: string; published: string; url?: string }>;
  history?: Array<{
    version: number;
    at: string;
    action: string;
    by?: string;
    documentId?: string;
    changes: object;
  }>;
  reviews?: Review[];
  reviewStatus?: string;
}
