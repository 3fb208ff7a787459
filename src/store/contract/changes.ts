// The change-log concern: every event created or changed, in order, and a token for what is stored.
import type { HistoryEntry } from './events.js';

/** One entry of the record's change log: an event created or changed, in order. */
export interface EventChange {
  /** Position in the log; later changes have larger cursors. */
  cursor: number;
  eventId: string;
  version: number;
  action: HistoryEntry['action'];
  at: string;
}

export interface ChangeLog {
  /** Changes after `cursor`, oldest first, at most `limit`; the cursor to ask from next. */
  changesSince(cursor: number, limit: number): Promise<{ cursor: number; changes: EventChange[] }>;
  /** The cursor of the latest change (0 when there is none). */
  latestChange(): Promise<number>;
  /**
   * A token that changes whenever anything stored may have changed, by this process or another:
   * what a response read at one token still says at the same token.
   */
  dataVersion(): Promise<string>;
}
