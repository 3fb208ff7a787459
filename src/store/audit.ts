// The chain of custody's audit log: every change to the record is an append-only entry whose hash
// covers its content and the hash of the entry before it, so that editing, removing or reordering
// any entry breaks every hash after it. Engines store the entries; this module hashes and checks.
import { createHash } from 'node:crypto';

/** What an entry records. */
export type AuditAction =
  | 'document.stored'
  | 'event.merged'
  | 'event.split'
  | 'record.reclustered'
  | 'event.reviewed'
  | 'source.graded'
  | 'contact.stored'
  | 'subscription.saved'
  | 'subscription.deleted';

export interface AuditInput {
  action: AuditAction;
  /** Who did it: an analyst, a user, or the process (`cli:<os user>`, `api`, `form`). */
  actor: string;
  /** What it was done to: a document, event, source or subscription id. */
  subject: string;
  /** The facts to keep: hashes, ids, values before and after. */
  detail: Record<string, unknown>;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  /** UTC, ISO 8601. */
  at: string;
  prevHash: string;
  hash: string;
}

/** The hash before the first entry. */
export const GENESIS = '0'.repeat(64);

/** JSON with keys in sorted order at every depth: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** SHA-256 of the previous hash and the entry's content. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const content = canonicalJson({
    seq: e.seq,
    at: e.at,
    action: e.action,
    actor: e.actor,
    subject: e.subject,
    detail: e.detail,
  });
  return createHash('sha256').update(`${e.prevHash}\n${content}`).digest('hex');
}

/** The next entry after `prev` (or the first), hashed. */
export function nextEntry(
  prev: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
  input: AuditInput,
  at: string,
): AuditEntry {
  const base = { ...input, seq: (prev?.seq ?? 0) + 1, at, prevHash: prev?.hash ?? GENESIS };
  return { ...base, hash: entryHash(base) };
}

export interface AuditReport {
  entries: number;
  /** The last entry's sequence number and hash: publish them to anchor the log. */
  head: { seq: number; hash: string } | null;
  documents: number;
  /** Each thing found wrong, naming the entry or document; empty when the record is intact. */
  problems: string[];
}

/**
 * Checks a log read in sequence order: numbering without gaps from 1, each entry linked to the one
 * before, each hash matching its content. Problems are appended to `problems`.
 */
export function checkChain(
  entries: Iterable<AuditEntry>,
  problems: string[],
): { count: number; head: AuditEntry | undefined } {
  let prev: AuditEntry | undefined;
  let count = 0;
  for (const e of entries) {
    count++;
    const expectedSeq = (prev?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq)
      problems.push(`audit entry ${e.seq}: expected entry ${expectedSeq} here; entries are missing`);
    if (e.prevHash !== (prev?.hash ?? GENESIS))
      problems.push(
        `audit entry ${e.seq}: does not link to the entry before it (an entry was removed or altered)`,
      );
    if (entryHash(e) !== e.hash)
      problems.push(`audit entry ${e.seq}: its content does not match its hash (it was edited)`);
    prev = e;
  }
  return { count, head: prev };
}
