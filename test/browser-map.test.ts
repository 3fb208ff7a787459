// What the map draws, read back from MapLibre in Chromium, against what the API answers for the same
// filters: after Apply, a timeline drag, an address typed in, a new event, in points and in cells.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  ARTIFACTS,
  drawCount,
  gridTotal,
  mapIds,
  noBrowser,
  settled,
  startBrowser,
} from './helpers/browser.js';
import { postReport, serve, type Served } from './helpers/workspace.js';

const skip = noBrowser;
let ws: Served;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  ws = await serve({ samples: true, accepted: 240 }, { notify: { pollMs: 200 } });
  base = ws.base;
  browser = await startBrowser();
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await ws?.close();
});

/** The ids of the placed events the API answers for the page's own filters (its address). */
async function apiIds(page: Page, bbox?: string): Promise<string[]> {
  const params = new URLSearchParams(new URL(page.url()).search);
  for (const k of ['maxpoints', 'event', 'view']) params.delete(k);
  if (bbox) params.set('bbox', bbox);
  params.set('limit', '50000');
  const body = (await (await fetch(`${base}/api/events/points?${params}`)).json()) as {
    points: Array<[string]>;
  };
  return body.points.map((p) => p[0]).sort();
}

/** The map's own view box, as the API takes it. */
const viewBox = (page: Page) => gridTotal(page).then((g) => g.bbox);

async function expectDrawnAsAnswered(page: Page, what: string): Promise<number> {
  const drawn = await mapIds(page);
  assert.equal(drawn.mode, 'points', what);
  const wanted = await apiIds(page);
  assert.deepEqual(drawn.source, wanted, `${what}: the map's data is the API's answer`);
  // What MapLibre rendered in view is exactly the answer within the view.
  assert.deepEqual(drawn.rendered, await apiIds(page, await viewBox(page)), `${what}: rendered in view`);
  return wanted.length;
}

test(
  'the map draws exactly the filtered record after Apply, a drag, an address and a live update',
  { skip, timeout: 180_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base);
    await settled(page);
    const all = await expectDrawnAsAnswered(page, 'no filter');
    assert.ok(all > 200, `${all} events drawn`);

    // Apply a type: the map redraws only that type.
    let before = await drawCount(page);
    await page.selectOption('select[name=event_type]', 'Protests');
    await page.click('#filters button[type=submit]');
    await settled(page, before);
    const protests = await expectDrawnAsAnswered(page, 'event_type=Protests');
    assert.ok(protests > 10 && protests < all / 2, `${protests} protests of ${all}`);
    await page.locator('#map').screenshot({ path: join(ARTIFACTS, 'map-protests.png') });

    // Words, then a timeline drag on top.
    before = await drawCount(page);
    await page.selectOption('select[name=event_type]', '');
    await page.fill('input[name=q]', 'Mosul');
    await page.click('#filters button[type=submit]');
    await settled(page, before);
    const mosul = await expectDrawnAsAnswered(page, 'q=Mosul');
    assert.ok(mosul > 0 && mosul < all / 3, `${mosul} in Mosul`);

    before = await drawCount(page);
    await page.fill('input[name=q]', '');
    await page.click('#filters button[type=submit]');
    await settled(page, before);
    const bars = page.locator('.timeline svg');
    await page.waitForSelector('.timeline svg rect');
    const box = (await bars.boundingBox())!;
    before = await drawCount(page);
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await settled(page, before);
    assert.match(page.url(), /start=\d{4}-\d\d-\d\d/);
    const dragged = await expectDrawnAsAnswered(page, 'timeline drag');
    assert.ok(dragged > 0 && dragged < all, `${dragged} within the dragged dates`);

    // An address typed in: the filters it names.
    await page.goto(`${base}/?event_type=Battles&start=2021-02-01&end=2021-04-30`);
    await settled(page);
    const battles = await expectDrawnAsAnswered(page, 'typed address');
    assert.ok(battles > 0 && battles < all / 4, `${battles} battles`);

    // A new event under the filters arrives from the stream: a notice, and the map redrawn with it.
    before = await drawCount(page);
    const res = await postReport(base, {
      text: 'Regime forces clashed with HTS fighters near Kafr Nabl on Monday, killing three, SOHR said.',
      published: '2021-03-02',
      source: 'SOHR',
    });
    assert.equal(res.status, 201);
    const { eventIds } = (await res.json()) as { eventIds: string[] };
    await page.locator('#notices .notice-live').waitFor({ timeout: 30_000 });
    await settled(page, before);
    const live = await mapIds(page);
    assert.ok(
      eventIds.some((id) => live.source.includes(id)),
      'the new battle is drawn',
    );
    assert.equal(await expectDrawnAsAnswered(page, 'after a live update'), battles + 1);

    await page.close();
  },
);

test(
  'in cells, the map counts exactly the filtered record within its view',
  { skip, timeout: 120_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    for (const filter of ['', 'event_type=Protests', 'q=Idleb', 'start=2021-03-01&end=2021-05-31']) {
      await page.goto(`${base}/?maxpoints=5${filter ? `&${filter}` : ''}`);
      await page.waitForSelector('#map[data-mode=grid]');
      await settled(page);
      await page.waitForFunction(() => document.getElementById('map')?.dataset.gridDrawn);
      const grid = await gridTotal(page);
      const wanted = await apiIds(page, grid.bbox);
      assert.ok(wanted.length > 5, `${filter}: ${wanted.length} events in view`);
      assert.equal(grid.count, wanted.length, `${filter || 'no filter'}: cells count the answer`);
      const drawn = await mapIds(page);
      assert.deepEqual(drawn.source, [], 'no points drawn in cell mode');
    }
    await page.close();
  },
);
