// The audit concern on PostgreSQL: entries appended in the transaction that makes the change, read
// back in order a batch at a time, and the chain of custody checked over the schema's rows.
import { canonicalJson, nextEntry } from '../audit.js';
import type { AuditEntry, AuditInput, AuditReport } from '../audit.js';
import { verifyCustody } from '../custody.js';
import type { DocumentRecord, EventRecord } from '../custody.js';
import { auditEntryOfRow, claimFromRow } from '../rows.js';
import type { ClaimRow, AuditRow } from '../rows.js';
import type { AuditLog } from '../store.js';
import { queryOne, queryRows } from './postgres-connection.js';
import type { PostgresConnection, Q } from './postgres-connection.js';
import type { PostgresEdits } from './postgres-edits.js';

/** Appends an entry to the audit log; call inside the transaction that makes the change. */
export async function appendAudit(q: Q, input: AuditInput, at: string): Promise<void> {
  const last = await queryOne<{ seq: string; hash: string }>(
    q,
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const e = nextEntry(last ? { seq: Number(last.seq), hash: last.hash } : undefined, input, at);
  await q.query(
    'INSERT INTO audit_log (seq, at, action, actor, subject, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [e.seq, e.at, e.action, e.actor, e.subject, canonicalJson(e.detail), e.prevHash, e.hash],
  );
}

export class PostgresAudit implements AuditLog {
  constructor(
    private readonly c: PostgresConnection,
    private readonly edits: PostgresEdits,
  ) {}

  async *#auditRows(after = 0): AsyncGenerator<AuditEntry> {
    for (let from = after; ;) {
      const rows = await queryRows<AuditRow>(
        this.c.pool,
        'SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000',
        [from],
      );
      if (rows.length === 0) return;
      for (const r of rows) yield auditEntryOfRow(r);
      from = Number(rows[rows.length - 1]!.seq);
    }
  }

  async auditLog(after: number, limit: number): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for await (const e of this.#auditRows(after)) {
      if (out.length >= limit) break;
      out.push(e);
    }
    return out;
  }

  async verifyAudit(): Promise<AuditReport> {
    const pool = this.c.pool;
    const rows = queryRows;
    type Doc = Omit<DocumentRecord, 'claims'> & {
      seq: string;
      sha256: string;
      text: string;
      original: Buffer;
    };
    return verifyCustody({
      entries: this.#auditRows(),
      documents: async function* () {
        for (let from = 0; ;) {
          const batch = await rows<Doc>(
            pool,
            `SELECT seq, id, sha256, text, original, external_id, captured_at, capture_method, captured_from, captured_by,
                    published, publisher, url, title, not_coded, published_as_written FROM documents WHERE seq > $1 ORDER BY seq LIMIT 200`,
            [from],
          );
          if (batch.length === 0) return;
          const claims = await rows<{ document_id: string; id: string; body: string }>(
            pool,
            'SELECT document_id, id, body FROM claims WHERE document_id = ANY($1)',
            [batch.map((d) => d.id)],
          );
          for (const d of batch) yield { ...d, claims: claims.filter((c) => c.document_id === d.id) };
          from = Number(batch[batch.length - 1]!.seq);
        }
      },
      events: async function* (): AsyncGenerator<EventRecord> {
        for (let from = ''; ;) {
          const batch = await rows<EventRecord['row']>(
            pool,
            'SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT 500',
            [from],
          );
          if (batch.length === 0) return;
          const claims = await rows<ClaimRow>(
            pool,
            'SELECT * FROM claims WHERE event_id = ANY($1) ORDER BY seq',
            [batch.map((e) => e.id)],
          );
          const of = new Map<string, ClaimRow[]>();
          for (const c of claims) of.set(c.event_id, [...(of.get(c.event_id) ?? []), c]);
          for (const row of batch) yield { row, claims: (of.get(row.id) ?? []).map(claimFromRow) };
          from = batch[batch.length - 1]!.id;
        }
      },
      corrections: async () =>
        rows(pool, 'SELECT event_id, status, fields FROM corrections ORDER BY event_id'),
      reviews: async () => (await this.edits.listReviews()).map((r) => ({ ...r, changes: r.changes ?? {} })),
      grade: async (name: string) =>
        (
          await queryOne<{ reliability: string }>(pool, 'SELECT reliability FROM sources WHERE name = $1', [
            name,
          ])
        )?.reliability,
      users: async () => rows(pool, 'SELECT id, name, role, disabled, password_hash FROM users'),
      tokens: async () =>
        rows(pool, 'SELECT token_hash, user_id, name, expires_at, revoked_at FROM api_tokens'),
      contacts: async () => rows(pool, 'SELECT document_id, details FROM contacts'),
    });
  }
}
