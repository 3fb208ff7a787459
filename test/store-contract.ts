// The behaviour every Store engine must show, written once against the interface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExtractedEvent } from '../src/extract/extract.js';
import type { Document } from '../src/model/index.js';
import { sha256 } from '../src/ingest/read.js';
import type { Store } from '../src/store/store.js';

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
      const e = page.events[0]!;
      assert.deepEqual(e.docIds, [r.documentId]);
      assert.deepEqual(e.evidence, [{ start: 0, end: 7, text: 'Clashes' }]);
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
    } finally {
      await store.close();
    }
  });
}
