// Arabic reports through `ingest` and `watch` (an RSS feed over real HTTP on loopback): coded to the
// same contract as English ones, ACLED's fields with English values and evidence offsets into the
// Arabic text as stored.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open.js';
import type { StoredEvent, Store } from '../src/store/store.js';
import { run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-arabic-'));
const servers: Server[] = [];
after(() => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

// Reports written for the test in the style of a monitoring bulletin.
const SHELLING =
  'قتل ثلاثة مدنيين بينهم طفل بقصف مدفعي لقوات النظام على بلدة سراقب في ريف إدلب الشرقي يوم الثلاثاء، بحسب المرصد السوري لحقوق الإنسان.';
const PROTEST = 'تظاهر العشرات من أهالي مدينة إدلب يوم الثلاثاء احتجاجاً على ارتفاع أسعار الخبز.';

/** Every evidence span of the event lies in its stored document, at its offsets, on Arabic words. */
async function assertArabicEvidence(store: Store, e: StoredEvent): Promise<void> {
  assert.ok(e.evidence.length >= 2, JSON.stringify(e.evidence));
  for (const s of e.evidence) {
    const doc = (await store.getDocument(s.docId))!;
    assert.equal(doc.text.slice(s.start, s.end), s.text, `span ${s.start}-${s.end} of ${s.docId}`);
    assert.match(s.text, /\p{Script=Arabic}/u);
  }
}

test('ingest codes an Arabic report: English values, ACLED actor names, evidence offsets into the Arabic text', async () => {
  const db = join(dir, 'ingest.db');
  const file = join(dir, 'saraqib.txt');
  writeFileSync(file, SHELLING);
  const r = await run(['ingest', file, '--published', '2024-10-15', '--source', 'SOHR', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  const store = await openStore(db);
  try {
    const page = await store.listEvents({ limit: 10 });
    assert.equal(page.total, 1, JSON.stringify(page.events.map((e) => e.sub_event_type)));
    const e = page.events[0]!;
    assert.equal(e.event_type, 'Explosions/Remote violence');
    assert.equal(e.sub_event_type, 'Shelling/artillery/missile attack');
    assert.equal(e.actor1, 'Military Forces of Syria (2000-)');
    assert.equal(e.fatalities, 3);
    assert.equal(e.event_date, '2024-10-15', 'يوم الثلاثاء: the Tuesday of the week published');
    assert.equal(e.country, 'Syria');
    assert.equal(e.admin1, 'Idlib');
    assert.equal(e.location, 'Saraqib');
    await assertArabicEvidence(store, e);
    const doc = (await store.getDocument(e.docIds[0]!))!;
    assert.equal(doc.text, SHELLING, 'the Arabic text is stored as written');
  } finally {
    await store.close();
  }
});

test('watch codes an Arabic feed item to the same contract', async () => {
  const db = join(dir, 'watch.db');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>شبكة أخبار إدلب</title><link>http://example.org/</link>` +
        `<item><guid>ar-1</guid><title>نشرة المساء</title><pubDate>Tue, 15 Oct 2024 09:00:00 GMT</pubDate><description>${SHELLING}</description></item>` +
        `<item><guid>ar-2</guid><title>مظاهرة في إدلب</title><pubDate>Tue, 15 Oct 2024 12:00:00 GMT</pubDate><description>${PROTEST}</description></item>` +
        `</channel></rss>`,
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  const r = await run(['watch', url, '--once', '--allow-hosts', '127.0.0.1', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /feed\.xml: 2 new, 0 duplicate, 0 failed/);
  const store = await openStore(db);
  try {
    const page = await store.listEvents({ limit: 10 });
    const shelling = page.events.find((e) => e.sub_event_type === 'Shelling/artillery/missile attack');
    assert.ok(shelling, JSON.stringify(page.events.map((e) => e.sub_event_type)));
    assert.equal(shelling.actor1, 'Military Forces of Syria (2000-)');
    assert.equal(shelling.fatalities, 3);
    assert.equal(shelling.location, 'Saraqib');
    await assertArabicEvidence(store, shelling);
    const protest = page.events.find((e) => e.event_type === 'Protests');
    assert.ok(protest, JSON.stringify(page.events.map((e) => e.sub_event_type)));
    assert.equal(protest.sub_event_type, 'Peaceful protest');
    assert.equal(protest.admin1, 'Idlib');
    await assertArabicEvidence(store, protest);
    const doc = (await store.getDocument(shelling.docIds[0]!))!;
    assert.equal(doc.captureMethod, 'feed');
    assert.equal(doc.published, '2024-10-15');
  } finally {
    await store.close();
  }
});
