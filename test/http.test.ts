// Ingest, store and query over real HTTP: the sample corpus posted to a listening server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import { registryEntries } from '../src/corroborate/sources.js';
import type { Store } from '../src/store/store.js';
import { ROOT } from './helpers/cli.js';

let app: FastifyInstance;
let store: Store;
let base: string;

before(async () => {
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'obs-http-')), 'http.db'), {
    sources: registryEntries(loadResources().sources),
  });
  app = await buildApp({ store, resources: loadResources(), webRoot: join(ROOT, 'dist', 'web') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
});

const get = async <T>(path: string) => {
  const r = await fetch(`${base}${path}`);
  return { status: r.status, body: (await r.json()) as T };
};

test('the sample corpus round-trips: POST each report, then query, read events and documents', async () => {
  const records = readFileSync(join(ROOT, 'samples', 'corpus.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  let events = 0;
  for (const r of records) {
    const res = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: r.id,
        text: r.text,
        published: r.published,
        source: r.source,
        title: r.title,
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    events += ((await res.json()) as { events: number }).events;
  }
  const again = await fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: records[0]!.text, published: records[0]!.published }),
  });
  assert.equal(again.status, 200);
  assert.equal(((await again.json()) as { status: string }).status, 'duplicate');

  const health = await get<{ status: string; documents: number; events: number; cache: { hits: number } }>(
    '/health',
  );
  const { cache, streams, ...counts } = health.body as typeof health.body & { streams: unknown };
  assert.deepEqual(counts, { status: 'ok', documents: records.length, events });
  assert.deepEqual(streams, { open: 0, bufferedBytes: 0 }, 'what event streams hold');
  assert.equal(typeof cache.hits, 'number', 'what the answer cache did');

  const convoy = await get<{
    total: number;
    events: Array<{ id: string; sub_event_type: string; admin1: string; docIds: string[] }>;
  }>('/api/events?q=convoy&start=2017-08-01&end=2017-09-30');
  assert.ok(convoy.body.total >= 3);
  const strike = convoy.body.events.find((e) => e.sub_event_type === 'Air/drone strike');
  assert.ok(strike, 'the coalition strike on the convoy route');

  const one = await get<{
    id: string;
    evidence: Array<{ start: number; end: number; text: string; docId: string }>;
    documents: Array<{ id: string }>;
  }>(`/api/events/${strike.id}`);
  assert.equal(one.status, 200);
  const doc = await get<{ text: string; sha256: string }>(`/api/documents/${one.body.documents[0]!.id}`);
  const inFirst = one.body.evidence.filter((s) => s.docId === one.body.documents[0]!.id);
  assert.ok(inFirst.length > 0);
  for (const s of inFirst) assert.equal(doc.body.text.slice(s.start, s.end), s.text);

  const inLebanon = await get<{ events: Array<{ country: string }> }>('/api/events?bbox=35.0,33.0,36.7,34.7');
  assert.ok(
    inLebanon.body.events.length > 0 &&
      inLebanon.body.events.every((e) => e.country === 'Lebanon' || e.country === 'Syria'),
  );
  const byActor = await get<{ events: Array<{ actor1: string; actor2: string; assoc_actor_1: string }> }>(
    '/api/events?actor=Turkey',
  );
  assert.ok(
    byActor.body.events.length > 0 &&
      byActor.body.events.every((e) => /Turkey/.test(e.actor1 + e.actor2 + e.assoc_actor_1)),
  );
  const protests = await get<{ events: Array<{ event_type: string }> }>(
    '/api/events?event_type=Protests&limit=5',
  );
  assert.ok(protests.body.events.every((e) => e.event_type === 'Protests'));
  // Only the fields asked for, as ACLED's API takes them (| or commas), with the same total.
  const lean = await get<{ total: number; events: Array<Record<string, unknown>> }>(
    '/api/events?event_type=Protests&limit=5&fields=event_date|location,fatalities',
  );
  assert.equal(lean.status, 200);
  assert.ok(lean.body.events.length > 0);
  for (const e of lean.body.events)
    assert.deepEqual(Object.keys(e), ['id', 'event_date', 'location', 'fatalities']);
  const full = await get<{ total: number; events: Array<{ id: string }> }>(
    '/api/events?event_type=Protests&limit=5',
  );
  assert.equal(lean.body.total, full.body.total);
  assert.deepEqual(
    lean.body.events.map((e) => e.id),
    full.body.events.map((e) => e.id),
  );
  const unknown = await get<{ error: string }>('/api/events?fields=event_date|notes_and_secrets');
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error, /unknown field "notes_and_secrets"/);
  assert.equal((await get('/api/events?fields=event_date;DROP')).status, 400);
});

test('bad requests get a 400 or 404 with a message, never a crash', async () => {
  for (const path of [
    '/api/events?bbox=1,2,3',
    '/api/events?bbox=10,10,0,0',
    '/api/events?start=yesterday',
    '/api/events?limit=0',
    '/api/events?limit=99999',
    "/api/events?event_type=x'%20OR%201=1",
  ]) {
    const r = await get<{ error?: string; total?: number }>(path);
    if (r.status === 200) assert.equal(r.body.total, 0, path);
    else {
      assert.equal(r.status, 400, path);
      assert.ok(r.body.error && r.body.error.length > 5, path);
    }
  }
  assert.equal((await get('/api/events/nope')).status, 404);
  assert.equal((await get('/api/documents/nope')).status, 404);
  const bad = await fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'x', published: '2020-02-31' }),
  });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: string }).error, /not a date/);
});

test('the web page and the offline basemap are served', async () => {
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="map"/);
  const basemap = await get<{ type: string; features: unknown[] }>('/api/basemap/countries.geojson');
  assert.equal(basemap.body.type, 'FeatureCollection');
  assert.ok(basemap.body.features.length > 200);
});

test('an event’s place carries its Arabic name where the gazetteer has one, in the list, with fields= and alone', async () => {
  const text =
    'Regime forces shelled the town of Saraqib in Idlib province on Friday, killing two civilians.';
  const res = await fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, published: '2020-05-04', source: 'SOHR' }),
  });
  assert.equal(res.status, 201);
  const page = (await get<{ events: Array<Record<string, unknown>> }>('/api/events?q=Saraqib')).body;
  const e = page.events.find((x) => x.location === 'Saraqib');
  assert.ok(e, JSON.stringify(page.events.map((x) => x.location)));
  assert.equal(e.location_ar, 'سراقب');
  assert.equal(e.admin1, 'Idlib', 'the ACLED fields keep their English values');
  const one = (await get<Record<string, unknown>>(`/api/events/${e.id as string}`)).body;
  assert.equal(one.location_ar, 'سراقب');
  const fields = (
    await get<{ events: Array<Record<string, unknown>> }>('/api/events?q=Saraqib&fields=location|location_ar')
  ).body;
  const f = fields.events.find((x) => x.id === e.id)!;
  assert.deepEqual(Object.keys(f).sort(), ['id', 'location', 'location_ar']);
  assert.equal(f.location_ar, 'سراقب');
  // A place with no Arabic name in the gazetteer has no such field.
  const others = (
    await get<{ events: Array<Record<string, unknown>> }>('/api/events?fields=location|location_ar')
  ).body;
  assert.ok(others.events.some((x) => x.location && !('location_ar' in x)));
});
