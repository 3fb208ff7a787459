// A synthetic corpus of news-style reports with a fixed seed (BENCH_DOCS, default 100,000), written
// as JSON Lines to the temporary folder and then ingested into a fresh SQLite store, timed:
// documents and events per second, and peak memory. The reports name real towns of Syria and Iraq
// from the gazetteer, so that they are geoparsed as real reports are. For benchmarks only.
import Database from 'better-sqlite3';
import { createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from '../src/eval/dedup.js';
import { loadResources } from '../src/extract/resources.js';
import { defaultGazetteerPath } from '../src/geo/gazetteer.js';
import { ingestAll } from '../src/ingest/pipeline.js';
import { readJsonl } from '../src/ingest/read.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

const n = Number(process.env.BENCH_DOCS ?? 100_000);
const seed = 2017;

const ACTS: Array<[string, string]> = [
  ['Syrian government forces', 'shelled'],
  ['Russian warplanes', 'carried out air strikes on'],
  ['Islamic State fighters', 'attacked army positions near'],
  ['Turkish-backed factions', 'clashed with Kurdish fighters in'],
  ['a car bomb', 'exploded in the market of'],
  ['hundreds of residents', 'protested in'],
  ['unidentified gunmen', 'killed a local official in'],
  ['coalition aircraft', 'struck a convoy near'],
];
const SAYS = [
  'the Syrian Observatory for Human Rights said',
  'according to local activists',
  'AFP reported, citing a military source',
  'state media said',
  'a local council official told Reuters',
];
const FILLER = [
  'Prices of bread and fuel have risen sharply in the area over the past month.',
  'Aid groups say access to the surrounding villages remains limited.',
  'The road between the two towns had reopened only weeks earlier.',
  'Residents said schools and markets stayed closed for a second day.',
  'Negotiations over the area have stalled since the spring.',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Towns of Syria and Iraq from the gazetteer, most populous first. */
function towns(): string[] {
  const db = new Database(defaultGazetteerPath(), { readonly: true });
  const rows = db
    .prepare(
      `SELECT ascii_name FROM places WHERE country_code IN ('SY', 'IQ') AND feature_class = 'P' AND population >= 5000
       ORDER BY population DESC LIMIT 400`,
    )
    .all() as Array<{ ascii_name: string }>;
  db.close();
  return rows.map((r) => r.ascii_name);
}

/** Report `i` of the corpus: 2-4 KB, one to three events, dated, attributed. */
export function* syntheticReports(
  count: number,
  places: string[],
): Generator<{ id: string; text: string; published: string; source: string }> {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  for (let i = 0; i < count; i++) {
    const published = new Date(Date.parse('2015-01-01') + Math.floor(r() * 1826) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const paragraphs: string[] = [];
    const events = 1 + Math.floor(r() * 3);
    for (let k = 0; k < events; k++) {
      const [who, act] = pick(ACTS);
      const killed = Math.floor(r() * 9);
      paragraphs.push(
        `${who[0]!.toUpperCase()}${who.slice(1)} ${act} ${pick(places)} on ${pick(WEEKDAYS)}${killed ? `, killing ${killed} people` : ''}, ${pick(SAYS)}.`,
      );
    }
    const target = 2048 + Math.floor(r() * 2048);
    let text = paragraphs.join('\n\n');
    while (text.length < target) text += `\n\n${pick(FILLER)} ${pick(FILLER)}`;
    yield {
      id: `synthetic-report-${i}`,
      text: `${text}\n\nReport ${i}.`,
      published,
      source: pick(['SOHR', 'AFP', 'Reuters', 'SANA']),
    };
  }
}

const path = join(tmpdir(), `obs-bench-corpus-${n}.jsonl`);
const t0 = performance.now();
// Written with backpressure, so that the file is never held in memory whole (it would stay in the
// process's resident set and be counted against the ingest below).
const out = createWriteStream(path);
for (const report of syntheticReports(n, towns()))
  if (!out.write(`${JSON.stringify(report)}\n`)) await once(out, 'drain');
await new Promise<void>((resolve, reject) => {
  out.on('error', reject);
  out.end(resolve);
});
console.log(
  `${n} reports written to ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s (seed ${seed})`,
);

const db = join(tmpdir(), `obs-bench-corpus-${n}.db`);
rmSync(db, { force: true });
const store = new SqliteStore(db);
await store.migrate();
const res = loadResources();
async function* inputs() {
  for await (const item of readJsonl(path)) if ('input' in item) yield item.input;
}
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 500);
const t1 = performance.now();
// Memory every 10,000 documents (BENCH_TRACE=1): resident set, JavaScript heap, and the store's own
// SQLite page cache, to tell a growing cache from a leak.
let done = 0;
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const summary = await ingestAll(inputs(), store, res, {
  onDone: () => {
    if (++done % 10_000 !== 0 || !process.env.BENCH_TRACE) return;
    const m = process.memoryUsage();
    console.log(
      `${done} documents: rss ${mb(m.rss)}, heap used ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)}`,
    );
  },
});
const seconds = (performance.now() - t1) / 1000;
clearInterval(timer);
const counts = await store.counts();
console.log(
  `ingested into SQLite: ${summary.new} documents in ${seconds.toFixed(0)} s = ${(summary.new / seconds).toFixed(0)} documents/s, ` +
    `${summary.events} claims → ${counts.events} events (${(summary.events / seconds).toFixed(0)} claims/s); peak rss ${(peak / 1048576).toFixed(0)} MB`,
);
await store.close();
