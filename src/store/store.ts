// The storage contract every engine implements (SQLite embedded, PostgreSQL for teams): one small
// interface per concern under contract/, composed here. Stages above the store speak only `Store`.
import type { Documents } from './contract/documents.js';
import type { EventQueries } from './contract/events.js';
import type { EventAggregates } from './contract/aggregates.js';
import type { RecordEdits } from './contract/edits.js';
import type { Sources } from './contract/sources.js';
import type { ChangeLog } from './contract/changes.js';
import type { Subscriptions } from './contract/subscriptions.js';
import type { Accounts } from './contract/accounts.js';
import type { AuditLog } from './contract/audit.js';

export * from './contract/documents.js';
export * from './contract/events.js';
export * from './contract/aggregates.js';
export * from './contract/edits.js';
export * from './contract/sources.js';
export * from './contract/changes.js';
export * from './contract/subscriptions.js';
export * from './contract/accounts.js';
export * from './contract/audit.js';

/** Opening and closing a record, whatever the engine. */
export interface StoreLifecycle {
  /** Brings the schema to the latest version; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type Store = StoreLifecycle &
  Documents &
  EventQueries &
  EventAggregates &
  RecordEdits &
  Sources &
  ChangeLog &
  Subscriptions &
  Accounts &
  AuditLog;

export class StoreError extends Error {
  /**
   * What kind of failure: something missing, a request that cannot be done, a change made on what
   * has changed since, the engine failing, the engine too busy with other writers to write now
   * (nothing was written; try again), or the disk full (nothing was written; free space and try again).
   */
  readonly kind: 'not_found' | 'invalid' | 'conflict' | 'failed' | 'busy' | 'full';
  /** With 'conflict': what stands now (the event as it is, the decision made since). */
  readonly current?: unknown;
  constructor(
    message: string,
    kind: 'not_found' | 'invalid' | 'conflict' | 'failed' | 'busy' | 'full' = 'failed',
    current?: unknown,
  ) {
    super(message);
    this.name = 'StoreError';
    this.kind = kind;
    if (current !== undefined) this.current = current;
  }
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
/** The furthest a page may start: beyond any record, and within every engine's integers. */
export const MAX_OFFSET = 1_000_000_000;

/** Document ids are derived from content, so the same bytes always get the same id. */
export const documentIdFor = (sha256: string) => `doc_${sha256.slice(0, 20)}`;
