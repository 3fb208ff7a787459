// The shapes of events as the API sends them to the page (GET /api/events, /api/events/:id).

export interface Span {
  start: number;
  end: number;
  text: string;
  docId?: string;
}
export interface EventItem {
  id: string;
  event_date: string;
  event_type: string;
  sub_event_type: string;
  actor1: string;
  actor2: string;
  location: string;
  admin1: string;
  country: string;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  fatalities: number;
  notes: string;
  source: string;
  confidence: number;
  evidence: Span[];
  docIds: string[];
  attribution: Array<{ source: string; via: string[] }>;
  claimCount?: number;
  credibility?: number;
  voices?: string[][];
  contested?: Record<string, Array<{ value: unknown; sources: string[] }>>;
  claims?: Array<{
    id: string;
    documentId: string;
    root: string;
    event_date: string;
    location: string;
    fatalities: number;
    attribution: Array<{ source: string; via: string[] }>;
  }>;
  history?: Array<{
    version: number;
    at: string;
    action: string;
    by?: string;
    documentId?: string;
    changes: object;
  }>;
  reviewStatus?: string;
}
