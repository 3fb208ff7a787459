// The account concern on PostgreSQL: users, sessions and API tokens, each stored by its secret's hash.
import { randomUUID } from 'node:crypto';
import { entryFor } from '../audit.js';
import { apiTokenOfRow, revokedIds, userOfRow, withoutHash } from '../rows.js';
import type { UserRow } from '../rows.js';
import { StoreError } from '../store.js';
import type { NewSession, UserChange, Accounts, ApiToken, Credentials, Role, Session } from '../store.js';
import type { User } from '../store.js';
import { queryOne, queryRows } from './postgres-connection.js';
import type { PostgresConnection } from './postgres-connection.js';

export class PostgresAccounts implements Accounts {
  constructor(private readonly c: PostgresConnection) {}

  async createUser(input: { name: string; role: Role; passwordHash: string }, by: string): Promise<User> {
    const id = `usr_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    try {
      await this.c.tx(async (q) => {
        const now = new Date().toISOString();
        await q.query(
          'INSERT INTO users (id, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
          [id, input.name, input.role, input.passwordHash, now],
        );
        await this.c.audit(q, entryFor.userCreated(id, input, by), now);
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw new StoreError(`a user ${input.name} exists`, 'invalid');
      throw e;
    }
    return withoutHash((await this.findUser(input.name))!);
  }

  async findUser(name: string): Promise<Credentials | null> {
    const r = await queryOne<UserRow>(this.c.pool, 'SELECT * FROM users WHERE name = $1', [name]);
    return r ? { ...userOfRow(r), passwordHash: r.password_hash } : null;
  }

  async listUsers(): Promise<User[]> {
    return (await queryRows<UserRow>(this.c.pool, 'SELECT * FROM users ORDER BY name')).map(userOfRow);
  }

  async updateUser(name: string, change: UserChange, by: string): Promise<User> {
    const user = await this.findUser(name);
    if (!user) throw new StoreError(`no user ${name}`, 'not_found');
    await this.c.tx(async (q) => {
      const now = new Date().toISOString();
      await q.query('UPDATE users SET role = $1, password_hash = $2, disabled = $3 WHERE id = $4', [
        change.role ?? user.role,
        change.passwordHash ?? user.passwordHash,
        change.disabled ?? user.disabled,
        user.id,
      ]);
      if (change.disabled || change.passwordHash)
        await q.query('DELETE FROM sessions WHERE user_id = $1', [user.id]);
      // A new password ends every way in the old one gave: sessions and API tokens alike.
      const revoked = change.passwordHash
        ? revokedIds(
            await queryRows<{ token_hash: string }>(
              q,
              'UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING token_hash',
              [now, user.id],
            ),
          )
        : [];
      await this.c.audit(q, entryFor.userChanged(user, change, revoked, by), now);
    });
    return withoutHash((await this.findUser(name))!);
  }

  async saveSession(x: NewSession): Promise<void> {
    await this.c.pool.query('DELETE FROM sessions WHERE expires_at < $1', [new Date().toISOString()]);
    await this.c.pool.query(
      'INSERT INTO sessions (token_hash, user_id, csrf, expires_at) VALUES ($1, $2, $3, $4)',
      [x.tokenHash, x.userId, x.csrf, x.expiresAt],
    );
  }

  async findSession(tokenHash: string): Promise<Session | null> {
    const r = await queryOne<UserRow & { csrf: string; expires_at: string }>(
      this.c.pool,
      `SELECT u.*, s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
      [tokenHash, new Date().toISOString()],
    );
    return r ? { user: userOfRow(r), csrf: r.csrf, expiresAt: r.expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.c.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async saveApiToken(
    t: { tokenHash: string; userId: string; name: string; expiresAt: string },
    by: string,
  ): Promise<ApiToken> {
    await this.c.tx(async (q) => {
      const now = new Date().toISOString();
      await q.query(
        'INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [t.tokenHash, t.userId, t.name, now, t.expiresAt],
      );
      await this.c.audit(q, entryFor.tokenCreated(t, by), now);
    });
    return (await this.#tokensWhere('t.token_hash = $1', [t.tokenHash]))[0]!;
  }

  async findApiToken(tokenHash: string): Promise<User | null> {
    const r = await queryOne<UserRow>(
      this.c.pool,
      `SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND NOT u.disabled
       AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)`,
      [tokenHash, new Date().toISOString()],
    );
    return r ? userOfRow(r) : null;
  }

  async #tokensWhere(where: string, params: unknown[]): Promise<ApiToken[]> {
    return (
      await queryRows<Parameters<typeof apiTokenOfRow>[0]>(
        this.c.pool,
        `SELECT t.*, u.name AS user_name FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE ${where} ORDER BY t.created_at, t.token_hash`,
        params,
      )
    ).map(apiTokenOfRow);
  }

  async listApiTokens(userName?: string): Promise<ApiToken[]> {
    return userName === undefined
      ? this.#tokensWhere('true', [])
      : this.#tokensWhere('u.name = $1', [userName]);
  }

  async revokeApiToken(id: string, by: string): Promise<ApiToken> {
    const m = /^tok_([0-9a-f]{16})$/.exec(id);
    if (!m) throw new StoreError(`no token ${id}: a token id is tok_ and 16 hex digits`, 'not_found');
    let hash = '';
    await this.c.tx(async (q) => {
      const now = new Date().toISOString();
      const row = await queryOne<{ token_hash: string; user_id: string; revoked_at: string | null }>(
        q,
        'SELECT token_hash, user_id, revoked_at FROM api_tokens WHERE substr(token_hash, 1, 16) = $1 FOR UPDATE',
        [m[1]],
      );
      if (!row) throw new StoreError(`no token ${id}`, 'not_found');
      hash = row.token_hash;
      if (row.revoked_at) return;
      await q.query('UPDATE api_tokens SET revoked_at = $1 WHERE token_hash = $2', [now, row.token_hash]);
      await this.c.audit(q, entryFor.tokenRevoked(id, row.user_id, by), now);
    });
    return (await this.#tokensWhere('t.token_hash = $1', [hash]))[0]!;
  }
}
