// Requests made to addresses others give (feeds, webhooks) reach public addresses only: this
// machine is refused unless an admin allows it, each redirect is checked again, a webhook's body
// and signature are never re-sent where a redirect points, and why a delivery failed is told to
// admins only. The tests may only reach loopback, so loopback stands for every address not public.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadResources } from '../src/extract/resources.js';
import { fetchFeed } from '../src/ingest/feeds.js';
import { isPublicAddress, outboundPolicy } from '../src/ingest/outbound.js';
import { buildApp } from '../src/server/app.js';
import { createToken, hashPassword } from '../src/server/auth.js';
import { openStore } from '../src/store/open.js';
import { run } from './helpers/cli.js';
import { until } from './helpers/wait.js';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><guid>w-1</guid><title>Clashes in Daraa</title><description>Clashes broke out in Daraa city on Monday.</description></item></channel></rss>`;
const servers: Server[] = [];
const hits: string[] = [];

async function serve(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const s = createServer(handler);
  servers.push(s);
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  return (s.address() as { port: number }).port;
}

let feedPort: number;
let elsewhere: number;
before(async () => {
  elsewhere = await serve((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => {
      hits.push(
        `${req.method} ${req.url} ${req.headers['x-observatory-signature'] ?? ''} ${Buffer.concat(body).length}`,
      );
      res.setHeader('content-type', 'application/rss+xml');
      res.end(FEED);
    });
  });
  feedPort = await serve((req, res) => {
    if (req.url === '/feed.xml') {
      res.setHeader('content-type', 'application/rss+xml');
      return res.end(FEED);
    }
    // Everything else is sent on to the other server, by the address it was asked under.
    res.statusCode = req.method === 'POST' ? 307 : 302;
    res.setHeader('location', `http://127.0.0.1:${elsewhere}/taken${req.url}`);
    req.resume();
    req.on('end', () => res.end());
  });
});
after(() => {
  for (const s of servers) s.close();
});

test('what is public: loopback, private, link-local, carrier and mapped addresses are not', () => {
  for (const a of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])
    assert.equal(isPublicAddress(a), false, a);
  for (const a of ['1.1.1.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8'])
    assert.equal(isPublicAddress(a), true, a);
});

test('a feed on this machine is refused by default, fetched when its host is allowed; a redirect is checked again', async () => {
  const signal = () => 5000;
  await assert.rejects(
    fetchFeed(`http://127.0.0.1:${feedPort}/feed.xml`, {}, signal(), outboundPolicy([], {})),
    /127\.0\.0\.1 is not a public address; an admin may allow it/,
  );
  await assert.rejects(
    fetchFeed(`http://localhost:${feedPort}/feed.xml`, {}, signal(), outboundPolicy([], {})),
    /localhost is not a public address/,
    'a name resolving to loopback too',
  );
  const ok = await fetchFeed(
    `http://localhost:${feedPort}/feed.xml`,
    {},
    signal(),
    outboundPolicy(['localhost'], {}),
  );
  assert.equal(ok.status, 'ok');
  // Allowed: localhost. The redirect goes to 127.0.0.1, which is not: refused, never fetched.
  hits.length = 0;
  await assert.rejects(
    fetchFeed(`http://localhost:${feedPort}/moved.xml`, {}, signal(), outboundPolicy(['localhost'], {})),
    /127\.0\.0\.1 is not a public address/,
  );
  assert.deepEqual(hits, [], 'the redirect’s target was never asked');
  const both = await fetchFeed(
    `http://localhost:${feedPort}/moved.xml`,
    {},
    signal(),
    outboundPolicy(['localhost', '127.0.0.1'], {}),
  );
  assert.equal(both.status, 'ok', 'both hosts allowed: the redirect is followed');
  assert.match(hits[0]!, /^GET \/taken\/moved\.xml/);
  const cli = await run([
    'watch',
    `http://127.0.0.1:${feedPort}/feed.xml`,
    '--once',
    '--db',
    join(mkdtempSync(join(tmpdir(), 'obs-out-')), 'w.db'),
  ]);
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /not a public address/);
});

