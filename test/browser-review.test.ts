// Review at scale in Chromium, by keyboard only: the queue under the filters and in the order
// chosen, select and accept together, undo, reject with a reason, a decision on an event changed
// meanwhile refused, an undo after another analyst's decision refused; and the phone: the folded
// filter bar, the full-height report form, a future date refused, the link to the coded event.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { EventDetail } from '../src/store/store.js';
import { ARTIFACTS, noBrowser, startBrowser } from './helpers/browser.js';
import { get, serve, type Served } from './helpers/workspace.js';

const skip = noBrowser;
let browser: Browser;
let ws: Served;

before(async () => {
  if (skip) return;
  ws = await serve({ samples: true, accepted: 60, pending: 60 });
  browser = await startBrowser();
});
after(async () => {
  if (skip) return;
  await browser?.close();
  await ws?.close();
});

const pending = async (query = '') =>
  (await get<{ total: number }>(ws.base, `/api/events?review_status=pending&limit=1${query}`)).total;
const message = (page: Page) => page.locator('.review > .message');
const activeId = (page: Page) => page.locator('.review li.active').getAttribute('data-event');

/** Presses Tab until `selector` has the focus: the page is used as a keyboard user would. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
  assert.fail(`Tab never reached ${selector} (at ${at})`);
}

test(
  'the queue by keyboard: filtered and ordered, a selection accepted, undone, a rejection with its reason',
  { skip, timeout: 150_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${ws.base}/?country=Iraq`);
    await tabTo(page, '#analyst');
    await page.keyboard.type('amira');
    await tabTo(page, '#tab-review');
    await page.keyboard.press('Enter');
    const items = page.locator('.review li[data-event]');
    await items.first().waitFor();
    assert.match(
      (await page.locator('.review .queue-head').textContent()) ?? '',
      new RegExp(`${await pending('&country=Iraq')} to review`),
    );
    // Least confident first, as chosen; most reported first on asking.
    await tabTo(page, '.review select');
    await page.keyboard.type('most');
    await page.waitForFunction(
      () => (document.querySelector('.review select') as HTMLSelectElement).value === '-claimCount',
    );
    await items.first().waitFor();
    const before = await pending('&country=Iraq');

    // j moves on; x selects; A accepts the selection.
    await tabTo(page, '.review li input[type=checkbox]');
    await page.keyboard.press('j');
    const second = await activeId(page);
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    const third = await activeId(page);
    await page.keyboard.press('x');
    assert.notEqual(second, third);
    await page.keyboard.press('A');
    await message(page).filter({ hasText: 'Accepted 2 of 2' }).waitFor();
    assert.equal(await pending('&country=Iraq'), before - 2);
    const decided = await get<EventDetail>(ws.base, `/api/events/${third}`);
    assert.equal(decided.reviews.at(-1)!.by, 'amira', 'recorded under the analyst’s name');

    // u takes back the last decision.
    await page.locator('.review li.active').focus();
    await page.keyboard.press('u');
    await message(page).filter({ hasText: 'Undone' }).waitFor();
    assert.equal((await get<EventDetail>(ws.base, `/api/events/${third}`)).reviewStatus, 'pending');
    assert.equal(await pending('&country=Iraq'), before - 1);
    // The queue has read itself again: the event undone is back in it.
    await page.locator(`.review li[data-event="${third}"]`).waitFor();

    // r asks for a reason, then rejects; the event leaves the queue, the list and the map.
    await page.locator('.review li.active').focus();
    const rejected = await activeId(page);
    await page.keyboard.press('r');
    await page.waitForFunction(() => document.activeElement?.matches('.review .reject input') ?? false);
    await page.keyboard.type('a duplicate of another row');
    await page.keyboard.press('Enter');
    await message(page)
      .filter({ hasText: `Rejected ${rejected}` })
      .waitFor();
    const after = await get<EventDetail>(ws.base, `/api/events/${rejected}`);
    assert.equal(after.reviewStatus, 'rejected');
    assert.equal(after.reviews.at(-1)!.note, 'a duplicate of another row');
    await page.waitForFunction((id) => !document.querySelector(`#events li[data-event="${id}"]`), rejected);
    await page.screenshot({ path: join(ARTIFACTS, 'review-keyboard.png') });
    await page.close();
  },
);

test(
  'a decision on an event changed meanwhile is refused with its new version; an undo after another analyst’s, with who and when',
  { skip, timeout: 120_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${ws.base}/?country=Syria`);
    await page.fill('#analyst', 'amira');
    await page.dispatchEvent('#analyst', 'change');
    await page.click('#tab-review');
    const first = page.locator('.review li.active');
    await first.waitFor();
    const id = (await first.getAttribute('data-event'))!;
    // Another analyst corrects it while amira looks at the queue.
    const other = await fetch(`${ws.base}/api/events/${id}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'correct', by: 'karim', changes: { fatalities: 9 } }),
    });
    assert.equal(other.status, 200);
    await first.getByRole('button', { name: 'Accept' }).click();
    await message(page).filter({ hasText: 'changed while you looked at it' }).waitFor();
    assert.match((await message(page).textContent()) ?? '', /version \d+ now, corrected/);
    const now = await get<EventDetail>(ws.base, `/api/events/${id}`);
    assert.equal(now.reviewStatus, 'corrected', 'nothing applied');
    assert.equal(now.reviews.length, 1);

    // Amira accepts the next one, karim rejects it after; her undo names him.
    const next = page.locator('.review li.active');
    await next.waitFor();
    const nextId = (await next.getAttribute('data-event'))!;
    assert.notEqual(nextId, id, 'the corrected event has left the queue');
    await next.getByRole('button', { name: 'Accept' }).click();
    await message(page)
      .filter({ hasText: `Accepted ${nextId}` })
      .waitFor();
    const theirs = await fetch(`${ws.base}/api/events/${nextId}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'reject', by: 'karim', note: 'not an event' }),
    });
    const at = ((await theirs.json()) as EventDetail).reviews.at(-1)!.at;
    await page.getByRole('button', { name: 'Undo last' }).click();
    await message(page).filter({ hasText: 'Not undone' }).waitFor();
    assert.match(
      (await message(page).textContent()) ?? '',
      new RegExp(`karim decided "reject" on ${nextId} at ${at}`),
    );
    assert.equal((await get<EventDetail>(ws.base, `/api/events/${nextId}`)).reviewStatus, 'rejected');
    await page.close();
  },
);

test(
  'on a phone: the filter bar folded, the report form full height, a future date refused, a link to the coded event',
  { skip, timeout: 120_000 },
  async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(ws.base);
    await page.waitForSelector('#events li');
    const header = (await page.locator('header').boundingBox())!;
    assert.ok(header.height < 110, `the header takes ${header.height} of 844 px`);
    assert.equal(await page.locator('#filters').isHidden(), true, 'folded');
    await page.click('#toggle-filters');
    assert.equal(await page.locator('#filters').isVisible(), true, 'unfolded on asking');
    await page.click('#toggle-filters');
    await page.screenshot({ path: join(ARTIFACTS, 'phone-folded.png') });

    await page.click('#tab-submit');
    const text = page.locator('.submit textarea');
    const box = (await text.boundingBox())!;
    assert.ok(box.height > 300, `the report box is ${box.height} px high`);
    assert.equal(await page.locator('#map').isHidden(), true, 'the form has the screen');
    await text.fill('Regime forces shelled Kafr Nabl on Monday, killing two civilians, SOHR said.');
    await page.fill('.submit input[type=date]', '2031-05-01');
    await page.fill('.submit input:not([type])', 'Kafr Nabl media office');
    await page.click('.submit button[type=submit]');
    assert.equal(
      await page.locator('.submit input[type=date]').evaluate((e) => (e as HTMLInputElement).validity.valid),
      false,
    );
    assert.doesNotMatch((await page.locator('.submit [role=status]').textContent()) ?? '', /Sent/);
    await page.fill('.submit input[type=date]', '2021-03-01');
    await page.click('.submit button[type=submit]');
    const link = page.locator('.submit .coded a').first();
    await link.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'phone-submit.png') });
    await link.click();
    const drawer = page.locator('#event-panel .panel h2');
    await drawer.waitFor();
    const panel = (await page.locator('#event-panel').boundingBox())!;
    assert.ok(panel.y > 150 && Math.abs(panel.y + panel.height - 844) < 2, 'a drawer from the bottom');
    assert.match(
      (await page.locator('#event-panel .field[data-field=source]').textContent()) ?? '',
      /Kafr Nabl media office/,
    );
    assert.match((await page.locator('#event-panel .claims').textContent()) ?? '', /cites SOHR/);
    await page.screenshot({ path: join(ARTIFACTS, 'phone-drawer.png') });
    await page.getByRole('button', { name: 'Close the event' }).click();
    assert.equal(await page.locator('#event-panel').isHidden(), true);
    await page.close();
  },
);
