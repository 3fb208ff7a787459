// The change-log concern of the Store contract, with what reads it: saved filters, export rows,
// claims, map points and the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Store } from '../../src/store/store.js';
import { makeDocument, makeEvent } from './fixtures.js';

export function changesContract(engine: string, open: () => Promise<Store>): void {
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
      const { EXPORT_COLUMNS } = await import('../../src/store/store.js');
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
}
