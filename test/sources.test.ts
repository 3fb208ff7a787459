// Event sources beyond single reports: ACLED and UCDP GED CSV files imported, and RSS / Atom feeds
// watched over real HTTP on loopback, with conditional GET, a hanging feed and bad items.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openStore } from '../src/store/open.js';
import { FIXTURES, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-sources-'));
const ACLED = join(FIXTURES, 'acled-round-trip.csv');

const servers: Server[] = [];
after(() => {
  for (const s of servers) s.closeAllConnections();
  for (const s of servers) s.close();
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('ACLED CSV: every row an event of its own, coded and dated as ACLED coded it, its id kept; again, nothing new', async () => {
  const db = join(dir, 'acled.db');
  const rows = parse(readFileSync(ACLED, 'utf8'), { columns: true }) as Array<Record<string, string>>;
  const r = await run(['import', '--format', 'acled', ACLED, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`${rows.length} new, 0 duplicate, 0 failed`));
  const store = await openStore(db);
  try {
    const page = await store.listEvents({ limit: 1000 });
    assert.equal(page.total, rows.length, 'two rows of one dataset are never merged');
    const row = rows.find((x) => x.fatalities !== '0' && x.geo_precision === '2')!;
    const found = page.events.filter(
      (e) =>
        e.location === row.location && e.sub_event_type === row.sub_event_type && e.actor1 === row.actor1,
    );
    const e = found.find((x) => x.notes === row.notes)!;
    assert.ok(e, 'the row is an event');
    assert.equal(e.fatalities, Number(row.fatalities));
    assert.equal(e.geo_precision, 2);
    assert.equal(e.latitude, Number(row.latitude));
    assert.match(e.event_date, /^2020-0[45]-\d\d$/);
    const detail = (await store.getEvent(e.id))!;
    assert.equal(detail.claims[0]!.details.imported?.dataset, 'ACLED');
    assert.equal(detail.claims[0]!.details.imported?.id, row.event_id_cnty);
    assert.equal(
      detail.claims[0]!.details.imported?.row?.admin3,
      row.admin3,
      'the columns the coding lacks are kept',
    );
    assert.equal(detail.claims[0]!.details.imported?.reviewed, true);
    assert.equal(e.reviewStatus, 'accepted', 'the coder reviewed it');
    assert.equal(detail.documents[0]!.externalId, `acled:${row.event_id_cnty}`);
    const doc = (await store.getDocument(detail.documents[0]!.id))!;
    assert.equal(doc.captureMethod, 'import');
    const original = Buffer.from((await store.getOriginal(doc.id))!).toString('utf8');
    const [header, line] = original.trim().split('\n');
    assert.equal(header, readFileSync(ACLED, 'utf8').split(/\r?\n/)[0], 'the original keeps the header');
    assert.ok(line!.includes(row.event_id_cnty!), 'and the row as written');
    assert.ok(
      detail.evidence.every((s) => doc.text.slice(s.start, s.end) === s.text),
      'evidence offsets point into the stored text',
    );
  } finally {
    await store.close();
  }
  const again = await run(['import', '--format', 'acled', ACLED, '--db', db]);
  assert.match(again.stderr, new RegExp(`0 new, ${rows.length} duplicate`));
});

test('ACLED CSV: bad rows are reported by line, the rest stored; a file without the columns is refused', async () => {
  const db = join(dir, 'bad.db');
  const header =
    'event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,inter1,actor2,inter2,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities';
  const file = join(dir, 'bad.csv');
  writeFileSync(
    file,
    [
      header,
      'SYR1,2020-05-01,1,Battles,Armed clash,Military Forces of Syria (2000-),State forces,Hayat Tahrir al Sham,Rebel group,Syria,Idleb,Kafr Nobol,35.61,36.56,1,SOHR,"Clashes near Kafr Nobol,\nwith shelling.",2',
      'SYR2,31-Feb-20,1,Battles,Armed clash,A,1,B,2,Syria,Idleb,X,35,36,1,S,n,0',
      'SYR3,2020-05-01,1,Skirmish,Armed clash,A,1,B,2,Syria,Idleb,X,35,36,1,S,n,0',
      'SYR4,2020-05-01,1,Battles,Armed clash,A,1,B,2,Syria,Idleb,X,135,36,1,S,n,0',
      'SYR5,2020-05-01,1,Battles,Armed clash,A,1,B,2,Syria,Idleb,X,35,36,1,S,n',
      'SYR6,2-May-20,1,Protests,Peaceful protest,Protesters (Syria),6,,0,Syria,Idleb,Idlib,35.93,36.63,1,S,A protest.,0',
    ].join('\n'),
  );
  const r = await run(['import', '--format', 'acled', file, '--db', db]);
  assert.equal(r.code, 1, 'most rows failed: the batch as a whole failed');
  assert.match(r.stderr, /failed by cause: .*latitude "…" is not a number in \[N, N\]/);
  assert.match(r.stderr, /bad\.csv:4: event_date "31-Feb-20" is not a date/);
  assert.match(r.stderr, /bad\.csv:5: event_type "Skirmish"/);
  assert.match(r.stderr, /bad\.csv:6: latitude "135" is not a number in \[-90, 90\]/);
  assert.match(r.stderr, /bad\.csv:7: malformed CSV row/);
  assert.match(r.stderr, /2 new, 0 duplicate, 4 failed/);
  const store = await openStore(db);
  const events = (await store.listEvents({ limit: 10 })).events;
  await store.close();
  assert.deepEqual(events.map((e) => e.event_date).sort(), ['2020-05-01', '2020-05-02']);
  assert.equal(
    events.find((e) => e.location === 'Kafr Nobol')!.inter2,
    2,
    'actor types in words become codes',
  );

  const wrong = join(dir, 'wrong.csv');
  writeFileSync(wrong, 'a,b,c\n1,2,3\n');
  const w = await run(['import', '--format', 'ucdp', wrong, '--db', db]);
  assert.equal(w.code, 1);
  assert.match(w.stderr, /wrong\.csv: not a UCDP GED CSV file: no column id, type_of_violence/);
});

test('UCDP GED CSV: violence types, precision codes and best estimates become ACLED coding; ids kept', async () => {
  const db = join(dir, 'ucdp.db');
  const file = join(dir, 'ged.csv');
  const header =
    'id,relid,year,type_of_violence,conflict_name,dyad_name,side_a,side_b,source_office,source_headline,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,country,date_prec,date_start,date_end,best,high,low';
  writeFileSync(
    file,
    [
      header,
      '900001,SYR-2017-1-1,2017,1,Syria: Government,Government of Syria - IS,Government of Syria,IS,Reuters,Army advances,1,Dayr al Zawr town,outskirts,Dayr al Zawr governorate,,35.336,40.14,Syria,1,2017-09-05 00:00:00.000,2017-09-05 00:00:00.000,12,20,10',
      '900002,SYR-2017-3-1,2017,3,IS - civilians,IS - civilians,IS,Civilians,AFP,Villagers killed,4,Dayr al Zawr governorate,somewhere in the province,Dayr al Zawr governorate,,35.0,40.5,Syria,4,2017-09-01,2017-09-30,5,7,5',
      '900003,SYR-2017-1-2,2017,9,x,x,x,y,AFP,x,1,x,x,x,,35,40,Syria,1,2017-09-05,2017-09-05,1,1,1',
    ].join('\n'),
  );
  const r = await run(['import', '--format', 'ucdp', file, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /ged\.csv:4: type_of_violence "9" is not a whole number in \[1, 3\]/);
  const store = await openStore(db);
  try {
    const events = (await store.listEvents({ limit: 10 })).events;
    assert.equal(events.length, 2);
    const battle = events.find((e) => e.event_type === 'Battles')!;
    assert.equal(battle.sub_event_type, 'Armed clash');
    assert.equal(battle.event_date, '2017-09-05');
    assert.equal(battle.time_precision, 1);
    assert.equal(battle.geo_precision, 1);
    assert.equal(battle.fatalities, 12, 'the best estimate');
    assert.equal(battle.inter1, 1, 'a government is state forces');
    const attack = events.find((e) => e.event_type === 'Violence against civilians')!;
    assert.equal(attack.sub_event_type, 'Attack');
    assert.equal(attack.actor2, 'Civilians (Syria)');
    assert.equal(attack.geo_precision, 3, 'where_prec 4 (the province) is ACLED precision 3');
    assert.equal(attack.time_precision, 3, 'date_prec 4 (the month) is ACLED precision 3');
    const detail = (await store.getEvent(attack.id))!;
    assert.deepEqual(detail.claims[0]!.details.imported, { dataset: 'UCDP', id: '900002', reviewed: true });
    assert.deepEqual(detail.claims[0]!.details.counts.fatalities, { low: 5, best: 5, high: 7 });
  } finally {
    await store.close();
  }
});

const rss = (items: string[], title = 'Levant Wire') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title><link>http://example.org/</link>${items.join('')}</channel></rss>`;
const item = (guid: string, title: string, body: string, date = 'Tue, 05 Sep 2017 09:00:00 GMT') =>
  `<item><guid>${guid}</guid><title>${title}</title><pubDate>${date}</pubDate><description>${body.slice(0, 40)}</description><content:encoded><![CDATA[<p>${body}</p>]]></content:encoded></item>`;

test('watch: feed items are ingested; an unchanged feed costs a 304; only new items are new; bad items are named', async () => {
  const db = join(dir, 'feeds.db');
  let items = [
    item(
      'wire-1',
      'Air strikes hit convoy route',
      'Coalition air strikes hit the road near Humaymah in eastern Syria on Monday, the Syrian Observatory for Human Rights said.',
    ),
    '<item><guid>wire-2</guid></item>',
    item(
      'wire-3',
      'Protest in Idlib',
      'Hundreds of people protested in Idlib city on Monday against the rising cost of bread, witnesses said.',
    ),
  ];
  let etag = '"v1"';
  const seen = { requests: 0, conditional: 0 };
  const base = await serve((req, res) => {
    seen.requests++;
    if (req.headers['if-none-match'] === etag) {
      seen.conditional++;
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
    res.end(rss(items));
  });
  const atomBase = await serve((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/atom+xml',
      'last-modified': 'Tue, 05 Sep 2017 10:00:00 GMT',
    });
    res.end(
      `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Field Notes</title><id>urn:field</id><updated>2017-09-06T00:00:00Z</updated>` +
        `<entry><id>urn:field:1</id><title>Shelling in Deir ez-Zor</title><updated>2017-09-06T08:00:00Z</updated><link href="http://example.org/f/1"/>` +
        `<content type="html">&lt;p&gt;Government forces shelled neighbourhoods of Deir ez-Zor city on Wednesday, killing two civilians, according to local activists.&lt;/p&gt;</content></entry></feed>`,
    );
  });
  const first = await run([
    'watch',
    `${base}/feed.xml`,
    `${atomBase}/atom.xml`,
    '--once',
    '--allow-hosts',
    '127.0.0.1',
    '--db',
    db,
  ]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /feed\.xml item 2: has neither a title nor any text/);
  assert.match(first.stderr, /feed\.xml: 2 new, 0 duplicate, 1 failed/);
  assert.match(first.stderr, /atom\.xml: 1 new/);
  const state = JSON.parse(readFileSync(`${db}.feeds.json`, 'utf8')) as Record<
    string,
    { etag?: string; lastModified?: string }
  >;
  assert.equal(state[`${base}/feed.xml`]!.etag, '"v1"');
  assert.equal(state[`${atomBase}/atom.xml`]!.lastModified, 'Tue, 05 Sep 2017 10:00:00 GMT');

  const second = await run(['watch', `${base}/feed.xml`, '--once', '--allow-hosts', '127.0.0.1', '--db', db]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /feed\.xml: not modified/);
  assert.equal(seen.conditional, 1, 'the ETag was sent back and answered 304');

  items = [
    item(
      'wire-4',
      'Drone strike in Albukamal',
      'A drone strike hit a vehicle in Albukamal on Tuesday, killing three people, SOHR said.',
      'Wed, 06 Sep 2017 09:00:00 GMT',
    ),
    ...items,
  ];
  etag = '"v2"';
  const third = await run(['watch', `${base}/feed.xml`, '--once', '--allow-hosts', '127.0.0.1', '--db', db]);
  assert.match(third.stderr, /feed\.xml: 1 new, 2 duplicate, 1 failed/);

  const store = await openStore(db);
  try {
    assert.equal((await store.counts()).documents, 4);
    const strikes = await store.listEvents({ q: 'Humaymah', limit: 10 });
    assert.ok(strikes.total >= 1, 'the first item’s event is stored');
    const doc = (await store.getDocument(strikes.events[0]!.docIds[0]!))!;
    assert.equal(doc.captureMethod, 'feed');
    assert.equal(doc.publisher, 'Levant Wire');
    assert.equal(doc.published, '2017-09-05');
    assert.match(doc.text, /Air strikes hit convoy route/);
  } finally {
    await store.close();
  }
});

test('watch: a feed that hangs times out and the others are still read; a broken feed is an error naming it', async () => {
  const db = join(dir, 'hang.db');
  const hanging = await serve(() => {
    /* never answers */
  });
  const slowBody = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.write('<?xml version="1.0"?><rss version="2.0"><channel>');
  });
  const broken = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end('<rss><channel><item><title>unclosed');
  });
  const good = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      rss([
        item(
          'g-1',
          'Clashes in Daraa',
          'Clashes broke out between government forces and rebels in Daraa city on Monday, the Syrian Observatory said.',
        ),
      ]),
    );
  });
  const started = Date.now();
  const r = await run([
    'watch',
    `${hanging}/a`,
    `${slowBody}/b`,
    `${broken}/c`,
    `${good}/d`,
    '--once',
    '--timeout',
    '1',
    '--allow-hosts',
    '127.0.0.1',
    '--db',
    db,
  ]);
  assert.ok(Date.now() - started < 15_000, 'the hanging feeds did not hold the round up');
  assert.equal(r.code, 1, 'a round with a failed feed exits 1');
  assert.match(r.stderr, new RegExp(`${hanging}/a: no complete answer within 1 s`));
  assert.match(r.stderr, new RegExp(`${slowBody}/b: no complete answer within 1 s`));
  assert.match(r.stderr, new RegExp(`${broken}/c: not an RSS or Atom feed`));
  assert.match(r.stderr, new RegExp(`${good}/d: 1 new`));
  assert.ok(existsSync(`${db}.feeds.json`));
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.partial-')),
    [],
  );
  const bad = await run(['watch', 'file:///etc/passwd', '--once', '--allow-hosts', '127.0.0.1', '--db', db]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /file:\/\/\/etc\/passwd: not an http\(s\) address/);
});
