// Memory held for misbehaving clients stays bounded. Clients that replay the whole change log
// (Last-Event-ID: 0) and then read nothing hold at most STREAM_BACKLOG_BYTES and one page each on
// the server, and a client that does read gets every change in order; a client that asks for
// thousands of distinct long URLs fills the answer cache only to its size, keys counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { STREAM_BACKLOG_BYTES } from '../src/server/routes/notifications.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { makeDocument, makeEvent } from './store-contract.js';
import { until } from './helpers/wait.js';

const EVENTS = 1500;
const NOTES = 'Shelling was reported across the district. '.repeat(450); // ~20 KB an event
let store: Store;
let app: FastifyInstance;
let port: number;

before(async () => {
  store = await openStore(join(mkdtempSync(join(tmpdir(), 'obs-memory-')), 'memory.db'));
  for (let i = 0; i < EVENTS; i++) {
    const day = new Date(Date.parse('2012-01-01') + i * 86_400_000).toISOString().slice(0, 10);
    const { doc, bytes } = makeDocument(`Report ${i}.`, { published: day });
    await store.ingest(
      doc,
      [
        makeEvent({
          event_date: day,
          longitude: 36 + (i % 100) * 0.05,
          latitude: 35 + Math.floor(i / 100) * 0.05,
          notes: `${i} ${NOTES}`,
        }),
      ],
      bytes,
    );
  }
  app = await buildApp({
    store,
    resources: loadResources(),
    notify: { pollMs: 200 },
    cacheBytes: 1024 * 1024,
  });
  port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
});
after(async () => {
  await app.close();
  await store.close();
});

/** A stream request whose client, once the answer starts, reads nothing. */
function stalled(): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = get(
      { host: '127.0.0.1', port, path: '/api/events/stream', headers: { 'last-event-id': '0' } },
      (res) => {
        res.pause();
        resolve(res);
      },
    );
    req.on('error', reject);
  });
}

const health = async () =>
  (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
    streams: { open: number; bufferedBytes: number };
    cache: { entries: number; bytes: number };
  };

test(
  `five streams replaying ${EVENTS} changes (~30 MB each) to clients that read nothing hold a bounded backlog`,
  { timeout: 120_000 },
  async () => {
    const sockets = await Promise.all(Array.from({ length: 5 }, stalled));
    try {
      await until('five open streams', async () => ((await health()).streams.open === 5 ? true : undefined));
      // Let each replay run into its client's full buffers.
      await new Promise((r) => setTimeout(r, 3000));
      const held = (await health()).streams.bufferedBytes;
      const page = 100 * (NOTES.length + 4000);
      const bound = 5 * (STREAM_BACKLOG_BYTES + page);
      assert.ok(
        held <= bound,
        `the streams hold ${(held / 1e6).toFixed(1)} MB, at most ${(bound / 1e6).toFixed(1)} MB`,
      );
      // A client that reads is told every change, in order.
      const reader = sockets[0]!;
      let text = '';
      reader.setEncoding('utf8');
      reader.on('data', (d: string) => (text += d));
      reader.resume();
      const { events } = await store.counts();
      const told = () => text.match(/^event: (?!ready)/gm)?.length ?? 0;
      await until('the whole replay', () => (told() >= events ? true : undefined), 60_000);
      const cursors = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])).slice(1);
      assert.deepEqual(
        cursors,
        [...cursors].sort((a, b) => a - b),
        'in order',
      );
      assert.equal(new Set(cursors).size, events, 'each event once, as it now stands');
      assert.ok(events > 500, `${events} events`);
    } finally {
      for (const s of sockets) s.destroy();
    }
    await until('the streams closed', async () => ((await health()).streams.open === 0 ? true : undefined));
  },
);

test('thousands of distinct long URLs fill the answer cache only to its size, their keys counted', async () => {
  const long = (i: number) =>
    `/api/events?q=${'w'.repeat(480)}${i}&actor=${'a'.repeat(190)}&source=${'s'.repeat(190)}&sub_event_type=${'t'.repeat(95)}&limit=1`;
  for (let i = 0; i < 3000; i++) {
    const r = await app.inject({ url: long(i), headers: { host: `127.0.0.1:${port}` } });
    assert.equal(r.statusCode, 200);
  }
  const { cache } = await health();
  const keyBytes = 2 * long(0).length;
  assert.ok(cache.bytes <= 1024 * 1024, `the cache holds ${cache.bytes} bytes, at most 1 MiB`);
  assert.ok(
    cache.bytes >= cache.entries * keyBytes,
    `${cache.entries} keys of ${keyBytes} bytes are counted`,
  );
  assert.ok(cache.entries < 3000, 'older answers were let go');
});
