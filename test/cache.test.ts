// Event-query answers kept while the store is unchanged, over real HTTP on a real SQLite file: a
// repeat is served from the cache, a write by this server or by another connection makes the next
// answer fresh, ETags give 304 only while nothing changed, and refusals are never cached.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { makeDocument, makeEvent } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-cache-'));
const open: Array<{ app: FastifyInstance; store: Store }> = [];
after(async () => {
  for (const { app, store } of open) {
    await app.close();
    await store.close();
  }
});

async function serve(file: string, opts: Partial<Parameters<typeof buildApp>[0]> = {}) {
  const store = await openStore(join(dir, file));
  const app = await buildApp({ store, resources: loadResources(), notify: false, ...opts });
  open.push({ app, store });
  return { store, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
}

const stats = async (base: string) =>
  (
    (await (await fetch(`${base}/health`)).json()) as {
      cache: { hits: number; misses: number; notModified: number };
    }
  ).cache;

test('a repeated event query is answered from the cache until something is written', async () => {
  const { store, base } = await serve('writes.db');
  const { doc, bytes } = makeDocument('First report.');
  await store.ingest(doc, [makeEvent()], bytes);
  const url = `${base}/api/events?bbox=35,32,38,37&start=2020-01-01&end=2020-12-31`;

  const first = await fetch(url);
  const etag = first.headers.get('etag');
  assert.ok(etag, 'an ETag');
  const body = await first.text();
  assert.equal((JSON.parse(body) as { total: number }).total, 1);
  const before = await stats(base);
  const second = await fetch(url);
  assert.equal(await second.text(), body);
  assert.equal(second.headers.get('etag'), etag);
  assert.match(second.headers.get('content-type') ?? '', /application\/json/);
  const hit = await stats(base);
  assert.equal(hit.hits, before.hits + 1, 'the repeat was a hit');
  assert.equal(hit.misses, before.misses);

  const unchanged = await fetch(url, { headers: { 'if-none-match': etag } });
  assert.equal(unchanged.status, 304);
  assert.equal(await unchanged.text(), '');

  // A write through this store: the same URL is read afresh.
  const next = makeDocument('Second report.');
  await store.ingest(
    next.doc,
    [
      makeEvent({
        event_date: '2020-06-02',
        latitude: 35.1,
        longitude: 36.1,
        actor1: 'Other group',
        notes: 'Another clash.',
      }),
    ],
    next.bytes,
  );
  const after1 = await fetch(url, { headers: { 'if-none-match': etag } });
  assert.equal(after1.status, 200, 'the old ETag no longer matches');
  assert.notEqual(after1.headers.get('etag'), etag);
  assert.equal(((await after1.json()) as { total: number }).total, 2);
});

test('a write by another connection to the same file is seen at once', async () => {
  const { base } = await serve('other.db');
  const url = `${base}/api/events/histogram?interval=month`;
  const empty = (await (await fetch(url)).json()) as { buckets: unknown[] };
  assert.equal(empty.buckets.length, 0);
  assert.equal(((await (await fetch(url)).json()) as { buckets: unknown[] }).buckets.length, 0);
  // Another process would open its own connection; so does this.
  const other = await openStore(join(dir, 'other.db'));
  const { doc, bytes } = makeDocument('Written elsewhere.');
  await other.ingest(doc, [makeEvent()], bytes);
  await other.close();
  const now = (await (await fetch(url)).json()) as { buckets: Array<{ count?: number; n?: number }> };
  assert.equal(now.buckets.length, 1);
});

test('different URLs, hosts and formats are kept apart; errors and refusals are never kept', async () => {
  const { store, base } = await serve('apart.db', { auth: { mode: 'required' } });
  const { doc, bytes } = makeDocument('A report.');
  await store.ingest(doc, [makeEvent()], bytes);
  // Without an account the query is refused, however often it is asked.
  for (let i = 0; i < 2; i++) assert.equal((await fetch(`${base}/api/events`)).status, 401);
  const { base: open2, store: store2 } = await serve('apart-open.db');
  await store2.ingest(doc, [makeEvent()], bytes);
  const a = (await (await fetch(`${open2}/api/events?limit=1`)).json()) as { limit: number };
  const b = (await (await fetch(`${open2}/api/events?limit=2`)).json()) as { limit: number };
  assert.deepEqual([a.limit, b.limit], [1, 2]);
  // A bad request stays a bad request.
  for (let i = 0; i < 2; i++) assert.equal((await fetch(`${open2}/api/events?bbox=nonsense`)).status, 400);
  // OGC answers name their own host in links: asked through another name, they say that name.
  const viaIp = (await (await fetch(`${open2}/ogc/collections/events/items?limit=1`)).json()) as {
    links: Array<{ href: string }>;
  };
  const port = new URL(open2).port;
  const viaName = (await (
    await fetch(`http://localhost:${port}/ogc/collections/events/items?limit=1`)
  ).json()) as {
    links: Array<{ href: string }>;
  };
  assert.ok(viaIp.links.every((l) => l.href.startsWith(open2)));
  assert.ok(viaName.links.every((l) => l.href.startsWith(`http://localhost:${port}`)));
});

test('with no room kept, answers still carry ETags and are still right', async () => {
  const { store, base } = await serve('none.db', { cacheBytes: 0 });
  const { doc, bytes } = makeDocument('A report.');
  await store.ingest(doc, [makeEvent()], bytes);
  const r1 = await fetch(`${base}/api/events`);
  const etag = r1.headers.get('etag')!;
  assert.equal((await fetch(`${base}/api/events`, { headers: { 'if-none-match': etag } })).status, 304);
  const s = await stats(base);
  assert.equal(s.hits, 0);
  assert.equal(((await (await fetch(`${base}/api/events`)).json()) as { total: number }).total, 1);
});
