// The Store contract for what analysts filter and decide by, written once against the interface:
// places, fatalities, interaction, review status, words with OR and spellings, sorting, facets,
// review decisions checked against the version seen, undo, imported rows arriving accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { importAll } from '../src/ingest/pipeline.js';
import { readTable } from '../src/ingest/tables/read-table.js';
import { loadResources } from '../src/extract/resources.js';
import { widenSearch } from '../src/server/query.js';
import { StoreError, type Store } from '../src/store/store.js';
import { acledFixture } from './helpers/acled-fixture.js';
import { makeDocument, makeEvent } from './store-contract.js';

/** Stores `n` rows of the ACLED fixture, as an import does (accepted unless `pending`). */
async function imported(store: Store, n: number, pending = false): Promise<void> {
  const summary = await importAll(
    readTable(Readable.from([acledFixture(n)]), 'acled', 'fixture.csv', { plover: () => '', pending }),
    store,
  );
  assert.equal(summary.new, n);
}

export function recordContract(engine: string, open: () => Promise<Store>): void {
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

  test(`${engine}: a decision on a changed event is refused with the event as it is; undo, refused after another analyst's`, async () => {
    const store = await open();
    try {
      const a = makeDocument('Regime forces clashed with HTS near Saraqib.');
      const { eventIds } = await store.ingest(a.doc, [makeEvent()], a.bytes);
      const id = eventIds[0]!;
      const seen = (await store.getEvent(id))!.version;
      // Another report joins the event meanwhile: it is at a new version.
      const b = makeDocument('Clashes near Saraqib, AFP said.', { publisher: 'AFP' });
      await store.ingest(b.doc, [makeEvent({ attribution: [{ source: 'AFP', via: [] }] })], b.bytes);
      const now = (await store.getEvent(id))!;
      assert.ok(now.version > seen);
      const refused = await store.reviewEvent(id, { action: 'accept', by: 'amira', version: seen }).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(refused instanceof StoreError && refused.kind === 'conflict', String(refused));
      assert.match(refused.message, new RegExp(`version ${now.version} now`));
      assert.equal((refused.current as { version: number }).version, now.version, 'the event as it is now');
      assert.equal((await store.getEvent(id))!.reviewStatus, 'pending', 'nothing applied');

      // Decided on what is there now; corrected on top; then undone, last first.
      const accepted = await store.reviewEvent(id, { action: 'accept', by: 'amira', version: now.version });
      assert.equal(accepted.reviewStatus, 'accepted');
      const corrected = await store.reviewEvent(id, {
        action: 'correct',
        by: 'amira',
        changes: { actor2: 'Civilians (Syria)', notes: 'Corrected notes.', time_precision: 2 },
      });
      assert.equal(corrected.actor2, 'Civilians (Syria)');
      assert.equal(corrected.notes, 'Corrected notes.');
      assert.equal(corrected.time_precision, 2);
      const [acceptId, correctId] = corrected.reviews.map((r) => r.id);
      await assert.rejects(store.undoReview(acceptId!, 'amira'), /after decision/, 'a later decision stands');
      const undone = await store.undoReview(correctId!, 'amira');
      assert.equal(undone.actor2, 'HTS: Hayat Tahrir al Sham', 'the correction is taken back');
      assert.equal(undone.reviewStatus, 'accepted');
      assert.deepEqual(undone.reviews.at(-1)!.undone?.by, 'amira');
      const pending = await store.undoReview(acceptId!, 'amira');
      assert.equal(pending.reviewStatus, 'pending');
      await assert.rejects(store.undoReview(acceptId!, 'amira'), /already undone/);

      // Another analyst decides after: the first one's undo names who and when.
      const mine = (await store.reviewEvent(id, { action: 'accept', by: 'amira' })).reviews.at(-1)!;
      const theirs = (
        await store.reviewEvent(id, { action: 'reject', by: 'karim', note: 'not an event' })
      ).reviews.at(-1)!;
      const late = await store.undoReview(mine.id, 'amira').then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(late instanceof StoreError && late.kind === 'conflict');
      assert.match(late.message, new RegExp(`karim decided "reject" on ${id} at ${theirs.at}`));
      assert.equal((await store.getEvent(id))!.reviewStatus, 'rejected', 'nothing undone');
      await assert.rejects(store.undoReview(theirs.id, 'amira'), /is karim's/);
      await assert.rejects(store.undoReview(999_999, 'amira'), /no review decision 999999/);
      const report = await store.verifyAudit();
      assert.deepEqual(report.problems, [], 'the chain of custody holds');
    } finally {
      await store.close();
    }
  });
}
