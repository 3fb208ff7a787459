// Geoparsing throughput in CPU time on GeoWebNews (one pass cold, then the best of three warm
// passes): less sensitive than wall-clock figures to other work on a shared machine. Not a test.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGeoWebNews } from '../src/eval/datasets.js';
import { loadResources } from '../src/extract/resources.js';

const dir = join(fileURLToPath(new URL('..', import.meta.url)), '..', 'shared', 'eval', 'geoparse');
if (!existsSync(join(dir, 'GWN.xml'))) {
  console.log(`GeoWebNews not found at ${dir}: nothing measured`);
} else {
  const res = loadResources();
  const docs = readGeoWebNews(dir).map((d) => d.text);
  const pass = () => {
    const start = process.cpuUsage();
    for (const d of docs) res.geoparser.parse(d);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  const cold = pass();
  const warm = Math.min(pass(), pass(), pass());
  console.log(
    `geoparse GeoWebNews CPU time: cold ${((docs.length / cold) * 1000).toFixed(0)} documents/s, warm ${((docs.length / warm) * 1000).toFixed(0)} documents/s (${docs.length} documents)`,
  );
}
