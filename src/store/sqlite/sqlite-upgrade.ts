// Brings a SQLite record to the latest schema: every pending step of sqlite-migrations.ts in one
// transaction, then the data steps some of them need (claims split out of version 1's events, the
// documents stored before the audit log entered in it, places' keys indexed).
import { createHash } from 'node:crypto';
import type { Claim } from '../../model/index.js';
import { claimRecord } from '../../corroborate/cluster.js';
import { canonicaliser, rootOf } from '../../corroborate/sources.js';
import { placeKeys } from '../filters.js';
import { codingOfRow } from '../rows.js';
import type { SqliteConnection } from './sqlite-connection.js';
import type { EventRow } from './sqlite-events.js';
import { MIGRATIONS } from './sqlite-migrations.js';

export async function upgrade(c: SqliteConnection): Promise<void> {
  const pendingNow = () => {
    const known = c.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!known) return MIGRATIONS;
    const done = new Set(
      (c.db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map(
        (r) => r.version,
      ),
    );
    return MIGRATIONS.filter((m) => !done.has(m.version));
  };
  if (pendingNow().length === 0) return;
  // All pending steps in one transaction, data steps once the schema is complete: an upgrade
  // either happens whole or not at all. Several processes starting on one file at once: the
  // first to take the write lock migrates, the others find nothing left to do.
  await c.write(() => {
    c.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const pending = pendingNow();
    for (const m of pending) {
      c.db.exec(m.sql);
      c.db
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(m.version, m.name, new Date().toISOString());
    }
    if (pending.some((m) => m.after === 'claims-from-events')) claimsFromEvents(c);
    if (pending.some((m) => m.after === 'audit-existing-documents')) auditExistingDocuments(c);
    if (pending.some((m) => m.after === 'place-keys')) indexPlaceKeys(c);
  });
}

/** Events stored before their places' keys were indexed are indexed under them. */
function indexPlaceKeys(c: SqliteConnection): void {
  c.db.function('observatory_place_keys', { deterministic: true }, (a, b, c) =>
    placeKeys(a as string | null, b as string | null, c as string | null),
  );
  c.db.exec(
    `DELETE FROM event_places;
     INSERT INTO event_places (rowid, keys) SELECT rowid, observatory_place_keys(location, admin1, admin2) FROM events`,
  );
}

/** Documents stored before the audit log began are entered in it, marked as entered late. */
function auditExistingDocuments(c: SqliteConnection): void {
  const now = new Date().toISOString();
  const docs = c.db
    .prepare(
      'SELECT id, sha256, text, length(original) AS bytes, external_id, captured_at, capture_method, captured_from FROM documents ORDER BY rowid',
    )
    .all() as Array<{
    id: string;
    sha256: string;
    text: string;
    bytes: number;
    external_id: string;
    captured_at: string;
    capture_method: string;
    captured_from: string | null;
  }>;
  for (const d of docs)
    c.audit(
      {
        action: 'document.stored',
        actor: d.capture_method,
        subject: d.id,
        detail: {
          sha256: d.sha256,
          textSha256: createHash('sha256').update(d.text).digest('hex'),
          bytes: d.bytes,
          externalId: d.external_id,
          capturedAt: d.captured_at,
          captureMethod: d.capture_method,
          capturedFrom: d.captured_from,
          enteredAtUpgrade: true,
        },
      },
      now,
    );
}

/** Version 1 kept one event per extracted claim; each becomes a claim of an event of its own. */
function claimsFromEvents(c: SqliteConnection): void {
  const rows = c.db
    .prepare(
      `SELECT e.*, ed.document_id, d.publisher FROM events e JOIN event_documents ed ON ed.event_id = e.id
       JOIN documents d ON d.id = ed.document_id ORDER BY e.rowid`,
    )
    .all() as Array<EventRow & { document_id: string; publisher: string | null }>;
  const spans = c.db.prepare('SELECT start, end, text FROM evidence WHERE event_id = ? ORDER BY start');
  const evidence = new Map(rows.map((r) => [r.id, spans.all(r.id) as Claim['evidence']]));
  const now = new Date().toISOString();
  c.db.exec(
    'DROP TABLE evidence; DELETE FROM events_fts; DELETE FROM events_rtree; DELETE FROM event_counts; DELETE FROM event_cells; DELETE FROM event_documents; DELETE FROM events;',
  );
  const canonical = canonicaliser([]);
  for (const r of rows) {
    const body = { ...codingOfRow(r), evidence: evidence.get(r.id) ?? [] };
    c.writer.place(
      claimRecord(
        body,
        `cl_${r.id.slice(3)}`,
        r.document_id,
        rootOf(body, r.publisher ?? undefined, canonical),
      ),
      { action: 'created', documentId: r.document_id },
      now,
    );
  }
}
