// The workspace's routes over real HTTP: a field report submitted with a place and a contact, the
// timeline, the place search, a review and its gold export, uploads and their refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { registryEntries } from '../src/corroborate/sources.js';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { EventDetail, EventPage, Store } from '../src/store/store.js';
import { ROOT } from './helpers/cli.js';
import { randomBytes } from 'node:crypto';

let app: FastifyInstance;
let store: Store;
let base: string;
before(async () => {
  const resources = loadResources();
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'obs-ws-')), 'ws.db'), {
    sources: registryEntries(resources.sources),
  });
  app = await buildApp({ store, resources, webRoot: join(ROOT, 'dist', 'web'), contactKey: randomBytes(32) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
});

const call = async <T>(method: string, path: string, body?: unknown, type = 'application/json') => {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: body !== undefined ? { 'content-type': type } : {},
    body:
      body === undefined
        ? undefined
        : typeof body === 'string'
          ? body
          : Buffer.isBuffer(body)
            ? new Uint8Array(body)
            : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV and other text stay as text
  }
  return { status: r.status, text, body: json as T };
};

const CONTACT = 'Abu Khalid, +963 912 345 678, Signal';

test('a field report with a place and a contact; the contact is never served', async () => {
  const places = await call<{
    places: Array<{ name: string; latitude: number; longitude: number; country: string }>;
  }>('GET', '/api/places?q=Saraqib');
  assert.equal(places.status, 200);
  const saraqib = places.body.places.find((p) => p.country === 'Syria');
  assert.ok(saraqib, 'the place search finds Saraqib in Syria');
  const sent = await call<{ status: string; documentId: string; eventIds: string[] }>(
    'POST',
    '/api/submissions',
    {
      text: 'Regime artillery shelled the eastern neighbourhood this morning, killing two civilians.',
      date: '2020-04-28',
      source: 'field contact 17',
      place: {
        name: 'Saraqib',
        latitude: saraqib.latitude,
        longitude: saraqib.longitude,
        geo_precision: 1,
        country: 'Syria',
      },
      contact: CONTACT,
    },
  );
  assert.equal(sent.status, 201);
  assert.equal(sent.body.eventIds.length, 1);
  const e = await call<EventDetail>('GET', `/api/events/${sent.body.eventIds[0]}`);
  assert.equal(e.body.location, 'Saraqib', 'the place picked by the sender');
  assert.equal(e.body.fatalities, 2);
  assert.ok(e.body.flags.includes('place_from_sender'));
  // Nowhere in what the API serves.
  for (const path of [
    `/api/events/${sent.body.eventIds[0]}`,
    `/api/documents/${sent.body.documentId}`,
    '/api/events?limit=100',
    '/api/reviews/export.csv',
  ])
    assert.ok(!(await call('GET', path)).text.includes('Abu Khalid'), path);
  // A failed submission says why.
  const bad = await call<{ error: string }>('POST', '/api/submissions', { text: 'x', date: '28/04/2020' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /date/);
});

test("review from the queue: correct, then the gold export carries the analyst's coding", async () => {
  const queue = await call<EventPage>('GET', '/api/events?review_status=pending');
  assert.ok(queue.body.total >= 1);
  const id = queue.body.events[0]!.id;
  const r = await call<EventDetail>('POST', `/api/events/${id}/review`, {
    action: 'correct',
    by: 'analyst@example',
    changes: {
      fatalities: 3,
      sub_event_type: 'Shelling/artillery/missile attack',
      event_type: 'Explosions/Remote violence',
    },
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.reviewStatus, 'corrected');
  assert.equal(
    (await call<EventPage>('GET', '/api/events?review_status=pending')).body.total,
    queue.body.total - 1,
  );
  const bad = await call<{ error: string }>('POST', `/api/events/${id}/review`, {
    action: 'correct',
    by: 'analyst@example',
    changes: { sub_event_type: 'Peaceful protest' },
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /not a sub-event type/);
  const gold = await call<string>('GET', '/api/reviews/export.csv');
  assert.equal(gold.status, 200);
  const lines = gold.text.trim().split('\n');
  assert.match(lines[0]!, /^event_date,time_precision,event_type/);
  assert.ok(lines.some((l) => l.includes(id) && l.includes('analyst@example') && l.includes(',3,')));
  const reviews = await call<{ reviews: Array<{ eventId: string; by: string }> }>('GET', '/api/reviews');
  assert.deepEqual(
    reviews.body.reviews.map((x) => [x.eventId, x.by]),
    [[id, 'analyst@example']],
  );
});

test('uploads of text and HTML; wrong types and oversized documents are refused with a reason', async () => {
  const html =
    '<html><body><h1>Clashes</h1><p>Clashes between the SDF and Turkish forces near Tall Abyad killed four fighters on Tuesday.</p><script>alert(1)</script></body></html>';
  const up = await call<{ status: string; eventIds: string[] }>(
    'POST',
    '/api/uploads?published=2019-10-16&source=ANHA',
    html,
    'text/html',
  );
  assert.equal(up.status, 201);
  assert.ok(up.body.eventIds.length >= 1);
  const pdf = await call<{ error: string }>(
    'POST',
    '/api/uploads?published=2019-10-16',
    Buffer.from('%PDF-1.4'),
    'application/pdf',
  );
  assert.equal(pdf.status, 415);
  assert.match(pdf.body.error, /text\/plain or text\/html/);
  const huge = await call<{ error: string }>(
    'POST',
    '/api/uploads?published=2019-10-16',
    'a'.repeat(6 * 1024 * 1024),
    'text/plain',
  );
  assert.equal(huge.status, 413);
  assert.match(huge.body.error, /at most 5 MB/);
  const undated = await call<{ error: string }>('POST', '/api/uploads', 'Some text.', 'text/plain');
  assert.equal(undated.status, 400);
});

test('the timeline histogram follows the filters', async () => {
  const all = await call<{ buckets: Array<{ bucket: string; event_type: string; count: number }> }>(
    'GET',
    '/api/events/histogram?interval=day',
  );
  assert.equal(all.status, 200);
  const total = all.body.buckets.reduce((n, b) => n + b.count, 0);
  assert.equal(total, (await call<EventPage>('GET', '/api/events')).body.total);
  const months = await call<{ buckets: Array<{ bucket: string }> }>(
    'GET',
    '/api/events/histogram?interval=month&start=2020-01-01',
  );
  assert.ok(months.body.buckets.every((b) => /^2020-\d\d$/.test(b.bucket)));
  assert.equal((await call('GET', '/api/events/histogram?interval=week')).status, 400);
  const grid = await call<{
    cell: number;
    cells: Array<{ count: number; types: Record<string, number>; longitude: number }>;
  }>('GET', '/api/events/grid?zoom=2');
  assert.equal(grid.status, 200);
  const placed = (await call<{ total: number }>('GET', '/api/events/points')).body.total;
  assert.equal(
    grid.body.cells.reduce((n, c) => n + c.count, 0),
    placed,
    'every placed event is in one cell',
  );
  assert.ok(grid.body.cells.every((c) => Object.values(c.types).reduce((a, b) => a + b, 0) === c.count));
  assert.ok(grid.body.cells.length < placed, 'cells gather events');
  const dots = await call<{ total: number; points: Array<[string, number, number, string, number]> }>(
    'GET',
    '/api/events/points?event_type=Explosions%2FRemote%20violence',
  );
  assert.equal(dots.status, 200);
  assert.ok(dots.body.points.length > 0 && dots.body.points.length === dots.body.total);
  for (const [id, lon, lat, type, precision] of dots.body.points) {
    assert.match(id, /^ev_/);
    assert.ok(Math.abs(lon) <= 180 && Math.abs(lat) <= 90);
    assert.equal(type, 'Explosions/Remote violence');
    assert.ok([1, 2, 3].includes(precision));
  }
});

test('named regions are served as approximate areas for the map', async () => {
  const r = await call<{
    type: string;
    features: Array<{
      geometry: { type: string; coordinates: number[][][] };
      properties: { name: string; approximate: boolean };
    }>;
  }>('GET', '/api/regions.geojson');
  assert.equal(r.status, 200);
  assert.equal(r.body.type, 'FeatureCollection');
  const qalamoun = r.body.features.find((f) => f.properties.name === 'Qalamoun Mountains');
  assert.ok(qalamoun, 'the Qalamoun Mountains');
  assert.equal(qalamoun.geometry.type, 'Polygon');
  const ring = qalamoun.geometry.coordinates[0]!;
  assert.deepEqual(ring[0], ring[ring.length - 1], 'a closed ring');
  assert.ok(ring.every(([lon, lat]) => Math.abs(lon! - 36.6) < 0.5 && Math.abs(lat! - 33.95) < 0.5));
  assert.ok(r.body.features.every((f) => f.properties.approximate));
});
