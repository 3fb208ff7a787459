// The chain of custody on real SQLite files: every change is an audit entry chained by hash;
// `observatory audit verify` finds each kind of tampering an attacker with the file could do
// (dropping the guard triggers first); backups are consistent and restores are checked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS } from '../src/store/sqlite/sqlite-migrations.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { ROOT, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-custody-'));
const pristine = join(dir, 'pristine.db');
let head = '';

before(async () => {
  const r = await run(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', pristine]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await run(['sources', 'grade', 'SOHR', 'B', '--db', pristine])).code, 0);
  const list = JSON.parse((await run(['events', 'list', '--db', pristine, '--format', 'json'])).stdout) as {
    events: Array<{ id: string }>;
  };
  const store = new SqliteStore(pristine);
  await store.migrate();
  await store.reviewEvent(list.events[0]!.id, {
    action: 'correct',
    by: 'analyst-1',
    changes: { fatalities: 3 },
  });
  await store.close();
});

/** A copy of the intact database to tamper with, opened raw with the guard triggers dropped. */
function tampered(name: string, sql: string): string {
  const path = join(dir, `${name}.db`);
  copyFileSync(pristine, path);
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  db.exec(`DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete;
           DROP TRIGGER documents_original_fixed; DROP TRIGGER documents_kept; ${sql}`);
  db.close();
  return path;
}

test('every change is an entry: documents stored, a source graded, a review; verify says intact and prints the head', async () => {
  const log = JSON.parse(
    (await run(['audit', 'log', '--db', pristine, '--format', 'json', '--limit', '1000'])).stdout,
  ) as Array<{
    seq: number;
    action: string;
    actor: string;
    detail: Record<string, unknown>;
  }>;
  const actions = log.map((e) => e.action);
  assert.equal(actions.filter((a) => a === 'document.stored').length, 12);
  assert.ok(actions.includes('source.graded'));
  assert.ok(actions.includes('event.reviewed'));
  assert.deepEqual(
    log.map((e) => e.seq),
    log.map((_, i) => i + 1),
  );
  const stored = log.find((e) => e.action === 'document.stored')!;
  assert.match(stored.actor, /^cli:/, 'who captured it');
  assert.match(String(stored.detail.sha256), /^[0-9a-f]{64}$/);
  assert.equal(stored.detail.captureMethod, 'jsonl');
  const v = await run(['audit', 'verify', '--db', pristine]);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  const m = /intact: (\d+) audit entries, 12 documents; head (\d+:[0-9a-f]{64})/.exec(v.stdout);
  assert.ok(m, v.stdout);
  head = m[2]!;
});

test('the log and the originals refuse plain SQL edits (guard triggers)', () => {
  const path = join(dir, 'guarded.db');
  copyFileSync(pristine, path);
  const db = new Database(path);
  assert.throws(() => db.exec("UPDATE audit_log SET actor = 'someone' WHERE seq = 1"), /append-only/);
  assert.throws(() => db.exec('DELETE FROM audit_log WHERE seq = 1'), /append-only/);
  assert.throws(() => db.exec("UPDATE documents SET original = x'00' WHERE rowid = 1"), /unaltered/);
  assert.throws(() => db.exec('DELETE FROM documents WHERE rowid = 1'), /never removed/);
  db.close();
});

test('verify finds every kind of tampering, naming what was altered', async () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'bytes',
      "UPDATE documents SET original = CAST('forged' AS BLOB) WHERE rowid = 2",
      /no longer match their SHA-256/,
    ],
    [
      'bytes-and-hash',
      "UPDATE documents SET original = CAST('forged' AS BLOB), sha256 = lower(hex(randomblob(32))) WHERE rowid = 2",
      /differ from those audit entry 2 recorded/,
    ],
    [
      'text',
      "UPDATE documents SET text = 'nothing happened' WHERE rowid = 3",
      /text differs from the text audit entry 3/,
    ],
    [
      'entry-edited',
      "UPDATE audit_log SET actor = 'someone else' WHERE seq = 4",
      /audit entry 4: its content does not match its hash/,
    ],
    ['entry-removed', 'DELETE FROM audit_log WHERE seq = 5', /expected entry 5 here/],
    ['document-removed', 'DELETE FROM documents WHERE rowid = 6', /recorded by audit entry 6 but missing/],
    [
      'review-edited',
      `UPDATE reviews SET changes = '{"fatalities":30}'`,
      /review 1 of event .* differs from audit entry/,
    ],
    [
      'grade-edited',
      "UPDATE sources SET reliability = 'A' WHERE name = 'SOHR'",
      /source SOHR: graded A, but the audit log's last grade is B/,
    ],
  ];
  for (const [name, sql, expected] of cases) {
    const r = await run(['audit', 'verify', '--db', tampered(name, sql)]);
    assert.equal(r.code, 1, `${name}: ${r.stdout}`);
    assert.match(r.stdout, expected, name);
    assert.match(r.stdout, /ALTERED/);
  }
  // Entries cut off the end leave a consistent chain; here the last was the review, which the
  // reviews table still shows, and the head kept elsewhere shows it whatever the entry was.
  const cut = tampered('cut', 'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)');
  const plain = await run(['audit', 'verify', '--db', cut]);
  assert.equal(plain.code, 1);
  assert.doesNotMatch(plain.stdout, /audit entry \d+:/, 'the chain itself is consistent');
  assert.match(plain.stdout, /reviews: 1 stored but 0 recorded/);
  const anchored = await run(['audit', 'verify', '--db', cut, '--expect-head', head]);
  assert.equal(anchored.code, 1);
  assert.match(anchored.stdout, /is missing: the log was cut short/);
  assert.equal((await run(['audit', 'verify', '--db', pristine, '--expect-head', head])).code, 0);
});

