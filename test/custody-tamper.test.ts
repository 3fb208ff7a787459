// Custody over every record that matters, on both engines: an edit an attacker with the database
// could make to a capture record, a publication field, a claim, an event, a correction, a user or
// role, an API token or a field contact — each a plain UPDATE or INSERT that the guard triggers do
// not stop — makes `verify` fail and name the row. Each edit is undone before the next.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadResources } from '../src/extract/resources.js';
import { codeHere } from '../src/ingest/coder.js';
import { readJsonl } from '../src/ingest/read.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { ROOT } from './helpers/cli.js';
import { PG_URL } from './helpers/pg.js';

interface Raw {
  /** Runs one statement, `?` for parameters. */
  exec(sql: string, params?: unknown[]): Promise<void>;
  one<T>(sql: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** A record with something of every kind: coded reports, a correction, a user, a token, a contact. */
async function fill(
  store: Store,
): Promise<{ docId: string; eventId: string; userId: string; tokenId: string }> {
  const res = loadResources();
  let docId = '';
  let eventId = '';
  let n = 0;
  for await (const item of readJsonl(join(ROOT, 'samples', 'corpus.jsonl'))) {
    if (!('input' in item) || n++ >= 5) continue;
    const { doc, events } = codeHere({ ...item.input, url: 'https://example.org/report' }, res);
    const outcome = await store.ingest(doc, events, item.input.bytes);
    if (!eventId && outcome.eventIds.length) {
      docId = outcome.documentId;
      eventId = outcome.eventIds[0]!;
    }
  }
  await store.reviewEvent(eventId, { action: 'correct', by: 'analyst-1', changes: { fatalities: 3 } });
  const user = await store.createUser(
    { name: 'field-viewer', role: 'viewer', passwordHash: 'scrypt$1$2$3$a$b' },
    'admin',
  );
  const token = await store.saveApiToken(
    { tokenHash: 'f'.repeat(64), userId: user.id, name: 'scripts', expiresAt: '2100-01-01T00:00:00.000Z' },
    'admin',
  );
  await store.storeContact(docId, 'v1:encrypted-contact-details');
  return { docId, eventId, userId: user.id, tokenId: token.id };
}

/** The edits, each with the problem it must bring and how it is undone. */
function cases(ids: Awaited<ReturnType<typeof fill>>) {
  const { docId, eventId, userId } = ids;
  const doc = (column: string, value: string, named: RegExp) => ({
    name: `document ${column}`,
    edit: `UPDATE documents SET ${column} = '${value}' WHERE id = '${docId}'`,
    before: `SELECT ${column} AS v FROM documents WHERE id = '${docId}'`,
    undo: (v: unknown) => [`UPDATE documents SET ${column} = ? WHERE id = '${docId}'`, [v]] as const,
    expected: named,
  });
  const named = (what: string) => new RegExp(`document ${docId}: its ${what} is`);
  return [
    doc('captured_by', 'admin', named('captured_by')),
    doc('captured_at', '2001-01-01T00:00:00.000Z', named('captured_at')),
    doc('capture_method', 'form', named('capture_method')),
    doc('captured_from', 'somewhere else', named('captured_from')),
    doc('published', '2001-01-01', named('published')),
    doc('publisher', 'Another Paper', named('publisher')),
    doc('url', 'https://forged.example/', named('url')),
    doc('external_id', 'forged-id', named('external_id')),
    doc('published_as_written', 'Jan 1, 2001', named('published_as_written')),
    {
      name: 'a claim',
      edit: `UPDATE claims SET body = replace(body, '"fatalities":', '"fatalities":1') WHERE id = (SELECT min(id) FROM claims WHERE document_id = '${docId}')`,
      before: `SELECT body AS v FROM claims WHERE document_id = '${docId}' ORDER BY id LIMIT 1`,
      undo: (v: unknown) =>
        [
          `UPDATE claims SET body = ? WHERE document_id = '${docId}' AND id = (SELECT min(id) FROM claims WHERE document_id = '${docId}')`,
          [v],
        ] as const,
      expected: new RegExp(`document ${docId}: its claims differ`),
    },
    {
      name: 'an event',
      edit: `UPDATE events SET event_type = 'Protests', actor1 = 'Nobody' WHERE id = '${eventId}'`,
      before: `SELECT event_type || '|' || actor1 AS v FROM events WHERE id = '${eventId}'`,
      undo: (v: unknown) =>
        [
          `UPDATE events SET event_type = ?, actor1 = ? WHERE id = '${eventId}'`,
          String(v).split('|'),
        ] as const,
      expected: new RegExp(`event ${eventId}: event_type is "Protests", its claims and corrections give`),
    },
    {
      name: 'a correction',
      edit: `UPDATE corrections SET fields = '{"fatalities":30}' WHERE event_id = '${eventId}'`,
      before: `SELECT fields AS v FROM corrections WHERE event_id = '${eventId}'`,
      undo: (v: unknown) => [`UPDATE corrections SET fields = ? WHERE event_id = '${eventId}'`, [v]] as const,
      expected: new RegExp(`correction of event ${eventId}: is corrected \\{"fatalities":30\\}`),
    },
    {
      name: 'a forged correction',
      edit: `INSERT INTO corrections (event_id, status, fields) VALUES ('ev_forged', 'rejected', '{}')`,
      before: `SELECT 1 AS v`,
      undo: () => [`DELETE FROM corrections WHERE event_id = 'ev_forged'`, []] as const,
      expected: /correction of event ev_forged: no review in the audit log made it/,
    },
    {
      name: 'a role raised',
      edit: `UPDATE users SET role = 'admin' WHERE id = '${userId}'`,
      before: `SELECT role AS v FROM users WHERE id = '${userId}'`,
      undo: (v: unknown) => [`UPDATE users SET role = ? WHERE id = '${userId}'`, [v]] as const,
      expected: new RegExp(
        `user field-viewer \\(${userId}\\): has the role admin, but audit entry \\d+ gives viewer`,
      ),
    },
    {
      name: 'a password swapped',
      edit: `UPDATE users SET password_hash = 'scrypt$attacker' WHERE id = '${userId}'`,
      before: `SELECT password_hash AS v FROM users WHERE id = '${userId}'`,
      undo: (v: unknown) => [`UPDATE users SET password_hash = ? WHERE id = '${userId}'`, [v]] as const,
      expected: /user field-viewer .*: its password is not the one audit entry/,
    },
    {
      name: 'a forged user',
      edit: `INSERT INTO users (id, name, role, password_hash, created_at) VALUES ('usr_forged', 'mallory', 'admin', 'x', '2020-01-01')`,
      before: `SELECT 1 AS v`,
      undo: () => [`DELETE FROM users WHERE id = 'usr_forged'`, []] as const,
      expected: /user mallory \(usr_forged\): no audit entry records that it was created/,
    },
    {
      name: 'a forged token',
      edit: `INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ('${'e'.repeat(64)}', '${userId}', 'backdoor', '2020-01-01')`,
      before: `SELECT 1 AS v`,
      undo: () => [`DELETE FROM api_tokens WHERE token_hash = '${'e'.repeat(64)}'`, []] as const,
      expected: /API token tok_eeeeeeeeeeeeeeee \(backdoor\): no audit entry records that it was created/,
    },
    {
      name: 'a token extended',
      edit: `UPDATE api_tokens SET expires_at = '2999-01-01T00:00:00.000Z' WHERE name = 'scripts'`,
      before: `SELECT expires_at AS v FROM api_tokens WHERE name = 'scripts'`,
      undo: (v: unknown) => [`UPDATE api_tokens SET expires_at = ? WHERE name = 'scripts'`, [v]] as const,
      expected: new RegExp(`API token ${ids.tokenId} \\(scripts\\): expires "2999`),
    },
    {
      name: 'a contact replaced',
      edit: `UPDATE contacts SET details = 'v1:other' WHERE document_id = '${docId}'`,
      before: `SELECT details AS v FROM contacts WHERE document_id = '${docId}'`,
      undo: (v: unknown) => [`UPDATE contacts SET details = ? WHERE document_id = '${docId}'`, [v]] as const,
      expected: new RegExp(`contact of document ${docId}: differs from what audit entry \\d+ recorded`),
    },
  ];
}

async function tamperEachWay(store: Store, raw: Raw): Promise<void> {
  const ids = await fill(store);
  assert.deepEqual((await store.verifyAudit()).problems, [], 'the record as made is intact');
  for (const c of cases(ids)) {
    const { v } = await raw.one<{ v: unknown }>(c.before);
    await raw.exec(c.edit);
    const { problems } = await store.verifyAudit();
    assert.ok(
      problems.some((p) => c.expected.test(p)),
      `${c.name}: ${JSON.stringify(problems)}`,
    );
    const [sql, params] = c.undo(v);
    await raw.exec(sql, [...params]);
    assert.deepEqual((await store.verifyAudit()).problems, [], `${c.name} undone`);
  }
}

test(
  'sqlite: every kind of edit to the record fails verify, naming the row',
  { timeout: 120_000 },
  async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'obs-tamper-')), 'record.db');
    const store = await openStore(path);
    const db = new Database(path);
    const raw: Raw = {
      exec: async (sql, params = []) => void db.prepare(sql).run(...params),
      one: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).get(...params) as T,
      close: async () => {
        db.close();
      },
    };
    try {
      await tamperEachWay(store, raw);
    } finally {
      await raw.close();
      await store.close();
    }
  },
);

const schema = `obs_tamper20_${process.pid}`;
after(async () => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

test(
  'postgres: every kind of edit to the record fails verify, naming the row',
  { timeout: 120_000 },
  async () => {
    const store = await openStore(`${PG_URL}?schema=${schema}`);
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`SET search_path TO ${schema}`);
    const numbered = (sql: string) => {
      let i = 0;
      return sql.replace(/\?/g, () => `$${++i}`);
    };
    const raw: Raw = {
      exec: async (sql, params = []) => void (await client.query(numbered(sql), params)),
      one: async <T>(sql: string, params: unknown[] = []) =>
        (await client.query(numbered(sql), params)).rows[0] as T,
      close: async () => client.end(),
    };
    try {
      await tamperEachWay(store, raw);
    } finally {
      await raw.close();
      await store.close();
    }
  },
);
