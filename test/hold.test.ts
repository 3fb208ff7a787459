// Movements held back (`serve --hold-tracks N`) stay held wherever the record leaves the server: a
// viewer finds no trace of a held convoy — not its track, nor the events that are its sightings in
// the list, points, grid, timeline, export, OGC items and extents, event detail or live stream, nor
// its place in an agreement's fulfilment — while an analyst sees everything. Route by route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import { createToken, hashPassword } from '../src/server/auth.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { ROOT, run } from './helpers/cli.js';

let store: Store;
let app: FastifyInstance;
let base: string;
const tokens: Record<string, string> = {};
let held: string[] = [];
let trackIds: string[] = [];

before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'obs-hold-')), 'hold.db');
  const r = await run(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  store = await openStore(db);
  const hash = await hashPassword('a long enough password');
  for (const role of ['viewer', 'analyst'] as const) {
    await store.createUser({ name: role, role, passwordHash: hash }, 'test');
    tokens[role] = (await createToken(store, role, 'tests', 'test')).token;
  }
  // Fifty years: every movement in the sample corpus is "recent" and held.
  app = await buildApp({
    store,
    resources: loadResources(),
    auth: { mode: 'required' },
    holdTracksDays: 365 * 50,
    notify: { pollMs: 100, webhooks: false },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  const tracks = (await get<{ tracks: Array<{ id: string; eventIds: string[] }> }>('analyst', '/api/tracks'))
    .tracks;
  trackIds = tracks.map((t) => t.id);
  held = [...new Set(tracks.flatMap((t) => t.eventIds))];
  assert.ok(held.length >= 2, `the corpus has convoys with sightings (${held.length} events)`);
});
after(async () => {
  await app.close();
  await store.close();
});

async function get<T>(role: string, path: string): Promise<T> {
  const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[role]}` } });
  assert.equal(r.status, 200, `${role} ${path}: ${r.status}`);
  return (r.headers.get('content-type') ?? '').includes('json')
    ? ((await r.json()) as T)
    : ((await r.text()) as T);
}

const ids = (page: { events: Array<{ id: string }> }) => page.events.map((e) => e.id);

test('list, fields, points, grid and timeline: the held sightings are gone for a viewer, there for an analyst', async () => {
  const all = ids(await get('analyst', '/api/events?limit=1000'));
  const seen = ids(await get('viewer', '/api/events?limit=1000'));
  assert.ok(
    held.every((id) => all.includes(id)),
    'an analyst sees every sighting',
  );
  assert.deepEqual(
    seen.filter((id) => held.includes(id)),
    [],
  );
  assert.equal(seen.length, all.length - held.length, 'and nothing else is missing');
  const fields = ids(await get('viewer', '/api/events?limit=1000&fields=event_date|location'));
  assert.deepEqual(
    fields.filter((id) => held.includes(id)),
    [],
  );
  const points = (await get<{ points: Array<[string]> }>('viewer', '/api/events/points')).points.map(
    (p) => p[0],
  );
  assert.deepEqual(
    points.filter((id) => held.includes(id)),
    [],
  );
  const allPoints = (await get<{ points: Array<[string]> }>('analyst', '/api/events/points')).points.map(
    (p) => p[0],
  );
  assert.ok(held.some((id) => allPoints.includes(id)));
  const count = (g: { cells: Array<{ count: number }> }) => g.cells.reduce((n, c) => n + c.count, 0);
  const placedHeld = held.filter((id) => allPoints.includes(id)).length;
  assert.equal(
    count(await get('viewer', '/api/events/grid?zoom=2')),
    count(await get('analyst', '/api/events/grid?zoom=2')) - placedHeld,
  );
  const total = (h: { buckets: Array<{ count: number }> }) => h.buckets.reduce((n, b) => n + b.count, 0);
  assert.equal(
    total(await get('viewer', '/api/events/histogram?interval=year')),
    total(await get('analyst', '/api/events/histogram?interval=year')) - held.length,
  );
});

test('event detail, export and the OGC collections keep the held sightings and convoy from a viewer', async () => {
  for (const id of held) {
    const r = await fetch(`${base}/api/events/${id}`, {
      headers: { authorization: `Bearer ${tokens.viewer}` },
    });
    assert.equal(r.status, 404, `detail of ${id}`);
    const o = await fetch(`${base}/ogc/collections/events/items/${id}`, {
      headers: { authorization: `Bearer ${tokens.viewer}` },
    });
    assert.equal(o.status, 404, `OGC item ${id}`);
    assert.equal((await get<{ id: string }>('analyst', `/api/events/${id}`)).id, id);
  }
  for (const format of ['acled', 'hxl', 'geojson']) {
    const viewer = await get<string | object>('viewer', `/api/export?format=${format}`);
    const analyst = await get<string | object>('analyst', `/api/export?format=${format}`);
    const text = (x: string | object) => (typeof x === 'string' ? x : JSON.stringify(x));
    for (const id of held) {
      assert.ok(!text(viewer).includes(id), `${format} export has ${id}`);
      assert.ok(text(analyst).includes(id));
    }
  }
  const items = await get<{ features: Array<{ id: string }> }>(
    'viewer',
    '/ogc/collections/events/items?limit=1000',
  );
  assert.deepEqual(
    items.features.map((f) => f.id).filter((id) => held.includes(id)),
    [],
  );
  const tracks = await get<{ features: unknown[] }>('viewer', '/ogc/collections/tracks/items');
  assert.equal(tracks.features.length, 0);
  const extent = (c: { extent: { spatial: { bbox: number[][] }; temporal?: unknown } }) => c.extent;
  const viewerTracks = extent(await get('viewer', '/ogc/collections/tracks'));
  const analystTracks = extent(await get('analyst', '/ogc/collections/tracks'));
  assert.deepEqual(viewerTracks.spatial.bbox, [[-180, -90, 180, 90]], 'no held route in the extent');
  assert.equal(viewerTracks.temporal, undefined, 'nor its dates');
  assert.notDeepEqual(analystTracks.spatial.bbox, [[-180, -90, 180, 90]]);
  for (const id of trackIds) {
    const r = await fetch(`${base}/api/tracks/${id}`, {
      headers: { authorization: `Bearer ${tokens.viewer}` },
    });
    assert.equal(r.status, 404);
  }
});

test('agreements: a viewer sees the deal, not the held movements it set off', async () => {
  type A = {
    agreements: Array<{ id: string; fulfilment: Array<{ trackId: string }>; relatedEventIds: string[] }>;
  };
  const analyst = (await get<A>('analyst', '/api/agreements')).agreements;
  const viewer = (await get<A>('viewer', '/api/agreements')).agreements;
  assert.ok(
    analyst.some((a) => a.fulfilment.length > 0),
    'the corpus has a deal with movements',
  );
  assert.ok(viewer.length > 0);
  for (const a of viewer) {
    assert.deepEqual(a.fulfilment, [], `${a.id}: no held movement`);
    assert.deepEqual(
      a.relatedEventIds.filter((id) => held.includes(id)),
      [],
    );
    const one = await get<A['agreements'][number]>('viewer', `/api/agreements/${a.id}`);
    assert.deepEqual(one.fulfilment, []);
  }
});

test('the live stream, replayed from the start, tells a viewer nothing of the held sightings', async () => {
  const told = async (role: string) => {
    const controller = new AbortController();
    const r = await fetch(`${base}/api/events/stream`, {
      headers: { authorization: `Bearer ${tokens[role]}`, 'last-event-id': '0' },
      signal: controller.signal,
    });
    const reader = r.body!.getReader();
    let text = '';
    const end = Date.now() + 5000;
    while (
      Date.now() < end &&
      !held.every((id) => text.includes(id)) &&
      (text.match(/^event: /gm)?.length ?? 0) < 200
    ) {
      const next = await Promise.race([
        reader.read(),
        new Promise<{ done: true; value: undefined }>((r) =>
          setTimeout(() => r({ done: true, value: undefined }), 1500),
        ),
      ]);
      if (next.done) break;
      text += new TextDecoder().decode(next.value);
    }
    controller.abort();
    return text;
  };
  const analyst = await told('analyst');
  assert.ok(
    held.every((id) => analyst.includes(id)),
    'an analyst is told of every sighting',
  );
  const viewer = await told('viewer');
  assert.match(viewer, /event: created/, 'a viewer is told of the rest');
  for (const id of held) assert.ok(!viewer.includes(id), `a viewer is not told of ${id}`);
});
