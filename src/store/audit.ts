// The chain of custody's audit log: every change to the record is an append-only entry whose hash
// covers its content and the hash of the entry before it, so that editing, removing or reordering
// any entry breaks every hash after it. Engines store the entries; this module hashes and checks.
import { createHash } from 'node:crypto';
import type { Document } from '../model/index.js';
import type { Review, ReviewInput, SubscriptionInput, User } from './store.js';
import { sha256Hex } from './rows.js';

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
  | 'token.created'
  | 'token.revoked';

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

/**
 * What the `document.stored` entry records of a document: its bytes' and text's hashes, its
 * capture record and publication fields, and a digest of the claims coded from it, so that an
 * edit to any of them afterwards is found by verifyCustody.
 */
export function documentEntryDetail(
  doc: Document,
  bytes: number,
  claims: Array<{ id: string; body: string }>,
  eventIds: string[],
): Record<string, unknown> {
  return {
    sha256: doc.sha256,
    textSha256: createHash('sha256').update(doc.text).digest('hex'),
    bytes,
    externalId: doc.id,
    capturedAt: doc.capturedAt,
    captureMethod: doc.captureMethod,
    capturedFrom: doc.capturedFrom ?? null,
    capturedBy: doc.capturedBy ?? null,
    published: doc.published,
    publisher: doc.publisher ?? null,
    url: doc.url ?? null,
    title: doc.title ?? null,
    ...(doc.notCoded ? { notCoded: doc.notCoded } : {}),
    ...(doc.publishedAsWritten ? { publishedAsWritten: doc.publishedAsWritten } : {}),
    claims: claims.length,
    claimsSha256: claimsDigest(claims),
    eventIds,
  };
}

/** What the `token.created` entry records: the token's name, a digest of its hash (never the hash) and its expiry. */
export function tokenEntryDetail(t: {
  tokenHash: string;
  name: string;
  expiresAt: string;
}): Record<string, unknown> {
  return {
    name: t.name,
    token: `tok_${t.tokenHash.slice(0, 16)}`,
    tokenSha256: createHash('sha256').update(t.tokenHash).digest('hex'),
    expiresAt: t.expiresAt,
  };
}

/** What the `contact.stored` entry records: a digest of the encrypted details, which tells nothing of them. */
export function contactEntryDetail(encrypted: string): Record<string, unknown> {
  return { detailsSha256: createHash('sha256').update(encrypted).digest('hex') };
}

/** One digest of a document's claims as stored (ids and coded values), in id order. */
export function claimsDigest(claims: Array<{ id: string; body: string }>): string {
  const h = createHash('sha256');
  for (const c of [...claims].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    h.update(`${c.id}\n${canonicalJson(JSON.parse(c.body))}\n`);
  return h.digest('hex');
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

/**
 * What an audit entry records of a change to a user: the role moved, the standing, a new password
 * (a digest of its hash, never the hash), and the API tokens a new password revoked.
 */
export function userChangeDetail(
  user: User,
  change: { role?: User['role']; passwordHash?: string; disabled?: boolean },
  tokensRevoked: string[] = [],
): Record<string, unknown> {
  return {
    ...(change.role ? { role: [user.role, change.role] } : {}),
    ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
    ...(change.passwordHash ? { password: 'changed', passwordSha256: sha256Hex(change.passwordHash) } : {}),
    ...(tokensRevoked.length ? { tokensRevoked } : {}),
  };
}

/** The entry each change outside the write path records, the same whichever engine writes it. */
export const entryFor = {
  contactStored: (documentId: string, details: string): AuditInput => ({
    action: 'contact.stored',
    actor: 'form',
    subject: documentId,
    detail: contactEntryDetail(details),
  }),
  reviewed: (id: string, review: ReviewInput, changes: object): AuditInput => ({
    action: 'event.reviewed',
    actor: review.by,
    subject: id,
    detail: { action: review.action, changes, note: review.note ?? null },
  }),
  reviewUndone: (id: string, reviewId: number, target: Review, by: string): AuditInput => ({
    action: 'event.review_undone',
    actor: by,
    subject: id,
    detail: { review: reviewId, action: target.action, changes: target.changes ?? {} },
  }),
  sourceGraded: (name: string, from: string | null, to: string, by: string): AuditInput => ({
    action: 'source.graded',
    actor: by,
    subject: name,
    detail: { from, to },
  }),
  subscriptionSaved: (id: string, input: SubscriptionInput): AuditInput => ({
    action: 'subscription.saved',
    actor: 'api',
    subject: id,
    detail: { name: input.name, filter: input.filter, webhookUrl: input.webhookUrl ?? null },
  }),
  subscriptionDeleted: (id: string): AuditInput => ({
    action: 'subscription.deleted',
    actor: 'api',
    subject: id,
    detail: {},
  }),
  tokenCreated: (t: Parameters<typeof tokenEntryDetail>[0] & { userId: string }, by: string): AuditInput => ({
    action: 'token.created',
    actor: by,
    subject: t.userId,
    detail: tokenEntryDetail(t),
  }),
  tokenRevoked: (tokenId: string, userId: string, by: string): AuditInput => ({
    action: 'token.revoked',
    actor: by,
    subject: userId,
    detail: { token: tokenId },
  }),
  userCreated: (
    id: string,
    input: { name: string; role: string; passwordHash: string },
    by: string,
  ): AuditInput => ({
    action: 'user.created',
    actor: by,
    subject: id,
    detail: { name: input.name, role: input.role, passwordSha256: sha256Hex(input.passwordHash) },
  }),
  userChanged: (
    user: User,
    change: Parameters<typeof userChangeDetail>[1],
    revoked: string[],
    by: string,
  ): AuditInput => ({
    action: 'user.changed',
    actor: by,
    subject: user.id,
    detail: userChangeDetail(user, change, revoked),
  }),
};
