// An analyst's decision on an event: accept, correct (with the corrected ACLED columns) or reject,
// and, once stored, its number, when it was made and whether it was undone.
import type { AcledFields } from './acled.js';

/** An analyst's verdict on an event; `changes` are the corrected fields (with `correct`), any ACLED column. */
export interface ReviewInput {
  action: 'accept' | 'correct' | 'reject';
  by: string;
  changes?: Partial<AcledFields>;
  /** Why: a rejection's reason, a correction's source. */
  note?: string;
  /**
   * The version of the event the analyst decided on: when the event has changed since, the review
   * is refused (StoreError 'conflict', naming the version now) rather than applied to what they did not see.
   */
  version?: number;
}

export interface Review extends Omit<ReviewInput, 'version'> {
  /** The decision's number, what an undo names. */
  id: number;
  eventId: string;
  at: string;
  /** Set once the decision was undone: by whom and when. */
  undone?: { by: string; at: string };
}
