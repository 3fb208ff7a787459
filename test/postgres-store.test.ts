// The Store contract on the real PostgreSQL server (127.0.0.1:5432, database `test`), each test in
// a schema of its own, dropped afterwards.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { ROOT, run as runCli } from './helpers/cli.js';
import { storeContract } from './store-contract.js';

export const PG_URL = process.env.OBSERVATORY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
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
