// The documents concern of the Store contract: reports stored whole, once, or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Claim } from '../../src/model/index.js';
import { type Store } from '../../src/store/store.js';
import { makeDocument, makeEvent } from './fixtures.js';

export function documentsContract(engine: string, open: () => Promise<Store>): void {
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
      const broken = makeEvent({ event_type: null as unknown as Claim['event_type'] });
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
}
