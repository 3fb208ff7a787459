// The account concern of the Store contract: users, sessions and API tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Store } from '../../src/store/store.js';

export function accountsContract(engine: string, open: () => Promise<Store>): void {
  test(`${engine}: users, sessions and API tokens: unique names, stored by hash, a disabled user shut out`, async () => {
    const store = await open();
    try {
      const u = await store.createUser(
        { name: 'amira', role: 'analyst', passwordHash: 'scrypt$x$y' },
        'admin',
      );
      assert.equal(u.role, 'analyst');
      assert.equal(
        (u as { passwordHash?: string }).passwordHash,
        undefined,
        'a user as returned has no hash',
      );
      await assert.rejects(
        store.createUser({ name: 'amira', role: 'viewer', passwordHash: 'h' }, 'admin'),
        /exists/,
      );
      assert.equal((await store.findUser('amira'))?.passwordHash, 'scrypt$x$y');
      assert.equal(await store.findUser('nobody'), null);
      const later = new Date(Date.now() + 3_600_000).toISOString();
      await store.saveSession({ tokenHash: 'h1', userId: u.id, csrf: 'c1', expiresAt: later });
      await store.saveSession({
        tokenHash: 'old',
        userId: u.id,
        csrf: 'c0',
        expiresAt: '2000-01-01T00:00:00Z',
      });
      assert.equal((await store.findSession('h1'))?.user.name, 'amira');
      assert.equal((await store.findSession('h1'))?.csrf, 'c1');
      assert.equal(await store.findSession('old'), null, 'an expired session is no session');
      await store.saveApiToken({ tokenHash: 't1', userId: u.id, name: 'scripts', expiresAt: later }, 'admin');
      assert.equal((await store.findApiToken('t1'))?.name, 'amira');
      const promoted = await store.updateUser('amira', { role: 'admin' }, 'admin');
      assert.equal(promoted.role, 'admin');
      await store.updateUser('amira', { disabled: true }, 'admin');
      assert.equal(await store.findSession('h1'), null, 'a disabled user has no session');
      assert.equal(await store.findApiToken('t1'), null, 'nor a working token');
      await store.deleteSession('h1');
      await assert.rejects(store.updateUser('nobody', { role: 'viewer' }, 'admin'), /no user/);
      assert.deepEqual(
        (await store.listUsers()).map((x) => [x.name, x.role, x.disabled]),
        [['amira', 'admin', true]],
      );
      const actions = (await store.auditLog(0, 100)).map((e) => e.action);
      assert.deepEqual(actions, ['user.created', 'token.created', 'user.changed', 'user.changed']);
      assert.deepEqual((await store.verifyAudit()).problems, []);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: API tokens expire, are listed and revoked, and a new password revokes them all`, async () => {
    const store = await open();
    try {
      const u = await store.createUser({ name: 'ops', role: 'analyst', passwordHash: 'scrypt$x' }, 'admin');
      const later = new Date(Date.now() + 86_400_000).toISOString();
      const a = await store.saveApiToken(
        { tokenHash: 'a'.repeat(64), userId: u.id, name: 'nightly', expiresAt: later },
        'admin',
      );
      await store.saveApiToken(
        { tokenHash: 'b'.repeat(64), userId: u.id, name: 'old', expiresAt: '2001-01-01T00:00:00.000Z' },
        'admin',
      );
      await store.saveApiToken(
        { tokenHash: 'c'.repeat(64), userId: u.id, name: 'other', expiresAt: later },
        'admin',
      );
      assert.equal(a.id, `tok_${'a'.repeat(16)}`);
      assert.equal((await store.findApiToken('a'.repeat(64)))?.name, 'ops');
      assert.equal(await store.findApiToken('b'.repeat(64)), null, 'an expired token works no more');
      const listed = await store.listApiTokens('ops');
      assert.deepEqual(
        listed.map((t) => [t.name, t.user, t.revokedAt === undefined]),
        [
          ['nightly', 'ops', true],
          ['old', 'ops', true],
          ['other', 'ops', true],
        ],
      );
      assert.ok(!JSON.stringify(listed).includes('aaaaaaaaaaaaaaaaaaaa'), 'a list shows no hash');
      const revoked = await store.revokeApiToken(a.id, 'admin');
      assert.ok(revoked.revokedAt);
      assert.equal(await store.findApiToken('a'.repeat(64)), null, 'a revoked token works no more');
      await assert.rejects(store.revokeApiToken('tok_0000000000000000', 'admin'), /no token/);
      assert.equal((await store.findApiToken('c'.repeat(64)))?.name, 'ops');
      await store.updateUser('ops', { passwordHash: 'scrypt$y' }, 'admin');
      assert.equal(await store.findApiToken('c'.repeat(64)), null, 'a new password revokes every token');
      assert.ok(
        (await store.listApiTokens()).every((t) => t.revokedAt),
        'each listed as revoked',
      );
      const log = await store.auditLog(0, 100);
      assert.deepEqual(
        log.map((e) => e.action),
        ['user.created', 'token.created', 'token.created', 'token.created', 'token.revoked', 'user.changed'],
      );
      assert.deepEqual(log[5]!.detail.tokensRevoked, [`tok_${'b'.repeat(16)}`, `tok_${'c'.repeat(16)}`]);
      assert.deepEqual((await store.verifyAudit()).problems, []);
    } finally {
      await store.close();
    }
  });
}
