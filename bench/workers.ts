// Ingest workers on PostgreSQL: BENCH_DOCS synthetic 2-4 KB reports (default 400) queued, then
// drained by one worker process and, on a fresh schema, by BENCH_WORKERS processes (default 8).
// Prints documents per second for each and the ratio, and beside them the same reports ingested
// into a fresh SQLite file in this one process (the embedded engine's rate on the same input).
// Needs the PostgreSQL server (OBSERVATORY_TEST_PG or 127.0.0.1:5432/test); not a test.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadResources } from '../src/extract/resources.js';
import { ingestAll } from '../src/ingest/pipeline.js';
import { PgQueue } from '../src/ingest/queue.js';
import type { RawInput } from '../src/ingest/read.js';
import { openStore } from '../src/store/open.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'index.js');
const PG_URL = process.env.OBSERVATORY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env.BENCH_DOCS ?? 400);
const MANY = Number(process.env.BENCH_WORKERS ?? 8);

const samples = readFileSync(join(root, 'samples', 'corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);
/** Distinct reports of 2-4 KB built from the sample reports. */
function report(i: number): { text: string; published: string } {
  let text = '';
  let k = i;
  const target = 2048 + ((i * 977) % 2048);
  while (text.length < target) text += `${samples[k++ % samples.length]}\n\n`;
  // Each report moved to a year of its own (of 40), so that reports of one happening number about
  // ten, as in a monitor's stream, rather than hundreds.
  const year = 1980 + (i % 40);
  const published = `${year}-${String(1 + (Math.floor(i / 40) % 12)).padStart(2, '0')}-15`;
  const moved = text.slice(0, target).replace(/\b(19|20)\d\d\b/g, String(year));
  return { text: `${moved}\n\nBulletin ${i}.`, published };
}

/** The i-th job, as the queue holds it. */
function job(i: number): RawInput {
  const { text, published } = report(i);
  return {
    id: `bulletin-${i}.txt`,
    bytes: Buffer.from(text),
    format: 'txt',
    published,
    source: 'SOHR',
    captureMethod: 'file',
  };
}

/** The same reports into a fresh SQLite file, in this process. */
async function sqlite(): Promise<number> {
  const path = join(tmpdir(), `bench-workers-${process.pid}.db`);
  rmSync(path, { force: true });
  const store = await openStore(path);
  const res = loadResources();
  const jobs = Array.from({ length: N }, (_, i) => job(i));
  const t0 = performance.now();
  await ingestAll(jobs, store, res);
  const seconds = (performance.now() - t0) / 1000;
  await store.close();
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  const rate = N / seconds;
  console.log(
    `SQLite, one process: ${N} documents in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} documents/s`,
  );
  return rate;
}

async function run(workers: number): Promise<number> {
  const schema = `bench_workers_${workers}_${Date.now().toString(36)}`;
  const db = `${PG_URL}?schema=${schema}`;
  const store = await openStore(db);
  const queue = new PgQueue(PG_URL, { schema });
  for (let i = 0; i < N; i++) await queue.enqueue(job(i));
  await queue.stop();
  const children: ChildProcess[] = [];
  let ready = 0;
  const allReady = new Promise<void>((resolve) => {
    for (let w = 0; w < workers; w++) {
      const child = spawn(process.execPath, [cli, 'worker', '--db', db, '--concurrency', '1'], {
        cwd: root,
        // Named, so that their connections can be told apart in pg_stat_activity.
        env: { ...process.env, PGAPPNAME: schema },
      });
      child.stderr.on('data', (d: Buffer) => {
        if (d.toString().includes('taking jobs') && ++ready === workers) resolve();
      });
      children.push(child);
    }
  });
  await allReady;
  // How the workers' connections spend the run: sampled every 50 ms, the share of those busy in a
  // statement that are waiting for an advisory lock (another worker's placement).
  const sampler = new pg.Client({ connectionString: PG_URL });
  await sampler.connect();
  let busy = 0;
  let waiting = 0;
  let sampling = true;
  const sampled = (async () => {
    while (sampling) {
      const { rows } = await sampler.query<{ busy: number; waiting: number }>(
        `SELECT count(*) FILTER (WHERE state = 'active')::int AS busy,
                count(*) FILTER (WHERE state = 'active' AND wait_event = 'advisory')::int AS waiting
         FROM pg_stat_activity WHERE application_name = $1`,
        [schema],
      );
      busy += rows[0]!.busy;
      waiting += rows[0]!.waiting;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  while ((await store.counts()).documents < N) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampled;
  await sampler.end();
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
  await store.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA ${schema} CASCADE; DROP SCHEMA ${schema}_queue CASCADE`);
  await client.end();
  const rate = N / seconds;
  console.log(
    `${workers} worker(s): ${N} documents in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} documents/s; ${busy ? ((100 * waiting) / busy).toFixed(0) : 0}% of busy connection samples waiting on an advisory lock`,
  );
  return rate;
}

const load = () => `load average ${loadavg()[0]!.toFixed(2)}`;
console.log(
  `${cpus().length} cores; ${N} synthetic 2-4 KB reports; PostgreSQL at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}; ${load()}`,
);
const embedded = process.env.BENCH_SQLITE === '0' ? undefined : await sqlite();
const one = await run(1);
const many = await run(MANY);
console.log(`${MANY} workers / 1 worker: ${(many / one).toFixed(2)}x`);
if (embedded) console.log(`1 PostgreSQL worker / SQLite: ${(one / embedded).toFixed(2)}x; ${load()}`);
