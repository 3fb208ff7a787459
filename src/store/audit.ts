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
  | 'event.review_undone'
  | 'source.graded'
  | 'contact.stored'
  | 'subscription.saved'
  | 'subscription.deleted'
  | 'user.created'
  | 'user.changed'
  | 'token.created';

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

/** Checks a log entry by entry, in sequence order: numbering from 1 without gaps, links, hashes. */
export class ChainChecker {
  private prev: AuditEntry | undefined;
  count = 0;
  constructor(private readonly problems: string[]) {}

  add(e: AuditEntry): void {
    this.count++;
    const expectedSeq = (this.prev?.seq ?? 0) + 1;
    if (e.seq !== expectedSeq)
      this.problems.push(`audit entry ${e.seq}: expected entry ${expectedSeq} here; entries are missing`);
    if (e.prevHash !== (this.prev?.hash ?? GENESIS))
      this.problems.push(
        `audit entry ${e.seq}: does not link to the entry before it (an entry was removed or altered)`,
      );
    if (entryHash(e) !== e.hash)
      this.problems.push(`audit entry ${e.seq}: its content does not match its hash (it was edited)`);
    this.prev = e;
  }

  get head(): AuditEntry | undefined {
    return this.prev;
  }
}

/** What an engine hands the check: its log, its documents, reviews and grades, each as stored. */
export interface CustodySource {
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
  documents: () =>
    | AsyncIterable<{ id: string; sha256: string; text: string; original: Uint8Array }>
    | Iterable<{
        id: string;
        sha256: string;
        text: string;
        original: Uint8Array;
      }>;
  reviews: () => Promise<Array<{ eventId: string; action: string; by: string; changes: unknown }>>;
  grade: (source: string) => Promise<string | undefined>;
}

const sha = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/**
 * The chain of custody checked whole: the log's chain; every document's bytes against their
 * SHA-256 and, with its text, against the entry that recorded it; every recorded document
 * present; reviews and source grades as their entries say.
 */
export async function verifyCustody(src: CustodySource): Promise<AuditReport> {
  const problems: string[] = [];
  const chain = new ChainChecker(problems);
  const stored = new Map<string, { seq: number; sha256: unknown; textSha256: unknown }>();
  const reviews: AuditEntry[] = [];
  const grades = new Map<string, unknown>();
  for await (const e of src.entries) {
    chain.add(e);
    if (e.action === 'document.stored')
      stored.set(e.subject, { seq: e.seq, sha256: e.detail.sha256, textSha256: e.detail.textSha256 });
    if (e.action === 'event.reviewed') reviews.push(e);
    if (e.action === 'source.graded') grades.set(e.subject, e.detail.to);
  }
  let documents = 0;
  for await (const d of src.documents()) {
    documents++;
    const actual = sha(d.original);
    if (actual !== d.sha256)
      problems.push(`document ${d.id}: its original bytes no longer match their SHA-256`);
    const entry = stored.get(d.id);
    if (!entry) {
      problems.push(`document ${d.id}: no audit entry records that it was stored`);
      continue;
    }
    if (entry.sha256 !== actual)
      problems.push(`document ${d.id}: its bytes differ from those audit entry ${entry.seq} recorded`);
    if (entry.textSha256 !== sha(d.text))
      problems.push(`document ${d.id}: its text differs from the text audit entry ${entry.seq} recorded`);
    stored.delete(d.id);
  }
  for (const [id, entry] of stored)
    problems.push(`document ${id}: recorded by audit entry ${entry.seq} but missing`);
  const rows = await src.reviews();
  if (rows.length !== reviews.length)
    problems.push(`reviews: ${rows.length} stored but ${reviews.length} recorded in the audit log`);
  rows.forEach((r, i) => {
    const e = reviews[i];
    if (
      e &&
      (e.detail.action !== r.action ||
        e.actor !== r.by ||
        canonicalJson(e.detail.changes) !== canonicalJson(r.changes))
    )
      problems.push(`review ${i + 1} of event ${r.eventId}: differs from audit entry ${e.seq}`);
  });
  for (const [name, grade] of grades) {
    const now = await src.grade(name);
    if (now !== grade)
      problems.push(
        `source ${name}: graded ${now ?? '(missing)'}, but the audit log's last grade is ${String(grade)}`,
      );
  }
  const head = chain.head;
  return {
    entries: chain.count,
    head: head ? { seq: head.seq, hash: head.hash } : null,
    documents,
    problems,
  };
}
