// The workspace's map at scale, in Chromium: from opening the page to the first map drawn, and
// from a filter applied to the map redrawn under it, against the store `bench/cluster.ts` builds
// (BENCH_EVENTS events, default 1,000,000). Prints milliseconds per step; not a test.
// Goals (issue "The analyst's day"): first map within 1,500 ms, a filter change within 300 ms.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { CHROMIUM, launch } from '../test/helpers/browser.js';
import { openBenchStore } from './synthetic.js';

if (!existsSync(CHROMIUM)) {
  console.log(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
  process.exit(0);
}
const runs = Number(process.env.BENCH_RUNS ?? 5);
const store = await openBenchStore();
const app = await buildApp({
  store,
  resources: loadResources(),
  webRoot: fileURLToPath(new URL('../dist/web', import.meta.url)),
  notify: false,
  // Nothing answered from memory: every request as a first of its kind.
  cacheBytes: 0,
});
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const browser = await launch();
console.log(
  `${(await store.counts()).events.toLocaleString('en')} events in ${store.path}; ${runs} runs each`,
);

/** Milliseconds in the page until the map has drawn something newer than `after` and rendered it. */
async function drawnBy(page: Page, after: string): Promise<number> {
  await page.waitForFunction(
    (before) => {
      const el = document.getElementById('map');
      const map = (window as unknown as { observatoryMap?: { loaded(): boolean } }).observatoryMap;
      const drawn = el?.dataset.drawn ?? '';
      return drawn !== '' && drawn !== before && !!map && map.loaded();
    },
    after,
    { polling: 'raf', timeout: 120_000 },
  );
  return page.evaluate(() => performance.now());
}

const summary = (label: string, times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `${label}: median ${median.toFixed(0)} ms, worst ${sorted[sorted.length - 1]!.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`,
  );
};

const first: number[] = [];
const changes = new Map<string, number[]>();
const FILTERS: Array<[string, (page: Page) => Promise<void>]> = [
  ['event type', (p) => p.selectOption('select[name=event_type]', 'Battles').then(() => undefined)],
  [
    'dates (one month)',
    async (p) => {
      await p.fill('input[name=start]', '2017-03-01');
      await p.fill('input[name=end]', '2017-03-31');
    },
  ],
  [
    'first-level division',
    async (p) => {
      // Its choices are counted when the select is first used; the change is timed from Apply.
      await p.focus('select[name=admin1]');
      await p.waitForSelector('select[name=admin1] option[value="Idlib"]', {
        state: 'attached',
        timeout: 120_000,
      });
      await p.selectOption('select[name=admin1]', 'Idlib');
    },
  ],
  ['fatalities at least 5', (p) => p.fill('input[name=min_fatalities]', '5')],
  ['words', (p) => p.fill('input[name=q]', 'Raqqa')],
];
for (let i = 0; i < runs; i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(base);
  first.push(await drawnBy(page, ''));
  for (const [label, apply] of FILTERS) {
    let before = (await page.locator('#map').getAttribute('data-drawn')) ?? '';
    await page.click('#clear-filters');
    await drawnBy(page, before);
    await apply(page);
    before = (await page.locator('#map').getAttribute('data-drawn')) ?? '';
    const t0 = await page.evaluate(() => {
      (document.querySelector('#filters button[type=submit]') as HTMLButtonElement).click();
      return performance.now();
    });
    const t1 = await drawnBy(page, before);
    changes.set(label, [...(changes.get(label) ?? []), t1 - t0]);
  }
  await page.close();
}
summary('first map drawn (page opened to map rendered)', first);
for (const [label, times] of changes) summary(`filter change redrawn: ${label}`, times);
await browser.close();
await app.close();
await store.close();
