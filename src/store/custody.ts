// The chain of custody over the rows that matter beyond the documents' bytes: each document's
// capture record and publication fields and its claims, every event against the recomputation
// from its claims and the analysts' corrections, the corrections against the reviews logged,
// users and roles, API tokens and field contacts against the entries that recorded them. An edit
// made around the guard triggers, in any of them, is found and names the row.
import { ChainChecker, canonicalJson, type AuditEntry, type AuditReport } from './audit.js';
import { checkAccounts, checkContacts, type TokenRow, type UserRow } from './custody-accounts.js';
import { sha } from './custody-compare.js';
import { checkDocumentRecord, type DocumentRecord } from './custody-documents.js';
import {
  checkCorrections,
  checkEvent,
  type CorrectionRow,
  type EventRecord,
  type ReviewRow,
} from './custody-events.js';

export type { DocumentRecord } from './custody-documents.js';
export type { CorrectionRow, EventRecord, ReviewRow } from './custody-events.js';
export type { TokenRow, UserRow } from './custody-accounts.js';

/** What an engine hands the check: its log and its rows, each as stored. */
export interface CustodySource {
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
  /** Every document with its bytes, its capture record and its claims. */
  documents: () =>
    | AsyncIterable<DocumentRecord & { sha256: string; text: string; original: Uint8Array }>
    | Iterable<DocumentRecord & { sha256: string; text: string; original: Uint8Array }>;
  /** Every event with its claims, in the order they were placed. */
  events: () => AsyncIterable<EventRecord> | Iterable<EventRecord>;
  corrections: () => Promise<CorrectionRow[]>;
  reviews: () => Promise<
    Array<{ id: number; eventId: string; action: string; by: string; changes: unknown; undone?: unknown }>
  >;
  grade: (source: string) => Promise<string | undefined>;
  users: () => Promise<UserRow[]>;
  tokens: () => Promise<TokenRow[]>;
  contacts: () => Promise<Array<{ document_id: string; details: string }>>;
}

/**
 * The chain of custody checked whole: the log's chain; every document's bytes against their
 * SHA-256 and, with its text, capture record and claims, against the entry that recorded it;
 * every recorded document present; every event as its claims and corrections give it; the
 * corrections, reviews and source grades as their entries say; users, tokens and contacts too.
 */
export async function verifyCustody(src: CustodySource): Promise<AuditReport> {
  const problems: string[] = [];
  const chain = new ChainChecker(problems);
  const stored = new Map<string, AuditEntry>();
  const reviews: AuditEntry[] = [];
  const decisions: AuditEntry[] = [];
  const accounts: AuditEntry[] = [];
  const contacts: AuditEntry[] = [];
  const grades = new Map<string, unknown>();
  for await (const e of src.entries) {
    chain.add(e);
    if (e.action === 'document.stored') stored.set(e.subject, e);
    else if (e.action === 'event.reviewed') {
      reviews.push(e);
      decisions.push(e);
    } else if (e.action === 'event.review_undone') decisions.push(e);
    else if (e.action === 'source.graded') grades.set(e.subject, e.detail.to);
    else if (e.action === 'contact.stored') contacts.push(e);
    else if (e.action.startsWith('user.') || e.action.startsWith('token.')) accounts.push(e);
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
    if (entry.detail.sha256 !== actual)
      problems.push(`document ${d.id}: its bytes differ from those audit entry ${entry.seq} recorded`);
    if (entry.detail.textSha256 !== sha(d.text))
      problems.push(`document ${d.id}: its text differs from the text audit entry ${entry.seq} recorded`);
    checkDocumentRecord(d, entry, problems);
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
  const corrections = await src.corrections();
  checkCorrections(decisions, rows as ReviewRow[], corrections, problems);
  const correctionOf = new Map(corrections.map((c) => [c.event_id, c]));
  for await (const ev of src.events()) checkEvent(ev, correctionOf.get(ev.row.id), problems);
  for (const [name, grade] of grades) {
    const now = await src.grade(name);
    if (now !== grade)
      problems.push(
        `source ${name}: graded ${now ?? '(missing)'}, but the audit log's last grade is ${String(grade)}`,
      );
  }
  checkAccounts(accounts, await src.users(), await src.tokens(), problems);
  checkContacts(contacts, await src.contacts(), problems);
  const head = chain.head;
  return {
    entries: chain.count,
    head: head ? { seq: head.seq, hash: head.hash } : null,
    documents,
    problems,
  };
}
