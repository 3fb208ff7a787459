// The behaviour every Store engine must show, written once against the interface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExtractedEvent } from '../src/extract/extract.js';
import type { Document } from '../src/model/index.js';
import { sha256 } from '../src/ingest/read.js';
import type { EventFilter, Store } from '../src/store/store.js';

export function makeDocument(
  text: string,
  over: Partial<Document> = {},
): { doc: Document; bytes: Uint8Array } {
  const bytes = Buffer.from(text, 'utf8');
  return {
    bytes,
    doc: {
      id: over.id ?? `doc-${sha256(bytes).slice(0, 6)}`,
      text,
      title: 'A report',
      publisher: 'SOHR',
      published: '2020-05-01',
      sha256: sha256(bytes),
      capturedAt: '2020-05-01T10:00:00.000Z',
      captureMethod: 'file',
      ...over,
    },
  };
}

export function makeEvent(over: Partial<ExtractedEvent> = {}): ExtractedEvent {
  return {
    event_date: '2020-04-28',
    time_precision: 1,
    event_type: 'Battles',
    sub_event_type: 'Armed clash',
    actor1: 'Military Forces of Syria (2000-)',
    assoc_actor_1: '',
    inter1: 1,
    actor2: 'HTS: Hayat Tahrir al Sham',
    assoc_actor_2: '',
    inter2: 2,
    interaction: 12,
    country: 'Syria',
    admin1: 'Idlib',
    admin2: '',
    location: 'Saraqib',
    latitude: 35.86,
    longitude: 36.8,
    geo_precision: 1,
    fatalities: 4,
    notes: 'Regime forces clashed with HTS near Saraqib.',
    source: 'SOHR',
    plover: 'ASSAULT',
    details: {
      category: 'battle',
      plover: 'ASSAULT',
      counts: { fatalities: { low: 4, best: 4, high: 4 } },
      fieldEvidence: { event_type: [{ start: 0, end: 7, text: 'Clashes' }] },
    },
    evidence: [{ start: 0, end: 7, text: 'Clashes' }],
    attribution: [{ source: 'SOHR', via: [] }],
    hedged: false,
    flags: [],
    confidence: 0.8,
    ...over,
  };
}

