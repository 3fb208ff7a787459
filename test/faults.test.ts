// Faults on the embedded store: an ingest killed with SIGKILL in the middle of a batch, a disk that
// fills up, a database on a read-only file system. Each time nothing stored is lost, nothing is
// half-written or doubled, and what went wrong is said plainly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI, ROOT, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-faults-'));
const texts = readFileSync(join(ROOT, 'samples', 'corpus.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { text: string }).text);

function reports(n: number, path: string): void {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `bulletin-${i}`,
      text: `${texts[i % texts.length]}\n\nBulletin ${i}.`,
      published: new Date(Date.parse('2017-01-01') + i * 86_400_000).toISOString().slice(0, 10),
      source: 'SOHR',
    }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** The sample corpus ingested into `db`, checkpointed so that the database is one file of known size. */
async function sampleRecord(db: string): Promise<void> {
  assert.equal((await run(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db])).code, 0);
  const raw = new Database(db);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
}

/** The stored record is whole: SQLite's own check, the chain of custody, every document's claims. */
function checkWhole(db: string): { documents: number } {
  const raw = new Database(db, { readonly: true });
  try {
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    const entries = raw
      .prepare("SELECT subject, detail FROM audit_log WHERE action = 'document.stored'")
      .all() as Array<{
      subject: string;
      detail: string;
    }>;
    const documents = (raw.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    assert.equal(entries.length, documents, 'every document was recorded as stored, once');
    for (const e of entries) {
      const claims = (
        raw.prepare('SELECT count(*) AS n FROM claims WHERE document_id = ?').get(e.subject) as { n: number }
      ).n;
      assert.equal(
        claims,
        (JSON.parse(e.detail) as { claims: number }).claims,
        `${e.subject}: all its claims, no more`,
      );
    }
    const orphans = raw
      .prepare(
        'SELECT count(*) AS n FROM claims c LEFT JOIN events e ON e.id = c.event_id WHERE e.id IS NULL',
      )
      .get() as {
      n: number;
    };
    assert.equal(orphans.n, 0, 'every claim is in an event');
    return { documents };
  } finally {
    raw.close();
  }
}

test(
  'an ingest killed with SIGKILL in the middle: what was stored is whole; running it again stores the rest, once',
  { timeout: 180_000 },
  async () => {
    const input = join(dir, 'batch.jsonl');
    reports(300, input);
    const db = join(dir, 'killed.db');
    const child = spawn(process.execPath, [CLI, 'ingest', '--input', input, '--db', db], { cwd: ROOT });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let stored = 0;
    for (let i = 0; i < 600 && stored < 30; i++) {
      await new Promise((r) => setTimeout(r, 100));
      try {
        const raw = new Database(db, { readonly: true, fileMustExist: true });
        stored = (raw.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
        raw.close();
      } catch {
        // not created yet
      }
    }
    child.kill('SIGKILL');
    await exited;
    const { documents } = checkWhole(db);
    assert.ok(documents >= 30 && documents < 300, `killed in the middle (${documents} stored)`);
    const verify = await run(['audit', 'verify', '--db', db]);
    assert.equal(verify.code, 0, verify.stdout);
    const again = await run(['ingest', '--input', input, '--db', db]);
    assert.match(again.stderr, new RegExp(`${300 - documents} new, ${documents} duplicate, 0 failed`));
    assert.equal(checkWhole(db).documents, 300);
  },
);

test(
  'a disk that fills up: the document that did not fit is refused with the reason; everything before it is intact',
  { timeout: 120_000 },
  async () => {
    const db = join(dir, 'full.db');
    await sampleRecord(db);
    const big = join(dir, 'big');
    mkdirSync(big);
    for (let i = 0; i < 4; i++)
      writeFileSync(
        join(big, `long-${i}.txt`),
        `${texts[i]}\n\n${'Markets were open and roads were quiet. '.repeat(40_000 + i)}`,
      );
    // The process may not grow any file past 2 MB beyond the database's size (ulimit -f, in KB):
    // the write-ahead log reaches it, as a full disk would stop it.
    const limitKb = Math.ceil(statSync(db).size / 1024) + 2048;
    const out = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        'bash',
        [
          '-c',
          `ulimit -f ${limitKb}; trap '' XFSZ; exec "$0" "$@"`,
          process.execPath,
          CLI,
          'ingest',
          big,
          '--published',
          '2020-01-01',
          '--db',
          db,
        ],
        {
          cwd: ROOT,
        },
      );
      const err: Buffer[] = [];
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('exit', (code) => resolve({ code, stderr: Buffer.concat(err).toString() }));
    });
    assert.match(
      out.stderr,
      /could not store document .*(disk is full|file too large|I\/O error)/i,
      out.stderr,
    );
    assert.match(out.stderr, /failed/);
    assert.equal(out.code, 1, 'a command that could not store a readable document exits 1');
    const { documents } = checkWhole(db);
    assert.ok(documents >= 12 && documents < 16, `the corpus kept, the rest refused (${documents})`);
    assert.equal((await run(['audit', 'verify', '--db', db])).code, 0);
  },
);

