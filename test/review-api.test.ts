// The analysts' filters and review over real HTTP and the command line: new filters in the API,
// `events list` and `export` alike, a refused parameter named, facets, decisions in a batch, a
// decision on a changed event refused with its new version, undo, and field reports' dates and sources.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { registryEntries } from '../src/corroborate/sources.js';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { EventDetail, EventPage, Store } from '../src/store/store.js';
import { ROOT, run } from './helpers/cli.js';
import { acledFixture } from './helpers/acled-fixture.js';

let app: FastifyInstance;
let store: Store;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'obs-review-'));
const db = join(dir, 'review.db');
before(async () => {
  writeFileSync(join(dir, 'fixture.csv'), acledFixture(120));
  const imported = await run(['import', '--format', 'acled', join(dir, 'fixture.csv'), '--db', db]);
  assert.equal(imported.code, 0, imported.stderr);
  const resources = loadResources();
  store = await openStore(db, { sources: registryEntries(resources.sources) });
  app = await buildApp({ store, resources, webRoot: join(ROOT, 'dist', 'web'), notify: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
});

const call = async <T>(method: string, path: string, body?: unknown) => {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // CSV stays text
  }
  return { status: r.status, text, body: json as T };
};

test('the new filters give the same events in the API, `events list` and `export`', async () => {
  const filters = [
    ['country=Iraq', ['--country', 'Iraq']],
    ['admin1=Idleb&min_fatalities=4', ['--admin1', 'Idleb', '--min-fatalities', '4']],
    ['q=Idlib', ['--q', 'Idlib']],
    ['q=Mosul%20OR%20Ramadi&interaction=17', ['--q', 'Mosul OR Ramadi', '--interaction', '17']],
    ['sub_event_type=Armed%20clash&admin2=Afrin', ['--sub-type', 'Armed clash', '--admin2', 'Afrin']],
  ] as const;
  for (const [query, options] of filters) {
    const api = await call<EventPage>('GET', `/api/events?${query}&limit=1000`);
    assert.equal(api.status, 200, query);
    assert.ok(api.body.total > 0 && api.body.total < 120, `${query}: ${api.body.total}`);
    const ids = api.body.events.map((e) => e.id).sort();
    const listed = await run([
      'events',
      'list',
      ...options,
      '--limit',
      '1000',
      '--format',
      'json',
      '--db',
      db,
    ]);
    assert.equal(listed.code, 0, listed.stderr);
    const page = JSON.parse(listed.stdout) as EventPage;
    assert.deepEqual(page.events.map((e) => e.id).sort(), ids, `events list ${options.join(' ')}`);
    const exported = await run(['export', '--format', 'geojson', ...options, '--db', db]);
    assert.equal(exported.code, 0, exported.stderr);
    const fc = JSON.parse(exported.stdout) as { features: Array<{ properties: { event_id: string } }> };
    assert.deepEqual(
      fc.features.map((f) => f.properties.event_id).sort(),
      ids,
      `export ${options.join(' ')}`,
    );
    const web = await call<string>('GET', `/api/export?${query}&format=acled`);
    assert.equal(web.text.trim().split('\n').length - 1, ids.length, `/api/export ${query}`);
  }
  const bad = await run(['events', 'list', '--review', 'maybe', '--db', db]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--review.*"maybe"/);
});

test('an unknown parameter, or a bad value, is refused naming it', async () => {
  const unknown = await call<{ error: string }>('GET', '/api/events?countrie=Syria');
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error, /unknown parameter "countrie"/);
  const badValue = await call<{ error: string }>('GET', '/api/events?min_fatalities=many');
  assert.equal(badValue.status, 400);
  assert.match(badValue.body.error, /parameter "min_fatalities" must be integer/);
  const badStatus = await call<{ error: string }>('GET', '/api/events/points?review_status=maybe');
  assert.equal(badStatus.status, 400);
  assert.match(badStatus.body.error, /"review_status"/);
  const badSort = await call<{ error: string }>('GET', '/api/events?sort=-nonsense');
  assert.equal(badSort.status, 400);
  assert.match(badSort.body.error, /sort "-nonsense" is not a field/);
});

test('facets: the values of a field among the filtered events, with counts', async () => {
  const r = await call<{ values: Array<{ value: string; count: number }> }>(
    'GET',
    '/api/events/facets?field=admin1&country=Syria',
  );
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.values.map((v) => v.value).sort(), ['Aleppo', 'Deir-ez-Zor', 'Idleb']);
  const idleb = r.body.values.find((v) => v.value === 'Idleb')!;
  const listed = await call<EventPage>('GET', '/api/events?admin1=Idleb&limit=1');
  assert.equal(idleb.count, listed.body.total);
});

