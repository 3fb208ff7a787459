// Export throughput: every event of the store `bench/cluster.ts` builds (BENCH_EVENTS, default
// 1,000,000) written as BENCH_FORMAT (acled, geojson or hxl) to /dev/null. Prints figures; not a test.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportChunks, type ExportFormat } from '../src/server/export.js';
import { openBenchStore } from './synthetic.js';

const format = (process.env.BENCH_FORMAT ?? 'acled') as ExportFormat;
const store = await openBenchStore();
let n = 0;
let peak = process.memoryUsage().rss;
async function* counted() {
  for await (const rows of store.exportRows({})) {
    n += rows.length;
    if (n % 50_000 < rows.length) peak = Math.max(peak, process.memoryUsage().rss);
    yield rows;
  }
}
const t0 = performance.now();
await pipeline(Readable.from(exportChunks(counted(), format)), createWriteStream('/dev/null'));
const s = (performance.now() - t0) / 1000;
console.log(
  `export ${format}: ${n} events in ${s.toFixed(1)} s (${(n / s).toFixed(0)} events/s), peak rss ${(peak / 1048576).toFixed(0)} MB`,
);
await store.close();
