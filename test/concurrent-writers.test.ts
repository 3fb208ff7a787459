// Several writers on one SQLite file at once, as a newsroom runs them: two command-line ingests and
// `serve --workers 2` taking POSTs, all started together on a new file. Every document is stored
// exactly once, every command exits 0 and every POST is answered 201; nothing is lost to "database
// is locked".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI, ROOT, run } from './helpers/cli.js';
import { until } from './helpers/wait.js';

const texts = readFileSync(join(ROOT, 'samples', 'corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

const report = (who: string, i: number) => ({
  id: `${who}-${i}`,
  text: `${texts[i % texts.length]}\n\n${who} bulletin number ${i}.`,
  published: new Date(Date.parse('2018-01-01') + i * 86_400_000).toISOString().slice(0, 10),
  source: 'SOHR',
});

/** A POST on a connection of its own, so that the connections go to the server's processes in turn. */
function post(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': data.length, connection: 'close' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

test(
  'four writers on one SQLite file (two ingests, serve --workers 2): every document stored exactly once',
  { timeout: 300_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-writers-'));
    const db = join(dir, 'shared.db');
    const N = 120;
    for (const who of ['a', 'b'])
      writeFileSync(
        join(dir, `${who}.jsonl`),
        `${Array.from({ length: N }, (_, i) => JSON.stringify(report(who, i))).join('\n')}\n`,
      );
    const server = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--workers', '2'], {
      cwd: ROOT,
    });
    let said = '';
    server.stderr.on('data', (d: Buffer) => (said += d.toString()));
    try {
      const ingests = ['a', 'b'].map((who) =>
        run(['ingest', '--input', join(dir, `${who}.jsonl`), '--db', db]),
      );
      const base = await until('the server', () => /at (http:\/\/\S+?)\/ /.exec(said)?.[1], 60_000);
      const statuses: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          while (next < N) {
            const i = next++;
            statuses.push(await post(`${base}/api/documents`, report('api', i)));
          }
        }),
      );
      const results = await Promise.all(ingests);
      for (const r of results) {
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stderr, new RegExp(`${N} new, 0 duplicate, 0 failed`), r.stderr);
      }
      assert.deepEqual(
        statuses.filter((s) => s !== 201),
        [],
        'every POST stored its document',
      );
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    const raw = new Database(db, { readonly: true });
    try {
      const rows = raw
        .prepare('SELECT external_id, count(*) AS n FROM documents GROUP BY external_id')
        .all() as Array<{
        external_id: string;
        n: number;
      }>;
      assert.equal(rows.length, 3 * N, 'every document is stored');
      assert.ok(
        rows.every((r) => r.n === 1),
        'none twice',
      );
      const stored = (
        raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'document.stored'").get() as {
          n: number;
        }
      ).n;
      assert.equal(stored, 3 * N, 'each recorded once in the chain of custody');
    } finally {
      raw.close();
    }
    const verify = await run(['audit', 'verify', '--db', db]);
    assert.equal(verify.code, 0, verify.stdout);
  },
);

test(
  'a write that cannot get the lock in time: the command exits 1 naming the document, the API answers 503 with Retry-After',
  { timeout: 120_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'obs-locked-'));
    const db = join(dir, 'locked.db');
    writeFileSync(join(dir, 'one.jsonl'), `${JSON.stringify(report('one', 0))}\n`);
    writeFileSync(join(dir, 'two.jsonl'), `${JSON.stringify(report('two', 1))}\n`);
    assert.equal((await run(['ingest', '--input', join(dir, 'one.jsonl'), '--db', db])).code, 0);
    const holder = new Database(db);
    holder.pragma('journal_mode = WAL');
    holder.exec('BEGIN IMMEDIATE');
    const { buildApp } = await import('../src/server/app.js');
    const { SqliteStore } = await import('../src/store/sqlite/sqlite-store.js');
    const { loadResources } = await import('../src/extract/resources.js');
    const store = new SqliteStore(db, { writeDeadlineMs: 500 });
    const app = await buildApp({ store, resources: loadResources(), notify: false });
    try {
      const r = await run(['ingest', '--input', join(dir, 'two.jsonl'), '--db', db], {
        env: { OBSERVATORY_WRITE_WAIT: '1' },
      });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /could not store document two-1: .*locked by another writer/);
      assert.match(r.stderr, /1 readable documents could not be stored/);
      const busy = await app.inject({ method: 'POST', url: '/api/documents', payload: report('api', 2) });
      assert.equal(busy.statusCode, 503, busy.body);
      assert.equal(busy.headers['retry-after'], '2');
      assert.match(busy.json<{ error: string }>().error, /locked by another writer/);
      holder.exec('ROLLBACK');
      const again = await app.inject({ method: 'POST', url: '/api/documents', payload: report('api', 2) });
      assert.equal(again.statusCode, 201, again.body);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
      await app.close();
      await store.close();
    }
    const raw = new Database(db, { readonly: true });
    assert.equal((raw.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n, 2);
    raw.close();
  },
);
