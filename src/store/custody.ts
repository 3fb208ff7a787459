// The chain of custody over the rows that matter beyond the documents' bytes: each document's
// capture record and publication fields and its claims, every event against the recomputation
// from its claims and the analysts' corrections, the corrections against the reviews logged,
// users and roles, API tokens and field contacts against the entries that recorded them. An edit
// made around the guard triggers, in any of them, is found and names the row.
import { createHash } from 'node:crypto';
import { consensus } from '../corroborate/consensus.js';
import type { ClaimRecord } from '../corroborate/cluster.js';
import { ACLED_COLUMNS } from '../model/index.js';
import { ChainChecker, canonicalJson, claimsDigest, type AuditEntry, type AuditReport } from './audit.js';
import { standingCorrection } from './reviews.js';

const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
/** Values as both engines return them, compared as text: 36.4 and "36.4" are one value. */
const same = (a: unknown, b: unknown) =>
  (a === null || a === undefined ? null : String(a)) === (b === null || b === undefined ? null : String(b));
const shown = (v: unknown) => (v === null || v === undefined ? '(none)' : JSON.stringify(v));

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

/** An event row and its claims, in the order the engine placed them. */
export interface EventRecord {
  row: Record<string, unknown> & { id: string };
  claims: ClaimRecord[];
}

/** What a correction stands for: its status and corrected fields (JSON). */
export interface CorrectionRow {
  event_id: string;
  status: string;
  fields: string;
}

/** An event's row against what its claims and its correction give now. */
export function checkEvent(ev: EventRecord, correction: CorrectionRow | undefined, problems: string[]): void {
  const { row, claims } = ev;
  if (claims.length === 0) {
    problems.push(`event ${row.id}: has no claims (an event is made only from claims)`);
    return;
  }
  const m: Record<string, unknown> = { ...consensus(claims) };
  if (correction) Object.assign(m, JSON.parse(correction.fields) as object);
  const expected: Record<string, unknown> = {
    ...Object.fromEntries(ACLED_COLUMNS.map((c) => [c, m[c]])),
    review_status: correction?.status ?? 'pending',
    claim_count: claims.length,
  };
  const differ = Object.keys(expected).filter((k) => !same(row[k], expected[k]));
  if (differ.length)
    problems.push(
      `event ${row.id}: ${differ.map((k) => `${k} is ${shown(row[k])}, its claims and corrections give ${shown(expected[k])}`).join('; ')}`,
    );
}

/** A review decision as stored: its number and event, what the fold of the log needs to find it by. */
export interface ReviewRow {
  id: number;
  eventId: string;
  undone?: unknown;
}

/**
 * The corrections table against the review decisions and undos in the log, replayed in order as
 * the store makes them: after each decision or undo an event's correction is what its standing
 * decisions leave (standingCorrection), or none.
 */
export function checkCorrections(
  entries: AuditEntry[],
  reviews: ReviewRow[],
  rows: CorrectionRow[],
  problems: string[],
): void {
  const decisions = new Map<
    string,
    Array<{ id?: number; action: string; changes: unknown; undone: boolean }>
  >();
  // The same objects as in `decisions`, so that an undo marks both.
  const byId = new Map<
    number,
    { d: { action: string; changes: unknown; undone: boolean }; eventId: string }
  >();
  const expected = new Map<string, { status: string; fields: Record<string, unknown>; seq: number } | null>();
  let n = 0;
  for (const e of entries) {
    if (e.action === 'event.reviewed') {
      const row = reviews[n++];
      const d = {
        id: row?.id,
        action: String(e.detail.action),
        changes: e.detail.changes ?? {},
        undone: false,
      };
      decisions.set(e.subject, [...(decisions.get(e.subject) ?? []), d]);
      if (row) byId.set(row.id, { d, eventId: e.subject });
      const s = standingCorrection(decisions.get(e.subject)! as never);
      expected.set(e.subject, s ? { ...s, seq: e.seq } : null);
    } else if (e.action === 'event.review_undone') {
      const target = byId.get(Number(e.detail.review));
      if (!target) {
        problems.push(
          `audit entry ${e.seq}: undoes review decision ${String(e.detail.review)}, which no entry made`,
        );
        continue;
      }
      target.d.undone = true;
      const list = decisions.get(target.eventId) ?? [];
      const s = standingCorrection(list as never);
      expected.set(e.subject, s ? { ...s, seq: e.seq } : null);
    }
  }
  const undone = new Set([...byId].filter(([, t]) => t.d.undone).map(([id]) => id));
  for (const r of reviews)
    if (Boolean(r.undone) !== undone.has(r.id))
      problems.push(
        `review decision ${r.id} of event ${r.eventId}: ${r.undone ? 'undone' : 'standing'}, but the audit log has it ${undone.has(r.id) ? 'undone' : 'standing'}`,
      );
  for (const r of rows) {
    const f = expected.get(r.event_id);
    if (!f) problems.push(`correction of event ${r.event_id}: no review in the audit log made it`);
    else if (f.status !== r.status || canonicalJson(JSON.parse(r.fields)) !== canonicalJson(f.fields))
      problems.push(
        `correction of event ${r.event_id}: is ${r.status} ${r.fields}, but the reviews up to audit entry ${f.seq} give ${f.status} ${canonicalJson(f.fields)}`,
      );
    expected.delete(r.event_id);
  }
  for (const [id, f] of expected)
    if (f) problems.push(`correction of event ${id}: made by audit entry ${f.seq} but missing`);
}

