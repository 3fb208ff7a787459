// Out-of-range numbers and NUL characters are the client's mistake on both engines: a 400 naming
// what is wrong, never a 500 from deep in a query (PostgreSQL's integers end, and it stores no NUL).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { PG_URL } from './helpers/pg.js';

const schema = `obs_ranges20_${process.pid}`;
after(async () => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const REPORT = 'Clashes broke out in Daraa city on Monday between government forces and rebels.';

async function refusesBadInput(store: Store): Promise<void> {
  const app = await buildApp({ store, resources: loadResources(), notify: { pollMs: 60_000 } });
  try {
    const ok = await app.inject({
      method: 'POST',
      url: '/api/documents',
      payload: { text: REPORT, published: '2019-06-03' },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const cases: Array<{
      method?: 'GET' | 'POST' | 'PUT';
      url: string;
      payload?: object;
      headers?: Record<string, string>;
      expected: RegExp;
    }> = [
      { url: '/api/events?offset=1e20', expected: /offset/ },
      { url: '/api/events?offset=99999999999999999999', expected: /offset/ },
      { url: '/ogc/collections/events/items?offset=1e20', expected: /offset/ },
      { url: '/api/events/points?offset=1e20', expected: /offset/ },
      { url: '/api/events?q=a%00b', expected: /NUL/ },
      { url: '/api/events?actor=%00', expected: /NUL/ },
      { url: '/api/events/ev_%00x', expected: /NUL/ },
      { url: '/api/places?q=Da%00raa', expected: /NUL/ },
      { method: 'PUT', url: '/api/sources/SO%00HR', payload: { reliability: 'B' }, expected: /NUL/ },
      {
        method: 'POST',
        url: '/api/documents',
        payload: { text: REPORT, published: '2019-06-04', source: 'a\u0000b' },
        expected: /source: holds a NUL/,
      },
      {
        method: 'POST',
        url: '/api/documents',
        payload: { text: `${REPORT}\u0000`, published: '2019-06-04' },
        expected: /text: holds a NUL/,
      },
      {
        method: 'POST',
        url: '/api/subscriptions',
        payload: { name: 'x\u0000' },
        expected: /name: holds a NUL/,
      },
      {
        url: '/api/events/stream',
        headers: { 'last-event-id': '99999999999999999999' },
        expected: /past any change/,
      },
    ];
    for (const c of cases) {
      const r = await app.inject({
        method: c.method ?? 'GET',
        url: c.url,
        payload: c.payload,
        headers: c.headers,
      });
      assert.equal(r.statusCode, 400, `${c.method ?? 'GET'} ${c.url}: ${r.statusCode} ${r.body}`);
      assert.match(r.body, c.expected, c.url);
    }
    assert.equal((await store.counts()).documents, 1, 'nothing more stored');
  } finally {
    await app.close();
  }
}

test('sqlite: offset=1e20 and NUL characters are answered 400', async () => {
  const store = await openStore(join(mkdtempSync(join(tmpdir(), 'obs-ranges-')), 'r.db'));
  try {
    await refusesBadInput(store);
  } finally {
    await store.close();
  }
});

test('postgres: offset=1e20 and NUL characters are answered 400', async () => {
  const store = await openStore(`${PG_URL}?schema=${schema}`);
  try {
    await refusesBadInput(store);
  } finally {
    await store.close();
  }
});
