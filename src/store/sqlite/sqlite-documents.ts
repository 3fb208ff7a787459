// The documents concern on SQLite: a stored report, its original bytes, its field contact.
import { entryFor } from '../audit.js';
import { DOCUMENT_COLUMNS, storedDocumentOfRow } from '../rows.js';
import type { DocumentRow } from '../rows.js';
import type { Documents, StoredDocument } from '../store.js';
import type { SqliteConnection } from './sqlite-connection.js';

export class SqliteDocuments implements Omit<Documents, 'ingest'> {
  constructor(private readonly c: SqliteConnection) {}

  async getDocument(id: string): Promise<StoredDocument | null> {
    const r = this.c.db.prepare(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE id = ?`).get(id) as
      DocumentRow | undefined;
    return r ? storedDocumentOfRow(r) : null;
  }

  async getOriginal(id: string): Promise<Uint8Array | null> {
    const r = this.c.db.prepare('SELECT original FROM documents WHERE id = ?').get(id) as
      { original: Buffer } | undefined;
    return r ? new Uint8Array(r.original) : null;
  }

  async storeContact(documentId: string, details: string): Promise<void> {
    const now = new Date().toISOString();
    await this.c.write(() => {
      const { changes } = this.c.db
        .prepare(
          'INSERT INTO contacts (document_id, details, created_at) VALUES (?, ?, ?) ON CONFLICT(document_id) DO NOTHING',
        )
        .run(documentId, details, now);
      // The entry proves that contact details were kept, never what they are.
      if (changes) this.c.audit(entryFor.contactStored(documentId, details), now);
    });
  }

  async readContact(documentId: string): Promise<string | null> {
    const r = this.c.db.prepare('SELECT details FROM contacts WHERE document_id = ?').get(documentId) as
      { details: string } | undefined;
    return r?.details ?? null;
  }
}
