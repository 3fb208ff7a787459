// The workspace in Chromium at 1280 px: the event panel (address, back, ring, evidence per field),
// filters with the record's own values and counts, a bad address, help, the table past 200 rows,
// charts, agreements and tracks, export of the view; the first visit to the sample and to an empty record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, noBrowser, settled, startBrowser } from './helpers/browser.js';
import { get, serve, type Served } from './helpers/workspace.js';

const skip = noBrowser;
let browser: Browser;
let ws: Served;

before(async () => {
  if (skip) return;
  ws = await serve({ samples: true, accepted: 300 });
  browser = await startBrowser();
});
after(async () => {
  if (skip) return;
  await browser?.close();
  await ws?.close();
});

const total = async (query: string) =>
  (await get<{ total: number }>(ws.base, `/api/events?${query}&limit=1`)).total;
const shownCount = async (page: Page) =>
  Number(((await page.locator('#count').textContent()) ?? '').replace(/[^\d].*$/s, '').replace(/,/g, ''));

test(
  'an event opens beside the map: in the address, ringed on the map, each field showing its words; back closes it',
  { skip, timeout: 120_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${ws.base}/?q=Qalamoun`);
    await settled(page);
    await page.locator('#events li button', { hasText: 'Agreement' }).first().click();
    await page.waitForURL(/event=ev_/);
    const id = new URL(page.url()).searchParams.get('event')!;
    const panel = page.locator('#event-panel');
    await panel.locator(`.panel[data-event="${id}"] blockquote mark`).first().waitFor();
    const box = (await panel.boundingBox())!;
    const map = (await page.locator('#map').boundingBox())!;
    assert.ok(
      box.x <= map.x + 5 && box.width >= 380 && box.height > 500,
      'a panel beside the map, full height',
    );
    // Its marker is ringed: MapLibre renders the event in the selection layer, and only it.
    await page.waitForFunction(() => {
      const m = (window as unknown as { observatoryMap: { loaded(): boolean; isMoving(): boolean } })
        .observatoryMap;
      return m.loaded() && !m.isMoving();
    });
    const ringed = await page.evaluate(() =>
      (
        window as unknown as {
          observatoryMap: { queryRenderedFeatures(o: object): Array<{ properties: { id: string } }> };
        }
      ).observatoryMap
        .queryRenderedFeatures({ layers: ['events-selected'] })
        .map((f) => f.properties.id),
    );
    assert.deepEqual([...new Set(ringed)], [id]);
    // Each field focused (by keyboard) lights only the marks that are evidence for it.
    const lighting: string[] = [];
    for (const f of await panel.locator('.field').all()) {
      await f.focus();
      const name = (await f.getAttribute('data-field'))!;
      const marks = await panel.evaluate((p) =>
        [...p.querySelectorAll('mark.lit')].map((m) => m.getAttribute('data-fields') ?? ''),
      );
      for (const m of marks) assert.ok(m.split(' ').includes(name), `${name}: ${m}`);
      if (marks.length) lighting.push(name);
    }
    assert.ok(lighting.length >= 2, `fields showing their words: ${lighting.join(', ')}`);
    // And pointed at.
    await panel.locator('.field').last().focus();
    await panel.locator(`.field[data-field=${lighting[0]}]`).hover();
    assert.ok((await panel.locator('mark.lit').count()) > 0, `${lighting[0]} pointed at`);
    assert.match((await panel.locator('.claims').textContent()) ?? '', /SOHR \(grade [A-F]\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'event-panel.png') });

    await panel.getByRole('button', { name: 'Close the event' }).click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('event'));
    assert.equal(await panel.isHidden(), true);
    await page.goBack();
    await panel.locator(`.panel[data-event="${id}"]`).waitFor();
    assert.match(page.url(), new RegExp(`event=${id}`));
    // The address alone opens it, as a shared link does.
    await page.goto(`${ws.base}/?event=${id}`);
    await panel.locator(`.panel[data-event="${id}"] h2`).waitFor();
    await page.close();
  },
);

test(
  'filters from the record’s own values with counts; Idlib finds Idleb; a bad address value is named and set aside',
  { skip, timeout: 120_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ws.base);
    await settled(page);
    // The record's own values are counted once a select is used.
    await page.focus('select[name=country]');
    const country = page.locator('select[name=country] option');
    await page.waitForFunction(() => document.querySelectorAll('select[name=country] option').length > 2);
    const syria = (await country.allTextContents()).find((t) => t.startsWith('Syria'))!;
    assert.match(syria, /^Syria \(\d+\)$/);
    await page.selectOption('select[name=country]', 'Syria');
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/country=Syria/);
    await page.focus('select[name=admin1]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('select[name=admin1] option')].some((o) =>
        o.textContent?.startsWith('Idleb'),
      ),
    );
    const admin1 = await page.locator('select[name=admin1] option').allTextContents();
    assert.ok(!admin1.some((t) => t.startsWith('Ninewa')), 'only Syria’s divisions once Syria is chosen');
    const idleb = admin1.find((t) => t.startsWith('Idleb'))!;
    assert.equal(Number(/\((\d+)\)/.exec(idleb)![1]), await total('country=Syria&admin1=Idleb'));
    await page.selectOption('select[name=admin1]', 'Idleb');
    await page.fill('input[name=min_fatalities]', '4');
    await page.click('#filters button[type=submit]');
    await page.waitForURL(/admin1=Idleb/);
    await page.waitForFunction(
      (n) => document.getElementById('count')?.textContent?.startsWith(`${n} events`),
      await total('country=Syria&admin1=Idleb&min_fatalities=4'),
    );

    await page.goto(`${ws.base}/?q=Idlib`);
    await page.waitForSelector('#events li');
    const idlib = await shownCount(page);
    assert.equal(idlib, await total('q=Idlib'));
    assert.ok(
      idlib >= (await total('admin1=Idleb')),
      'every row ACLED spells Idleb, and reports naming Idlib',
    );
    assert.ok(
      (await page.locator('#events li strong').allTextContents()).some((t) => /Ariha|Saraqab/.test(t)),
    );

    // A bad value: named in a notice, set aside; the rest of the address still applies.
    await page.goto(`${ws.base}/?start=2021-13-45&event_type=Battles&colour=red`);
    const note = page.locator('#notices .notice-address');
    await note.waitFor();
    const words = (await note.textContent()) ?? '';
    assert.match(words, /start=2021-13-45: not a date/);
    assert.match(words, /colour=red/);
    await page.waitForFunction(
      (n) => document.getElementById('count')?.textContent?.startsWith(`${n.toLocaleString('en')} events`),
      await total('event_type=Battles'),
    );
    assert.equal(await page.inputValue('input[name=start]'), '');

    // One line of help per control.
    await page.click('#toggle-help');
    const helps = page.locator('#helps small');
    assert.ok((await helps.count()) >= 15);
    for (const name of ['max_geo_precision', 'min_grade']) {
      const described = await page.locator(`[name=${name}]`).getAttribute('aria-describedby');
      assert.match((await page.locator(`#${described}`).textContent()) ?? '', /precision|B or better/i);
    }
    assert.equal(await page.locator('a.docs').getAttribute('href'), '/api/docs');
    await page.screenshot({ path: join(ARTIFACTS, 'filters-help.png') });
    await page.close();
  },
);

