// Event queries under load: the HTTP server (`observatory serve`, a process of its own) on loopback, over BENCH_DB (a SQLite file, or
// postgres://...?schema=...), filled first with BENCH_EVENTS synthetic events if it has fewer,
// then autocannon at BENCH_RATE requests per second (default 500) for BENCH_SECONDS (default 60)
// on the map's list: a 1° box and a 30-day window, a page of 100 full events (or with
// BENCH_FIELDS=web, as the workspace asks: 200 events with the seven fields its list shows). With BENCH_VIEWS=0 (the default)
// every request is a new box and window, the worst case; with BENCH_VIEWS=N they are drawn from N
// views, the k-th most asked in proportion to 1/k (Zipf), as a team returning to the same fronts
// and periods would ask them (each asked once before the timed run unless BENCH_WARM=0). Prints throughput, latency percentiles, errors and what the server's
// answer cache did; not a test.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { openStore } from '../src/store/open.js';
import { rng } from '../src/eval/dedup.js';
import { cpuOf, fillSynthetic, randomViews, startServer } from './serve.js';

const location =
  process.env.BENCH_DB ??
  `${process.env.OBSERVATORY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test'}?schema=bench_load`;
const target = Number(process.env.BENCH_EVENTS ?? 20_000);
const rate = Number(process.env.BENCH_RATE ?? 500);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const views = Number(process.env.BENCH_VIEWS ?? 0);
// BENCH_FIELDS=web asks as the workspace's list does: 200 events, the seven fields it shows.
const web = process.env.BENCH_FIELDS === 'web';
const page = web
  ? '&limit=200&fields=event_date|event_type|sub_event_type|location|actor1|actor2|source'
  : '&limit=100';
const port = 18_000 + (process.pid % 1000);

const store = await openStore(location);
const have = await fillSynthetic(store, target, location.replace(/:[^:@/]*@/, ':***@'), { timed: true });
await store.close();
// The server in a process of its own, as it runs: the load is generated here, not in its event loop.
// BENCH_WORKERS server processes (serve --workers), default 1.
const workers = process.env.BENCH_WORKERS ?? '1';
const { server, base } = await startServer(['--db', location, '--port', String(port), '--workers', workers]);
const r = rng(5);
const { day, plus, box } = randomViews(r);
function view(): string {
  const bbox = box();
  const start = day();
  return `/api/events?bbox=${bbox}&start=${start}&end=${plus(start, 30)}${page}`;
}
const known = Array.from({ length: views }, view);
// Cumulative Zipf weights over the known views.
const weights = known.map((_, k) => 1 / (k + 1));
const sum = weights.reduce((a, b) => a + b, 0);
let acc = 0;
const cumulative = weights.map((w) => (acc += w / sum));
function popular(): string {
  const x = r();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return known[lo]!;
}
// The known views asked once before the timed run, as a server that has been up a while has seen
// them (BENCH_WARM=0 to start cold).
const warm = process.env.BENCH_WARM !== '0';
if (warm) for (const path of known) await (await fetch(`${base}${path}`)).arrayBuffer();
// The server's own CPU time (Linux), to tell its cost per request from the load generator's, which
// shares the machine.
// The server's processes: itself and, with --workers, its children.
const serverPids = () => [
  server.pid!,
  ...readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number),
];
const cpuSeconds = () => serverPids().reduce((sum, pid) => sum + cpuOf(pid), 0);
const cpu0 = cpuSeconds();
const own0 = process.cpuUsage();
const result = await autocannon({
  url: base,
  connections: 50,
  overallRate: rate,
  duration: seconds,
  requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: views ? popular() : view() }) }],
});
const serverCpu = cpuSeconds() - cpu0;
const own = process.cpuUsage(own0);
const generatorShare = (own.user + own.system) / 1e6 / seconds;
const health = (await (await fetch(`${base}/health`)).json()) as { cache: { hits: number; misses: number } };
console.log(
  `${have} events in ${location.startsWith('postgres') ? 'PostgreSQL' : 'SQLite'}; ${views ? `${views} views, Zipf, ${warm ? 'warmed' : 'cold'}` : 'every request a new view'}; ` +
    `${web ? "the workspace's list (200 events, 7 fields)" : 'pages of 100 full events'}; ` +
    `${workers} server process${workers === '1' ? '' : 'es'}; ` +
    `${rate} requests/s asked for ${seconds} s: ` +
    `${result.requests.average.toFixed(0)} requests/s served, latency p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, ` +
    `p99 ${result.latency.p99} ms, max ${result.latency.max} ms; ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx; ` +
    `answer cache${workers === '1' ? '' : ' (of the process that answered)'}: ${health.cache.hits} hits, ${health.cache.misses} misses; ` +
    `server CPU ${((serverCpu * 1000) / Math.max(1, result.requests.total)).toFixed(2)} ms per request, ` +
    `${((100 * serverCpu) / seconds).toFixed(0)}% of a core; load generator ${(100 * generatorShare).toFixed(0)}% of a core`,
);
server.kill('SIGTERM');
