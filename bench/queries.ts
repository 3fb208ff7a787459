// Query latency at scale: the map's list, a bbox with a time window, the timeline histogram,
// full-text search and one event's detail, against the store `bench/cluster.ts` builds
// (BENCH_EVENTS events, default 1,000,000), or with BENCH_DB=postgres://...?schema=... against the
// copy of it `bench/pg-fill.ts` makes in PostgreSQL. Prints p50/p95/p99 in milliseconds; not a test.
import { rng } from '../src/eval/dedup.js';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import { openBenchStore } from './synthetic.js';

const location = process.env.BENCH_DB;
const store = location ? await openStore(location) : await openBenchStore();
const where = location ? location.replace(/:[^:@/]*@/, ':***@') : (store as { path?: string }).path;
const runs = Number(process.env.BENCH_RUNS ?? 50);
const r = rng(7);
const day = () =>
  new Date(Date.parse('2015-01-01') + Math.floor(r() * 1790) * 86_400_000).toISOString().slice(0, 10);
const plus = (d: string, n: number) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);

async function measure(label: string, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  console.log(`${label}: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms`);
}

console.log(`${(await store.counts()).events} events in ${where}; ${runs} runs each`);
await measure('first map: 20,000 newest points', () => store.mapPoints({ limit: 20_000 }));
await measure('map cells for the whole region at zoom 4.5 (grid mode)', () =>
  store.grid({ bbox: [34, 31, 49, 38] }, 360 / 2 ** 7.5),
);
await measure('map cells in a 30-day window at zoom 6', () => {
  const start = day();
  return store.grid({ bbox: [36, 32, 44, 37.5], start, end: plus(start, 30) }, 360 / 2 ** 9);
});
await measure('first list page (200 newest events)', () => store.listEvents({ limit: 200 }));
await measure('map points in a 30-day window, whole region', () => {
  const start = day();
  return store.mapPoints({ start, end: plus(start, 30), limit: 20_000 });
});
await measure('bbox of about 100 km with a 30-day window, 1,000 events', () => {
  const lon = 36 + r() * 7;
  const lat = 32.5 + r() * 4.5;
  const start = day();
  return store.listEvents({ bbox: [lon, lat, lon + 1, lat + 1], start, end: plus(start, 30), limit: 1000 });
});
await measure('timeline: histogram by month, whole record', () => store.histogram({}, 'month'));
await measure('timeline: histogram by day, one type, 90 days', () => {
  const start = day();
  return store.histogram({ eventType: 'Battles', start, end: plus(start, 90) }, 'day');
});
await measure('full text: one word, 100 events', () => store.listEvents({ q: 'clash', limit: 100 }));
const ids = (await store.listEvents({ limit: 200, offset: 5000 })).events.map((e) => e.id);
await measure('event detail with claims and history', () =>
  store.getEvent(ids[Math.floor(r() * ids.length)]!),
);
// The same store through the HTTP app (in process, no network): what an OGC client asks first.
const app = await buildApp({ store, resources: loadResources(), notify: false });
await measure('OGC API: /collections with extents', () => app.inject('/ogc/collections'));
await measure('OGC API: 100 events items in a 1° bbox', () => {
  const lon = 36 + r() * 7;
  const lat = 32.5 + r() * 4.5;
  return app.inject(`/ogc/collections/events/items?limit=100&bbox=${lon},${lat},${lon + 1},${lat + 1}`);
});
await app.close();
await store.close();
