// The web page in a real browser (Debian's Chromium through playwright-core): the map renders
// offline, events are listed, and an event's evidence is shown highlighted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import type { Store } from '../src/store/store.js';
import { ROOT } from './helpers/cli.js';
import { ARTIFACTS, noBrowser, startBrowser } from './helpers/browser.js';
import { postReport, serve, type Served } from './helpers/workspace.js';
import { randomBytes } from 'node:crypto';

const skip = noBrowser;

let ws: Served;
let store: Store;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  ws = await serve({ samples: true }, { contactKey: randomBytes(32) });
  ({ store, base } = ws);
  browser = await startBrowser();
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await ws?.close();
});

test(
  'the map renders offline with events, the list filters, and evidence is highlighted',
  { skip, timeout: 90_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        external.push(r.url());
    });
    // The server's Content-Security-Policy (no inline script, own origin only) must cost nothing.
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(base);
    await page.waitForSelector('#events li');
    // Wait until the map has drawn everything it was given.
    await page.waitForSelector('#map[data-idle]', { timeout: 60_000 });
    const shot = await page.locator('#map').screenshot({ path: join(ARTIFACTS, 'map.png') });
    // A blank canvas compresses to almost nothing; the drawn basemap does not.
    assert.ok(shot.length > 20_000, `map screenshot looks blank (${shot.length} bytes)`);
    // Both the land fill (#f4f1ea) and the sea (#cfe0ee) cover a real share of the map.
    const png = PNG.sync.read(shot);
    const near = (i: number, r: number, g: number, b: number) =>
      Math.abs(png.data[i]! - r) + Math.abs(png.data[i + 1]! - g) + Math.abs(png.data[i + 2]! - b) < 12;
    let land = 0;
    let sea = 0;
    let strikes = 0;
    const pixels = png.width * png.height;
    for (let i = 0; i < png.data.length; i += 4) {
      if (near(i, 0xf4, 0xf1, 0xea)) land++;
      else if (near(i, 0xcf, 0xe0, 0xee)) sea++;
      else if (near(i, 0xd3, 0x54, 0x00)) strikes++;
    }
    assert.ok(strikes > 30, `explosion markers are drawn (${strikes} pixels)`);
    assert.ok(land / pixels > 0.1, `land covers ${((100 * land) / pixels).toFixed(1)}% of the map`);
    assert.ok(sea / pixels > 0.05, `sea covers ${((100 * sea) / pixels).toFixed(1)}% of the map`);
    assert.deepEqual(refused, [], 'nothing the page needs is refused by its CSP');

    const all = await page.locator('#events li').count();
    assert.ok(all >= 12);
    await page.selectOption('select[name=event_type]', 'Protests');
    await page.click('#filters button[type=submit]');
    await page.waitForFunction((n) => document.querySelectorAll('#events li').length < n, all);
    assert.match(page.url(), /event_type=Protests/);
    const listed = await page.locator('#events li strong').allTextContents();
    assert.ok(
      listed.length > 0 && listed.every((t) => /protest|Violent/i.test(t) || /Protest/.test(t)),
      listed.join('|'),
    );

    await page.locator('#events li button').first().click();
    await page.waitForSelector('#event-panel mark');
    const marked = await page.locator('#event-panel mark').allTextContents();
    assert.ok(marked.length > 0);
    assert.match((await page.locator('#event-panel .record').textContent()) ?? '', /credibility [1-6] of 6/);
    assert.ok((await page.locator('#event-panel .claims li').count()) >= 1, 'each report behind the event');
    assert.match(
      (await page.locator('#event-panel .claims li').first().textContent()) ?? '',
      /\(grade [A-F]\)/,
    );
    assert.match((await page.locator('#event-panel .history').textContent()) ?? '', /v1 .* created/);
    await page.screenshot({ path: join(ARTIFACTS, 'event.png') });
    assert.deepEqual(external, [], 'no request leaves the machine');
    await page.close();
  },
);

test('report text is shown as text, never run as HTML', { skip, timeout: 60_000 }, async () => {
  const res = await postReport(base, {
    text: 'Shelling hit Saraqib on Friday <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>.',
    published: '2020-05-01',
    source: 'SOHR',
  });
  assert.equal(res.status, 201);
  const page = await browser.newPage();
  await page.goto(`${base}/?q=Saraqib`);
  await page.waitForSelector('#events li button');
  await page.locator('#events li button').first().click();
  await page.waitForSelector('#event-panel blockquote');
  const text = await page.locator('#event-panel blockquote').first().textContent();
  assert.match(text ?? '', /<img src=x onerror=/);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  await page.close();
});

