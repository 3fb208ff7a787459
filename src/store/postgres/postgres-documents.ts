// The documents concern on PostgreSQL: a stored report, its original bytes, its field contact.
import { entryFor } from '../audit.js';
import { DOCUMENT_COLUMNS, storedDocumentOfRow } from '../rows.js';
import type { DocumentRow } from '../rows.js';
import type { Documents, StoredDocument } from '../store.js';
import { queryOne } from './postgres-connection.js';
import type { PostgresConnection } from './postgres-connection.js';

export class PostgresDocuments implements Omit<Documents, 'ingest'> {
  constructor(private readonly c: PostgresConnection) {}

  async getDocument(id: string): Promise<StoredDocument | null> {
    const r = await queryOne<DocumentRow>(
      this.c.pool,
      `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = $1`,
      [id],
    );
    return r ? storedDocumentOfRow(r) : null;
  }

  async getOriginal(id: string): Promise<Uint8Array | null> {
    const r = await queryOne<{ original: Buffer }>(
      this.c.pool,
      'SELECT original FROM documents WHERE id = $1',
      [id],
    );
    return r ? new Uint8Array(r.original) : null;
  }

  async storeContact(documentId: string, details: string): Promise<void> {
    await this.c.tx(async (q) => {
      const now = new Date().toISOString();
      const { rowCount } = await q.query(
        'INSERT INTO contacts (document_id, details, created_at) VALUES ($1, $2, $3) ON CONFLICT (document_id) DO NOTHING',
        [documentId, details, now],
      );
      if (rowCount) await this.c.audit(q, entryFor.contactStored(documentId, details), now);
    });
  }

  async readContact(documentId: string): Promise<string | null> {
    return (
      (
        await queryOne<{ details: string }>(
          this.c.pool,
          'SELECT details FROM contacts WHERE document_id = $1',
          [documentId],
        )
      )?.details ?? null
    );
  }
}
