// The custody check of documents: each document's capture record, publication fields and claims
// against the `document.stored` entry that recorded them.
import { claimsDigest, type AuditEntry } from './audit.js';
import { same, shown } from './custody-compare.js';

/** A document's row as the check reads it. */
export interface DocumentRecord {
  id: string;
  external_id: string;
  captured_at: string;
  capture_method: string;
  captured_from: string | null;
  captured_by: string | null;
  published: string;
  publisher: string | null;
  url: string | null;
  title: string | null;
  not_coded: string | null;
  published_as_written: string | null;
  claims: Array<{ id: string; body: string }>;
}

/** The capture record and publication fields, row column -> the entry's detail key. */
const CAPTURE: Array<[keyof DocumentRecord, string]> = [
  ['external_id', 'externalId'],
  ['captured_at', 'capturedAt'],
  ['capture_method', 'captureMethod'],
  ['captured_from', 'capturedFrom'],
  ['captured_by', 'capturedBy'],
  ['published', 'published'],
  ['publisher', 'publisher'],
  ['url', 'url'],
  ['title', 'title'],
];

/** A document's row against the `document.stored` entry: what the entry recorded must still be so. */
export function checkDocumentRecord(d: DocumentRecord, e: AuditEntry, problems: string[]): void {
  const detail = e.detail;
  for (const [column, key] of CAPTURE)
    if (key in detail && !same(d[column], detail[key]))
      problems.push(
        `document ${d.id}: its ${column} is ${shown(d[column])}, but audit entry ${e.seq} recorded ${shown(detail[key])}`,
      );
  // Entries from before the capturer had a key of its own name it as their actor.
  if (!('capturedBy' in detail) && !same(d.captured_by ?? d.capture_method, e.actor))
    problems.push(
      `document ${d.id}: its captured_by is ${shown(d.captured_by)}, but audit entry ${e.seq} recorded ${shown(e.actor)}`,
    );
  if ('published' in detail && !same(d.not_coded, detail.notCoded))
    problems.push(`document ${d.id}: whether it was coded differs from what audit entry ${e.seq} recorded`);
  // Entries that record the publication fields record the date as written whenever there was one.
  if ('published' in detail && !same(d.published_as_written, detail.publishedAsWritten))
    problems.push(
      `document ${d.id}: its published_as_written is ${shown(d.published_as_written)}, but audit entry ${e.seq} recorded ${shown(detail.publishedAsWritten ?? null)}`,
    );
  if (typeof detail.claims === 'number' && d.claims.length !== detail.claims)
    problems.push(
      `document ${d.id}: ${d.claims.length} claims stored, but audit entry ${e.seq} recorded ${detail.claims}`,
    );
  else if (typeof detail.claimsSha256 === 'string' && claimsDigest(d.claims) !== detail.claimsSha256)
    problems.push(`document ${d.id}: its claims differ from those audit entry ${e.seq} recorded`);
}