test(
  'the timeline brush filters the list; a field report is submitted, then reviewed from the queue',
  { skip, timeout: 120_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base);
    await page.waitForSelector('#events li');
    const before = await page.locator('#events li').count();
    // Drag across the first third of the timeline: the dates are set and the list narrows.
    const bars = page.locator('.timeline svg');
    await bars.waitFor();
    await page.waitForSelector('.timeline svg rect');
    const box = (await bars.boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForURL(/start=\d{4}-\d\d-\d\d&end=\d{4}-\d\d-\d\d|end=.*start=/);
    await page.waitForFunction((n) => document.querySelectorAll('#events li').length < n, before);
    assert.ok((await page.locator('#events li').count()) > 0, 'events within the brushed dates');

    // A submission the server refuses keeps what was typed.
    await page.locator('#tab-submit').click();
    await page.route('**/api/submissions', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"internal error"}' }),
    );
    await page.locator('.submit textarea').fill('A report that will fail once.');
    await page.locator('.submit button[type=submit]').click();
    await page.waitForSelector('.submit [role=status]:has-text("Not sent")');
    assert.equal(await page.locator('.submit textarea').inputValue(), 'A report that will fail once.');
    await page.unroute('**/api/submissions');

    // Submit a field report with a place found by name.
    await page.locator('#tab-submit').click();
    const report = page.locator('.submit textarea');
    await report.fill(
      'Regime forces shelled the eastern quarter of Saraqib on Tuesday, killing three civilians.',
    );
    await page.locator('.submit input[type=date]').fill('2020-04-28');
    await page.locator('.submit .place-search input').fill('Saraqib');
    await page.locator('.submit .place-search li button').first().click();
    await page.getByLabel(/Contact details/).fill('contact: +963 000 000');
    await page.locator('.submit button[type=submit]').click();
    await page.waitForSelector('.submit [role=status]:has-text("Sent:")');
    assert.equal(await report.inputValue(), '', 'the form is cleared once sent');

    // Review it: correct the fatalities, from the queue (which follows the filters: all dates again).
    await page.locator('.timeline button', { hasText: 'All dates' }).click();
    await page.locator('#tab-review').click();
    const item = page.locator('.review li', { hasText: 'Saraqib' }).first();
    await item.waitFor();
    await page.locator('#analyst').fill('tester');
    await item.locator('button', { hasText: 'Correct' }).click();
    await item.locator('.correction').getByLabel('Fatalities').fill('4');
    await item.locator('.correction button[type=submit]').click();
    await page.waitForSelector('.review .message:has-text("Corrected")');
    const reviews = (await (await fetch(`${base}/api/reviews`)).json()) as {
      reviews: Array<{ by: string; changes: { fatalities?: number } }>;
    };
    assert.ok(reviews.reviews.some((r) => r.by === 'tester' && r.changes.fatalities === 4));
    await page.screenshot({ path: join(ARTIFACTS, 'review.png') });
    await page.close();
  },
);

test(
  'on a phone-sized screen the map, the timeline and the panels are all usable',
  { skip, timeout: 90_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(base);
    await page.waitForSelector('#events li');
    await page.waitForSelector('#map[data-idle]', { timeout: 60_000 });
    const shot = await page.locator('#map').screenshot({ path: join(ARTIFACTS, 'phone-map.png') });
    assert.ok(shot.length > 10_000, 'the map is drawn');
    const map = (await page.locator('#map').boundingBox())!;
    assert.ok(map.width >= 380 && map.height > 200, `map ${map.width}x${map.height}`);
    await page.locator('#tab-review').click();
    assert.ok(await page.locator('#panel-review').isVisible());
    // Keyboard: the tabs are reachable and work with Enter.
    await page.locator('#tab-submit').focus();
    await page.keyboard.press('Enter');
    assert.ok(await page.locator('.submit textarea').isVisible());
    await page.close();
  },
);

test(
  'a record too large to draw point by point is drawn as cells counted on the server',
  { skip, timeout: 60_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const grids: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/events/grid')) grids.push(r.url());
    });
    await page.goto(`${base}/?maxpoints=2`);
    await page.waitForSelector('#map[data-mode=grid]');
    await page.waitForSelector('#map[data-idle]', { timeout: 45_000 });
    assert.ok(grids.length > 0 && grids.every((u) => /bbox=[-0-9.%C]+&zoom=/.test(u)), grids.join(' '));
    await page.close();
  },
);

