// The documents concern: reports stored with their original bytes, and the field contacts kept
// beside them.
import type { Document } from '../../model/index.js';
import type { Claim } from '../../model/index.js';

export type { DocumentSpan, DocumentSummary } from '../../model/index.js';

export interface StoredDocument extends Document {
  /** The id the document was submitted under (a path, a record id); `id` is derived from the SHA-256. */
  externalId: string;
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

export interface Documents {
  /** Stores a document with its events in one transaction; the same bytes twice store nothing new. */
  ingest(doc: Document, events: Claim[], original: Uint8Array): Promise<IngestOutcome>;
  getDocument(id: string): Promise<StoredDocument | null>;
  /** The original bytes of a document, unaltered. */
  getOriginal(id: string): Promise<Uint8Array | null>;
  /** A field contact's details, kept apart from the report and never served or exported. */
  storeContact(documentId: string, details: string): Promise<void>;
  /** A field contact's details as stored (encrypted by the caller), or null. */
  readContact(documentId: string): Promise<string | null>;
}
