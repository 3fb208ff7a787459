// The record-edit concern of the Store contract: merges and splits that survive re-clustering,
// reviews, decisions checked against the version seen, and undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError, type EventFilter, type Store } from '../../src/store/store.js';
import { makeDocument, makeEvent } from './fixtures.js';

export function editsContract(engine: string, open: () => Promise<Store>): void {
  test(`${engine}: an analyst's merge and split survive re-clustering`, async () => {
    const store = await open();
    try {
      const a = makeDocument('Regime forces clashed with HTS near Saraqib.');
      const ra = await store.ingest(a.doc, [makeEvent()], a.bytes);
      const b = makeDocument('Government troops fought HTS near Saraqib.', { publisher: 'AFP' });
      const rb = await store.ingest(
        b.doc,
        [
          makeEvent({
            attribution: [{ source: 'AFP', via: [] }],
            notes: 'Government troops fought HTS near Saraqib.',
          }),
        ],
        b.bytes,
      );
      assert.deepEqual(rb.eventIds, ra.eventIds, 'matched automatically');
      const c = makeDocument('Clashes in Deir ez-Zor.', { publisher: 'AFP' });
      const rc = await store.ingest(
        c.doc,
        [
          makeEvent({
            latitude: 35.33,
            longitude: 40.14,
            location: 'Deir ez-Zor',
            notes: 'Clashes in Deir ez-Zor.',
          }),
        ],
        c.bytes,
      );
      assert.notDeepEqual(rc.eventIds, ra.eventIds);

      // The analyst knows better: AFP's report is another clash; Deir ez-Zor's is the same one.
      const full = (await store.getEvent(ra.eventIds[0]!))!;
      const afpClaim = full.claims.find((x) => x.documentId === rb.documentId)!;
      const split = await store.splitEvent(full.id, [afpClaim.id], 'analyst');
      assert.deepEqual(
        split.claims.map((x) => x.id),
        [afpClaim.id],
      );
      const merged = await store.mergeEvents(ra.eventIds[0]!, rc.eventIds[0]!, 'analyst');
      assert.equal(merged.claimCount, 2);
      assert.equal(
        (await store.getEvent(rc.eventIds[0]!))?.id,
        merged.id,
        'the merged-away id leads to the event',
      );
      assert.ok(merged.history.some((h) => h.action === 'merged' && h.by === 'analyst'));

      const before = (await store.listEvents({})).events.map((e) => [e.id, e.claimCount]).sort();
      const run = await store.recluster();
      assert.equal(run.claims, 3);
      const after = (await store.listEvents({})).events.map((e) => [e.id, e.claimCount]).sort();
      assert.deepEqual(after, before, "the re-run keeps the analyst's decisions");
      await assert.rejects(
        store.splitEvent(
          merged.id,
          merged.claims.map((x) => x.id),
          'a',
        ),
        /not none or all/,
      );
      await assert.rejects(store.mergeEvents(merged.id, 'ev_nothing', 'a'), /no event ev_nothing/);
      // The counts kept as events are written followed the split, the merge and the re-run: they
      // agree with a scan of the events (a filter every event passes takes the scan).
      assert.deepEqual(
        await store.histogram({}, 'day'),
        await store.histogram({ maxGeoPrecision: 3 }, 'day'),
      );
      const cells = async (f: EventFilter) =>
        (await store.grid(f, 360 / 2 ** 9))
          .map((c) => [c.count, c.longitude.toFixed(6), c.latitude.toFixed(6)])
          .sort();
      assert.deepEqual(await cells({}), await cells({ maxGeoPrecision: 3 }));
      assert.equal(
        (await cells({})).reduce((k, c) => k + Number(c[0]), 0),
        2,
      );
    } finally {
      await store.close();
    }
  });

  test(`${engine}: review: accept, correct and reject, with who and when; corrections survive new reports and re-runs`, async () => {
    const store = await open();
    try {
      const a = makeDocument('Regime forces clashed with HTS near Saraqib.');
      const ra = await store.ingest(a.doc, [makeEvent()], a.bytes);
      const b = makeDocument('Protest in Beirut.');
      const rb = await store.ingest(
        b.doc,
        [
          makeEvent({
            event_type: 'Protests',
            sub_event_type: 'Peaceful protest',
            latitude: 33.89,
            longitude: 35.5,
            location: 'Beirut',
            country: 'Lebanon',
            actor1: 'Protesters (Lebanon)',
            actor2: '',
            notes: 'Protest in Beirut.',
          }),
        ],
        b.bytes,
      );
      assert.equal((await store.listEvents({ reviewStatus: 'pending' })).total, 2);
      const id = ra.eventIds[0]!;
      const corrected = await store.reviewEvent(id, {
        action: 'correct',
        by: 'analyst@example',
        changes: {
          fatalities: 3,
          sub_event_type: 'Armed clash',
          location: 'Sarmin',
          latitude: 35.9,
          longitude: 36.72,
        },
        note: 'SOHR revised the toll',
      });
      assert.equal(corrected.reviewStatus, 'corrected');
      assert.equal(corrected.fatalities, 3);
      assert.equal(corrected.location, 'Sarmin');
      const h = corrected.history.at(-1)!;
      assert.equal(h.action, 'reviewed');
      assert.equal(h.by, 'analyst@example');
      assert.deepEqual(h.changes.fatalities, [4, 3]);
      await store.reviewEvent(rb.eventIds[0]!, { action: 'reject', by: 'analyst@example' });
      assert.equal((await store.listEvents({ reviewStatus: 'rejected' })).total, 1);
      assert.equal((await store.listEvents({ reviewStatus: 'pending' })).total, 0);

      // A new report of the same clash, and a re-run, keep the analyst's word.
      const c = makeDocument('Clashes near Saraqib, AFP said.', { publisher: 'AFP' });
      const rc = await store.ingest(
        c.doc,
        [makeEvent({ attribution: [{ source: 'AFP', via: [] }], latitude: 35.89, longitude: 36.75 })],
        c.bytes,
      );
      assert.deepEqual(rc.eventIds, [id]);
      await store.recluster();
      const after = (await store.getEvent(id))!;
      assert.equal(after.fatalities, 3);
      assert.equal(after.reviewStatus, 'corrected');
      assert.equal(after.claimCount, 2);

      // The kept counts (the default filter, which hides the rejected event) and a count of every event.
      const counted = (await store.histogram({}, 'year')).reduce((n, b) => n + b.count, 0);
      const cellsCounted = (await store.grid({}, 360 / 2 ** 7)).reduce((n, c) => n + c.count, 0);
      const all = (await store.counts()).events;
      assert.equal(
        cellsCounted,
        all - 1,
        'map cells follow merges, corrections and re-runs, less the rejected',
      );
      assert.equal(
        counted,
        all - 1,
        'daily counts follow merges, corrections and re-runs, less the rejected',
      );
      const any = { reviewStatus: 'any' } as const;
      assert.equal(
        (await store.histogram(any, 'year')).reduce((n, b) => n + b.count, 0),
        all,
      );
      assert.equal(
        (await store.grid(any, 360 / 2 ** 7)).reduce((n, c) => n + c.count, 0),
        all,
      );
      assert.equal((await store.listEvents({})).total, all - 1, 'a list hides rejected events');
      assert.equal((await store.listEvents(any)).total, all);
      const reviews = await store.listReviews();
      assert.deepEqual(
        reviews.map((r) => [r.eventId, r.action, r.by]),
        [
          [id, 'correct', 'analyst@example'],
          [rb.eventIds[0], 'reject', 'analyst@example'],
        ],
      );
      assert.equal(reviews[0]!.note, 'SOHR revised the toll');
      await assert.rejects(
        store.reviewEvent(id, { action: 'correct', by: 'a', changes: {} }),
        /names the fields/,
      );
      await assert.rejects(
        store.reviewEvent(id, {
          action: 'correct',
          by: 'a',
          changes: { sub_event_type: 'Peaceful protest' },
        }),
        /not a sub-event type of Battles/,
      );
      await assert.rejects(
        store.reviewEvent(id, { action: 'correct', by: 'a', changes: { plover: 'x' } as never }),
        /cannot be corrected/,
      );
      await assert.rejects(store.reviewEvent('ev_none', { action: 'accept', by: 'a' }), /no event ev_none/);
    } finally {
      await store.close();
    }
  });
}

export function importedEditsContract(engine: string, open: () => Promise<Store>): void {
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
