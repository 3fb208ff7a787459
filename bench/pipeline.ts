// Throughput on one core: geoparsing (toponyms and documents per second) and extraction end to
// end (read, extract with the event model, geoparse), on GeoWebNews articles and on synthetic
// 2-4 KB news-style documents built from the sample corpus, beside a baseline measured in the same
// run (splitting the same documents into sentences and tokens), so the ratio does not depend on the
// machine. Prints figures; not a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGeoWebNews } from '../src/eval/datasets.js';
import { extract } from '../src/extract/extract.js';
import { loadResources } from '../src/extract/resources.js';
import { toDocument } from '../src/ingest/read.js';
import { splitSentences } from '../src/nlp/sentences.js';
import { tokenize } from '../src/nlp/tokens.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const t0 = performance.now();
const res = loadResources();
const loadMs = performance.now() - t0;

function time(label: string, docs: string[], fn: (text: string, i: number) => number, seconds = 5): number {
  // Warm up, then run whole passes until the time is spent.
  for (let i = 0; i < Math.min(20, docs.length); i++) fn(docs[i]!, i);
  let n = 0;
  let units = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (let i = 0; i < docs.length; i++) {
      units += fn(docs[i]!, i);
      n++;
    }
  }
  const s = (performance.now() - start) / 1000;
  const kb = docs.reduce((a, d) => a + d.length, 0) / docs.length / 1024;
  console.log(
    `${label}: ${(n / s).toFixed(0)} documents/s, ${(units / s).toFixed(0)} units/s (mean ${kb.toFixed(1)} KB per document, ${n} documents in ${s.toFixed(1)} s)`,
  );
  return n / s;
}

console.log(
  `resources loaded in ${loadMs.toFixed(0)} ms; rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
);

const gwnDir = join(root, '..', 'shared', 'eval', 'geoparse');
let gwn: string[] = [];
try {
  gwn = readGeoWebNews(gwnDir).map((d) => d.text);
} catch {
  console.log('GeoWebNews not found beside the project: geoparsing figures use the synthetic corpus only');
}

// Synthetic news-style documents of 2-4 KB: sample reports joined in varying order.
const samples = readFileSync(join(root, 'samples', 'corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { text: string });
const synthetic: string[] = [];
for (let i = 0; i < 200; i++) {
  let text = '';
  let k = i;
  const target = 2048 + ((i * 977) % 2048);
  while (text.length < target) text += `${samples[k++ % samples.length]!.text}\n\n`;
  synthetic.push(text.slice(0, target));
}

const only = process.env.BENCH_ONLY; // "geoparse" or "extract" runs one part
if (gwn.length && only !== 'extract')
  time('geoparse GeoWebNews (units: toponyms)', gwn, (t) => res.geoparser.parse(t).toponyms.length);
if (only !== 'extract')
  time(
    'geoparse synthetic 2-4 KB (units: toponyms)',
    synthetic,
    (t) => res.geoparser.parse(t).toponyms.length,
  );
if (only !== 'geoparse') {
  const baseline = time('baseline: sentences and tokens only (units: tokens)', synthetic, (t) => {
    splitSentences(t);
    return tokenize(t).length;
  });
  const endToEnd = (t: string, i: number) => {
    const doc = toDocument({
      id: `b${i}`,
      bytes: Buffer.from(t),
      format: 'txt',
      published: '2020-05-01',
      captureMethod: 'file',
    });
    return extract({ id: doc.id, text: doc.text, published: doc.published }, res).events.length;
  };
  const e2e = time(
    'end to end synthetic 2-4 KB: read + extract + geoparse (units: events)',
    synthetic,
    endToEnd,
  );
  console.log(`end to end / baseline: ${(e2e / baseline).toFixed(4)}`);
  // On a shared machine the load changes from one 5-second window to the next, which moves a
  // ratio of two windows far more than any change to the code: three rounds of short windows
  // taken in turn, and the median of their ratios, hold up better. The caches are warm by then
  // (the lines above include the first, cold pass over the documents).
  const quiet = (label: string, docs: string[], fn: (t: string, i: number) => number, seconds: number) => {
    const log = console.log;
    console.log = () => {};
    try {
      return time(label, docs, fn, seconds);
    } finally {
      console.log = log;
    }
  };
  const rounds: Array<{ e2e: number; geo: number; base: number }> = [];
  for (let r = 0; r < 3; r++) {
    const base = quiet('baseline', synthetic, (t) => (splitSentences(t), tokenize(t).length), 1);
    const geo = quiet('geoparse', synthetic, (t) => res.geoparser.parse(t).toponyms.length, 1);
    const e2eRound = quiet('end to end', synthetic, endToEnd, 3);
    rounds.push({ e2e: e2eRound, geo, base });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  console.log(
    `alternating rounds (median of 3): baseline ${median(rounds.map((x) => x.base)).toFixed(0)} documents/s; ` +
      `geoparse ${median(rounds.map((x) => x.geo)).toFixed(0)} documents/s, ratio ${median(rounds.map((x) => x.geo / x.base)).toFixed(4)}; ` +
      `end to end ${median(rounds.map((x) => x.e2e)).toFixed(1)} documents/s, ratio ${median(rounds.map((x) => x.e2e / x.base)).toFixed(4)}`,
  );
}
console.log(`peak rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
