// Accounts on a team server, over real HTTP: every route's least role checked for every role;
// logins that do not tell a wrong name from a wrong password; sessions with CSRF tokens; a rate
// limit on logging in; field contacts encrypted at rest and read by admins only; recent tracks
// held back from viewers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { createToken, hashPassword, rank } from '../src/server/auth.js';
import { openApiPath } from '../src/server/openapi.js';
import { routesOf } from '../src/server/schemas/index.js';
import { openStore } from '../src/store/open.js';
import { ROLES, type Role, type Store } from '../src/store/store.js';
import { ROOT, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-auth-'));
const db = join(dir, 'team.db');
let app: FastifyInstance;
let store: Store;
let base: string;
const tokens = {} as Record<Role, string>;
const PASSWORD = 'correct horse battery staple';
const logs: string[] = [];

before(async () => {
  const r = await run(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  store = await openStore(db);
  const hash = await hashPassword(PASSWORD);
  for (const role of ROLES) {
    await store.createUser({ name: `${role}-1`, role, passwordHash: hash }, 'test');
    tokens[role] = (await createToken(store, `${role}-1`, 'tests', 'test')).token;
  }
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  app = await buildApp({
    store,
    resources: loadResources(),
    webRoot: join(ROOT, 'dist', 'web'),
    auth: { mode: 'required', loginsPerMinute: 10 },
    contactKey: randomBytes(32),
    holdTracksDays: 365 * 50,
    notify: { pollMs: 60_000 },
    loggerStream: sink,
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
});

const as = (role: Role | undefined, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: {
    ...(init.headers as Record<string, string>),
    ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
  },
});

/**
 * The least role of every API route, as the API promises it: each route declares its own in
 * `config.role`, and this record is what they must add up to, so that moving a route never
 * changes who may call it.
 */
const LEAST_ROLES: Record<string, Role | 'public'> = {
  'GET /health': 'public',
  'POST /api/session': 'public',
  'GET /api/session': 'public',
  'DELETE /api/session': 'public',
  'GET /api/openapi.json': 'public',
  'GET /api/regions.geojson': 'public',
  'GET /api/basemap/countries.geojson': 'public',
  'GET /api/events': 'viewer',
  'GET /api/events/{id}': 'viewer',
  'GET /api/events/histogram': 'viewer',
  'GET /api/events/points': 'viewer',
  'GET /api/events/grid': 'viewer',
  'GET /api/events/facets': 'viewer',
  'GET /api/events/series': 'viewer',
  'GET /api/record': 'viewer',
  'GET /api/places/labels': 'viewer',
  'GET /api/events/stream': 'viewer',
  'GET /api/documents/{id}': 'viewer',
  'GET /api/tracks': 'viewer',
  'GET /api/tracks/{id}': 'viewer',
  'GET /api/agreements': 'viewer',
  'GET /api/agreements/{id}': 'viewer',
  'GET /api/sources': 'viewer',
  'GET /api/places': 'viewer',
  'GET /api/export': 'viewer',
  'GET /ogc': 'viewer',
  'GET /ogc/conformance': 'viewer',
  'GET /ogc/api': 'viewer',
  'GET /ogc/collections': 'viewer',
  'GET /ogc/collections/{collectionId}': 'viewer',
  'GET /ogc/collections/{collectionId}/items': 'viewer',
  'GET /ogc/collections/{collectionId}/items/{featureId}': 'viewer',
  'POST /api/documents': 'contributor',
  'POST /api/submissions': 'contributor',
  'POST /api/uploads': 'contributor',
  'POST /api/events/{id}/merge': 'analyst',
  'POST /api/events/{id}/split': 'analyst',
  'POST /api/events/{id}/review': 'analyst',
  'POST /api/reviews': 'analyst',
  'POST /api/reviews/{id}/undo': 'analyst',
  'GET /api/reviews': 'analyst',
  'GET /api/reviews/export.csv': 'analyst',
  'PUT /api/sources/{name}': 'analyst',
  'GET /api/subscriptions': 'analyst',
  'POST /api/subscriptions': 'analyst',
  'GET /api/subscriptions/{id}': 'analyst',
  'DELETE /api/subscriptions/{id}': 'analyst',
  'GET /api/subscriptions/{id}/stream': 'analyst',
  'GET /api/documents/{id}/contact': 'admin',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/{name}': 'admin',
  'POST /api/users/{name}/tokens': 'admin',
  'GET /api/users/{name}/tokens': 'admin',
  'GET /api/tokens': 'admin',
  'DELETE /api/tokens/{id}': 'admin',
};

test('every API route has a least role, and every role is held to it', async () => {
  const declared = new Map<string, unknown>();
  for (const r of routesOf(app)) {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const isApi = (r.url.startsWith('/api') && !r.url.startsWith('/api/docs')) || r.url.startsWith('/ogc');
    if (methods.includes('HEAD') || !(isApi || r.url === '/health')) continue;
    declared.set(`${methods.join(',')} ${openApiPath(r.url)}`, r.config?.role);
  }
  assert.deepEqual(Object.fromEntries(declared), LEAST_ROLES, 'each route declares the least role promised');
  for (const [key, needed] of Object.entries(LEAST_ROLES)) {
    const [method, path] = key.split(' ') as [string, string];
    if (path === '/api/session') continue; // logging in and out is tested below
    const url = path
      .replace('{collectionId}', 'events')
      .replace('{featureId}', 'ev_none')
      .replace('{name}', 'nobody')
      .replace('{id}', 'ev_none');
    for (const role of [undefined, ...ROLES]) {
      const controller = new AbortController();
      const res = await fetch(
        `${base}${url}`,
        as(role, {
          method,
          signal: controller.signal,
          ...(method === 'GET' || method === 'DELETE'
            ? {}
            : { body: '{}', headers: { 'content-type': 'application/json' } }),
        }),
      );
      controller.abort(); // a stream stays open: its headers are the answer
      const allowed = needed === 'public' || (role !== undefined && rank(role) >= rank(needed));
      const label = `${key} as ${role ?? 'anonymous'}`;
      if (allowed) assert.ok(![401, 403].includes(res.status), `${label}: ${res.status}`);
      else assert.equal(res.status, role === undefined ? 401 : 403, label);
    }
  }
});

test('a wrong name and a wrong password get the same answer in about the same time', async () => {
  const login = async (name: string, password: string) => {
    const t = performance.now();
    const r = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': name },
      body: JSON.stringify({ name, password }),
    });
    return { status: r.status, body: await r.text(), ms: performance.now() - t };
  };
  // A first login warms up the hashing threads; then known and unknown names take turns, and the
  // middle times are compared (eight logins in all, under the limit of ten a minute).
  await login('analyst-1', 'warming up the hash');
  const known: Array<{ status: number; body: string; ms: number }> = [];
  const unknown: Array<{ status: number; body: string; ms: number }> = [];
  for (let i = 0; i < 3; i++) {
    known.push(await login('analyst-1', 'not the password at all'));
    unknown.push(await login(`nobody-at-all-${i}`, 'not the password at all'));
  }
  const wrongPassword = known[0]!;
  for (const r of [...known, ...unknown]) {
    assert.equal(r.status, 401);
    assert.equal(r.body, wrongPassword.body, 'the same answer');
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const k = median(known.map((r) => r.ms));
  const u = median(unknown.map((r) => r.ms));
  // Without the decoy check an unknown name would answer in a millisecond, not after a scrypt.
  assert.ok(u > k * 0.3, `unknown names ${u} ms vs known ${k} ms`);
  await store.updateUser('contributor-1', { disabled: true }, 'test');
  const disabled = await login('contributor-1', PASSWORD);
  assert.equal(disabled.body, wrongPassword.body, 'a disabled account answers the same');
  const token = await fetch(`${base}/api/events`, as('contributor'));
  assert.equal(token.status, 401, 'a disabled user’s token stops working');
  await store.updateUser('contributor-1', { disabled: false }, 'test');
});

test('a session: HttpOnly cookie; a change needs the CSRF token; logging out ends it; logins are rate limited', async () => {
  const r = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'analyst-1', password: PASSWORD }),
  });
  assert.equal(r.status, 200);
  const setCookie = r.headers.get('set-cookie') ?? '';
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Strict/i);
  const cookie = setCookie.split(';')[0]!;
  const { csrf, user } = (await r.json()) as { csrf: string; user: { name: string; passwordHash?: string } };
  assert.equal(user.name, 'analyst-1');
  assert.equal(user.passwordHash, undefined);
  assert.equal((await fetch(`${base}/api/events`, { headers: { cookie } })).status, 200);
  const grade = (headers: Record<string, string>) =>
    fetch(`${base}/api/sources/SOHR`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ reliability: 'B' }),
    });
  assert.equal((await grade({})).status, 403, 'no CSRF token');
  assert.equal((await grade({ 'x-csrf-token': 'guess' })).status, 403, 'a wrong one');
  const ok = await grade({ 'x-csrf-token': csrf });
  assert.equal(ok.status, 200);
  assert.equal(
    ((await ok.json()) as { gradedBy: string }).gradedBy,
    'analyst-1',
    'recorded under the user, not the body',
  );
  assert.equal((await fetch(`${base}/api/session`, { method: 'DELETE', headers: { cookie } })).status, 204);
  assert.equal((await fetch(`${base}/api/events`, { headers: { cookie } })).status, 401);

  const statuses: number[] = [];
  for (let i = 0; i < 12; i++)
    statuses.push(
      (
        await fetch(`${base}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'viewer-1', password: 'wrong password here' }),
        })
      ).status,
    );
  assert.ok(statuses.includes(429), `logins are limited: ${statuses.join(',')}`);
});

test('field contacts: encrypted at rest, read back by admins only, never in exports or logs', async () => {
  const CONTACT = 'Umm Ahmad, +963 933 111 222';
  const sent = await fetch(
    `${base}/api/submissions`,
    as('contributor', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Shelling hit the market in Kafr Nabl this morning, killing three people.',
        date: '2020-04-28',
        contact: CONTACT,
      }),
    }),
  );
  assert.equal(sent.status, 201, await sent.clone().text());
  const { documentId } = (await sent.json()) as { documentId: string };
  const raw = new Database(db, { readonly: true });
  const stored = raw.prepare('SELECT details FROM contacts WHERE document_id = ?').get(documentId) as {
    details: string;
  };
  raw.close();
  assert.ok(!stored.details.includes('Umm Ahmad'), 'not in clear in the database');
  assert.match(stored.details, /^v1:/);
  assert.ok(!readFileSync(db).includes(Buffer.from('Umm Ahmad')), 'nowhere in the database file');
  const byAdmin = await fetch(`${base}/api/documents/${documentId}/contact`, as('admin'));
  assert.equal(((await byAdmin.json()) as { contact: string }).contact, CONTACT);
  assert.equal((await fetch(`${base}/api/documents/${documentId}/contact`, as('analyst'))).status, 403);
  const doc = await store.getDocument(documentId);
  assert.equal(doc?.capturedBy, 'contributor-1', 'who captured it');
  for (const path of [
    '/api/export?format=acled',
    '/api/export?format=geojson',
    `/api/documents/${documentId}`,
  ]) {
    const text = await (await fetch(`${base}${path}`, as('admin'))).text();
    assert.ok(!text.includes('Umm Ahmad'), path);
  }
  assert.ok(logs.length > 0, 'the server logged requests');
  assert.ok(!logs.join('').includes('Umm Ahmad'), 'not in the logs');
});

test('recent tracks are held back from viewers; analysts see them', async () => {
  const forViewer = (await (await fetch(`${base}/api/tracks`, as('viewer'))).json()) as { tracks: unknown[] };
  const forAnalyst = (await (await fetch(`${base}/api/tracks`, as('analyst'))).json()) as {
    tracks: Array<{ id: string }>;
  };
  assert.ok(forAnalyst.tracks.length >= 1);
  assert.equal(forViewer.tracks.length, 0);
  const ogc = (await (await fetch(`${base}/ogc/collections/tracks/items`, as('viewer'))).json()) as {
    numberReturned: number;
  };
  assert.equal(ogc.numberReturned, 0);
  assert.equal((await fetch(`${base}/api/tracks/${forAnalyst.tracks[0]!.id}`, as('viewer'))).status, 404);
});

test('users from the command line: password on standard input, a token shown once', async () => {
  const cliDb = join(dir, 'cli.db');
  const add = await run(['users', 'add', 'layla', '--role', 'analyst', '--db', cliDb], {
    stdin: `${PASSWORD}\n`,
  });
  assert.equal(add.code, 0, add.stderr);
  const short = await run(['users', 'add', 'omar', '--role', 'viewer', '--db', cliDb], { stdin: 'short\n' });
  assert.equal(short.code, 2);
  assert.match(short.stderr, /at least 12 characters/);
  const token = await run(['users', 'token', 'layla', '--label', 'scripts', '--db', cliDb]);
  assert.match(token.stdout, /^obs_[A-Za-z0-9_-]{40,}\n$/);
  const set = await run(['users', 'set', 'layla', '--role', 'admin', '--db', cliDb]);
  assert.match(set.stdout, /layla: admin/);
  const list = await run(['users', 'list', '--db', cliDb]);
  assert.match(list.stdout, /layla\s+admin/);
  const verify = await run(['audit', 'verify', '--db', cliDb]);
  assert.equal(verify.code, 0, verify.stdout);
});

test('an admin adds a user and gives them a token over the API; the token works with that user’s role', async () => {
  const post = (path: string, body: unknown) =>
    fetch(
      `${base}${path}`,
      as('admin', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  assert.equal((await post('/api/users', { name: 'nadia', role: 'viewer', password: 'short' })).status, 400);
  const added = await post('/api/users', { name: 'nadia', role: 'viewer', password: PASSWORD });
  assert.equal(added.status, 201);
  assert.equal(((await added.json()) as { passwordHash?: string }).passwordHash, undefined, 'never the hash');
  assert.equal((await post('/api/users', { name: 'nadia', role: 'viewer', password: PASSWORD })).status, 400);
  const t = await post('/api/users/nadia/tokens', { name: 'laptop' });
  assert.equal(t.status, 201);
  const { token } = (await t.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  assert.equal((await fetch(`${base}/api/events`, { headers })).status, 200);
  assert.equal((await fetch(`${base}/api/reviews`, { headers })).status, 403, 'a viewer');
  assert.equal((await post('/api/users/nobody/tokens', { name: 'x' })).status, 404);
});

test('API tokens over HTTP: created with an expiry, listed without secrets, revoked, and ended by a new password', async () => {
  const admin = (init: RequestInit = {}) =>
    as('admin', { ...init, headers: { 'content-type': 'application/json', ...(init.headers as object) } });
  const made = await fetch(`${base}/api/users`, {
    ...admin({ method: 'POST' }),
    body: JSON.stringify({ name: 'ops-1', role: 'viewer', password: PASSWORD }),
  });
  assert.equal(made.status, 201);
  const mint = async (name: string) => {
    const r = await fetch(`${base}/api/users/ops-1/tokens`, {
      ...admin({ method: 'POST' }),
      body: JSON.stringify({ name, expires_days: 7 }),
    });
    assert.equal(r.status, 201);
    return (await r.json()) as { token: string; id: string; expiresAt: string };
  };
  const one = await mint('one');
  const two = await mint('two');
  const days = (Date.parse(one.expiresAt) - Date.now()) / 86_400_000;
  assert.ok(days > 6.9 && days <= 7, `works for 7 days (${days.toFixed(2)})`);
  const use = async (token: string) =>
    (await fetch(`${base}/api/sources`, { headers: { authorization: `Bearer ${token}` } })).status;
  assert.equal(await use(one.token), 200);
  const listed = await (await fetch(`${base}/api/users/ops-1/tokens`, admin())).text();
  assert.ok(listed.includes(one.id) && listed.includes(two.id));
  assert.ok(!listed.includes(one.token) && !listed.includes(one.token.slice(4, 20)), 'no secret listed');
  assert.equal((await fetch(`${base}/api/tokens/${one.id}`, as('admin', { method: 'DELETE' }))).status, 200);
  assert.equal(await use(one.token), 401, 'a revoked token is refused');
  assert.equal(await use(two.token), 200);
  const viewerRevokes = await fetch(`${base}/api/tokens/${two.id}`, as('viewer', { method: 'DELETE' }));
  assert.equal(viewerRevokes.status, 403);
  const changed = await fetch(`${base}/api/users/ops-1`, {
    ...admin({ method: 'PATCH' }),
    body: JSON.stringify({ password: `${PASSWORD}-new` }),
  });
  assert.equal(changed.status, 200);
  assert.equal(await use(two.token), 401, 'a new password revokes every token');
  const all = (await (await fetch(`${base}/api/tokens`, admin())).json()) as {
    tokens: Array<{ id: string; revokedAt?: string }>;
  };
  assert.ok(all.tokens.filter((t) => [one.id, two.id].includes(t.id)).every((t) => t.revokedAt));
});
