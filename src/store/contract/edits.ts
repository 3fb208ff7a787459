// The record-edit concern: analysts' merges, splits, reviews and their undoing, and the record
// rebuilt from its claims.
import type { EventDetail, Review, ReviewInput } from './events.js';

export interface RecordEdits {
  /** Moves every claim of `otherId` into `targetId`; the link survives re-clustering. */
  mergeEvents(targetId: string, otherId: string, by: string): Promise<EventDetail>;
  /** Moves the given claims out into a new event; the split survives re-clustering. */
  splitEvent(eventId: string, claimIds: string[], by: string): Promise<EventDetail>;
  /** Rebuilds every event from the stored claims, keeping analysts' merges and splits. */
  /** Rebuilds every event from the claims; `onProgress` is told of each claim placed. */
  recluster(onProgress?: (done: number, total: number) => void): Promise<{ claims: number; events: number }>;
  /** Records an analyst's verdict; corrections stand over the claims from then on. */
  reviewEvent(id: string, review: ReviewInput): Promise<EventDetail>;
  /**
   * Takes back review decision `reviewId`: the event is as the decisions before it left it. Refused
   * (StoreError 'conflict', naming who and when) once a later decision on the event stands.
   */
  undoReview(reviewId: number, by: string): Promise<EventDetail>;
  /** Every review decision, oldest first (of one event only, given its id). */
  listReviews(eventId?: string): Promise<Review[]>;
}