test('webhooks: this machine refused by default; a 307 is not followed with the body; why it failed told to admins only', async () => {
  const hash = await hashPassword('a long enough password');
  const closed = await serve((_req, res) => res.end());
  servers.pop()!.close(); // a port nothing listens on
  /** A team server of its own: its notifier delivers every saved filter of its store. */
  const setup = async (allowHosts?: string[]) => {
    const store = await openStore(join(mkdtempSync(join(tmpdir(), 'obs-out-')), 'hooks.db'));
    const tokens: Record<string, string> = {};
    for (const role of ['analyst', 'admin'] as const) {
      await store.createUser({ name: role, role, passwordHash: hash }, 'test');
      tokens[role] = (await createToken(store, role, 'tests', 'test')).token;
    }
    const app = await buildApp({
      store,
      resources: loadResources(),
      auth: { mode: 'required' },
      allowHosts,
      notify: { pollMs: 50, retryBaseMs: 10, attempts: 2, timeoutMs: 2000 },
    });
    const as = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });
    const save = async (url: string) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/subscriptions',
        headers: as('analyst'),
        payload: { name: 'hook', webhook_url: url, secret: 'a secret of sixteen+' },
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json<{ id: string }>().id;
    };
    const report = async () => {
      const posted = await app.inject({
        method: 'POST',
        url: '/api/documents',
        headers: as('admin'),
        payload: {
          text: 'Clashes broke out in Daraa city on Monday, the Syrian Observatory said.',
          published: '2019-06-03',
        },
      });
      assert.equal(posted.statusCode, 201);
    };
    const delivery = async (id: string, role: string) => {
      const get = async () =>
        (await app.inject({ url: `/api/subscriptions/${id}`, headers: as(role) })).json<{
          lastDelivery?: { status: string; error?: string; attempts: number };
        }>().lastDelivery;
      await until(`a delivery for ${id}`, async () => ((await get()) ? true : undefined), 20_000);
      return (await get())!;
    };
    return { app, store, as, save, report, delivery };
  };
  hits.length = 0;
  const strict = await setup();
  const allowing = await setup(['127.0.0.1']);
  const unreachable = await setup(['127.0.0.1']);
  try {
    const a = await strict.save(`http://127.0.0.1:${elsewhere}/hook`);
    const b = await allowing.save(`http://127.0.0.1:${feedPort}/hook`);
    const c = await unreachable.save(`http://127.0.0.1:${closed}/hook`);
    for (const x of [strict, allowing, unreachable]) await x.report();
    const r1 = await strict.delivery(a, 'admin');
    assert.equal(r1.status, 'failed');
    assert.match(r1.error!, /127\.0\.0\.1 is not a public address/);
    assert.equal(r1.attempts, 1, 'a refusal is not tried again');
    const r2 = await allowing.delivery(b, 'admin');
    assert.equal(r2.status, 'failed');
    assert.match(r2.error!, /HTTP 307: a redirect, not followed/);
    assert.deepEqual(hits, [], 'the body and its signature went nowhere else');
    const r3 = await unreachable.delivery(c, 'admin');
    assert.match(r3.error!, /ECONNREFUSED/, 'an admin sees why');
    const r3a = await unreachable.delivery(c, 'analyst');
    assert.equal(r3a.status, 'failed');
    assert.doesNotMatch(r3a.error!, /ECONN|refused|timed/i, 'an analyst is not told what listens where');
    const list = await unreachable.app.inject({
      url: '/api/subscriptions',
      headers: unreachable.as('analyst'),
    });
    assert.doesNotMatch(list.body, /ECONNREFUSED/);
  } finally {
    for (const x of [strict, allowing, unreachable]) {
      await x.app.close();
      await x.store.close();
    }
  }
});
