// Places analysts name grow the local gazetteer layer: a place picked for a field report and an
// event's place corrected in review are added under the name used, over real HTTP, and the next
// coder that opens the layer (here `observatory geoparse`) resolves the name to that point.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { registryEntries } from '../src/corroborate/sources.js';
import { loadResources } from '../src/extract/resources.js';
import { Gazetteer } from '../src/geo/gazetteer.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { EventDetail, EventPage, Store } from '../src/store/store.js';
import { ROOT, run } from './helpers/cli.js';
import { acledFixture } from './helpers/acled-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-analyst-places-'));
const layer = join(dir, 'layer.sqlite');
let app: FastifyInstance;
let store: Store;
let base: string;

before(async () => {
  const db = join(dir, 'record.db');
  writeFileSync(join(dir, 'fixture.csv'), acledFixture(12));
  const imported = await run(['import', '--format', 'acled', join(dir, 'fixture.csv'), '--db', db], {
    env: { OBSERVATORY_LOCAL_GAZETTEER: join(dir, 'import-layer.sqlite') },
  });
  assert.equal(imported.code, 0, imported.stderr);
  const resources = loadResources();
  store = await openStore(db, { sources: registryEntries(resources.sources) });
  app = await buildApp({
    store,
    resources,
    webRoot: join(ROOT, 'dist', 'web'),
    notify: false,
    analystLayer: layer,
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
});

const post = async <T>(path: string, body: unknown) => {
  const r = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
};

/** What the layer holds under a name, read as a coder reads it. */
function inLayer(name: string) {
  const g = Gazetteer.open(undefined, { layer });
  try {
    return g.lookup(name).filter((c) => c.source === 'analyst');
  } finally {
    g.close();
  }
}

// Names written for the test: no gazetteer knows them.
const PICKED = { name: 'Khirbat Umm Sawsan', latitude: 35.612, longitude: 36.733 };
const CORRECTED = { location: 'Tall Jarrah al-Gharbi', latitude: 35.905, longitude: 36.951 };

test('a place picked for a field report is added to the layer under its name, once', async () => {
  assert.equal(existsSync(layer), false);
  const r = await post<{ documentId: string }>('/api/submissions', {
    text: 'Shelling hit the village this morning, killing two civilians.',
    date: '2021-03-02',
    place: { ...PICKED, geo_precision: 1, country: 'Syria', admin1: 'Idleb' },
  });
  assert.equal(r.status, 201);
  const [c, ...rest] = inLayer('Khirbet Umm Sawsan');
  assert.ok(c, 'found under another spelling of the name');
  assert.equal(rest.length, 0);
  assert.equal(c.countryCode, 'SY');
  assert.ok(Math.abs(c.latitude - PICKED.latitude) < 1e-6 && Math.abs(c.longitude - PICKED.longitude) < 1e-6);
  assert.equal(c.seen, 1);
  // The same report sent again stores nothing new, and counts the place no second time.
  const again = await post('/api/submissions', {
    text: 'Shelling hit the village this morning, killing two civilians.',
    date: '2021-03-02',
    place: { ...PICKED, geo_precision: 1, country: 'Syria', admin1: 'Idleb' },
  });
  assert.equal(again.status, 200);
  assert.equal(inLayer('Khirbat Umm Sawsan')[0]?.seen, 1);
  // A place with no country the gazetteer knows is not added (it could not be searched by country).
  await post('/api/submissions', {
    text: 'Clashes near the farm at dawn.',
    date: '2021-03-03',
    place: { name: 'Mazraat Abu Qasim', latitude: 35.7, longitude: 36.7, country: 'Nowhereland' },
  });
  assert.equal(inLayer('Mazraat Abu Qasim').length, 0);
});

test('an event’s place corrected in review is added; a correction of another field adds nothing', async () => {
  const page = (await (await fetch(`${base}/api/events?country=Syria&limit=5`)).json()) as EventPage;
  const [first, second] = page.events;
  assert.ok(first && second);
  const corrected = await post<EventDetail>(`/api/events/${first.id}/review`, {
    action: 'correct',
    by: 'amira',
    changes: { ...CORRECTED, geo_precision: 1 },
  });
  assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
  assert.equal(corrected.body.location, CORRECTED.location);
  const [c] = inLayer('Tal Jarrah al-Gharbi');
  assert.ok(c, 'the corrected name is in the layer');
  assert.ok(Math.abs(c.latitude - CORRECTED.latitude) < 1e-6);
  assert.equal(c.countryCode, 'SY');
  const before = inLayer(second.location).length;
  const other = await post(`/api/reviews`, {
    by: 'amira',
    decisions: [{ id: second.id, action: 'correct', changes: { fatalities: 7 } }],
  });
  assert.equal(other.status, 200);
  assert.equal(inLayer(second.location).length, before, 'no place added for a change of fatalities');
});

test('the next coder that opens the layer resolves the analysts’ names to their points', async () => {
  const text = join(dir, 'report.txt');
  writeFileSync(text, 'Warplanes struck Tall Jarrah al-Gharbi and Khirbat Umm Sawsan on Monday.');
  const r = await run(['geoparse', text], {
    env: { OBSERVATORY_LOCAL_GAZETTEER: layer },
  });
  assert.equal(r.code, 0, r.stderr);
  const line = JSON.parse(r.stdout.trim().split('\n')[0]!) as {
    toponyms: Array<{ text: string; latitude: number; longitude: number }>;
  };
  const at = (name: string) => line.toponyms.find((t) => t.text === name);
  assert.ok(Math.abs(at('Tall Jarrah al-Gharbi')!.latitude - CORRECTED.latitude) < 1e-6, r.stdout);
  assert.ok(Math.abs(at('Khirbat Umm Sawsan')!.longitude - PICKED.longitude) < 1e-6, r.stdout);
});

test('a report posted with its date as a site writes it keeps that string beside the date read', async () => {
  const r = await post<{ documentId: string }>('/api/documents', {
    text: 'Clashes broke out near Ariha on Sunday, a local council said.',
    published: 'Dec 17, 2016 8:46 AM ET',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const doc = (await (await fetch(`${base}/api/documents/${r.body.documentId}`)).json()) as {
    published: string;
    publishedAsWritten?: string;
  };
  assert.equal(doc.published, '2016-12-17');
  assert.equal(doc.publishedAsWritten, 'Dec 17, 2016 8:46 AM ET');
});
