// The storage contract every engine implements (SQLite embedded, PostgreSQL for teams), and the
// shapes it returns. Stages above the store speak only this interface.
import type { Document } from '../model/index.js';
import type { ExtractedEvent } from '../extract/extract.js';

/** An event as stored: the extractor's output plus identity and provenance. */
export interface StoredEvent extends ExtractedEvent {
  id: string;
  /** The stored documents the event was drawn from. */
  docIds: string[];
  createdAt: string;
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
  limit?: number;
  offset?: number;
}

export interface EventPage {
  total: number;
  limit: number;
  offset: number;
  events: StoredEvent[];
}

export interface IngestOutcome {
  status: 'new' | 'duplicate';
  documentId: string;
  events: number;
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
  getEvent(id: string): Promise<(StoredEvent & { documents: DocumentSummary[] }) | null>;
  counts(): Promise<{ documents: number; events: number }>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/** Document ids are derived from content, so the same bytes always get the same id. */
export const documentIdFor = (sha256: string) => `doc_${sha256.slice(0, 20)}`;
