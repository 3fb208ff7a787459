// The event-query concern of the Store contract: filters, words, sorting and paging, on made-up
// reports and on imported ACLED rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../../src/extract/resources.js';
import { widenSearch } from '../../src/server/query.js';
import { type Store } from '../../src/store/store.js';
import { imported, makeDocument, makeEvent } from './fixtures.js';

export function eventQueriesContract(engine: string, open: () => Promise<Store>): void {
  test(`${engine}: events filter by bbox, dates, type, actor and full text, with paging`, async () => {
    const store = await open();
    try {
      const a = makeDocument('Clashes near Saraqib in Idlib countryside.');
      await store.ingest(a.doc, [makeEvent()], a.bytes);
      const b = makeDocument('Protesters gathered in Beirut against the banks.');
      await store.ingest(
        b.doc,
        [
          makeEvent({
            event_type: 'Protests',
            sub_event_type: 'Peaceful protest',
            actor1: 'Protesters (Lebanon)',
            actor2: '',
            inter1: 6,
            inter2: 0,
            country: 'Lebanon',
            admin1: 'Beirut',
            location: 'Beirut',
            latitude: 33.89,
            longitude: 35.5,
            event_date: '2020-04-30',
            fatalities: 0,
            notes: 'Protest against banks.',
          }),
          makeEvent({
            latitude: null,
            longitude: null,
            geo_precision: null,
            location: '',
            event_date: '2020-03-01',
            notes: 'Unplaced clash.',
          }),
        ],
        b.bytes,
      );
      assert.equal((await store.listEvents({})).total, 3);
      const inSyria = await store.listEvents({ bbox: [35.7, 32.3, 42.4, 37.3] });
      assert.deepEqual(
        inSyria.events.map((e) => e.location),
        ['Saraqib'],
      );
      assert.equal((await store.listEvents({ start: '2020-04-29' })).events[0]?.location, 'Beirut');
      assert.equal((await store.listEvents({ start: '2020-04-01', end: '2020-04-29' })).total, 1);
      assert.equal((await store.listEvents({ eventType: 'Protests' })).total, 1);
      assert.equal((await store.listEvents({ subEventType: 'Armed clash' })).total, 2);
      assert.equal((await store.listEvents({ actor: 'hayat tahrir' })).total, 2);
      assert.equal((await store.listEvents({ actor: '100%_' })).total, 0);
      assert.equal(
        (await store.listEvents({ q: 'banks' })).total,
        2,
        'matches event notes and document text',
      );
      assert.equal((await store.listEvents({ q: 'Saraqib' })).total, 1);
      assert.equal((await store.listEvents({ q: '"; DROP TABLE events; --' })).total, 0);
      assert.equal((await store.listEvents({ q: '***' })).total, 0);
      const p1 = await store.listEvents({ limit: 2 });
      const p2 = await store.listEvents({ limit: 2, offset: 2 });
      assert.equal(p1.events.length, 2);
      assert.equal(p2.events.length, 1);
      assert.ok(!p1.events.some((e) => e.id === p2.events[0]!.id));
      assert.deepEqual(
        p1.events.map((e) => e.event_date),
        ['2020-04-30', '2020-04-28'],
        'newest first',
      );
      // A page with only some fields: the same events, in the same order, with those values.
      for (const filter of [
        {},
        { limit: 2, offset: 1 },
        { bbox: [35, 33, 37, 36] as [number, number, number, number] },
        { q: 'banks' },
      ]) {
        const full = await store.listEvents(filter);
        const lean = await store.listEventFields(filter, [
          'event_date',
          'latitude',
          'fatalities',
          'claimCount',
        ]);
        assert.deepEqual(
          { total: lean.total, limit: lean.limit, offset: lean.offset },
          { total: full.total, limit: full.limit, offset: full.offset },
        );
        assert.deepEqual(
          lean.events,
          full.events.map((e) => ({
            id: e.id,
            event_date: e.event_date,
            latitude: e.latitude,
            fatalities: e.fatalities,
            claimCount: e.claimCount,
          })),
        );
      }
      await assert.rejects(store.listEventFields({}, ['event_date', 'password']), /unknown field "password"/);
      // A start or end that has the shape of a date but is none is compared as text on every path
      // (no day number is made of it), never an error.
      for (const start of ['2020-13-01', '2020-04-31'])
        for (const extra of [
          {},
          { bbox: [30, 30, 40, 40] as [number, number, number, number] },
          { maxGeoPrecision: 3 },
        ]) {
          const page = await store.listEvents({ start, ...extra });
          assert.ok(
            page.events.every((e) => e.event_date >= start),
            `${start} ${JSON.stringify(extra)}`,
          );
          assert.equal(page.total, start === '2020-13-01' ? 0 : page.events.length);
        }
      assert.deepEqual(await store.histogram({ start: '2020-13-01' }, 'day'), []);
      assert.deepEqual(
        await store.histogram({ start: '2020-04-29', end: '2020-04-31' }, 'day'),
        await store.histogram({ start: '2020-04-29', end: '2020-04-31', maxGeoPrecision: 3 }, 'day'),
      );
    } finally {
      await store.close();
    }
  });
}

