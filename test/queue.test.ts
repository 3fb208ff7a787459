// The work queue on the real PostgreSQL server: documents queued by one process are ingested by
// worker processes; a worker killed (SIGKILL) in the middle of a job leaves it to another, and the
// document is stored once, whole.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { until as waitFor } from './helpers/wait.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/store/open.js';
import { CLI, ROOT, run } from './helpers/cli.js';
import { PG_URL } from './helpers/pg.js';

const tag = `q${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];
const children: ChildProcess[] = [];

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) {
    await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${s}_queue CASCADE`);
  }
  await client.end();
});

function worker(db: string): ChildProcess & { log: string[] } {
  const child = spawn(process.execPath, [CLI, 'worker', '--db', db, '--concurrency', '2'], { cwd: ROOT });
  const log: string[] = [];
  child.stderr.on('data', (d: Buffer) => log.push(d.toString()));
  children.push(child);
  return Object.assign(child, { log });
}

/** Waiting on other processes: up to a minute, asking every 200 ms. */
const until = <T>(what: string, check: () => Promise<T | undefined>, ms = 60_000) =>
  waitFor(what, check, ms, 200);

const exited = (c: ChildProcess) =>
  new Promise<number | null>((resolve) => c.once('exit', (code) => resolve(code)));

test(
  'documents queued by one process are ingested by two workers; stopping them finishes cleanly',
  { timeout: 120_000 },
  async () => {
    const schema = `obs_${tag}_a`;
    schemas.push(schema);
    const db = `${PG_URL}?schema=${schema}`;
    const q = await run(['ingest', '--queue', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db]);
    assert.equal(q.code, 0, q.stderr);
    assert.match(q.stderr, /queued: 12 documents, 0 failed; 12 waiting/);
    const store = await openStore(db);
    try {
      assert.equal((await store.counts()).documents, 0, 'queued, not yet ingested');
      const a = worker(db);
      const b = worker(db);
      await until('all twelve stored', async () =>
        (await store.counts()).documents === 12 ? true : undefined,
      );
      const log = [...a.log, ...b.log].join('');
      assert.equal((log.match(/: new, /g) ?? []).length, 12, 'each document ingested once');
      assert.ok(
        a.log.join('').includes(': new') && b.log.join('').includes(': new'),
        'both workers took jobs',
      );
      a.kill('SIGTERM');
      b.kill('SIGTERM');
      assert.deepEqual(await Promise.all([exited(a), exited(b)]), [0, 0]);
      assert.match(a.log.join(''), /stopped/);
      const v = await run(['audit', 'verify', '--db', db]);
      assert.match(v.stdout, /intact: 12 audit entries, 12 documents/);
    } finally {
      await store.close();
    }
    const sqlite = await run(['worker', '--db', join(mkdtempSync(join(tmpdir(), 'obs-q-')), 'x.db')]);
    assert.equal(sqlite.code, 2);
    assert.match(sqlite.stderr, /a worker takes jobs from a PostgreSQL database/);
  },
);

test(
  'a worker killed in the middle of a job: another takes it; the document is stored once, whole',
  { timeout: 180_000 },
  async () => {
    const schema = `obs_${tag}_b`;
    schemas.push(schema);
    const db = `${PG_URL}?schema=${schema}`;
    // A long report, so that the job is still being worked on when the worker is killed.
    const texts = readFileSync(join(ROOT, 'samples', 'corpus.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    const long = Array.from({ length: 500 }, (_, i) => texts[i % texts.length]).join('\n\n');
    const file = join(mkdtempSync(join(tmpdir(), 'obs-q-')), 'long-report.txt');
    writeFileSync(file, long);
    const q = await run([
      'ingest',
      '--queue',
      '--job-timeout',
      '3',
      file,
      '--published',
      '2017-09-13',
      '--db',
      db,
    ]);
    assert.equal(q.code, 0, q.stderr);
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const state = async () =>
      (await client.query(`SELECT state, retry_count FROM ${schema}_queue.job WHERE name = 'ingest'`))
        .rows[0] as { state: string; retry_count: number } | undefined;
    const store = await openStore(db);
    try {
      const first = worker(db);
      const taken = await until('the job taken', async () => {
        const s = (await state())?.state;
        return s === 'active' || s === 'completed' ? s : undefined;
      });
      assert.equal(
        taken,
        'active',
        `the report is long enough to be killed in the middle of: ${first.log.join('')}`,
      );
      first.kill('SIGKILL');
      await exited(first);
      assert.equal((await store.counts()).documents, 0, 'nothing half-written by the killed worker');
      const second = worker(db);
      await until('the document stored by the second worker', async () =>
        (await store.counts()).documents === 1 ? true : undefined,
      );
      await until('the job completed', async () =>
        (await state())?.state === 'completed' ? true : undefined,
      );
      assert.ok((await state())!.retry_count >= 1, 'the job was taken again');
      const docs = await store.listEvents({ limit: 1 });
      assert.ok(docs.total > 0, 'its events are stored');
      const v = await run(['audit', 'verify', '--db', db]);
      assert.match(v.stdout, /intact: 1 audit entries, 1 documents/, 'stored once');
      second.kill('SIGTERM');
      assert.equal(await exited(second), 0);
    } finally {
      await store.close();
      await client.end();
    }
  },
);

test(
  'the database dropping every connection in the middle of a run (as in a restart) is survived',
  { timeout: 180_000 },
  async () => {
    const schema = `obs_${tag}_c`;
    schemas.push(schema);
    const app = `observatory_${tag}_c`;
    const db = `${PG_URL}?schema=${schema}&application_name=${app}`;
    // Forty short reports, so that the run is still going when the connections are cut.
    const folder = mkdtempSync(join(tmpdir(), 'obs-q-reports-'));
    const texts = readFileSync(join(ROOT, 'samples', 'corpus.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text);
    for (let i = 0; i < 40; i++)
      writeFileSync(join(folder, `report-${i}.txt`), `${texts[i % texts.length]}\n\nBulletin ${i}.\n`);
    const q = await run([
      'ingest',
      '--queue',
      '--job-timeout',
      '5',
      folder,
      '--published',
      '2017-09-13',
      '--db',
      db,
    ]);
    assert.equal(q.code, 0, q.stderr);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const store = await openStore(`${PG_URL}?schema=${schema}`);
    try {
      const w = worker(db);
      await until('the first documents stored', async () =>
        (await store.counts()).documents >= 3 ? true : undefined,
      );
      let dropped = 0;
      for (let i = 0; i < 3; i++) {
        const r = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [app],
        );
        dropped += r.rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 700));
      }
      assert.ok(dropped >= 2, 'the worker’s connections were cut');
      await until(
        'all forty stored',
        async () => ((await store.counts()).documents === 40 ? true : undefined),
        90_000,
      ).catch((e: Error) => {
        throw new Error(`${e.message}; the worker said: ${w.log.join('').slice(-2000)}`);
      });
      assert.equal(w.exitCode, null, 'the worker is still running');
      const v = await run(['audit', 'verify', '--db', db]);
      assert.match(v.stdout, /intact: 40 audit entries, 40 documents/, 'each stored once, whole');
      w.kill('SIGTERM');
      assert.equal(await exited(w), 0);
    } finally {
      await store.close();
      await admin.end();
    }
  },
);
