// The Store contract on the real PostgreSQL server (127.0.0.1:5432, database `test`), each test in
// a schema of its own, dropped afterwards.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { ROOT, run as runCli } from './helpers/cli.js';
import { storeContract } from './store-contract.js';
import { recordContract } from './store-contract-record.js';
import { PG_URL } from './helpers/pg.js';

const schemas: string[] = [];
const run = `t${process.pid}_${Date.now().toString(36)}`;

after(async () => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await client.end();
});

storeContract('postgres', () => {
  const schema = `obs_${run}_${schemas.length}`;
  schemas.push(schema);
  return openStore(`${PG_URL}?schema=${schema}`);
});

recordContract('postgres', () => {
  const schema = `obs_${run}_${schemas.length}`;
  schemas.push(schema);
  return openStore(`${PG_URL}?schema=${schema}`);
});

test('the command line on PostgreSQL: --db postgres://... ingests, lists, verifies the chain of custody', async () => {
  const schema = `obs_${run}_cli`;
  schemas.push(schema);
  const db = `${PG_URL}?schema=${schema}`;
  const r = await runCli(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /12 new/);
  const again = await runCli(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl')], {
    env: { OBSERVATORY_DB: db },
  });
  assert.match(again.stderr, /0 new, 12 duplicate/, 'OBSERVATORY_DB selects the same store');
  const list = JSON.parse(
    (await runCli(['events', 'list', '--db', db, '--format', 'json', '--limit', '1000'])).stdout,
  ) as {
    total: number;
    events: Array<{ sub_event_type: string }>;
  };
  assert.ok(list.total >= 15);
  assert.ok(list.events.some((e) => e.sub_event_type === 'Air/drone strike'));
  const v = await runCli(['audit', 'verify', '--db', db]);
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /intact: 12 audit entries, 12 documents/);
  const bad = await runCli(['events', 'list', '--db', 'postgres://nobody@127.0.0.1:1/none']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /cannot reach PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
});

test('PostgreSQL backup (pg_dump) and checked restore (pg_restore, then the chain of custody)', async () => {
  const schema = `obs_${run}_backup`;
  schemas.push(schema);
  const db = `${PG_URL}?schema=${schema}`;
  const dir = mkdtempSync(join(tmpdir(), 'obs-pg-backup-'));
  assert.equal(
    (await runCli(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db])).code,
    0,
  );
  const file = join(dir, 'record.dump');
  const b = await runCli(['backup', file, '--db', db]);
  assert.equal(b.code, 0, b.stderr);
  const later = join(dir, 'later.txt');
  writeFileSync(later, 'Clashes broke out in Daraa on Monday between government forces and rebels.\n');
  assert.equal((await runCli(['ingest', later, '--published', '2017-09-10', '--db', db])).code, 0);
  const r = await runCli(['restore', file, '--db', db]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /restored .* 12 documents, 12 audit entries, intact/);
  const aside = /kept as (\S+)/.exec(r.stdout)?.[1];
  assert.ok(aside, r.stdout);
  schemas.push(aside);
  const v = await runCli(['audit', 'verify', '--db', db]);
  assert.match(v.stdout, /intact: 12 audit entries, 12 documents/);
  const garbage = join(dir, 'garbage.dump');
  writeFileSync(garbage, 'not a dump');
  const bad = await runCli(['restore', garbage, '--db', db]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not a backup pg_restore can read/);
  assert.match(
    (await runCli(['audit', 'verify', '--db', db])).stdout,
    /intact: 12 audit entries/,
    'untouched',
  );
});

test('a report with more distinct words than a PostgreSQL tsvector holds is stored and searchable by its opening', async () => {
  const schema = `obs_${run}_words`;
  schemas.push(schema);
  const store = await openStore(`${PG_URL}?schema=${schema}`);
  try {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const words = Array.from({ length: 250_000 }, () =>
      Array.from({ length: 4 + Math.floor(random() * 6) }, () =>
        String.fromCharCode(97 + Math.floor(random() * 26)),
      ).join(''),
    );
    const text = `Qalamoun convoy report. ${words.join(' ')}`;
    const bytes = Buffer.from(text);
    const { sha256 } = await import('../src/ingest/read.js');
    const r = await store.ingest(
      {
        id: 'long.txt',
        text,
        published: '2017-09-01',
        sha256: sha256(bytes),
        capturedAt: '2017-09-01T00:00:00Z',
        captureMethod: 'file',
      },
      [],
      bytes,
    );
    assert.equal(r.status, 'new');
    assert.equal((await store.getDocument(r.documentId))?.text.length, text.length, 'kept whole');
  } finally {
    await store.close();
  }
});
