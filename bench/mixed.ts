// Mixed reads and writes under load on SQLite: `observatory serve` (a process of its own) over
// BENCH_DB (default a new file), filled first with BENCH_EVENTS synthetic events (default 20,000),
// then autocannon at BENCH_RATE requests per second (default 1,000) for BENCH_SECONDS (default 60):
// BENCH_WRITES of them (default 0.1) POST a new report (coded in the server's threads, stored with
// its claims), the rest read what analysts read (the map's list of a 1° box and a 30-day window,
// its points, the timeline, an event's detail). Afterwards every report answered 201 is looked for
// in the file: lost writes are those answered 201 but not stored, or stored twice. Prints
// throughput, latency percentiles, errors and lost writes; not a test.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/open.js';
import { rng } from '../src/eval/dedup.js';
import { cpuOf, fillSynthetic, randomViews, startServer } from './serve.js';

const location = process.env.BENCH_DB ?? join(tmpdir(), 'obs-bench-mixed.db');
const target = Number(process.env.BENCH_EVENTS ?? 20_000);
const rate = Number(process.env.BENCH_RATE ?? 1000);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const writeShare = Number(process.env.BENCH_WRITES ?? 0.1);
const workers = process.env.BENCH_WORKERS ?? '1';
const port = 19_000 + (process.pid % 1000);

const store = await openStore(location);
const have = await fillSynthetic(store, target, location);
const ids = (await store.listEvents({ limit: 1000 })).events.map((e) => e.id);
await store.close();

const { server, base } = await startServer(['--db', location, '--port', String(port), '--workers', workers]);

const r = rng(7);
const { day, plus, box } = randomViews(r);
const villages = [
  'Saraqib',
  'Ariha',
  'Khan Shaykhun',
  'Maarat al-Numan',
  'Jisr al-Shughur',
  'Daraa',
  'Tadif',
];
const reads = [
  () => {
    const s = day();
    return `/api/events?bbox=${box()}&start=${s}&end=${plus(s, 30)}&limit=200&fields=event_date|event_type|sub_event_type|location|actor1|actor2|source`;
  },
  () => `/api/events/points?bbox=${box()}&limit=2000`,
  () => `/api/events/histogram?interval=month&start=${day()}`,
  () => `/api/events/${ids[Math.floor(r() * ids.length)]}`,
];
// The server's own CPU time (Linux; its coding threads included), to tell its cost per request
// from the load generator's and everything else on the machine.
const cpuSeconds = () => cpuOf(server.pid!);
const cpu0 = cpuSeconds();
let written = 0;
const answered = new Map<string, number>();
const result = await autocannon({
  url: base,
  connections: 50,
  overallRate: rate,
  duration: seconds,
  requests: [
    {
      setupRequest: (req) => {
        if (r() < writeShare) {
          const n = written++;
          const id = `mixed-${process.pid}-${n}`;
          const text = `Government forces shelled ${villages[n % villages.length]} on ${plus('2019-01-01', n % 300)}, killing ${(n % 7) + 1} civilians, SOHR said. Report ${id}.`;
          return {
            ...req,
            method: 'POST',
            path: '/api/documents',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id, text, published: plus('2019-01-01', (n % 300) + 1), source: 'SOHR' }),
          };
        }
        return { ...req, method: 'GET', path: reads[Math.floor(r() * reads.length)]!(), body: undefined };
      },
      onResponse: (status, body) => {
        if (status === 201 || status === 200) {
          const m = /"documentId"/.test(body) ? /"sha256":"([0-9a-f]{64})"/.exec(body) : null;
          if (m) answered.set(m[1]!, status);
        }
      },
    },
  ],
});
const serverCpu = cpuSeconds() - cpu0;
const health = (await (await fetch(`${base}/health`)).json()) as { documents: number };
server.kill('SIGTERM');
await new Promise((res) => server.once('exit', res));

// Every report answered as stored is in the file, once.
const db = new Database(location, { readonly: true });
const find = db.prepare('SELECT count(*) AS n FROM documents WHERE sha256 = ?');
let lost = 0;
let doubled = 0;
for (const sha of answered.keys()) {
  const n = (find.get(sha) as { n: number }).n;
  if (n === 0) lost++;
  if (n > 1) doubled++;
}
db.close();
const cpu = readFileSync('/proc/loadavg', 'utf8').trim();
console.log(
  `${have} events in SQLite; ${workers} server process${workers === '1' ? '' : 'es'}; ${rate} requests/s asked for ${seconds} s, ` +
    `${(writeShare * 100).toFixed(0)}% writes (new reports, coded and stored): ${result.requests.average.toFixed(0)} requests/s served, ` +
    `latency p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ` +
    `${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx; ` +
    `${written} reports sent, ${answered.size} answered stored, ${lost} of them lost, ${doubled} stored twice; ${health.documents} documents in all; ` +
    `server CPU ${((serverCpu * 1000) / Math.max(1, result.requests.total)).toFixed(2)} ms per request, ${((100 * serverCpu) / seconds).toFixed(0)}% of a core; load average ${cpu}`,
);
