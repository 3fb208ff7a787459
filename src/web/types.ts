// The shapes of events as the API sends them to the page (GET /api/events, /api/events/:id).

export interface Span {
  start: number;
  end: number;
  text: string;
  docId?: string;
}
export type Attribution = { source: string; via: string[] };

/** Every ACLED column an event has. */
export interface AcledValues {
  event_date: string;
  time_precision: number;
  event_type: string;
  sub_event_type: string;
  actor1: string;
  assoc_actor_1: string;
  inter1: number;
  actor2: string;
  assoc_actor_2: string;
  inter2: number;
  interaction: number;
  country: string;
  admin1: string;
  admin2: string;
  location: string;
  /** The location's name in Arabic script, where the gazetteer has one. */
  location_ar?: string;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  source: string;
  notes: string;
  fatalities: number;
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
