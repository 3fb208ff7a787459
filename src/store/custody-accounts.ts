// The custody check of accounts: users, roles, API tokens and field contacts against the entries
// that created and changed them.
import type { AuditEntry } from './audit.js';
import { sha, shown } from './custody-compare.js';

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

/** What the log says each user and API token should be now. */
interface AccountsFold {
  people: Map<
    string,
    { seq: number; name: string; role: string; disabled: boolean; passwordSha256?: string }
  >;
  byId: Map<string, TokenFold>;
  /** Tokens recorded before entries named them are known by user and label only. */
  byLabel: Map<string, TokenFold[]>;
  revokedIds: Set<string>;
}

/** Users, roles and API tokens against the entries that created and changed them. */
export function checkAccounts(
  entries: AuditEntry[],
  users: UserRow[],
  tokens: TokenRow[],
  problems: string[],
): void {
  const fold = foldAccounts(entries);
  checkUsers(users, fold.people, problems);
  checkTokens(tokens, fold, problems);
}

/** The user and token entries replayed in order. */
function foldAccounts(entries: AuditEntry[]): AccountsFold {
  const people: AccountsFold['people'] = new Map();
  const byId = new Map<string, TokenFold>();
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
  return { people, byId, byLabel, revokedIds };
}

/** Each user row against what the log left it; `people` is emptied of those found. */
function checkUsers(users: UserRow[], people: AccountsFold['people'], problems: string[]): void {
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
}

/** Each API token row against what the log left it; tokens found are taken from the fold. */
function checkTokens(tokens: TokenRow[], fold: AccountsFold, problems: string[]): void {
  const { byId, byLabel, revokedIds } = fold;
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
