// A long-form report (test/fixtures/convoy-article.txt) with the sample corpus, stored through the command line, read back as one
// record: the convoy's track, the deal and what came of it, corroborated events; then the same
// record over HTTP, with an analyst's grade, merge and split.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import type { Agreement, Track } from '../src/model/index.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { EventDetail, EventPage, Store } from '../src/store/store.js';
import { CONVOY_ARTICLE, ROOT, run } from './helpers/cli.js';

const db = join(mkdtempSync(join(tmpdir(), 'obs-corroborate-')), 'record.db');

before(async () => {
  const corpus = await run(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db]);
  assert.equal(corpus.code, 0, corpus.stderr);
  const article = await run([
    'ingest',
    CONVOY_ARTICLE,
    '--published',
    '2017-09-13',
    '--source',
    'Newsweek',
    '--db',
    db,
  ]);
  assert.equal(article.code, 0, article.stderr);
});

test('the convoy is one track: Qalamoun -> al-Sukna -> Deir ez-Zor, with its observations in order', async () => {
  const r = await run(['tracks', 'list', '--db', db, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const tracks = JSON.parse(r.stdout) as Track[];
  const convoy = tracks.find((t) => t.mover === 'Islamic State (Syria)');
  assert.ok(convoy, 'a track for the Islamic State convoy');
  assert.deepEqual(
    convoy.routePlaces.map((p) => p.name),
    ['Qalamoun Mountains', 'As Sukhnah', 'Deir ez-Zor'],
  );
  assert.equal(convoy.route?.type, 'LineString');
  assert.equal(convoy.route?.coordinates.length, 3);
  assert.equal(convoy.status, 'arrived');
  assert.equal(convoy.firstSeen, '2017-08-28');
  const statuses = convoy.observations.map((o) => o.status);
  assert.equal(statuses[0], 'departed');
  assert.equal(statuses[statuses.length - 1], 'arrived');
  assert.ok(statuses.includes('stranded'), 'the stranding is an observation');
  // Observations come from several reports, each with its evidence.
  assert.ok(new Set(convoy.observations.flatMap((o) => o.sources)).size >= 3);
  assert.ok(convoy.observations.every((o) => o.evidence.length > 0 && o.earliest <= o.latest));
  assert.equal(convoy.routePlaces.at(-1)?.geoPrecision, 3, 'a province, and said to be one');

  const shown = await run(['tracks', 'show', convoy.id, '--db', db]);
  assert.match(shown.stdout, /Islamic State \(Syria\): .* -> Deir ez-Zor, arrived/);
  const geo = JSON.parse(
    (await run(['tracks', 'show', convoy.id, '--db', db, '--format', 'geojson'])).stdout,
  ) as {
    type: string;
    geometry: { type: string; coordinates: number[][] };
  };
  assert.equal(geo.type, 'Feature');
  assert.deepEqual(geo.geometry.coordinates, convoy.route?.coordinates);
});

test('the deal: parties, broker, terms, and fulfilment with arrivals left unknown', async () => {
  const r = await run(['agreements', 'list', '--db', db, '--format', 'json']);
  const deals = JSON.parse(r.stdout) as Agreement[];
  const deal = deals.find((a) => a.date === '2017-08-28');
  assert.ok(deal, 'the 28 August agreement');
  assert.ok(deal.parties.includes('Hezbollah'));
  assert.ok(deal.parties.includes('Islamic State (Syria)'));
  assert.ok(deal.brokers.includes('Military Forces of Syria (2000-)'));
  assert.ok(!deal.parties.includes('Military Forces of Syria (2000-)'), 'a broker is not a party');
  assert.match(deal.terms.inReturnFor ?? '', /bodies of Lebanese soldiers/);
  assert.match(deal.terms.gives ?? '', /fighters/);
  assert.equal(deal.terms.vehicles, 17);
  assert.ok(deal.sources.includes('SOHR') && deal.sources.includes('Newsweek'), 'two reports of one deal');
  assert.equal(deal.fulfilment.length, 1);
  assert.equal(deal.fulfilment[0]!.status, 'arrived');
  assert.equal(deal.fulfilment[0]!.destination, 'Deir ez-Zor', 'who moves where');
  assert.equal(deal.fulfilment[0]!.vehiclesArrived, null, '"it remains unclear if all had reached"');
  const table = await run(['agreements', 'show', deal.id, '--db', db]);
  assert.match(table.stdout, /brokered by Military Forces of Syria/);
  assert.match(table.stdout, /vehicles arrived unknown/);
});

test('reports of the same happening are one event with every claim behind it', async () => {
  const r = await run([
    'events',
    'list',
    '--db',
    db,
    '--format',
    'json',
    '--start',
    '2017-08-28',
    '--end',
    '2017-08-28',
  ]);
  const page = JSON.parse(r.stdout) as EventPage;
  const departure = page.events.find(
    (e) => e.sub_event_type === 'Change to group/activity' && e.location === 'Qalamoun Mountains',
  );
  assert.ok(departure, 'the departure from Qalamoun');
  assert.equal(departure.claimCount, 2, 'from the sample report and the long-form report');
  assert.equal(departure.docIds.length, 2);
  const shown = await run(['events', 'show', departure.id, '--db', db]);
  assert.match(shown.stdout, /voices: .*SOHR/);
  assert.match(shown.stdout, /history:/);
});

let app: FastifyInstance;
let store: Store;
let base: string;
before(async () => {
  store = await openStore(db);
  app = await buildApp({ store, resources: loadResources(), webRoot: join(ROOT, 'dist', 'web') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app?.close();
  await store?.close();
});

const call = async <T>(method: string, path: string, body?: unknown) => {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: (await r.json()) as T };
};

test('over HTTP: tracks as GeoJSON, agreements, grades, merge and split', async () => {
  const fc = await call<{ type: string; features: Array<{ geometry: { coordinates: number[][] } | null }> }>(
    'GET',
    '/api/tracks?format=geojson',
  );
  assert.equal(fc.status, 200);
  assert.match(fc.type, /application\/geo\+json/);
  assert.ok(fc.body.features.some((f) => f.geometry?.coordinates.length === 3));
  const deals = await call<{ agreements: Agreement[] }>('GET', '/api/agreements');
  assert.ok(deals.body.agreements.length >= 1);
  assert.equal((await call('GET', `/api/agreements/${deals.body.agreements[0]!.id}`)).status, 200);
  assert.equal((await call('GET', '/api/agreements/ev_none')).status, 404);

  // Grading SOHR changes how far its events are borne out.
  const page = await call<EventPage>('GET', '/api/events?q=Qalamoun&limit=50');
  const sohrOnly = page.body.events.find((e) => e.voices.length === 1 && e.voices[0]!.includes('SOHR'));
  assert.ok(sohrOnly);
  assert.equal(sohrOnly.credibility, 6);
  const graded = await call<{ reliability: string }>(
    'PUT',
    '/api/sources/Syrian%20Observatory%20for%20Human%20Rights',
    {
      reliability: 'B',
      by: 'tester',
    },
  );
  assert.equal(graded.body.reliability, 'B');
  assert.equal((await call<EventDetail>('GET', `/api/events/${sohrOnly.id}`)).body.credibility, 3);
  assert.equal((await call('PUT', '/api/sources/SOHR', { reliability: 'G' })).status, 400);

  // Merge two events, then split the claim back out.
  const two = page.body.events.slice(0, 2);
  const second = (await call<EventDetail>('GET', `/api/events/${two[1]!.id}`)).body;
  const merged = await call<EventDetail>('POST', `/api/events/${two[0]!.id}/merge`, {
    other: two[1]!.id,
    by: 'tester',
  });
  assert.equal(merged.status, 200);
  assert.equal(merged.body.claimCount, two[0]!.claimCount + two[1]!.claimCount);
  const moved = second.claims;
  const split = await call<EventDetail>('POST', `/api/events/${merged.body.id}/split`, {
    claimIds: moved.map((c) => c.id),
    by: 'tester',
  });
  assert.equal(split.status, 201);
  assert.equal(split.body.claimCount, moved.length);
  assert.equal(
    (await call('POST', `/api/events/${merged.body.id}/split`, { claimIds: ['cl_nope'] })).status,
    400,
  );
  assert.equal((await call('POST', '/api/events/ev_none/merge', { other: two[0]!.id })).status, 404);
});