test(
  'the table pages past 200 rows and sorts; charts, agreements and tracks; export of the view',
  { skip, timeout: 120_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${ws.base}/?view=table`);
    const rows = page.locator('.table-view tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 100);
    const first = await rows.first().locator('td').first().textContent();
    await page.locator('.pager').first().getByRole('button', { name: /Next/ }).click();
    await page.locator('.pager').first().getByRole('button', { name: /Next/ }).click();
    await page.waitForURL(/page=2/);
    await page.waitForFunction(() => document.querySelector('.pager span')?.textContent?.includes('Page 3'));
    await page.waitForFunction(
      (f) => document.querySelector('.table-view tbody td')?.textContent !== f,
      first,
    );
    assert.ok((await rows.count()) > 0, 'a third page');
    // Sort by fatalities, most first.
    await page.locator('th button', { hasText: 'fatalities' }).click();
    await page.locator('th button', { hasText: 'fatalities' }).click();
    await page.waitForURL(/sort=-fatalities/);
    const col = (await page.locator('thead th').allTextContents()).findIndex((t) =>
      t.startsWith('fatalities'),
    );
    const most = (
      await get<{ events: Array<{ fatalities: number }> }>(
        ws.base,
        '/api/events?sort=-fatalities&limit=1&fields=fatalities',
      )
    ).events[0]!.fatalities;
    await page.waitForFunction(
      ([i, n]) =>
        document.querySelector(`.table-view tbody tr td:nth-child(${i! + 1})`)?.textContent === String(n),
      [col, most],
    );
    await page.screenshot({ path: join(ARTIFACTS, 'table.png') });

    await page.locator('.views button', { hasText: 'Charts' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.chart rect').length > 20);
    assert.equal(await page.locator('.chart').count(), 4);
    assert.match(
      (await page.locator('.chart[data-by=actor1][data-measure=fatalities] figcaption').textContent()) ?? '',
      /Fatalities per (day|month) by first actor/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'charts.png') });

    await page.locator('.views button', { hasText: 'Agreements' }).click();
    const agreement = page.locator('.agreement').first();
    await agreement.waitFor();
    assert.match((await agreement.textContent()) ?? '', /Parties.*Brokers.*Terms.*Fulfilment/s);
    await page.locator('.track-list button').first().click();
    await page.locator('.track .stops li').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'agreements.png') });

    // Export this view: the filters applied go with the link.
    await page.goto(`${ws.base}/?event_type=Riots`);
    await page.waitForSelector('#events li');
    const href = (await page.locator('#export-hxl').getAttribute('href'))!;
    assert.match(href, /event_type=Riots/);
    const csv = await (await fetch(`${ws.base}${href}`)).text();
    assert.equal(
      csv.trim().split('\n').length - 2,
      await total('event_type=Riots'),
      'HXL: header, tags, rows',
    );
    await page.close();
  },
);

test(
  'the shipped sample is announced; an empty record says how to fill it',
  { skip, timeout: 90_000 },
  async () => {
    const sample = await serve({ samples: true });
    const empty = await serve({});
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(sample.base);
      await page.locator('#notices .notice-sample').waitFor();
      assert.match((await page.locator('#notices').textContent()) ?? '', /shipped sample record/);
      await page.goto(empty.base);
      await page.locator('.empty-state').waitFor();
      assert.match(
        (await page.locator('.empty-state').textContent()) ?? '',
        /observatory ingest.*import --format acled.*Submit/s,
      );
      await page.screenshot({ path: join(ARTIFACTS, 'empty.png') });
      await page.close();
    } finally {
      await sample.close();
      await empty.close();
    }
  },
);