export interface UserRow {
  id: string;
  name: string;
  role: string;
  disabled: boolean | number;
  password_hash: string;
}

export interface TokenRow {
  token_hash: string;
  user_id: string;
  name: string;
  expires_at: string | null;
  revoked_at: string | null;
}

interface TokenFold {
  seq: number;
  userId: string;
  name: string;
  tokenSha256?: string;
  expiresAt?: string;
}

/** Users, roles and API tokens against the entries that created and changed them. */
export function checkAccounts(
  entries: AuditEntry[],
  users: UserRow[],
  tokens: TokenRow[],
  problems: string[],
): void {
  const people = new Map<
    string,
    { seq: number; name: string; role: string; disabled: boolean; passwordSha256?: string }
  >();
  const byId = new Map<string, TokenFold>();
  // Tokens recorded before entries named them are known by user and label only.
  const byLabel = new Map<string, TokenFold[]>();
  const revokedIds = new Set<string>();
  for (const e of entries) {
    const d = e.detail;
    if (e.action === 'user.created')
      people.set(e.subject, {
        seq: e.seq,
        name: String(d.name),
        role: String(d.role),
        disabled: false,
        passwordSha256: d.passwordSha256 as string | undefined,
      });
    else if (e.action === 'user.changed') {
      const p = people.get(e.subject);
      if (!p) continue;
      p.seq = e.seq;
      if (Array.isArray(d.role)) p.role = String(d.role[1]);
      if (typeof d.disabled === 'boolean') p.disabled = d.disabled;
      if (d.password) p.passwordSha256 = d.passwordSha256 as string | undefined;
      for (const id of (d.tokensRevoked as string[] | undefined) ?? []) revokedIds.add(id);
    } else if (e.action === 'token.created') {
      const t: TokenFold = {
        seq: e.seq,
        userId: e.subject,
        name: String(d.name),
        tokenSha256: d.tokenSha256 as string | undefined,
        expiresAt: d.expiresAt as string | undefined,
      };
      if (typeof d.token === 'string') byId.set(d.token, t);
      else byLabel.set(`${e.subject}\n${t.name}`, [...(byLabel.get(`${e.subject}\n${t.name}`) ?? []), t]);
    } else if (e.action === 'token.revoked') revokedIds.add(String(d.token));
  }
  for (const u of users) {
    const p = people.get(u.id);
    const who = `user ${u.name} (${u.id})`;
    if (!p) {
      problems.push(`${who}: no audit entry records that it was created`);
      continue;
    }
    people.delete(u.id);
    if (p.name !== u.name) problems.push(`${who}: named ${u.name}, but audit entry ${p.seq} gives ${p.name}`);
    if (p.role !== u.role)
      problems.push(`${who}: has the role ${u.role}, but audit entry ${p.seq} gives ${p.role}`);
    if (p.disabled !== Boolean(u.disabled))
      problems.push(
        `${who}: ${u.disabled ? 'disabled' : 'enabled'}, but audit entry ${p.seq} left it otherwise`,
      );
    if (p.passwordSha256 && sha(u.password_hash) !== p.passwordSha256)
      problems.push(`${who}: its password is not the one audit entry ${p.seq} recorded`);
  }
  for (const [id, p] of people)
    problems.push(`user ${p.name} (${id}): created by audit entry ${p.seq} but missing`);
  for (const t of tokens) {
    const id = `tok_${t.token_hash.slice(0, 16)}`;
    const f = byId.get(id) ?? byLabel.get(`${t.user_id}\n${t.name}`)?.shift();
    const what = `API token ${id} (${t.name})`;
    if (!f) {
      problems.push(`${what}: no audit entry records that it was created`);
      continue;
    }
    byId.delete(id);
    if (f.userId !== t.user_id || f.name !== t.name)
      problems.push(
        `${what}: belongs to ${t.user_id} as ${t.name}, but audit entry ${f.seq} made it for ${f.userId} as ${f.name}`,
      );
    if (f.tokenSha256 && sha(t.token_hash) !== f.tokenSha256)
      problems.push(`${what}: its hash is not the one audit entry ${f.seq} recorded`);
    if (f.expiresAt && t.expires_at !== f.expiresAt)
      problems.push(
        `${what}: expires ${shown(t.expires_at)}, but audit entry ${f.seq} recorded ${f.expiresAt}`,
      );
    const revoked = revokedIds.has(id);
    if (revoked !== (t.revoked_at !== null))
      problems.push(
        `${what}: ${t.revoked_at ? 'revoked' : 'working'}, but the audit log has it ${revoked ? 'revoked' : 'working'}`,
      );
  }
  for (const [id, f] of byId)
    problems.push(`API token ${id} (${f.name}): created by audit entry ${f.seq} but missing`);
}

/** Field contacts (encrypted) against the entries that recorded them. */
export function checkContacts(
  entries: AuditEntry[],
  rows: Array<{ document_id: string; details: string }>,
  problems: string[],
): void {
  const kept = new Map(entries.map((e) => [e.subject, e]));
  for (const r of rows) {
    const e = kept.get(r.document_id);
    if (!e) problems.push(`contact of document ${r.document_id}: no audit entry records that it was kept`);
    else if (typeof e.detail.detailsSha256 === 'string' && sha(r.details) !== e.detail.detailsSha256)
      problems.push(`contact of document ${r.document_id}: differs from what audit entry ${e.seq} recorded`);
    kept.delete(r.document_id);
  }
  for (const [id, e] of kept)
    problems.push(`contact of document ${id}: kept by audit entry ${e.seq} but missing`);
}

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
