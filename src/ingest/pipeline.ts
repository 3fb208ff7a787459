// The ingest path: raw input -> Document -> extraction -> Store, one document at a time, one
// transaction each. A bad document is reported and skipped; the batch goes on.
import type { Claim } from '../model/index.js';
import type { Resources } from '../extract/resources.js';
import type { IngestOutcome, Store } from '../store/store.js';
import { codeHere, type Coded, type Coder } from './coder.js';
import { InputError, type RawInput } from './read.js';
import type { TableRecord } from './tables/rows.js';

export interface IngestSummary {
  new: number;
  duplicate: number;
  failed: number;
  /** Of the failed, documents that were readable but could not be stored (the database busy or failing): lost work. */
  unstored: number;
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

/**
 * Reads, extracts and stores one raw input. With a Coder (a pool of threads) the reading and
 * extraction run off this thread within the pool's time budget; with Resources, here and now.
 */
export async function ingestOne(
  input: RawInput,
  store: Store,
  coder: Coder | Resources,
  opts: IngestOptions = {},
) {
  return storeCoded(input, await code(input, coder, opts), store, opts);
}

function code(input: RawInput, coder: Coder | Resources, opts: IngestOptions): Promise<Coded> {
  return 'code' in coder && typeof coder.code === 'function'
    ? coder.code(input, { published: opts.published, source: opts.source })
    : Promise.resolve().then(() => codeHere(input, coder as Resources, opts));
}

/** Stores a document coded, with the sender's place given to events the text does not place. */
async function storeCoded(input: RawInput, coded: Coded, store: Store, opts: IngestOptions) {
  const { doc } = coded;
  let events: Claim[] = coded.events;
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
  if (coded.notCoded) doc.notCoded = coded.notCoded;
  for (const w of coded.warnings) opts.onWarning?.(new InputError(doc.id, w));
  return { doc, warnings: coded.warnings, outcome: await store.ingest(doc, events, input.bytes) };
}

/** What the API answers for a document sent in: what became of it, its hash, and why it was not coded if it was not. */
export function answerOf(outcome: IngestOutcome, doc: { sha256: string; notCoded?: string }) {
  return { ...outcome, sha256: doc.sha256, ...(doc.notCoded ? { notCoded: doc.notCoded } : {}) };
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
  const summary: IngestSummary = { new: 0, duplicate: 0, failed: 0, unstored: 0, events: 0 };
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
      if (!(e instanceof InputError)) summary.unstored++;
      opts.onError?.(told(item, e as Error));
    }
  }
  return summary;
}

export async function ingestAll(
  items: AsyncIterable<IngestItem> | Iterable<IngestItem>,
  store: Store,
  res: Coder | Resources,
  opts: IngestOptions = {},
): Promise<IngestSummary> {
  // The next document is coded (in the pool's thread) while this one is stored, in order.
  type Ahead = { input: RawInput; coded: Promise<{ ok: Coded } | { failed: Error }> };
  async function* ahead(): AsyncGenerator<Ahead | Error> {
    const waiting: Ahead[] = [];
    for await (const item of items) {
      if (item instanceof Error) {
        yield* waiting.splice(0);
        yield item;
        continue;
      }
      waiting.push({
        input: item,
        coded: code(item, res, opts).then(
          (ok) => ({ ok }),
          (e: unknown) => ({ failed: e as Error }),
        ),
      });
      if (waiting.length > 1) yield waiting.shift()!;
    }
    yield* waiting;
  }
  return storeEach<Ahead>(
    ahead(),
    async ({ input, coded }) => {
      const c = await coded;
      if ('failed' in c) throw c.failed;
      const { outcome } = await storeCoded(input, c.ok, store, opts);
      return { id: input.id, status: outcome.status, events: outcome.events };
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