/** Registers the contract tests; `open` gives a fresh, migrated, empty store each call. */
export function storeContract(engine: string, open: () => Promise<Store>): void {
  test(`${engine}: a document and its events round-trip, original bytes unaltered`, async () => {
    const store = await open();
    try {
      const text = 'Clashes near Saraqib killed four fighters. اشتباكات';
      const { doc, bytes } = makeDocument(text);
      const r = await store.ingest(doc, [makeEvent()], bytes);
      assert.equal(r.status, 'new');
      assert.equal(r.events, 1);
      const stored = await store.getDocument(r.documentId);
      assert.equal(stored?.text, text);
      assert.equal(stored?.externalId, doc.id);
      assert.equal(stored?.sha256, doc.sha256);
      assert.deepEqual(Buffer.from((await store.getOriginal(r.documentId))!), Buffer.from(bytes));
      const page = await store.listEvents({});
      assert.equal(page.total, 1);
      assert.equal(page.totalExact, true);
      const e = page.events[0]!;
      assert.deepEqual(e.docIds, [r.documentId]);
      assert.deepEqual(e.evidence, [{ start: 0, end: 7, text: 'Clashes', docId: r.documentId }]);
      const full = await store.getEvent(e.id);
      assert.equal(full?.documents[0]?.id, r.documentId);
      assert.deepEqual(full?.attribution, [{ source: 'SOHR', via: [] }]);
      assert.deepEqual(full?.details, makeEvent().details);
      assert.equal(await store.getEvent('ev_missing'), null);
      assert.equal(await store.getDocument('doc_missing'), null);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: the publication date as the report wrote it is kept beside the normalised one, under custody`, async () => {
    const store = await open();
    try {
      const { doc, bytes } = makeDocument('Shelling hit Saraqib on Monday.', {
        published: '2016-11-12',
        publishedAsWritten: '11/12/2016',
        publishedAmbiguous: 'read month first (US order)',
      });
      const r = await store.ingest(doc, [], bytes);
      const stored = await store.getDocument(r.documentId);
      assert.equal(stored?.published, '2016-11-12');
      assert.equal(stored?.publishedAsWritten, '11/12/2016');
      assert.equal(stored?.publishedAmbiguous, 'read month first (US order)');
      const plain = makeDocument('Shelling hit Idlib on Tuesday.');
      const r2 = await store.ingest(plain.doc, [], plain.bytes);
      const stored2 = await store.getDocument(r2.documentId);
      assert.equal(stored2 && 'publishedAsWritten' in stored2, false, 'no string when the date was ISO');
      assert.deepEqual((await store.verifyAudit()).problems, []);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: the same bytes twice store nothing new`, async () => {
    const store = await open();
    try {
      const { doc, bytes } = makeDocument('Same text.');
      const a = await store.ingest(doc, [makeEvent()], bytes);
      const b = await store.ingest({ ...doc, id: 'another-name' }, [makeEvent(), makeEvent()], bytes);
      assert.equal(b.status, 'duplicate');
      assert.equal(b.documentId, a.documentId);
      assert.deepEqual(await store.counts(), { documents: 1, events: 1 });
    } finally {
      await store.close();
    }
  });

  test(`${engine}: a document that fails to store leaves nothing half-written`, async () => {
    const store = await open();
    try {
      const ok = makeDocument('Kept.');
      await store.ingest(ok.doc, [makeEvent()], ok.bytes);
      const bad = makeDocument('Broken.');
      // An event without a type violates the schema after the document row was written.
      const broken = makeEvent({ event_type: null as unknown as ExtractedEvent['event_type'] });
      await assert.rejects(
        store.ingest(bad.doc, [makeEvent(), broken], bad.bytes),
        /could not store document/,
      );
      assert.deepEqual(await store.counts(), { documents: 1, events: 1 });
      assert.equal((await store.listEvents({ q: 'Broken' })).total, 0);
    } finally {
      await store.close();
    }
  });

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

  test(`${engine}: reports of one clash from independent sources become one event; copies add no voice`, async () => {
    const store = await open();
    try {
      await store.registerSources([
        {
          name: 'SOHR',
          kind: 'monitoring_group',
          aliases: ['Syrian Observatory for Human Rights'],
          reliability: 'F',
        },
        { name: 'AFP', kind: 'wire', aliases: ['Agence France-Presse'], reliability: 'F' },
      ]);
      const sohr = makeDocument(
        'Regime forces clashed with HTS near Saraqib, killing four fighters, SOHR said.',
      );
      const first = await store.ingest(sohr.doc, [makeEvent()], sohr.bytes);
      // A newspaper reprinting SOHR's words under its own name: the same voice.
      const copy = makeDocument(
        'Regime forces clashed with HTS near Saraqib, killing four fighters, the monitor said.',
        {
          publisher: 'Daily Example',
        },
      );
      const copied = await store.ingest(
        copy.doc,
        [
          makeEvent({
            attribution: [{ source: 'Syrian Observatory for Human Rights', via: ['Daily Example'] }],
          }),
        ],
        copy.bytes,
      );
      assert.deepEqual(copied.eventIds, first.eventIds, 'the copy joins the event');
      let e = (await store.getEvent(first.eventIds[0]!))!;
      assert.equal(e.claimCount, 2);
      assert.deepEqual(e.voices, [['SOHR']], 'an alias of SOHR is SOHR');
      assert.equal(e.credibility, 6, 'one ungraded voice cannot be judged');

      // AFP's own reporter, other words, a higher toll, a day later by another precision.
      const afp = makeDocument(
        'Seven fighters died in fighting between government troops and HTS at Saraqib, AFP reported.',
        {
          publisher: 'AFP',
        },
      );
      const third = await store.ingest(
        afp.doc,
        [
          makeEvent({
            fatalities: 7,
            notes: 'Seven fighters died in fighting between government troops and HTS at Saraqib.',
            details: { ...makeEvent().details, counts: { fatalities: { low: 7, best: 7, high: 7 } } },
            attribution: [{ source: 'AFP', via: [] }],
            latitude: 35.87,
            longitude: 36.81,
          }),
        ],
        afp.bytes,
      );
      assert.equal(third.joined, 1);
      e = (await store.getEvent(first.eventIds[0]!))!;
      assert.deepEqual(e.voices.map((v) => v.join()).sort(), ['AFP', 'SOHR']);
      assert.equal(e.credibility, 2, 'two independent voices: probably true');
      assert.equal(e.fatalities, 4, "ACLED's most conservative figure");
      assert.deepEqual(e.fatalitiesRange, [4, 7]);
      assert.deepEqual(
        e.contested.fatalities?.map((v) => [v.value, v.sources]),
        [
          [4, ['SOHR']],
          [7, ['AFP']],
        ],
        'both figures are kept, with who gives each',
      );
      assert.ok(e.flags.includes('contested'));
      assert.equal(e.docIds.length, 3);
      assert.equal(e.claims.length, 3);
      assert.ok(e.evidence.every((s) => e.docIds.includes(s.docId)));
      const added = e.history.filter((h) => h.action === 'claim_added');
      assert.equal(added.length, 2);
      assert.equal(added[1]!.documentId, third.documentId);
      assert.ok('contested.fatalities' in added[1]!.changes, 'the disagreement is recorded, not overwritten');
      assert.deepEqual(
        e.history.map((h) => h.version),
        [1, 2, 3],
      );

      await store.gradeSource('Agence France-Presse', 'B', 'analyst@example');
      assert.equal((await store.listEvents({ minGrade: 'B' })).total, 1, 'an event with a source graded B');
      assert.equal((await store.listEvents({ minGrade: 'A' })).total, 0);
      assert.equal((await store.getEvent(e.id))!.credibility, 1, 'a reliable second voice confirms it');
      assert.equal((await store.listSources()).find((s) => s.name === 'AFP')?.gradedBy, 'analyst@example');
      await assert.rejects(store.gradeSource('AFP', 'Z' as 'A', 'x'), /use A, B, C, D, E or F/);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: distinct events stay apart; unplaced and undated claims stay visible`, async () => {
    const store = await open();
    try {
      const a = makeDocument('Regime forces clashed with HTS near Saraqib.');
      await store.ingest(a.doc, [makeEvent()], a.bytes);
      // Same day, place and type, other actors and words: another event.
      const b = makeDocument('Turkish troops shelled SDF positions near Saraqib.', { publisher: 'AFP' });
      await store.ingest(
        b.doc,
        [
          makeEvent({
            actor1: 'Military Forces of Turkey (2016-)',
            actor2: 'QSD: Syrian Democratic Forces',
            notes: 'Turkish troops and SDF fighters exchanged fire outside the town.',
            attribution: [{ source: 'AFP', via: [] }],
          }),
        ],
        b.bytes,
      );
      // Far away, or weeks later: other events.
      const c = makeDocument('Clashes in Deir ez-Zor.', { publisher: 'AFP' });
      await store.ingest(
        c.doc,
        [makeEvent({ latitude: 35.33, longitude: 40.14, location: 'Deir ez-Zor' })],
        c.bytes,
      );
      const d = makeDocument('Clashes near Saraqib again.', { publisher: 'AFP' });
      await store.ingest(d.doc, [makeEvent({ event_date: '2020-04-10' })], d.bytes);
      // Unplaced: kept, as its own event, never dropped.
      const u = makeDocument('Clashes somewhere in Syria.', { publisher: 'Reuters' });
      const unplaced = await store.ingest(
        u.doc,
        [
          makeEvent({
            latitude: null,
            longitude: null,
            geo_precision: null,
            location: '',
            admin1: '',
            notes: 'Unplaced.',
          }),
        ],
        u.bytes,
      );
      assert.equal((await store.counts()).events, 5);
      const kept = (await store.getEvent(unplaced.eventIds[0]!))!;
      assert.equal(kept.latitude, null);
      assert.equal(kept.claimCount, 1);
    } finally {
      await store.close();
    }
  });

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

  test(`${engine}: the timeline histogram follows the list's filters; source and precision filter`, async () => {
    const store = await open();
    try {
      const docs = [
        ['2020-04-28', 'Battles', 'Armed clash', 1, 'SOHR'],
        ['2020-04-28', 'Protests', 'Peaceful protest', 2, 'SOHR'],
        ['2020-04-29', 'Battles', 'Armed clash', 3, 'AFP'],
        ['2020-05-03', 'Battles', 'Armed clash', 1, 'AFP'],
      ] as const;
      for (const [i, [date, type, sub, gp, source]] of docs.entries()) {
        const d = makeDocument(`Report ${i} in ${source}.`, { publisher: source });
        await store.ingest(
          d.doc,
          [
            makeEvent({
              event_date: date,
              event_type: type,
              sub_event_type: sub,
              geo_precision: gp,
              latitude: 30 + i,
              longitude: 40 + i,
              attribution: [{ source, via: [] }],
              notes: `Report ${i} at place ${i}.`,
              actor2: `Other ${i}`,
            }),
          ],
          d.bytes,
        );
      }
      assert.deepEqual(await store.histogram({}, 'day'), [
        { bucket: '2020-04-28', event_type: 'Battles', count: 1 },
        { bucket: '2020-04-28', event_type: 'Protests', count: 1 },
        { bucket: '2020-04-29', event_type: 'Battles', count: 1 },
        { bucket: '2020-05-03', event_type: 'Battles', count: 1 },
      ]);
      assert.deepEqual(await store.histogram({ eventType: 'Battles' }, 'month'), [
        { bucket: '2020-04', event_type: 'Battles', count: 2 },
        { bucket: '2020-05', event_type: 'Battles', count: 1 },
      ]);
      assert.deepEqual(
        await store.histogram({ maxGeoPrecision: 3 }, 'day'),
        await store.histogram({}, 'day'),
        'the kept daily counts agree with a scan',
      );
      // The map's cells: kept counts, the points index and the R*Tree path agree.
      const sum = (cells: Array<{ count: number }>) => cells.reduce((k, c) => k + c.count, 0);
      assert.equal(sum(await store.grid({}, 360 / 2 ** 5)), 4, 'kept cells');
      assert.equal(sum(await store.grid({ start: '2020-01-01' }, 360 / 2 ** 5)), 4, 'points index');
      assert.equal(sum(await store.grid({ actor: 'Syria' }, 360 / 2 ** 5)), 4, 'events through the R*Tree');
      assert.equal(sum(await store.grid({ eventType: 'Protests' }, 360 / 2 ** 7)), 1);
      assert.equal(sum(await store.grid({ bbox: [39.5, 29.5, 41.5, 31.5] }, 360 / 2 ** 9)), 2);
      assert.equal((await store.listEvents({ source: 'afp' })).total, 2);
      assert.equal((await store.listEvents({ source: '%' })).total, 0);
      assert.equal((await store.listEvents({ maxGeoPrecision: 1 })).total, 2);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: the change log, saved filters, export rows, claims, map points and the audit log`, async () => {
    const store = await open();
    try {
      assert.equal(await store.latestChange(), 0);
      // The data version moves with every write (kept answers are read afresh after it).
      const v0 = await store.dataVersion();
      const sub = await store.saveSubscription({
        name: 'protests',
        filter: { eventType: 'Protests' },
        webhookUrl: 'http://127.0.0.1:9/hook',
        secret: 'sixteen-characters!',
      });
      assert.equal(sub.cursor, 0);
      const v1 = await store.dataVersion();
      assert.notEqual(v1, v0, 'a saved subscription is a write');
      assert.equal(sub.signed, true);
      assert.equal(await store.subscriptionSecret(sub.id), 'sixteen-characters!');
      const a = makeDocument('Clashes near Saraqib.');
      const ra = await store.ingest(a.doc, [makeEvent()], a.bytes);
      assert.notEqual(await store.dataVersion(), v1, 'an ingest is a write');
      const b = makeDocument('A protest in Beirut.');
      await store.ingest(
        b.doc,
        [
          makeEvent({
            event_type: 'Protests',
            sub_event_type: 'Peaceful protest',
            location: 'Beirut',
            latitude: 33.89,
            longitude: 35.5,
            country: 'Lebanon',
            notes: 'A protest, "with quotes", in Beirut.',
          }),
        ],
        b.bytes,
      );
      const log = await store.changesSince(0, 10);
      assert.equal(log.changes.length, 2);
      assert.ok(log.changes[0]!.cursor < log.changes[1]!.cursor);
      assert.deepEqual(
        log.changes.map((c) => c.action),
        ['created', 'created'],
      );
      assert.equal(log.cursor, await store.latestChange());
      assert.deepEqual((await store.changesSince(log.cursor, 10)).changes, []);
      const onlyProtests = await store.listEvents({
        eventType: 'Protests',
        ids: log.changes.map((c) => c.eventId),
      });
      assert.equal(onlyProtests.total, 1);
      await store.advanceSubscription(sub.id, log.cursor, {
        at: '2020-05-01T00:00:00Z',
        status: 'delivered',
        attempts: 2,
        events: 1,
      });
      const advanced = (await store.getSubscription(sub.id))!;
      assert.equal(advanced.cursor, log.cursor);
      assert.equal(advanced.lastDelivery?.attempts, 2);
      assert.equal((await store.listSubscriptions()).length, 1);
      await store.deleteSubscription(sub.id);
      await assert.rejects(store.deleteSubscription(sub.id), /no subscription/);

      const rows: unknown[][] = [];
      for await (const batch of store.exportRows({})) rows.push(...batch);
      assert.equal(rows.length, 2);
      const { EXPORT_COLUMNS } = await import('../src/store/store.js');
      assert.ok(rows.every((r) => r.length === EXPORT_COLUMNS.length));
      const beirut = rows.find((r) => r[EXPORT_COLUMNS.indexOf('location')] === 'Beirut')!;
      assert.equal(beirut[EXPORT_COLUMNS.indexOf('latitude')], 33.89);
      assert.equal(beirut[EXPORT_COLUMNS.indexOf('review_status')], 'pending');
      assert.equal(typeof beirut[EXPORT_COLUMNS.indexOf('credibility')], 'number');
      const filtered: unknown[][] = [];
      for await (const batch of store.exportRows({ eventType: 'Battles' })) filtered.push(...batch);
      assert.equal(filtered.length, 1);

      const points = await store.mapPoints({});
      assert.equal(points.total, 2);
      assert.ok(points.points.some((p) => p[1] === 35.5 && p[2] === 33.89 && p[3] === 'Protests'));
      const claims = await store.listClaims({});
      assert.equal(claims.length, 2);
      assert.ok(claims.some((c) => c.documentId === ra.documentId && c.evidence[0]?.docId === ra.documentId));

      await store.gradeSource('SOHR', 'B', 'analyst-1');
      const entries = await store.auditLog(0, 100);
      assert.deepEqual(
        entries.map((e) => e.action),
        ['subscription.saved', 'document.stored', 'document.stored', 'subscription.deleted', 'source.graded'],
      );
      assert.deepEqual(
        entries.map((e) => e.seq),
        [1, 2, 3, 4, 5],
      );
      assert.equal(entries[1]!.prevHash, entries[0]!.hash);
      const report = await store.verifyAudit();
      assert.deepEqual(report.problems, []);
      assert.equal(report.documents, 2);
      assert.equal(report.head?.seq, 5);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: users, sessions and API tokens: unique names, stored by hash, a disabled user shut out`, async () => {
    const store = await open();
    try {
      const u = await store.createUser(
        { name: 'amira', role: 'analyst', passwordHash: 'scrypt$x$y' },
        'admin',
      );
      assert.equal(u.role, 'analyst');
      assert.equal(
        (u as { passwordHash?: string }).passwordHash,
        undefined,
        'a user as returned has no hash',
      );
      await assert.rejects(
        store.createUser({ name: 'amira', role: 'viewer', passwordHash: 'h' }, 'admin'),
        /exists/,
      );
      assert.equal((await store.findUser('amira'))?.passwordHash, 'scrypt$x$y');
      assert.equal(await store.findUser('nobody'), null);
      const later = new Date(Date.now() + 3_600_000).toISOString();
      await store.saveSession({ tokenHash: 'h1', userId: u.id, csrf: 'c1', expiresAt: later });
      await store.saveSession({
        tokenHash: 'old',
        userId: u.id,
        csrf: 'c0',
        expiresAt: '2000-01-01T00:00:00Z',
      });
      assert.equal((await store.findSession('h1'))?.user.name, 'amira');
      assert.equal((await store.findSession('h1'))?.csrf, 'c1');
      assert.equal(await store.findSession('old'), null, 'an expired session is no session');
      await store.saveApiToken({ tokenHash: 't1', userId: u.id, name: 'scripts', expiresAt: later }, 'admin');
      assert.equal((await store.findApiToken('t1'))?.name, 'amira');
      const promoted = await store.updateUser('amira', { role: 'admin' }, 'admin');
      assert.equal(promoted.role, 'admin');
      await store.updateUser('amira', { disabled: true }, 'admin');
      assert.equal(await store.findSession('h1'), null, 'a disabled user has no session');
      assert.equal(await store.findApiToken('t1'), null, 'nor a working token');
      await store.deleteSession('h1');
      await assert.rejects(store.updateUser('nobody', { role: 'viewer' }, 'admin'), /no user/);
      assert.deepEqual(
        (await store.listUsers()).map((x) => [x.name, x.role, x.disabled]),
        [['amira', 'admin', true]],
      );
      const actions = (await store.auditLog(0, 100)).map((e) => e.action);
      assert.deepEqual(actions, ['user.created', 'token.created', 'user.changed', 'user.changed']);
      assert.deepEqual((await store.verifyAudit()).problems, []);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: API tokens expire, are listed and revoked, and a new password revokes them all`, async () => {
    const store = await open();
    try {
      const u = await store.createUser({ name: 'ops', role: 'analyst', passwordHash: 'scrypt$x' }, 'admin');
      const later = new Date(Date.now() + 86_400_000).toISOString();
      const a = await store.saveApiToken(
        { tokenHash: 'a'.repeat(64), userId: u.id, name: 'nightly', expiresAt: later },
        'admin',
      );
      await store.saveApiToken(
        { tokenHash: 'b'.repeat(64), userId: u.id, name: 'old', expiresAt: '2001-01-01T00:00:00.000Z' },
        'admin',
      );
      await store.saveApiToken(
        { tokenHash: 'c'.repeat(64), userId: u.id, name: 'other', expiresAt: later },
        'admin',
      );
      assert.equal(a.id, `tok_${'a'.repeat(16)}`);
      assert.equal((await store.findApiToken('a'.repeat(64)))?.name, 'ops');
      assert.equal(await store.findApiToken('b'.repeat(64)), null, 'an expired token works no more');
      const listed = await store.listApiTokens('ops');
      assert.deepEqual(
        listed.map((t) => [t.name, t.user, t.revokedAt === undefined]),
        [
          ['nightly', 'ops', true],
          ['old', 'ops', true],
          ['other', 'ops', true],
        ],
      );
      assert.ok(!JSON.stringify(listed).includes('aaaaaaaaaaaaaaaaaaaa'), 'a list shows no hash');
      const revoked = await store.revokeApiToken(a.id, 'admin');
      assert.ok(revoked.revokedAt);
      assert.equal(await store.findApiToken('a'.repeat(64)), null, 'a revoked token works no more');
      await assert.rejects(store.revokeApiToken('tok_0000000000000000', 'admin'), /no token/);
      assert.equal((await store.findApiToken('c'.repeat(64)))?.name, 'ops');
      await store.updateUser('ops', { passwordHash: 'scrypt$y' }, 'admin');
      assert.equal(await store.findApiToken('c'.repeat(64)), null, 'a new password revokes every token');
      assert.ok(
        (await store.listApiTokens()).every((t) => t.revokedAt),
        'each listed as revoked',
      );
      const log = await store.auditLog(0, 100);
      assert.deepEqual(
        log.map((e) => e.action),
        ['user.created', 'token.created', 'token.created', 'token.created', 'token.revoked', 'user.changed'],
      );
      assert.deepEqual(log[5]!.detail.tokensRevoked, [`tok_${'b'.repeat(16)}`, `tok_${'c'.repeat(16)}`]);
      assert.deepEqual((await store.verifyAudit()).problems, []);
    } finally {
      await store.close();
    }
  });

  test(`${engine}: an imported ACLED row exports as it came in; every outlet named is counted in the registry`, async () => {
    const store = await open();
    try {
      const { EXPORT_COLUMNS } = await import('../src/store/store.js');
      await store.registerSources([
        {
          name: 'SOHR',
          kind: 'monitoring_group',
          aliases: ['Syrian Observatory for Human Rights'],
          languages: [],
          reliability: 'F',
        },
      ]);
      const row = {
        event_id_cnty: 'SYR77',
        iso: '760',
        admin3: 'Ariha',
        source_scale: 'National',
        timestamp: '1589216931',
      };
      const base = makeEvent();
      const { doc, bytes } = makeDocument('SYR77 row', { publisher: 'ACLED', captureMethod: 'import' });
      await store.ingest(
        doc,
        [
          {
            ...base,
            source: 'Liveuamap; Syrian Observatory for Human Rights',
            attribution: [
              { source: 'Liveuamap', via: ['ACLED'] },
              { source: 'Syrian Observatory for Human Rights', via: ['ACLED'] },
            ],
            flags: ['imported:acled'],
            details: {
              ...base.details,
              category: 'imported',
              imported: { dataset: 'ACLED', id: 'SYR77', row },
            },
          },
        ],
        bytes,
      );
      const reported = makeDocument('Clashes near Ariha, SOHR said.', { publisher: 'Enab Baladi' });
      await store.ingest(
        reported.doc,
        [
          {
            ...base,
            event_date: '2019-01-01',
            attribution: [{ source: 'its spokesman', via: ['AFP', 'Enab Baladi'] }],
          },
        ],
        reported.bytes,
      );
      const rows: unknown[][] = [];
      for await (const batch of store.exportRows({})) rows.push(...batch);
      const at = (r: unknown[], c: (typeof EXPORT_COLUMNS)[number]) => r[EXPORT_COLUMNS.indexOf(c)];
      const imported = rows.find((r) => at(r, 'event_id_cnty') === 'SYR77')!;
      assert.ok(imported, 'the ACLED id is the ACLED id');
      assert.equal(at(imported, 'admin3'), 'Ariha');
      assert.equal(at(imported, 'source_scale'), 'National');
      assert.equal(at(imported, 'timestamp'), '1589216931');
      assert.equal(at(imported, 'source'), 'Liveuamap; Syrian Observatory for Human Rights', 'every outlet');
      assert.match(String(at(imported, 'event_id')), /^ev_/);
      const coded = rows.find((r) => at(r, 'event_id_cnty') === null)!;
      assert.equal(at(coded, 'year'), 2019);

      const sources = await store.listSources();
      const reports = (n: string) => sources.find((x) => x.name === n)?.reports;
      assert.equal(reports('Liveuamap'), 1);
      assert.equal(reports('SOHR'), 1, 'an alias counts under its name');
      assert.equal(reports('ACLED'), 1);
      assert.equal(reports('Enab Baladi'), 1);
      assert.equal(sources.find((x) => x.name === 'Enab Baladi')?.lastSeen, '2020-05-01');
      assert.ok(!sources.some((x) => x.name === 'its spokesman'), 'a speaker is not an outlet');
      assert.ok(
        !sources.some((x) => x.name === 'AFP'),
        'nor is an outlet the registry never had, named only in passing',
      );
    } finally {
      await store.close();
    }
  });
}
