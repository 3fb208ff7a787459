// The benchmark smoke run in CI: extraction throughput on synthetic 2-4 KB reports, divided by a
// baseline measured in the same run on the same core (SHA-256 over 1 MB blocks), so that the
// figure does not depend on how fast the machine is that day. Fails (exit 1) when the ratio falls
// more than the stored threshold below the stored baseline (bench/smoke-baseline.json).
// `npm run bench:smoke`; `BENCH_SMOKE_WRITE=1` stores the ratio measured as the new baseline.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/extract.js';
import { loadResources } from '../src/extract/resources.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const baselinePath = join(root, 'bench', 'smoke-baseline.json');
const res = loadResources();
const samples = readFileSync(join(root, 'samples', 'corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);
const docs: string[] = [];
for (let i = 0; i < 100; i++) {
  let text = '';
  let k = i;
  const target = 2048 + ((i * 977) % 2048);
  while (text.length < target) text += `${samples[k++ % samples.length]}\n\n`;
  docs.push(text.slice(0, target));
}

/** Units per second of `fn` over about `seconds`, after a warm-up. */
function rate(seconds: number, fn: () => number): number {
  fn();
  let units = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) units += fn();
  return units / ((performance.now() - t0) / 1000);
}

const block = Buffer.alloc(1024 * 1024, 7);
const ratios: number[] = [];
for (let round = 0; round < 3; round++) {
  const baseline = rate(1, () => {
    createHash('sha256').update(block).digest();
    return 1;
  });
  const pipeline = rate(2, () => {
    for (const d of docs.slice(0, 10)) extract({ id: 'x', text: d, published: '2017-09-13' }, res);
    return 10;
  });
  ratios.push(pipeline / baseline);
}
const ratio = ratios.sort((a, b) => a - b)[1]!;
const stored = JSON.parse(readFileSync(baselinePath, 'utf8')) as {
  ratio: number;
  allowedDrop: number;
  measured: string;
};
const floor = stored.ratio * (1 - stored.allowedDrop);
console.log(
  `extraction per SHA-256 MB: ${ratio.toFixed(3)} (median of 3); baseline ${stored.ratio.toFixed(3)} (${stored.measured}); ` +
    `fails below ${floor.toFixed(3)} (${stored.allowedDrop * 100}% down)`,
);
if (process.env.BENCH_SMOKE_WRITE) {
  writeFileSync(
    baselinePath,
    `${JSON.stringify({ ...stored, ratio: Number(ratio.toFixed(4)), measured: new Date().toISOString().slice(0, 10) }, null, 2)}\n`,
  );
  console.log('stored as the new baseline');
} else if (ratio < floor) {
  console.error('benchmark smoke: extraction has slowed beyond the allowed drop');
  process.exitCode = 1;
}
