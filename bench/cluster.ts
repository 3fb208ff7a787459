// Incremental clustering against a large store: claims per second placed into a SQLite store that
// already holds BENCH_EVENTS synthetic events (default 1,000,000), with memory before and after.
// The store is built once in the temporary folder and reused; BENCH_CLEAN=1 deletes it afterwards.
// Prints figures; not a test. `BENCH_EVENTS=100000 npm run bench:cluster` for a quick run.
import { existsSync, rmSync, statSync } from 'node:fs';
import { claimRecord, type ClaimRecord } from '../src/corroborate/cluster.js';
import { SqlitePlacement } from '../src/store/sqlite/sqlite-placement.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { benchStorePath, syntheticEvents } from './synthetic.js';

const stored = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const incoming = Number(process.env.BENCH_CLAIMS ?? 20_000);
const path = benchStorePath(stored);
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

function claim(
  e: ReturnType<typeof syntheticEvents> extends Generator<infer T> ? T : never,
  id: string,
): ClaimRecord {
  return claimRecord(e, id, 'doc_bench', 'Synthetic');
}

const fresh = !existsSync(path);
const store = new SqliteStore(path);
await store.migrate();
const writer = new SqlitePlacement(store.db);
const now = new Date().toISOString();
if (fresh) {
  store.db
    .prepare(
      `INSERT INTO documents (id, external_id, sha256, text, published, captured_at, capture_method, original)
       VALUES ('doc_bench', 'bench', 'bench', 'synthetic', '2015-01-01', ?, 'file', x'00')`,
    )
    .run(now);
  const t0 = performance.now();
  let i = 0;
  const batch = store.db.transaction((events: ClaimRecord[]) => {
    for (const c of events) writer.place(c, { action: 'created', documentId: 'doc_bench' }, now, false);
  });
  let pending: ClaimRecord[] = [];
  for (const e of syntheticEvents(stored, 1)) {
    pending.push(claim(e, `cl_s${i++}`));
    if (pending.length === 10_000) {
      batch(pending);
      pending = [];
    }
  }
  batch(pending);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `bulk load: ${stored} events in ${s.toFixed(1)} s (${(stored / s).toFixed(0)} events/s), file ${mb(statSync(path).size)}`,
  );
} else {
  console.log(`reusing ${path} (${(await store.counts()).events} events); delete it to rebuild`);
}

// The incoming claims are rolled back at the end, so every run meets the same store.
store.db.exec('BEGIN');
const rssBefore = process.memoryUsage().rss;
let created = 0;
const t0 = performance.now();
const place = store.db.transaction((claims: ClaimRecord[]) => {
  for (const c of claims)
    if (writer.place(c, { action: 'created', documentId: 'doc_bench' }, now).created) created++;
});
let pending: ClaimRecord[] = [];
let n = 0;
let peak = rssBefore;
for (const e of syntheticEvents(incoming, 2)) {
  pending.push(claim(e, `cl_n${n++}`));
  if (pending.length === 1000) {
    place(pending);
    pending = [];
    peak = Math.max(peak, process.memoryUsage().rss);
  }
}
place(pending);
const s = (performance.now() - t0) / 1000;
console.log(
  `incremental clustering against ${stored} events: ${incoming} claims in ${s.toFixed(1)} s = ${(incoming / s).toFixed(0)} claims/s; ${incoming - created} joined an event, ${created} started one`,
);
console.log(`rss before ${mb(rssBefore)}, peak during ${mb(peak)}`);
store.db.exec('ROLLBACK');
await store.close();
if (process.env.BENCH_CLEAN) rmSync(path, { force: true });
