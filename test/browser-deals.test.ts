// The workspace's agreements view in Chromium, on two deals of the project's fixtures stored as
// reports: a truce that collapsed and was revived, and a deal one side denied. What the page shows
// for each: parties, brokers, terms as what-for-what lines, the reached date, the life line in
// order and the contested steps side by side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { readDealFixtures, storeFixtureDocuments } from '../src/eval/deals.js';
import type { Agreement } from '../src/model/index.js';
import { ARTIFACTS, noBrowser, startBrowser } from './helpers/browser.js';
import { FIXTURES } from './helpers/cli.js';
import { serve, type Served } from './helpers/workspace.js';

const skip = noBrowser;
let browser: Browser;
let ws: Served;
let base: string;

before(async () => {
  if (skip) return;
  const fixtures = readDealFixtures(join(FIXTURES, 'deals')).filter((f) => /barada|douma/.test(f.file));
  ws = await serve({
    more: (store, resources) =>
      storeFixtureDocuments(
        fixtures.flatMap((f) => f.documents),
        store,
        resources,
      ),
  });
  base = ws.base;
  browser = await startBrowser();
});
after(async () => {
  if (skip) return;
  await browser?.close();
  await ws?.close();
});

test(
  'the agreements view: sides, brokers, terms, reached date, the life line and what is contested',
  { skip, timeout: 120_000 },
  async () => {
    const api = (await (await fetch(`${base}/api/agreements`)).json()) as { agreements: Agreement[] };
    assert.equal(api.agreements.length, 2, 'two deals, each told by two reports');
    const barada = api.agreements.find((a) => a.life?.some((o) => o.status === 'collapsed'))!;
    const douma = api.agreements.find((a) => a.contested)!;
    assert.ok(barada && douma);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/?view=agreements`);
    const card = page.locator(`.agreement[data-agreement="${barada.id}"]`);
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    assert.match(text, /Parties.*Opposition Rebels \(Syria\)/s);
    assert.match(text, /Brokers.*Russia/s);
    assert.match(text, /Reached2017-01-12/);
    assert.match(text, /evacuation: \? → Idlib/);
    assert.match(text, /ceasefire/);
    // The life line in date order, each step with its source.
    const steps = await card
      .locator('.life-line li')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-step'), e.querySelector('time')?.getAttribute('datetime')]),
      );
    assert.deepEqual(
      steps.map((s) => s[0]),
      ['reached', 'collapsed', 'revived', 'implemented'],
    );
    assert.deepEqual(
      steps.map((s) => s[1]),
      ['2017-01-12', '2017-01-13', '2017-01-28', '2017-01-29'],
    );
    assert.match((await card.locator('.deal-status').textContent()) ?? '', /implemented/);
    // A collapse is drawn in red, a revival in green: look at the page, not only the DOM.
    const colour = (step: string) =>
      card.locator(`.life-line li[data-step=${step}]`).evaluate((e) => getComputedStyle(e).borderLeftColor);
    assert.equal(await colour('collapsed'), 'rgb(192, 57, 43)');
    assert.equal(await colour('revived'), 'rgb(46, 125, 50)');
    assert.ok(((await card.boundingBox())?.height ?? 0) > 150, 'the card is drawn with its life line');

    const denied = page.locator(`.agreement[data-agreement="${douma.id}"]`);
    assert.match(
      (await denied.locator('.contested-note').textContent()) ?? '',
      /reached .* against denied \(Ghouta Voice\)/,
    );
    assert.equal(await denied.locator('.life-line li.contested').count(), 2, 'both steps marked contested');
    assert.match((await denied.textContent()) ?? '', /evacuation: Douma → Jarablus/);
    await page.screenshot({ path: join(ARTIFACTS, 'deals.png'), fullPage: true });
    await page.close();
  },
);
