// The server as a hostile web page, a rebinding DNS name and a reverse proxy see it: an open
// (loopback) server answers only to its own address and takes changes only from its own pages;
// every answer forbids framing, inline script and sniffing; behind a trusted proxy each client
// has its own login limit and an HTTPS login a Secure cookie; HEAD needs what GET needs; who sent
// a report in, and from where, is shown to admins only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadResources, type Resources } from '../src/extract/resources.js';
import { createToken, hashPassword } from '../src/server/auth.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { ROOT } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-guard-'));
let resources: Resources;
let store: Store;
let open: FastifyInstance;
let base: string;
let port: number;

/** A request with exactly the headers given (fetch would not let a page set Host). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

before(async () => {
  resources = loadResources();
  store = await openStore(join(dir, 'open.db'));
  open = await buildApp({
    store,
    resources,
    webRoot: join(ROOT, 'dist', 'web'),
    notify: false,
    host: '127.0.0.1',
  });
  base = await open.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(base).port);
});
after(async () => {
  await open.close();
  await store.close();
});

const report = 'Government forces shelled Saraqib on Monday, killing 3 civilians, SOHR said.';

test('open mode: a cross-site page cannot post a report, even as text/plain; the server’s own page can', async () => {
  const before = (await store.counts()).documents;
  const host = `127.0.0.1:${port}`;
  const upload = (headers: Record<string, string>) =>
    raw(
      'POST',
      '/api/uploads?published=2020-01-01',
      { host, 'content-type': 'text/plain', ...headers },
      report,
    );
  const crossSite = await upload({ origin: 'https://attacker.example' });
  assert.equal(crossSite.status, 403, crossSite.body);
  assert.match(crossSite.body, /own pages/);
  assert.equal((await upload({ 'sec-fetch-site': 'cross-site' })).status, 403);
  assert.equal((await upload({ origin: 'null' })).status, 403, 'a sandboxed frame’s null origin');
  assert.equal((await store.counts()).documents, before, 'nothing stored');
  const own = await upload({ origin: `http://${host}`, 'sec-fetch-site': 'same-origin' });
  assert.equal(own.status, 201, own.body);
  const script = await upload({}); // curl, a script: no browser sends this without Origin
  assert.equal(script.status, 200, 'the same report again: a duplicate, accepted');
});

test('open mode: a request naming another host (DNS rebinding) is refused; loopback names are served', async () => {
  for (const host of [
    'attacker.example',
    `attacker.example:${port}`,
    `127.0.0.1:${port + 1}`,
    'localhost.attacker.example',
  ])
    for (const path of ['/api/events', '/api/documents/doc_x/contact', '/api/users', '/']) {
      const r = await raw('GET', path, { host });
      assert.equal(r.status, 403, `${host} ${path}: ${r.status}`);
      assert.match(r.body, /own address only/);
    }
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`])
    assert.equal((await raw('GET', '/api/events', { host })).status, 200, host);
});

test('every answer forbids framing, inline script and sniffing', async () => {
  const host = `127.0.0.1:${port}`;
  for (const path of [
    '/',
    '/api/events',
    '/api/nothing-here',
    '/api/openapi.json',
    '/api/docs/',
    '/health',
  ]) {
    const r = await raw('GET', path, { host });
    assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
    assert.equal(r.headers['x-frame-options'], 'DENY', path);
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /frame-ancestors 'none'/, path);
    if (path === '/') {
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.doesNotMatch(r.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'the page has no inline script');
    }
  }
});

test('behind a trusted proxy: each client has its own login limit, an HTTPS login a Secure cookie', async () => {
  const proxied = await openStore(join(dir, 'proxied.db'));
  await proxied.createUser(
    { name: 'amira', role: 'viewer', passwordHash: await hashPassword('a long enough password') },
    'test',
  );
  const build = (trustProxy?: boolean) =>
    buildApp({
      store: proxied,
      resources,
      notify: false,
      auth: { mode: 'required', loginsPerMinute: 3 },
      trustProxy,
    });
  const login = (app: FastifyInstance, client: string, password = 'wrong password here') =>
    app.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'x-forwarded-for': client, 'x-forwarded-proto': 'https' },
      payload: { name: 'amira', password },
    });
  const trusting = await build(true);
  const plain = await build();
  try {
    for (let i = 0; i < 3; i++) assert.equal((await login(trusting, '203.0.113.1')).statusCode, 401);
    assert.equal((await login(trusting, '203.0.113.1')).statusCode, 429, 'one client is limited');
    assert.equal((await login(trusting, '203.0.113.2')).statusCode, 401, 'another is not');
    const ok = await login(trusting, '203.0.113.3', 'a long enough password');
    assert.equal(ok.statusCode, 200);
    assert.match(String(ok.headers['set-cookie']), /Secure/);
    // Without --trust-proxy the forwarded headers are the client's word, and not taken.
    for (let i = 0; i < 3; i++) await login(plain, `198.51.100.${i}`);
    assert.equal((await login(plain, '198.51.100.9')).statusCode, 429);
  } finally {
    await trusting.close();
    await plain.close();
    await proxied.close();
  }
});

test('HEAD needs what GET needs; who sent a report in, and from where, only admins see', async () => {
  const team = await openStore(join(dir, 'team.db'));
  const hash = await hashPassword('a long enough password');
  const tokens: Record<string, string> = {};
  for (const role of ['viewer', 'contributor', 'admin'] as const) {
    await team.createUser({ name: `${role}-1`, role, passwordHash: hash }, 'test');
    tokens[role] = (await createToken(team, `${role}-1`, 'tests', 'test')).token;
  }
  const app = await buildApp({ store: team, resources, notify: false, auth: { mode: 'required' } });
  const as = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });
  try {
    const sent = await app.inject({
      method: 'POST',
      url: '/api/documents',
      headers: as('contributor'),
      remoteAddress: '192.0.2.44',
      payload: { text: report, published: '2020-01-02', source: 'SOHR' },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const id = sent.json<{ documentId: string }>().documentId;
    for (const role of ['viewer', 'contributor']) {
      const r = await app.inject({ url: `/api/documents/${id}`, headers: as(role) });
      assert.equal(r.statusCode, 200);
      assert.doesNotMatch(r.body, /contributor-1|192\.0\.2\.44/, `${role} sees no submitter`);
      assert.equal(r.json<{ text: string }>().text, report);
    }
    const admin = (await app.inject({ url: `/api/documents/${id}`, headers: as('admin') })).json<{
      capturedBy: string;
      capturedFrom: string;
    }>();
    assert.equal(admin.capturedBy, 'contributor-1');
    assert.equal(admin.capturedFrom, '192.0.2.44');
    for (const url of ['/api/events', '/api/sources', `/api/documents/${id}`, '/ogc/collections'])
      assert.equal(
        (await app.inject({ method: 'HEAD', url, headers: as('viewer') })).statusCode,
        200,
        `HEAD ${url}`,
      );
    assert.equal(
      (await app.inject({ method: 'HEAD', url: '/api/users', headers: as('viewer') })).statusCode,
      403,
    );
    assert.equal((await app.inject({ method: 'HEAD', url: '/api/events' })).statusCode, 401);
  } finally {
    await app.close();
    await team.close();
  }
});
