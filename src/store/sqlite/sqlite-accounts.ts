// The account concern on SQLite: users, sessions and API tokens, each stored by its secret's hash.
import { randomUUID } from 'node:crypto';
import { entryFor } from '../audit.js';
import { apiTokenOfRow, revokedIds, userOfRow, withoutHash } from '../rows.js';
import type { UserRow } from '../rows.js';
import { StoreError } from '../store.js';
import type { NewSession, UserChange, Accounts, ApiToken, Credentials, Role, Session } from '../store.js';
import type { User } from '../store.js';
import type { SqliteConnection } from './sqlite-connection.js';

export class SqliteAccounts implements Accounts {
  constructor(private readonly c: SqliteConnection) {}

  async createUser(input: { name: string; role: Role; passwordHash: string }, by: string): Promise<User> {
    const id = `usr_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const now = new Date().toISOString();
    try {
      await this.c.write(() => {
        this.c.db
          .prepare('INSERT INTO users (id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
          .run(id, input.name, input.role, input.passwordHash, now);
        this.c.audit(entryFor.userCreated(id, input, by), now);
      });
    } catch (e) {
      if (/UNIQUE/.test((e as Error).message)) throw new StoreError(`a user ${input.name} exists`, 'invalid');
      throw e;
    }
    return withoutHash((await this.findUser(input.name))!);
  }

  async findUser(name: string): Promise<Credentials | null> {
    const r = this.c.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    return r ? { ...userOfRow(r), passwordHash: r.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    return (this.c.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map((r) =>
      userOfRow(r),
    );
  }

  async updateUser(name: string, change: UserChange, by: string): Promise<User> {
    const user = await this.findUser(name);
    if (!user) throw new StoreError(`no user ${name}`, 'not_found');
    const now = new Date().toISOString();
    await this.c.write(() => {
      this.c.db
        .prepare('UPDATE users SET role = ?, password_hash = ?, disabled = ? WHERE id = ?')
        .run(
          change.role ?? user.role,
          change.passwordHash ?? user.passwordHash,
          (change.disabled ?? user.disabled) ? 1 : 0,
          user.id,
        );
      if (change.disabled || change.passwordHash)
        this.c.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
      // A new password ends every way in the old one gave: sessions and API tokens alike.
      const revoked = change.passwordHash
        ? revokedIds(
            this.c.db
              .prepare(
                'UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING token_hash',
              )
              .all(now, user.id) as Array<{ token_hash: string }>,
          )
        : [];
      this.c.audit(entryFor.userChanged(user, change, revoked, by), now);
    });
    return withoutHash((await this.findUser(name))!);
  }

  async saveSession(x: NewSession): Promise<void> {
    await this.c.write(() => {
      this.c.db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(new Date().toISOString());
      this.c.db
        .prepare('INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES (?, ?, ?, ?)')
        .run(x.tokenHash, x.userId, x.csrf, x.expiresAt);
    });
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const r = this.c.db
      .prepare(
        `SELECT u.*, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0`,
      )
      .get(tokenHash, new Date().toISOString()) as
      (UserRow & { csrf: string; expires_at: string }) | undefined;
    return r ? { user: userOfRow(r), csrf: r.csrf, expiresAt: r.expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.c.write(() => this.c.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash));
  }

  async saveApiToken(
    t: { tokenHash: string; userId: string; name: string; expiresAt: string },
    by: string,
  ): Promise<ApiToken> {
    const now = new Date().toISOString();
    await this.c.write(() => {
      this.c.db
        .prepare(
          'INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(t.tokenHash, t.userId, t.name, now, t.expiresAt);
      this.c.audit(entryFor.tokenCreated(t, by), now);
    });
    return (await this.#tokensWhere('t.token_hash = ?', t.tokenHash))[0]!;
  }

  async findApiToken(tokenHash: string): Promise<User | null> {
    const r = this.c.db
      .prepare(
        `SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled = 0
         AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      )
      .get(tokenHash, new Date().toISOString()) as UserRow | undefined;
    return r ? userOfRow(r) : null;
  }

  async #tokensWhere(where: string, ...params: unknown[]): Promise<ApiToken[]> {
    return (
      this.c.db
        .prepare(
          `SELECT t.*, u.name AS user_name FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE ${where} ORDER BY t.created_at, t.token_hash`,
        )
        .all(...params) as Parameters<typeof apiTokenOfRow>[0][]
    ).map(apiTokenOfRow);
  }

  async listApiTokens(userName?: string): Promise<ApiToken[]> {
    return userName === undefined ? this.#tokensWhere('1') : this.#tokensWhere('u.name = ?', userName);
  }

  async revokeApiToken(id: string, by: string): Promise<ApiToken> {
    const m = /^tok_([0-9a-f]{16})$/.exec(id);
    if (!m) throw new StoreError(`no token ${id}: a token id is tok_ and 16 hex digits`, 'not_found');
    const now = new Date().toISOString();
    let hash: string | undefined;
    await this.c.write(() => {
      const row = this.c.db
        .prepare('SELECT token_hash, user_id, revoked_at FROM api_tokens WHERE substr(token_hash, 1, 16) = ?')
        .get(m[1]) as { token_hash: string; user_id: string; revoked_at: string | null } | undefined;
      if (!row) throw new StoreError(`no token ${id}`, 'not_found');
      hash = row.token_hash;
      if (row.revoked_at) return;
      this.c.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ?').run(now, row.token_hash);
      this.c.audit(entryFor.tokenRevoked(id, row.user_id, by), now);
    });
    return (await this.#tokensWhere('t.token_hash = ?', hash))[0]!;
  }
}