test('a database from before the audit log has its documents entered at the upgrade', async () => {
  const path = join(dir, 'old.db');
  const db = new Database(path);
  db.exec(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  for (const m of MIGRATIONS.filter((x) => x.version < 6)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(
      m.version,
      m.name,
      '2026-01-01T00:00:00Z',
    );
  }
  const bytes = Buffer.from('An old report.\n');
  const { createHash } = await import('node:crypto');
  const sha = createHash('sha256').update(bytes).digest('hex');
  db.prepare(
    `INSERT INTO documents (id, external_id, sha256, text, published, captured_at, capture_method, original)
     VALUES (?, 'old.txt', ?, 'An old report.', '2017-01-01', '2017-01-02T00:00:00Z', 'file', ?)`,
  ).run(`doc_${sha.slice(0, 20)}`, sha, bytes);
  db.close();
  const v = await run(['audit', 'verify', '--db', path]);
  assert.equal(v.code, 0, v.stdout);
  assert.match(v.stdout, /intact: 1 audit entries, 1 documents/);
  const log = JSON.parse((await run(['audit', 'log', '--db', path, '--format', 'json'])).stdout) as Array<{
    detail: { enteredAtUpgrade?: boolean };
  }>;
  assert.equal(log[0]!.detail.enteredAtUpgrade, true);
});

test('backup copies a database in use; restore checks the copy first and keeps what it replaces', async () => {
  const live = join(dir, 'live.db');
  copyFileSync(pristine, live);
  const backup = join(dir, 'backup.db');
  const b = await run(['backup', backup, '--db', live]);
  assert.equal(b.code, 0, b.stderr);
  assert.ok(existsSync(backup));
  assert.equal((await run(['backup', backup, '--db', live])).code, 2, 'never overwrites');
  // Something happens after the backup; restoring goes back to the backup's state.
  const later = join(dir, 'later.txt');
  writeFileSync(later, 'Clashes broke out in Daraa on Monday between government forces and rebels.\n');
  assert.equal((await run(['ingest', later, '--published', '2017-09-10', '--db', live])).code, 0);
  const r = await run(['restore', backup, '--db', live]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /restored .* 12 documents, \d+ audit entries, intact/);
  assert.match(r.stdout, /kept as .*live\.db\.replaced-/);
  assert.ok(readdirSync(dir).some((f) => f.startsWith('live.db.replaced-')));
  const v = await run(['audit', 'verify', '--db', live]);
  assert.match(v.stdout, /intact: .* 12 documents/);

  const forged = tampered('forged-backup', "UPDATE documents SET text = 'nothing' WHERE rowid = 1");
  const refused = await run(['restore', forged, '--db', live]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /chain of custody is broken; not restored/);
  const garbage = join(dir, 'garbage.db');
  writeFileSync(garbage, 'not a database at all');
  const bad = await run(['restore', garbage, '--db', live]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not a readable SQLite database|integrity/);
  assert.match(
    (await run(['audit', 'verify', '--db', live])).stdout,
    /intact: .* 12 documents/,
    'the live database is untouched',
  );
});

test('restore --expect-head: a backup whose log was rewritten or cut short is refused, the live record untouched', async () => {
  const live = join(dir, 'anchored-live.db');
  copyFileSync(pristine, live);
  const backup = join(dir, 'anchored.bak');
  const b = await run(['backup', backup, '--db', live]);
  assert.equal(b.code, 0, b.stderr);
  const head = /head (\d+:[0-9a-f]{64})/.exec(b.stdout)?.[1];
  assert.ok(head, `backup prints the head it holds: ${b.stdout}`);
  // Rewritten: a report's text changed, its entry changed to match, and every hash after it
  // recomputed, so that the chain is consistent again — only the published head tells.
  const { entryHash } = await import('../src/store/audit.js');
  const rewritten = join(dir, 'rewritten.bak');
  copyFileSync(backup, rewritten);
  const db = new Database(rewritten);
  db.exec('DROP TRIGGER audit_log_append_only_update');
  const text = 'Nothing happened anywhere.';
  const { createHash } = await import('node:crypto');
  const entries = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<{
    seq: number;
    at: string;
    action: string;
    actor: string;
    subject: string;
    detail: string;
    prev_hash: string;
    hash: string;
  }>;
  const victim = entries.find((e) => e.action === 'document.stored')!;
  db.prepare('UPDATE documents SET text = ? WHERE id = ?').run(text, victim.subject);
  let prev = '0'.repeat(64);
  for (const e of entries) {
    const detail = JSON.parse(e.detail) as Record<string, unknown>;
    if (e === victim) detail.textSha256 = createHash('sha256').update(text).digest('hex');
    const hash = entryHash({ ...e, detail, prevHash: prev } as never);
    db.prepare('UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(
      JSON.stringify(detail),
      prev,
      hash,
      e.seq,
    );
    prev = hash;
  }
  db.close();
  const plain = await run(['audit', 'verify', '--db', rewritten]);
  assert.equal(plain.code, 0, 'a consistent rewrite passes without the head kept elsewhere');
  const refused = await run(['restore', rewritten, '--db', live, '--expect-head', head]);
  assert.equal(refused.code, 1, refused.stdout);
  assert.match(refused.stdout, /is not the entry the expected head names/);
  assert.match(refused.stderr, /not restored/);
  // Cut short: the last entries gone.
  const cut = join(dir, 'cut.bak');
  copyFileSync(backup, cut);
  const c = new Database(cut);
  c.exec('DROP TRIGGER audit_log_append_only_delete');
  c.prepare('DELETE FROM audit_log WHERE seq > ?').run(Number(head.split(':')[0]) - 1);
  c.close();
  const short = await run(['restore', cut, '--db', live, '--expect-head', head]);
  assert.equal(short.code, 1);
  assert.match(short.stdout, /the log was cut short/);
  assert.match((await run(['audit', 'verify', '--db', live, '--expect-head', head])).stdout, /intact/);
  const ok = await run(['restore', backup, '--db', live, '--expect-head', head]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
});