test('Arabic text reads right to left where it is typed and shown', { skip, timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(base);
  await page.locator('#tab-submit').click();
  const box = page.locator('.submit textarea');
  await box.fill('قصفت قوات النظام بلدة سراقب صباح اليوم');
  assert.equal(await box.evaluate((e) => e.matches(':dir(rtl)')), true, 'the report box turns right to left');
  await box.fill('Shelling hit Saraqib this morning.');
  assert.equal(await box.evaluate((e) => e.matches(':dir(ltr)')), true);
  // Report text with an Arabic quotation, in the event view.
  const res = await postReport(base, {
    text: 'قال المرصد إن القصف استهدف الأحياء الشرقية\n\nShelling hit Binnish on Friday, killing two civilians, the Observatory said.',
    published: '2020-05-01',
    source: 'SOHR',
  });
  assert.equal(res.status, 201);
  await page.goto(`${base}/?q=Binnish`);
  await page.locator('#events li button').first().click();
  const quote = page.locator('#event-panel blockquote').first();
  await quote.waitFor();
  assert.match((await quote.textContent()) ?? '', /القصف/);
  assert.equal(await quote.getAttribute('dir'), 'auto');
  assert.equal(
    await quote.evaluate((e) => e.matches(':dir(rtl)')),
    true,
    'a report opening in Arabic reads right to left',
  );
  await page.close();
});

test(
  'an Arabic report in the event view: right to left, its evidence marked on the Arabic words',
  { skip, timeout: 60_000 },
  async () => {
    const text =
      'قتل ثلاثة مدنيين بقصف مدفعي لقوات النظام على بلدة سراقب في ريف إدلب يوم الجمعة، بحسب المرصد السوري.';
    const res = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, published: '2020-05-04', source: 'SOHR' }),
    });
    assert.equal(res.status, 201);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/?q=Saraqib`);
    await page.locator('#events li button').first().click();
    const quote = page.locator('#event-panel blockquote', { hasText: 'سراقب' }).first();
    await quote.waitFor();
    assert.equal(
      await quote.evaluate((e) => e.matches(':dir(rtl)')),
      true,
      'the Arabic report reads right to left',
    );
    const marked = await quote.locator('mark').allTextContents();
    assert.ok(marked.length >= 2, marked.join(' | '));
    for (const m of marked)
      assert.ok(text.includes(m) && /\p{Script=Arabic}/u.test(m), `a mark on Arabic words: ${m}`);
    assert.ok(
      marked.some((m) => m.includes('قصف')),
      'the event wording is marked',
    );
    // What it draws: the marks are painted right to left, the first words of the report at the right.
    const [first, last] = await quote.evaluate((e) => {
      const ms = [...e.querySelectorAll('mark')].map((m) => m.getBoundingClientRect());
      const a = ms[0]!;
      const b = ms[ms.length - 1]!;
      return [
        { top: a.top, right: a.right },
        { top: b.top, right: b.right },
      ];
    });
    assert.ok(first!.top < last!.top || first!.right > last!.right, JSON.stringify({ first, last }));
    await quote.screenshot({ path: join(tmpdir(), 'observatory-arabic-event.png') });
    await page.close();
  },
);

test(
  'with accounts required: the login form, a refused password, then the workspace as that user, whose review carries the CSRF token',
  { skip, timeout: 90_000 },
  async () => {
    const { hashPassword } = await import('../src/server/auth.js');
    await store.createUser(
      { name: 'rania', role: 'analyst', passwordHash: await hashPassword('a long enough password') },
      'test',
    );
    const team = await buildApp({
      store,
      resources: loadResources(),
      webRoot: join(ROOT, 'dist', 'web'),
      auth: { mode: 'required' },
      notify: false,
    });
    const teamBase = await team.listen({ port: 0, host: '127.0.0.1' });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(teamBase);
      const dialog = page.locator('dialog.login');
      await dialog.waitFor();
      await page.getByLabel('Name').fill('rania');
      await page.getByLabel('Password').fill('not her password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForSelector('dialog.login .error:has-text("wrong name or password")');
      await page.getByLabel('Password').fill('a long enough password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForSelector('#events li');
      assert.equal(await page.locator('#analyst').inputValue(), 'rania');
      await page.locator('#tab-review').click();
      const item = page.locator('.review li').first();
      await item.getByRole('button', { name: /^Accept$/ }).click();
      await page.waitForSelector('.review .message:has-text("Accepted")');
      const reviews = await store.listReviews();
      assert.ok(
        reviews.some((r) => r.by === 'rania' && r.action === 'accept'),
        'recorded under the logged-in user',
      );
      await page.screenshot({ path: join(ARTIFACTS, 'login-review.png') });
      await page.close();
    } finally {
      await team.close();
    }
  },
);

test(
  'script in every field the page shows (an imported row sets them all) is shown as text, never run',
  { skip, timeout: 90_000 },
  async () => {
    const { Readable } = await import('node:stream');
    const { readTable } = await import('../src/ingest/tables/read-table.js');
    const { importAll } = await import('../src/ingest/pipeline.js');
    const attack = (field: string) =>
      `<img src=x onerror="window.__pwned='${field}'"><script>window.__pwned='${field}'</script>${field}`;
    const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const header =
      'event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities';
    const row = [
      'XSS1',
      '2020-05-03',
      '1',
      'Battles',
      'Armed clash',
      cell(attack('actor1')),
      cell(attack('assoc')),
      '1',
      cell(attack('actor2')),
      '',
      '2',
      cell(attack('country')),
      cell(attack('admin1')),
      cell(attack('admin2')),
      cell(attack('location')),
      '35.9',
      '36.6',
      '1',
      cell(attack('source')),
      cell(attack('notes')),
      '2',
    ].join(',');
    const summary = await importAll(
      readTable(Readable.from([`${header}\n${row}\n`]), 'acled', 'xss.csv', {
        plover: () => '',
        pending: true,
      }),
      store,
    );
    assert.equal(summary.new, 1);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${base}/?start=2020-05-03&end=2020-05-03`);
    await page.waitForSelector('#events li button');
    await page.locator('#events li button').first().click();
    await page.waitForSelector('#event-panel blockquote');
    await page.locator('#tab-review').click();
    await page.waitForSelector('.review li');
    await page.locator('#tab-events').click();
    const shown = (await page.locator('body').textContent()) ?? '';
    for (const field of ['actor1', 'location', 'notes'])
      assert.ok(shown.includes(`<img src=x onerror="window.__pwned='${field}'">`), `${field} shown as text`);
    assert.equal(
      await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned),
      undefined,
      'no script ran',
    );
    assert.deepEqual(dialogs, []);
    assert.equal(
      await page.locator('#event-panel img, #events img, .review img').count(),
      0,
      'no element was made from the text',
    );
    await page.close();
  },
);

