// What the contract suite stores: documents and codings made to order, and rows of the ACLED fixture.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { Claim } from '../../src/model/index.js';
import type { Document } from '../../src/model/index.js';
import { sha256 } from '../../src/ingest/read.js';
import { importAll } from '../../src/ingest/pipeline.js';
import { readTable } from '../../src/ingest/tables/read-table.js';
import type { Store } from '../../src/store/store.js';
import { acledFixture } from '../helpers/acled-fixture.js';

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

export function makeEvent(over: Partial<Claim> = {}): Claim {
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

/** Stores `n` rows of the ACLED fixture, as an import does (accepted unless `pending`). */
export async function imported(store: Store, n: number, pending = false): Promise<void> {
  const summary = await importAll(
    readTable(Readable.from([acledFixture(n)]), 'acled', 'fixture.csv', { plover: () => '', pending }),
    store,
  );
  assert.equal(summary.new, n);
}
