// The ingest path: raw input -> Document -> extraction -> Store, one document at a time, one
// transaction each. A bad document is reported and skipped; the batch goes on.
import type { ExtractedEvent } from '../extract/extract.js';
import { extract } from '../extract/extract.js';
import type { Resources } from '../extract/resources.js';
import type { Store } from '../store/store.js';
import { InputError, toDocument, type RawInput } from './read.js';
import type { TableRecord } from './tables.js';

export interface IngestSummary {
  new: number;
  duplicate: number;
  failed: number;
  events: number;
}

export type IngestItem = RawInput | InputError;

export interface IngestOptions {
  published?: string;
  source?: string;
  onError?: (e: Error) => void;
  /** Told when a document is stored but something in it was not coded (its language, say). */
  onWarning?: (e: Error) => void;
  /** Told of each item stored; `line` is where a table's row ended in its file. */
  onDone?: (outcome: { id: string; status: 'new' | 'duplicate'; events: number; line?: number }) => void;
  /**
   * Who sent it (a field report's source): the source of every event coded from it, whomever the
   * text cites (each claim keeps what was extracted as its own `source`).
   */
  reporter?: string;
  /** Where the sender says it happened (a field report's place picked on the map): given to events the text does not place. */
  place?: {
    name: string;
    latitude: number;
    longitude: number;
    geoPrecision: 1 | 2 | 3;
    country?: string;
    admin1?: string;
  };
}

/** Reads, extracts and stores one raw input. */
export async function ingestOne(input: RawInput, store: Store, res: Resources, opts: IngestOptions = {}) {
  const doc = toDocument(input, opts);
  let events: ExtractedEvent[];
  try {
    const result = extract(
      { id: doc.id, text: doc.text, published: doc.published, source: doc.publisher },
      res,
    );
    events = result.events;
    const place = opts.place;
    if (place)
      events = events.map((e) =>
        e.latitude !== null
          ? e
          : {
              ...e,
              location: place.name,
              latitude: place.latitude,
              longitude: place.longitude,
              geo_precision: place.geoPrecision,
              country: place.country ?? e.country,
              admin1: place.admin1 ?? e.admin1,
              flags: [...e.flags, 'place_from_sender'],
            },
      );
    const reporter = opts.reporter;
    if (reporter)
      events = events.map((e) => ({
        ...e,
        attribution: [{ source: reporter, via: [] }],
        flags: [...e.flags, 'source_from_sender'],
      }));
    doc.language = result.language;
    for (const w of result.warnings) opts.onWarning?.(new InputError(doc.id, w));
  } catch (e) {
    throw new InputError(doc.id, `extraction failed: ${(e as Error).message}`);
  }
  return { doc, outcome: await store.ingest(doc, events, input.bytes) };
}

/**
 * Stores each item with `store`, counting what became of it; an item that is an error, or whose
 * storing throws, is counted as failed and told, and the rest go on.
 */
async function storeEach<T>(
  items: AsyncIterable<T | Error> | Iterable<T | Error>,
  one: (item: T) => Promise<{ id: string; status: 'new' | 'duplicate'; events: number; line?: number }>,
  told: (item: T, e: Error) => Error,
  opts: Pick<IngestOptions, 'onError' | 'onDone'>,
): Promise<IngestSummary> {
  const summary: IngestSummary = { new: 0, duplicate: 0, failed: 0, events: 0 };
  for await (const item of items) {
    if (item instanceof Error) {
      summary.failed++;
      opts.onError?.(item);
      continue;
    }
    try {
      const done = await one(item);
      summary[done.status]++;
      summary.events += done.events;
      opts.onDone?.(done);
    } catch (e) {
      summary.failed++;
      opts.onError?.(told(item, e as Error));
    }
  }
  return summary;
}

export async function ingestAll(
  items: AsyncIterable<IngestItem> | Iterable<IngestItem>,
  store: Store,
  res: Resources,
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  return storeEach<RawInput>(
    items,
    async (item) => {
      const { outcome } = await ingestOne(item, store, res, opts);
      return { id: item.id, status: outcome.status, events: outcome.events };
    },
    (_item, e) => e,
    opts,
  );
}

/**
 * Stores rows of a coded dataset already read (ACLED, UCDP): no extraction, each row's claim as
 * the dataset coded it. A bad row is counted and told; the rest go on.
 */
export async function importAll(
  items: AsyncIterable<TableRecord | InputError>,
  store: Store,
  opts: Pick<IngestOptions, 'onError' | 'onDone'> = {},
): Promise<IngestSummary> {
  return storeEach<TableRecord>(
    items,
    async (item) => {
      const outcome = await store.ingest(item.doc, [item.event], item.original);
      return { id: item.doc.id, status: outcome.status, events: outcome.events, line: item.line };
    },
    (item, e) => new InputError(item.doc.capturedFrom ?? item.doc.id, e.message),
    opts,
  );
}