test('review: no name, no decision; a batch; a stale version refused with the event now; undo and its refusal', async () => {
  // Imported rows arrived accepted; put two back in the queue to decide on.
  const rows = (await call<EventPage>('GET', '/api/events?limit=3&sort=event_date')).body.events;
  assert.ok(
    rows.every((e) => e.reviewStatus === 'accepted'),
    'imported rows arrive accepted',
  );
  const [a, b, c] = rows as [EventDetail, EventDetail, EventDetail];
  const anonymous = await call<{ error: string }>('POST', `/api/events/${a.id}/review`, { action: 'accept' });
  assert.equal(anonymous.status, 400);
  assert.match(anonymous.body.error, /analyst’s name/);

  const batch = await call<{ results: Array<{ id: string; ok: boolean; error?: string }> }>(
    'POST',
    '/api/reviews',
    {
      by: 'amira',
      decisions: [
        { id: a.id, action: 'reject', note: 'a duplicate', version: a.version },
        { id: b.id, action: 'correct', changes: { assoc_actor_1: 'Civilians (Syria)', time_precision: 2 } },
        { id: 'ev_none', action: 'accept' },
      ],
    },
  );
  assert.equal(batch.status, 200);
  assert.deepEqual(
    batch.body.results.map((r) => r.ok),
    [true, true, false],
  );
  assert.match(batch.body.results[2]!.error!, /no event ev_none/);
  const corrected = (await call<EventDetail>('GET', `/api/events/${b.id}`)).body;
  assert.equal(corrected.assoc_actor_1, 'Civilians (Syria)');

  // The same version again: the event has moved on (the rejection made it a version later).
  const stale = await call<{ error: string; current: EventDetail }>('POST', `/api/events/${a.id}/review`, {
    action: 'accept',
    by: 'karim',
    version: a.version,
  });
  assert.equal(stale.status, 409);
  assert.match(stale.body.error, /has changed since version/);
  assert.equal(stale.body.current.reviewStatus, 'rejected');
  assert.ok(stale.body.current.version > a.version, 'the new version is shown');

  // Undo: amira's rejection; then karim decides on c after amira, and her undo is refused naming him.
  const mine = stale.body.current.reviews.at(-1)!;
  const undone = await call<EventDetail>('POST', `/api/reviews/${mine.id}/undo`, { by: 'amira' });
  assert.equal(undone.status, 200);
  assert.equal(undone.body.reviewStatus, 'accepted', 'back as imported');
  const hers = (
    await call<EventDetail>('POST', `/api/events/${c.id}/review`, {
      action: 'reject',
      by: 'amira',
      note: 'x',
    })
  ).body.reviews.at(-1)!;
  const his = (
    await call<EventDetail>('POST', `/api/events/${c.id}/review`, { action: 'accept', by: 'karim' })
  ).body.reviews.at(-1)!;
  const late = await call<{ error: string; current: { by: string; at: string } }>(
    'POST',
    `/api/reviews/${hers.id}/undo`,
    {
      by: 'amira',
    },
  );
  assert.equal(late.status, 409);
  assert.match(late.body.error, new RegExp(`karim decided "accept" on ${c.id} at ${his.at}`));
  assert.equal(late.body.current.by, 'karim');
  const listed = await call<{ reviews: Array<{ id: number; undone?: { by: string } }> }>(
    'GET',
    `/api/reviews?event=${a.id}`,
  );
  assert.equal(listed.body.reviews.find((r) => r.id === mine.id)?.undone?.by, 'amira');
});

test('a field report: a future date refused, the sender’s source kept as the source', async () => {
  const future = await call<{ error: string }>('POST', '/api/submissions', {
    text: 'Shelling hit Saraqib this morning, killing two civilians, SOHR said.',
    date: '2031-01-01',
    source: 'Local council of Saraqib',
  });
  assert.equal(future.status, 400);
  assert.match(future.body.error, /date: 2031-01-01 is in the future/);
  const r = await call<{ eventIds: string[] }>('POST', '/api/submissions', {
    text: 'Shelling hit Saraqib this morning, killing two civilians, SOHR said.',
    date: '2021-03-02',
    source: 'Local council of Saraqib',
  });
  assert.equal(r.status, 201);
  const e = (await call<EventDetail>('GET', `/api/events/${r.body.eventIds[0]}`)).body;
  assert.equal(e.source, 'Local council of Saraqib', 'the sender is the source');
  assert.match(e.claims[0]!.source, /SOHR/, 'whom the text cites is kept in the claim');
  const upload = await fetch(`${base}/api/uploads?published=2031-01-01`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: 'Clashes near Saraqib.',
  });
  assert.equal(upload.status, 400);
});
