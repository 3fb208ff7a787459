// A report as received and stored: its text, where it came from and how it was captured.

export type CaptureMethod = 'file' | 'jsonl' | 'api' | 'form' | 'feed' | 'sample' | 'import';

/** A report as received. `text` never changes once the document is stored. */
export interface Document {
  id: string;
  text: string;
  title?: string;
  url?: string;
  publisher?: string;
  /** YYYY-MM-DD; relative dates in the text are resolved against it. */
  published: string;
  /** The publication date as the document gave it, when that was not already YYYY-MM-DD. */
  publishedAsWritten?: string;
  /** Set when that string could be read two ways: the rule it was read by. */
  publishedAmbiguous?: string;
  language?: string;
  /** SHA-256 (hex) of the original bytes, before decoding or HTML stripping. */
  sha256: string;
  capturedAt: string;
  captureMethod: CaptureMethod;
  /** Where the bytes came from: a path, a URL, "stdin", "http". */
  capturedFrom?: string;
  /** Who captured it: a user, `cli:<os user>`, `api`, `form`, `watch`. */
  capturedBy?: string;
  /** Why no events were coded from it, when it was stored uncoded (too long to code in the time allowed). */
  notCoded?: string;
}

/** A stored document as an event names it: its id, the id it was submitted under, and where it appeared. */
export interface DocumentSummary {
  id: string;
  externalId: string;
  title?: string;
  publisher?: string;
  published: string;
  url?: string;
}
