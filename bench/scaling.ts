// Extraction time against document size, 1 KB to 5 MB: one event sentence repeated, and varied
// sentences from the sample corpus. Time per KB should stay flat (linear cost); a quadratic step
// shows as time per KB growing with size. Prints figures; not a test.
// `npm run bench:scaling` (BENCH_MAX_KB caps the largest size).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/extract.js';
import { loadResources } from '../src/extract/resources.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const res = loadResources();
const samples = readFileSync(join(root, 'samples', 'corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

const REPEATED = 'Turkish drones struck a car near Qamishli on Monday, killing two fighters, SOHR said. ';
/** A document of about `kb` KB: one sentence over and over, or the samples in turn (paragraphs). */
function document(kb: number, kind: 'repeated' | 'varied'): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < kb * 1024; i++) {
    const part = kind === 'repeated' ? REPEATED : `${samples[i % samples.length]}\n\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('').slice(0, kb * 1024);
}

const max = Number(process.env.BENCH_MAX_KB ?? 5120);
const sizes = [1, 10, 100, 1024, 5120].filter((kb) => kb <= max);
extract({ id: 'warm', text: document(4, 'varied'), published: '2020-05-01' }, res);
for (const kind of ['repeated', 'varied'] as const) {
  const perKb: number[] = [];
  for (const kb of sizes) {
    const text = document(kb, kind);
    // Small documents are run many times so the timer sees more than noise.
    const runs = Math.max(1, Math.round(2048 / kb));
    const t0 = performance.now();
    let events = 0;
    for (let r = 0; r < runs; r++)
      events = extract({ id: 'b', text, published: '2020-05-01' }, res).events.length;
    const ms = (performance.now() - t0) / runs;
    perKb.push(ms / kb);
    console.log(
      `${kind} ${kb >= 1024 ? `${kb / 1024} MB` : `${kb} KB`}: ${ms.toFixed(1)} ms, ${(ms / kb).toFixed(3)} ms per KB, ${events} events`,
    );
  }
  const spread = Math.max(...perKb) / Math.min(...perKb);
  console.log(`${kind}: time per KB varies ${spread.toFixed(2)}x from ${sizes[0]} KB to ${sizes.at(-1)} KB`);
}