export function importedQueriesContract(engine: string, open: () => Promise<Store>): void {
  const gazetteer = loadResources().gazetteer;

  test(`${engine}: filters by place, fatalities, interaction and sub-event type, as the rows hold them`, async () => {
    const store = await open();
    try {
      await imported(store, 120);
      const all = await store.listEvents({ limit: 1000 });
      assert.equal(all.total, 120);
      const count = async (f: Parameters<Store['listEvents']>[0]) => (await store.listEvents(f)).total;
      const where = (pred: (e: (typeof all.events)[number]) => boolean) => all.events.filter(pred).length;
      for (const [filter, pred] of [
        [{ country: 'Iraq' }, (e) => e.country === 'Iraq'],
        [{ admin1: 'Idleb' }, (e) => e.admin1 === 'Idleb'],
        [{ admin2: 'Al Mayadin' }, (e) => e.admin2 === 'Al Mayadin'],
        [{ minFatalities: 5 }, (e) => e.fatalities >= 5],
        [{ interaction: 17 }, (e) => e.interaction === 17],
        [{ subEventType: 'Armed clash' }, (e) => e.sub_event_type === 'Armed clash'],
        [
          { country: 'Syria', minFatalities: 4, eventType: 'Battles' },
          (e) => e.country === 'Syria' && e.fatalities >= 4 && e.event_type === 'Battles',
        ],
      ] as Array<[Parameters<Store['listEvents']>[0], (e: (typeof all.events)[number]) => boolean]>) {
        const expected = where(pred);
        assert.ok(expected > 0 && expected < 120, JSON.stringify(filter));
        assert.equal(await count(filter), expected, JSON.stringify(filter));
        // The map's points, its cells and the timeline count the same events.
        assert.equal((await store.mapPoints(filter)).total, expected, `points ${JSON.stringify(filter)}`);
        const cells = await store.grid(filter, 1);
        assert.equal(
          cells.reduce((n, c) => n + c.count, 0),
          expected,
          `grid ${JSON.stringify(filter)}`,
        );
        const days = await store.histogram(filter, 'month');
        assert.equal(
          days.reduce((n, b) => n + b.count, 0),
          expected,
          `histogram ${JSON.stringify(filter)}`,
        );
        let exported = 0;
        for await (const rows of store.exportRows(filter)) exported += rows.length;
        assert.equal(exported, expected, `export ${JSON.stringify(filter)}`);
      }
      // The map asks for the whole answer or none: past the limit, counted only to one more.
      assert.deepEqual(await store.mapPoints({ limit: 50 }, { whole: true }), { total: 51, points: [] });
      const whole = await store.mapPoints({ limit: 500, country: 'Iraq' }, { whole: true });
      assert.equal(whole.points.length, whole.total);
      assert.equal(
        whole.total,
        where((e) => e.country === 'Iraq'),
      );
      // Facets: each value with how many events have it, under the other filters.
      const admin1 = await store.facets({ country: 'Syria' }, 'admin1', 50);
      assert.deepEqual(admin1.map((f) => f.value).sort(), ['Aleppo', 'Deir-ez-Zor', 'Idleb']);
      for (const f of admin1)
        assert.equal(f.count, await count({ country: 'Syria', admin1: String(f.value) }));
      assert.ok(admin1[0]!.count >= admin1.at(-1)!.count, 'most first');
    } finally {
      await store.close();
    }
  });

  test(`${engine}: words with OR, phrases, and a place found under the gazetteer's other spellings`, async () => {
    const store = await open();
    try {
      await imported(store, 60);
      const total = async (q: string) => (await store.listEvents({ q })).total;
      const idleb = await total('Idleb');
      const mosul = await total('Mosul');
      assert.ok(idleb > 0 && mosul > 0);
      assert.equal(await total('Idleb OR Mosul'), idleb + mosul, 'OR: either');
      assert.equal(await total('Idleb Mosul'), 0, 'words are all required');
      // ACLED spells Idleb and Deir-ez-Zor; analysts type Idlib, Deir Ezzor, دير الزور.
      assert.equal(await total('Idlib'), 0, 'the plain words do not match another spelling');
      assert.equal(await total(widenSearch('Idlib', gazetteer)), idleb);
      const deir = (await store.listEvents({ admin1: 'Deir-ez-Zor' })).total;
      assert.ok(deir > 0);
      for (const spelling of ['Deir Ezzor', 'Deir ez-Zor', 'دير الزور', 'Dayr az Zawr'])
        assert.equal(await total(widenSearch(spelling, gazetteer)), deir, spelling);
      assert.equal(await total(widenSearch('Idlib OR Mosul', gazetteer)), idleb + mosul);
      assert.equal(
        await total('"armed clash"'),
        (await store.listEvents({ subEventType: 'Armed clash' })).total,
      );
    } finally {
      await store.close();
    }
  });

  test(`${engine}: sorting by a field either way, paging past the first pages`, async () => {
    const store = await open();
    try {
      await imported(store, 90);
      const page = async (sort: string, offset: number) =>
        (await store.listEventFields({ sort, limit: 30, offset }, ['fatalities', 'event_date'])).events;
      const up = [
        ...(await page('fatalities', 0)),
        ...(await page('fatalities', 30)),
        ...(await page('fatalities', 60)),
      ];
      assert.equal(new Set(up.map((e) => e.id)).size, 90, 'three pages, no event twice');
      const f = up.map((e) => Number(e.fatalities));
      assert.deepEqual(
        f,
        [...f].sort((a, b) => a - b),
      );
      const down = (await page('-fatalities', 0)).map((e) => Number(e.fatalities));
      assert.deepEqual(
        down,
        [...down].sort((a, b) => b - a),
      );
      assert.equal(down[0], Math.max(...f));
      const oldest = (await page('event_date', 0))[0]!.event_date;
      assert.equal(oldest, '2021-01-01');
      await assert.rejects(store.listEvents({ sort: 'nonsense' }), /sort "nonsense" is not a field/);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: imported rows arrive accepted unless the import says otherwise; rejected ones are hidden unless asked for`, async () => {
    const store = await open();
    try {
      await imported(store, 10);
      assert.equal((await store.listEvents({ reviewStatus: 'accepted' })).total, 10);
      assert.equal((await store.listEvents({ reviewStatus: 'pending' })).total, 0);
      const { doc, bytes } = makeDocument('Regime forces clashed with HTS near Saraqib.');
      await store.ingest(doc, [makeEvent()], bytes);
      assert.equal((await store.listEvents({ reviewStatus: 'pending' })).total, 1, 'a report is for review');
      const other = await open();
      try {
        await imported(other, 10, true);
        assert.equal((await other.listEvents({ reviewStatus: 'pending' })).total, 10, '--pending');
      } finally {
        await other.close();
      }
      const [first] = (await store.listEvents({ reviewStatus: 'accepted', limit: 1 })).events;
      await store.reviewEvent(first!.id, { action: 'reject', by: 'amira', note: 'a duplicate of FIX2' });
      assert.equal((await store.listEvents({})).total, 10, 'rejected hidden by default');
      assert.equal((await store.listEvents({ reviewStatus: 'any' })).total, 11);
      assert.equal((await store.listEvents({ reviewStatus: ['rejected', 'pending'] })).total, 2);
      assert.equal((await store.mapPoints({})).total, 10);
      let exported = 0;
      for await (const rows of store.exportRows({})) exported += rows.length;
      assert.equal(exported, 10, 'not exported');
    } finally {
      await store.close();
    }
  });
}
