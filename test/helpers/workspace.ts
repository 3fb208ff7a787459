// A workspace to test in a browser: a store with the sample corpus, the ACLED fixture (imported
// accepted, and a second batch left pending) or whatever else a test stores, served on an
// ephemeral port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { registryEntries } from '../../src/corroborate/sources.js';
import { loadResources, type Resources } from '../../src/extract/resources.js';
import { importAll, ingestAll } from '../../src/ingest/pipeline.js';
import { readJsonl } from '../../src/ingest/read.js';
import { readTable } from '../../src/ingest/tables/read-table.js';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { acledFixture } from './acled-fixture.js';
import { ROOT } from './cli.js';

export interface Served {
  app: FastifyInstance;
  store: Store;
  base: string;
  close: () => Promise<void>;
}

/** What a served store holds: the samples, ACLED fixture rows accepted and pending, and `more`. */
export interface Fill {
  samples?: boolean;
  accepted?: number;
  pending?: number;
  /** Anything else to store, after the rest (fixture reports, say). */
  more?: (store: Store, resources: Resources) => Promise<void>;
}

/** Serves a store holding what `fill` put in it, with `app`'s options besides the store's. */
export async function serve(
  fill: Fill = {},
  app: Pick<AppOptions, 'contactKey' | 'notify'> = {},
): Promise<Served> {
  const resources = loadResources();
  const store = await openStore(join(mkdtempSync(join(tmpdir(), 'obs-ws-')), 'ws.db'), {
    sources: registryEntries(resources.sources),
  });
  if (fill.samples) {
    async function* samples() {
      for await (const item of readJsonl(join(ROOT, 'samples', 'corpus.jsonl')))
        if ('input' in item) yield item.input;
    }
    await ingestAll(samples(), store, resources);
  }
  if (fill.accepted)
    await importAll(
      readTable(Readable.from([acledFixture(fill.accepted)]), 'acled', 'fixture.csv', { plover: () => '' }),
      store,
    );
  if (fill.pending)
    await importAll(
      readTable(Readable.from([acledFixture(fill.pending, 'NEW')]), 'acled', 'pending.csv', {
        plover: () => '',
        pending: true,
      }),
      store,
    );
  await fill.more?.(store, resources);
  const server = await buildApp({ store, resources, webRoot: join(ROOT, 'dist', 'web'), ...app });
  const base = await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    app: server,
    store,
    base,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

/** POSTs a report as JSON to the server's documents route. */
export function postReport(base: string, report: { text: string; published: string; source: string }) {
  return fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(report),
  });
}

/** GETs JSON from the server. */
export async function get<T>(base: string, path: string): Promise<T> {
  const r = await fetch(`${base}${path}`);
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}
