// The audit concern: the hash-chained log of every change, and the check of the chain of custody.
import type { AuditEntry, AuditReport } from '../audit.js';

export interface AuditLog {
  /** Audit entries after sequence number `after`, oldest first. */
  auditLog(after: number, limit: number): Promise<AuditEntry[]>;
  /**
   * Checks the chain of custody: the audit log's hashes and numbering, every document's original
   * bytes against their SHA-256 and the entry that recorded them, reviews and grades against theirs.
   */
  verifyAudit(): Promise<AuditReport>;
}
