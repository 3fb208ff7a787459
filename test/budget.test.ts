// Bounded work per document: a report as large as the server takes, one event sentence repeated and
// varied, is coded in a thread within a time budget. The server answers /health while it is coded,
// the document is stored uncoded past the budget with the reason, a batch goes on past it, and
// SIGTERM ends the server at once. Each holds whatever the extractor's speed: the budget is far
// below what coding 9 MB takes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import { CoderPool } from '../src/ingest/coder.js';
import { buildApp } from '../src/server/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { CLI, ROOT, run } from './helpers/cli.js';
import { until } from './helpers/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-budget-'));

/** About `mb` MB of one event sentence, its village, day and toll varied. */
function heavy(mb: number): string {
  const villages = ['Khan Shaykhun', 'Maarat al-Numan', 'Saraqib', 'Ariha', 'Jisr al-Shughur'];
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const s = `Government forces shelled ${villages[i % 5]} on ${(i % 28) + 1} March, killing ${(i % 9) + 1} civilians, SOHR said. `;
    out.push(s);
    size += s.length;
  }
  return out.join('');
}

let store: Store;
let app: FastifyInstance;
let coder: CoderPool;
let base: string;

before(async () => {
  store = await openStore(join(dir, 'budget.db'));
  coder = new CoderPool({ size: 1, budgetSeconds: 4 });
  app = await buildApp({ store, resources: loadResources(), notify: false, coder });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await coder.close();
  await store.close();
});

test(
  'a 9 MB report: /health answers while it is coded; past the budget it is stored uncoded, saying why',
  { timeout: 120_000 },
  async () => {
    const text = heavy(9);
    let answered = false;
    const posted = fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'heavy', text, published: '2019-04-01', source: 'SOHR' }),
    }).then(async (r) => {
      answered = true;
      return {
        status: r.status,
        body: (await r.json()) as { documentId: string; notCoded?: string; events: number },
      };
    });
    await until('the report in the coding thread', () => (coder.pending > 0 ? true : undefined), 30_000, 5);
    const started = performance.now();
    const health = await fetch(`${base}/health`);
    const ms = performance.now() - started;
    assert.equal(health.status, 200);
    assert.equal(
      answered,
      false,
      `/health answered (in ${ms.toFixed(0)} ms) while the report was being coded`,
    );
    const { status, body } = await posted;
    assert.equal(status, 201, JSON.stringify(body));
    assert.equal(body.notCoded, 'not coded: too long to code in 4 s');
    assert.equal(body.events, 0);
    const doc = (await (await fetch(`${base}/api/documents/${body.documentId}`)).json()) as {
      notCoded?: string;
      text: string;
    };
    assert.equal(doc.notCoded, 'not coded: too long to code in 4 s');
    assert.equal(doc.text.length, text.length, 'the whole text is kept');
    // The pool goes on with a fresh thread: the next report is coded.
    const next = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Government forces shelled Saraqib on Monday, killing 3 civilians, SOHR said.',
        published: '2019-04-02',
        source: 'SOHR',
      }),
    });
    const coded = (await next.json()) as { events: number; notCoded?: string };
    assert.equal(next.status, 201);
    assert.ok(coded.events >= 1 && !coded.notCoded, JSON.stringify(coded));
  },
);

test(
  'a batch goes on past a report over the budget: it is stored uncoded, the others coded, exit 0',
  { timeout: 120_000 },
  async () => {
    const input = join(dir, 'batch.jsonl');
    const line = (id: string, text: string) =>
      JSON.stringify({ id, text, published: '2019-04-01', source: 'SOHR' });
    writeFileSync(
      input,
      [
        line('before', 'Government forces shelled Ariha on Monday, killing 2 civilians, SOHR said.'),
        line('heavy', heavy(6)),
        line('after', 'Rebels attacked an army post near Saraqib on Tuesday, SOHR said.'),
      ].join('\n'),
    );
    const db = join(dir, 'batch.db');
    // 3 s: the 6 MB report needs several times that; the short ones well under it on a loaded machine.
    const r = await run(['ingest', '--input', input, '--db', db], { env: { OBSERVATORY_CODE_BUDGET: '3' } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /heavy: not coded: too long to code in 3 s/);
    assert.match(r.stderr, /3 new, 0 duplicate, 0 failed/);
    const s = await openStore(db);
    try {
      const events = await s.listEvents({ limit: 100 });
      assert.ok(events.total >= 2, 'the reports around it are coded');
    } finally {
      await s.close();
    }
  },
);

test(
  'SIGTERM while a report is being coded: the server is gone within 5 s, cleanly',
  { timeout: 120_000 },
  async () => {
    const db = join(dir, 'sigterm.db');
    const server = spawn(
      process.execPath,
      [CLI, 'serve', '--db', db, '--port', '0', '--code-budget', '600'],
      { cwd: ROOT },
    );
    let said = '';
    server.stderr.on('data', (d: Buffer) => (said += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      server.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const url = await until('the server', () => /at (http:\/\/\S+?)\/ /.exec(said)?.[1], 60_000);
    const posted = fetch(`${url}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: heavy(9), published: '2019-04-01', source: 'SOHR' }),
    }).then(
      (r) => r.status,
      () => 0,
    );
    // Coding has begun once the body is in: give the upload time to arrive.
    await new Promise((r) => setTimeout(r, 3000));
    const t = performance.now();
    server.kill('SIGTERM');
    const { code } = await exited;
    const took = performance.now() - t;
    assert.ok(took < 5000, `ended ${took.toFixed(0)} ms after SIGTERM`);
    assert.equal(code, 0, said);
    const status = await posted;
    assert.ok(status === 503 || status === 0, `the sender is told it was not stored (${status})`);
  },
);
