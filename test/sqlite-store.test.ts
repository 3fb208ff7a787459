// The Store contract on real SQLite files, plus what is particular to the embedded engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { makeDocument, makeEvent, storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-sqlite-'));
let n = 0;
storeContract('sqlite', () => openStore(join(dir, `contract-${n++}.db`)));

test('sqlite: WAL mode, versioned migrations applied once, data survives reopening', async () => {
  const path = join(dir, 'reopen.db');
  const store = (await openStore(path)) as SqliteStore;
  assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
  const { doc, bytes } = makeDocument('Persisted.');
  await store.ingest(doc, [makeEvent()], bytes);
  await store.close();
  const again = await openStore(path);
  await again.migrate();
  assert.deepEqual(await again.counts(), { documents: 1, events: 1 });
  await again.close();
  const raw = new Database(path, { readonly: true });
  const versions = raw.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>;
  assert.deepEqual(
    versions.map((v) => v.version),
    [1],
  );
  const rtree = raw.prepare('SELECT count(*) AS n FROM events_rtree').get() as { n: number };
  assert.equal(rtree.n, 1);
  raw.close();
});

test('sqlite: a path that cannot be opened gives a clear error', async () => {
  await assert.rejects(openStore(join(dir, 'no', 'such', 'dir', 'x.db')), /cannot open database .*x\.db/);
  await assert.rejects(
    openStore('postgres://u:secret@127.0.0.1/test'),
    (e: Error) => !e.message.includes('secret') && /PostgreSQL/.test(e.message),
  );
});