test(
  'an event’s place shows its Arabic name beside the English one, right to left',
  { skip, timeout: 60_000 },
  async () => {
    const res = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Regime forces shelled the town of Saraqib in Idlib province on Saturday, killing a civilian.',
        published: '2020-05-03',
        source: 'SOHR',
      }),
    });
    assert.equal(res.status, 201);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/?q=Saraqib`);
    const item = page.locator('#events li', { hasText: 'Saraqib' }).first();
    await item.waitFor();
    const listed = item.locator('.name-ar');
    assert.equal(await listed.textContent(), 'سراقب');
    await item.locator('button').click();
    const where = page.locator('#event-panel [data-field="location"] dd');
    await where.waitFor();
    assert.match((await where.textContent()) ?? '', /^Saraqib, .*Idlib.*سراقب$/);
    const ar = where.locator('span.name-ar');
    assert.equal(await ar.getAttribute('dir'), 'rtl');
    assert.equal(await ar.getAttribute('lang'), 'ar');
    assert.equal(await ar.evaluate((e) => e.matches(':dir(rtl)')), true);
    // What it draws: the Arabic name on the line, after the English one, not hidden or collapsed.
    const [en, arBox] = await where.evaluate((dd) => {
      const span = dd.querySelector('span.name-ar')!.getBoundingClientRect();
      const range = document.createRange();
      range.setStart(dd.firstChild!, 0);
      range.setEnd(dd.firstChild!, 7);
      const r = range.getBoundingClientRect();
      return [
        { left: r.left, top: r.top },
        { left: span.left, top: span.top, width: span.width, height: span.height },
      ];
    });
    assert.ok(arBox!.width > 10 && arBox!.height > 8, JSON.stringify(arBox));
    assert.ok(arBox!.top > en!.top || arBox!.left > en!.left, JSON.stringify({ en, arBox }));
    await where.screenshot({ path: join(ARTIFACTS, 'arabic-place-name.png') });
    await page.close();
  },
);
