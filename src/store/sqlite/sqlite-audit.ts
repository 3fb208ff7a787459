// The audit concern on SQLite: entries appended in the transaction that makes the change, read
// back in order, and the chain of custody checked over the file's rows.
import type Database from 'better-sqlite3';
import { canonicalJson, nextEntry } from '../audit.js';
import type { AuditEntry, AuditInput, AuditReport } from '../audit.js';
import { verifyCustody } from '../custody.js';
import type { DocumentRecord, EventRecord } from '../custody.js';
import { auditEntryOfRow } from '../rows.js';
import type { AuditRow } from '../rows.js';
import type { AuditLog } from '../store.js';
import { claimFromRow } from './sqlite-placement.js';
import type { ClaimRow } from './sqlite-placement.js';
import type { SqliteConnection } from './sqlite-connection.js';
import type { SqliteEdits } from './sqlite-edits.js';

/** Appends an entry to the audit log; call inside the transaction that makes the change. */
export function appendAudit(db: Database.Database, input: AuditInput, at: string): void {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  const e = nextEntry(last, input, at);
  db.prepare(
    'INSERT INTO audit_log (seq, at, action, actor, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(e.seq, e.at, e.action, e.actor, e.subject, canonicalJson(e.detail), e.prevHash, e.hash);
}

export class SqliteAudit implements AuditLog {
  constructor(
    private readonly c: SqliteConnection,
    private readonly edits: SqliteEdits,
  ) {}

  *#auditRows(after = 0): Generator<AuditEntry> {
    const rows = this.c.db
      .prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq')
      .iterate(after) as Iterable<AuditRow>;
    for (const r of rows) yield auditEntryOfRow(r);
  }

  async auditLog(after: number, limit: number): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (const e of this.#auditRows(after)) {
      if (out.length >= limit) break;
      out.push(e);
    }
    return out;
  }

  async verifyAudit(): Promise<AuditReport> {
    const db = this.c.db;
    const claimsOfDocument = db.prepare('SELECT id, body FROM claims WHERE document_id = ?');
    const claimsOfEvent = db.prepare('SELECT * FROM claims WHERE event_id = ? ORDER BY rowid');
    return verifyCustody({
      entries: this.#auditRows(),
      documents: function* () {
        const rows = db
          .prepare(
            `SELECT id, sha256, text, original, external_id, captured_at, capture_method, captured_from, captured_by,
                    published, publisher, url, title, not_coded, published_as_written FROM documents ORDER BY rowid`,
          )
          .iterate() as Iterable<
          Omit<DocumentRecord, 'claims'> & { sha256: string; text: string; original: Buffer }
        >;
        for (const r of rows) yield { ...r, claims: claimsOfDocument.all(r.id) as DocumentRecord['claims'] };
      },
      events: function* (): Generator<EventRecord> {
        const rows = db.prepare('SELECT * FROM events ORDER BY rowid').iterate() as Iterable<
          EventRecord['row']
        >;
        for (const row of rows)
          yield { row, claims: (claimsOfEvent.all(row.id) as ClaimRow[]).map(claimFromRow) };
      },
      corrections: async () =>
        db.prepare('SELECT event_id, status, fields FROM corrections ORDER BY event_id').all() as never,
      reviews: async () => (await this.edits.listReviews()).map((r) => ({ ...r, changes: r.changes ?? {} })),
      grade: async (name) =>
        (
          db.prepare('SELECT reliability FROM sources WHERE name = ?').get(name) as
            { reliability: string } | undefined
        )?.reliability,
      users: async () =>
        db.prepare('SELECT id, name, role, disabled, password_hash FROM users').all() as never,
      tokens: async () =>
        db.prepare('SELECT token_hash, user_id, name, expires_at, revoked_at FROM api_tokens').all() as never,
      contacts: async () => db.prepare('SELECT document_id, details FROM contacts').all() as never,
    });
  }
}
