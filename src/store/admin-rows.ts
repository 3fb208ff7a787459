// Rows of the record's administration read back as what the contract returns, written once for
// both engines: sources and their registry, users and API tokens, subscriptions, the change log
// and the audit log.
import { createHash } from 'node:crypto';
import type { RegisteredSource, Reliability } from '../model/index.js';
import { canonicaliser } from '../corroborate/sources.js';
import type { AuditEntry } from './audit.js';
import type {
  ApiToken,
  Credentials,
  Delivery,
  EventChange,
  Role,
  SavedFilter,
  Subscription,
  SubscriptionInput,
  User,
} from './store.js';

/** A user as any route may show it: never the password's hash. */
export function withoutHash(c: Credentials): User {
  const { passwordHash, ...user } = c;
  void passwordHash;
  return user;
}

export const sha256Hex = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

/** The public name of an API token: its hash's first 16 digits, enough to list and revoke it by, useless to log in with. */
export const tokenIdOf = (tokenHash: string) => `tok_${tokenHash.slice(0, 16)}`;

/** An API token as it is listed: never its secret or hash. */
export function apiTokenOfRow(r: {
  token_hash: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  user_name: string;
}): ApiToken {
  return {
    id: tokenIdOf(r.token_hash),
    user: r.user_name,
    name: r.name,
    createdAt: r.created_at,
    ...(r.expires_at ? { expiresAt: r.expires_at } : {}),
    ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}),
  };
}

/** A row of the sources table, as both engines read it. */
export interface SourceRow {
  name: string;
  kind: RegisteredSource['kind'];
  country: string | null;
  languages: string;
  aliases: string;
  reliability: Reliability;
  graded_by: string | null;
  graded_at: string | null;
  reports: number | string | null;
  last_seen: string | null;
}

export function sourceOfRow(r: SourceRow): RegisteredSource {
  return {
    name: r.name,
    kind: r.kind,
    country: r.country ?? undefined,
    languages: JSON.parse(r.languages) as string[],
    aliases: JSON.parse(r.aliases) as string[],
    reliability: r.reliability,
    gradedBy: r.graded_by ?? undefined,
    gradedAt: r.graded_at ?? undefined,
    reports: Number(r.reports ?? 0),
    lastSeen: r.last_seen ?? undefined,
  };
}

/** What a store keeps of the source registry: each source's grade, and the name each alias stands for. */
export interface SourceRegistry {
  grade: Map<string, Reliability>;
  canonical: (name: string) => string;
}

/** The source rows as the registry a store keeps. */
export function registryOf(rows: SourceRow[]): SourceRegistry {
  return {
    grade: new Map(rows.map((r) => [r.name, r.reliability])),
    canonical: canonicaliser(rows.map((r) => ({ name: r.name, aliases: JSON.parse(r.aliases) as string[] }))),
  };
}

/** A row of the users table: `disabled` is 0/1 in SQLite, a boolean in PostgreSQL. */
export interface UserRow {
  id: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled: number | boolean;
  created_at: string;
}

export function userOfRow(r: UserRow): User {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    disabled: r.disabled === 1 || r.disabled === true,
    createdAt: r.created_at,
  };
}

/** A row of the subscriptions table; PostgreSQL gives the BIGINT cursor as text. */
export interface SubscriptionRow {
  id: string;
  name: string;
  filter: string;
  webhook_url: string | null;
  secret: string | null;
  cursor: number | string;
  last_delivery: string | null;
  created_at: string;
}

export function subscriptionOfRow(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    name: r.name,
    filter: JSON.parse(r.filter) as SavedFilter,
    ...(r.webhook_url ? { webhookUrl: r.webhook_url } : {}),
    signed: r.secret !== null,
    cursor: Number(r.cursor),
    createdAt: r.created_at,
    ...(r.last_delivery ? { lastDelivery: JSON.parse(r.last_delivery) as Delivery } : {}),
  };
}

/** A row of the event history as an entry of the change log, at the position `seq` gives it. */
export function changeOfRow(r: {
  seq: number | string;
  event_id: string;
  version: number;
  action: string;
  at: string;
}): EventChange {
  return {
    cursor: Number(r.seq),
    eventId: r.event_id,
    version: r.version,
    action: r.action as EventChange['action'],
    at: r.at,
  };
}

/** A row of the audit log; PostgreSQL gives the BIGINT sequence number as text. */
export interface AuditRow {
  seq: number | string;
  at: string;
  action: AuditEntry['action'];
  actor: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function auditEntryOfRow(r: AuditRow): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    action: r.action,
    actor: r.actor,
    subject: r.subject,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** A subscription's row as written, in the subscriptions table's column order. */
export function subscriptionValues(id: string, input: SubscriptionInput, cursor: number): unknown[] {
  const { name, filter, webhookUrl, secret } = input;
  return [
    id,
    name,
    JSON.stringify(filter),
    webhookUrl ?? null,
    secret ?? null,
    cursor,
    new Date().toISOString(),
  ];
}

/** A registered source's row as written: name, kind, country, languages, aliases, reliability. */
export function sourceValues(s: RegisteredSource): unknown[] {
  return [
    s.name,
    s.kind,
    s.country ?? null,
    JSON.stringify(s.languages ?? []),
    JSON.stringify(s.aliases),
    s.reliability,
  ];
}

/** The public ids of the tokens a change revoked, in the order of their hashes. */
export function revokedIds(rows: Array<{ token_hash: string }>): string[] {
  return rows
    .map((r) => r.token_hash)
    .sort()
    .map(tokenIdOf);
}
