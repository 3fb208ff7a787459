// The aggregate concern of the Store contract: the timeline histogram under the list's filters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Store } from '../../src/store/store.js';
import { makeDocument, makeEvent } from './fixtures.js';

export function aggregatesContract(engine: string, open: () => Promise<Store>): void {
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
}
