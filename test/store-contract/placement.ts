// Claims placed in events, as the Store contract sees it: one clash from many reports is one
// event, distinct events stay apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Store } from '../../src/store/store.js';
import { makeDocument, makeEvent } from './fixtures.js';

export function placementContract(engine: string, open: () => Promise<Store>): void {
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
}
