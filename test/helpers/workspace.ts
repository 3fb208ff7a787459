// A workspace to test in a browser: a store with the sample corpus and the ACLED fixture (imported
// accepted, and a second batch left pending), served on an ephemeral port.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { registryEntries } from '../../src/corroborate/sources.js';
import { loadResources } from '../../src/extract/resources.js';
import { importAll, ingestAll } from '../../src/ingest/pipeline.js';
import { readJsonl } from '../../src/ingest/read.js';
import { readTable } from '../../src/ingest/tables/read-table.js';
import { buildApp } from '../../src/server/app.js';
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

/** Serves a store holding what `fill` put in it. */
export async function serve(
  fill: { samples?: boolean; accepted?: number; pending?: number } = {},
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
  const app = await buildApp({ store, resources, webRoot: join(ROOT, 'dist', 'web') });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    store,
    base,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** GETs JSON from the server. */
export async function get<T>(base: string, path: string): Promise<T> {
  const r = await fetch(`${base}${path}`);
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}
