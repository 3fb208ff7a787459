// The Store contract on real SQLite files, plus what is particular to the embedded engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { MIGRATIONS } from '../src/store/sqlite/sqlite-migrations.js';
import { rng } from '../src/eval/dedup.js';
import { makeDocument, makeEvent, storeContract } from './store-contract.js';
import { recordContract } from './store-contract-record.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-sqlite-'));
let n = 0;
storeContract('sqlite', () => openStore(join(dir, `contract-${n++}.db`)));
recordContract('sqlite', () => openStore(join(dir, `record-${n++}.db`)));

test('sqlite: WAL mode, versioned migrations applied once, data survives reopening', async () => {
  const path = join(dir, 'reopen.db');
  const store = (await openStore(path)) as SqliteStore;
  assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
  const { doc, bytes } = makeDocument('Persisted.');
  await store.ingest(doc, [makeEvent()], bytes);
  await store.close();
  const again = await openStore(path);
  await again.migrate();
  assert.deepEqual(await again.counts(), { documents: 1, events: 1 });
  await again.close();
  const raw = new Database(path, { readonly: true });
  const versions = raw.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>;
  // Each migration once, in order, none skipped.
  assert.deepEqual(
    versions.map((v) => v.version),
    MIGRATIONS.map((_, i) => i + 1),
  );
  assert.deepEqual(
    MIGRATIONS.map((m) => m.version),
    MIGRATIONS.map((_, i) => i + 1),
  );
  const rtree = raw.prepare('SELECT count(*) AS n FROM events_rtree').get() as { n: number };
  assert.equal(rtree.n, 1);
  raw.close();
});

test('sqlite: a path that cannot be opened gives a clear error', async () => {
  await assert.rejects(openStore(join(dir, 'no', 'such', 'dir', 'x.db')), /cannot open database .*x\.db/);
  await assert.rejects(
    openStore('postgres://u:secret@127.0.0.1/test'),
    (e: Error) => !e.message.includes('secret') && /PostgreSQL/.test(e.message),
  );
});

test('sqlite: a database of the first schema is upgraded with every event kept as a claim', async () => {
  const path = join(dir, 'v1.db');
  const raw = new Database(path);
  raw.exec(MIGRATIONS[0]!.sql);
  raw.exec(
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL); INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01')",
  );
  raw
    .prepare(
      `INSERT INTO documents (id, external_id, sha256, text, published, captured_at, capture_method, original, publisher)
       VALUES ('doc_1', 'a', 'aa', 'Clashes near Saraqib.', '2020-05-01', '2020-05-01T00:00:00Z', 'file', x'00', 'SOHR')`,
    )
    .run();
  const e = makeEvent();
  raw
    .prepare(
      `INSERT INTO events (id, event_date, time_precision, event_type, sub_event_type, actor1, country, location, latitude, longitude, geo_precision,
         fatalities, notes, confidence, details, attribution, created_at)
       VALUES ('ev_old', ?, 1, ?, ?, ?, 'Syria', 'Saraqib', 35.86, 36.8, 1, 4, ?, 0.8, ?, ?, '2020-05-01')`,
    )
    .run(
      e.event_date,
      e.event_type,
      e.sub_event_type,
      e.actor1,
      e.notes,
      JSON.stringify(e.details),
      JSON.stringify(e.attribution),
    );
  raw.prepare("INSERT INTO event_documents VALUES ('ev_old', 'doc_1')").run();
  raw.prepare("INSERT INTO evidence VALUES ('ev_old', 'doc_1', 0, 7, 'Clashes')").run();
  raw.close();

  const store = await openStore(path);
  const old = await store.getEvent('ev_old');
  assert.equal(old?.claimCount, 1);
  assert.deepEqual(old?.evidence, [{ start: 0, end: 7, text: 'Clashes', docId: 'doc_1' }]);
  assert.equal(old?.claims[0]?.id, 'cl_old');
  assert.equal(old?.fatalities, 4);
  // New reports now corroborate the upgraded event.
  const { doc, bytes } = makeDocument('Clashes near Saraqib, AFP said.', { publisher: 'AFP' });
  const r = await store.ingest(doc, [makeEvent({ attribution: [{ source: 'AFP', via: [] }] })], bytes);
  assert.deepEqual(r.eventIds, ['ev_old']);
  await store.close();
});

test('sqlite: a box with dates, listed from the R*Tree alone, gives the same pages as the general query', async () => {
  const store = (await openStore(join(dir, 'box-pages.db'))) as SqliteStore;
  const r = rng(31);
  const day = (k: number) => new Date(Date.parse('2019-01-01') + k * 86_400_000).toISOString().slice(0, 10);
  const events = Array.from({ length: 400 }, (_, i) =>
    makeEvent({
      event_date: day(Math.floor(r() * 120)),
      longitude: 36 + r() * 4,
      latitude: 33 + r() * 4,
      // Types and actors differ enough that no two are taken for one event.
      event_type: i % 2 ? 'Battles' : 'Riots',
      sub_event_type: i % 2 ? 'Armed clash' : 'Violent demonstration',
      actor1: `Group ${i}`,
      notes: `Report ${i}.`,
    }),
  );
  const { doc, bytes } = makeDocument('Many events.');
  await store.ingest(doc, events, bytes);
  const all = (await store.listEvents({ limit: 1000 })).events;
  assert.equal(all.length, 400);
  for (let k = 0; k < 25; k++) {
    const w = 36 + r() * 3;
    const s = 33 + r() * 3;
    const from = Math.floor(r() * 100);
    const filter = {
      bbox: [w, s, w + 1.2, s + 1.2] as [number, number, number, number],
      start: day(from),
      end: day(from + 30),
    };
    const paged = { ...filter, limit: 7, offset: Math.floor(r() * 10) };
    const fast = await store.listEvents(paged);
    // Any filter beyond the box and dates takes the general query; every event passes this one.
    const general = await store.listEvents({ ...paged, maxGeoPrecision: 3 });
    assert.deepEqual(
      fast.events.map((e) => e.id),
      general.events.map((e) => e.id),
    );
    assert.equal(fast.total, general.total);
    const expected = all.filter(
      (e) =>
        e.longitude! >= w &&
        e.longitude! <= w + 1.2 &&
        e.latitude! >= s &&
        e.latitude! <= s + 1.2 &&
        e.event_date >= filter.start &&
        e.event_date <= filter.end,
    );
    assert.equal(fast.total, expected.length);
    const dates = fast.events.map((e) => e.event_date);
    assert.deepEqual(dates, [...dates].sort().reverse());
  }
  await store.close();
});