test(
  'a database on a read-only file system: a clear error, the file untouched',
  { timeout: 60_000 },
  async (t) => {
    const ro = join(dir, 'readonly');
    mkdirSync(ro);
    const db = join(ro, 'record.db');
    await sampleRecord(db);
    const before = readFileSync(db);
    try {
      execFileSync('mount', ['--bind', ro, ro]);
      execFileSync('mount', ['-o', 'remount,ro,bind', ro]);
    } catch (e) {
      if (process.env.CI)
        throw new Error(`a read-only mount is needed for this test in CI: ${(e as Error).message}`, {
          cause: e,
        });
      t.skip('cannot mount a read-only file system here (needs root)');
      return;
    }
    try {
      const r = await run(['ingest', join(ROOT, 'samples'), '--db', db]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /record\.db/);
      assert.match(r.stderr, /read-?only|cannot open|unable to open/i);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'an error message, not a stack trace');
    } finally {
      execFileSync('umount', [ro]);
    }
    assert.deepEqual(readFileSync(db), before, 'the database is untouched');
  },
);

test(
  'a full disk: serve says so and exits 1; once space is back it starts again, the record intact',
  { timeout: 120_000 },
  async (t) => {
    const mnt = join(dir, 'small-disk');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]);
    } catch (e) {
      if (process.env.CI)
        throw new Error(`a tmpfs mount is needed for this test in CI: ${(e as Error).message}`, { cause: e });
      t.skip('cannot mount a small file system here (needs root)');
      return;
    }
    try {
      const db = join(mnt, 'record.db');
      const made = join(dir, 'for-small-disk.db');
      await sampleRecord(made);
      writeFileSync(db, readFileSync(made));
      // Fill what is left of the disk.
      try {
        writeFileSync(join(mnt, 'filler'), Buffer.alloc(8 * 1024 * 1024));
      } catch {
        // ENOSPC: full, as meant
      }
      const refused = await run(['serve', '--db', db, '--port', '0']);
      assert.equal(refused.code, 1);
      assert.match(
        refused.stderr,
        /record\.db: the disk holding it is full \(\d+ KB free\); nothing was written or lost/,
      );
      assert.doesNotMatch(refused.stderr, /\n\s+at /, 'an error message, not a stack trace');
      const ingest = await run(['ingest', join(ROOT, 'samples'), '--db', db]);
      assert.equal(ingest.code, 1);
      assert.match(ingest.stderr, /disk holding it is full/);
      execFileSync('rm', [join(mnt, 'filler')]);
      const server = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { cwd: ROOT });
      let said = '';
      server.stderr.on('data', (d: Buffer) => (said += d.toString()));
      try {
        for (let i = 0; i < 200 && !/ at http/.test(said); i++) await new Promise((r) => setTimeout(r, 100));
        const url = /at (http:\/\/\S+?)\/ /.exec(said)?.[1];
        assert.ok(url, said);
        const health = (await (await fetch(`${url}/health`)).json()) as { documents: number };
        assert.equal(health.documents, 12);
      } finally {
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
      assert.equal((await run(['audit', 'verify', '--db', db])).code, 0);
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  },
);
