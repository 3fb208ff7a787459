// The source concern of the Store contract: outlets counted in the registry, and an imported
// ACLED row exported as it came in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Store } from '../../src/store/store.js';
import { makeDocument, makeEvent } from './fixtures.js';

export function sourcesContract(engine: string, open: () => Promise<Store>): void {
  test(`${engine}: an imported ACLED row exports as it came in; every outlet named is counted in the registry`, async () => {
    const store = await open();
    try {
      const { EXPORT_COLUMNS } = await import('../../src/store/store.js');
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
