// The record-edit concern on SQLite: analysts' reviews and their undoing. (Merges, splits and
// re-clustering place claims, and live with the write path.)
import { entryFor } from '../audit.js';
import { checkReview, standingCorrection, undoRefusal } from '../reviews.js';
import { StoreError } from '../store.js';
import type { EventDetail, RecordEdits, Review, ReviewInput } from '../store.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { reviewsOf } from './sqlite-events.js';
import type { SqliteEvents } from './sqlite-events.js';

export class SqliteEdits implements Omit<RecordEdits, 'mergeEvents' | 'splitEvent' | 'recluster'> {
  constructor(
    private readonly c: SqliteConnection,
    private readonly events: SqliteEvents,
  ) {}

  async reviewEvent(requested: string, review: ReviewInput): Promise<EventDetail> {
    const id = this.c.resolveId(requested);
    const row = this.c.db.prepare('SELECT event_type, version FROM events WHERE id = ?').get(id) as
      { event_type: string; version: number } | undefined;
    if (!row) throw new StoreError(`no event ${requested}`, 'not_found');
    if (review.version !== undefined && review.version !== row.version)
      throw new StoreError(
        `${id} has changed since version ${review.version} (it is at version ${row.version} now): look at it again before deciding`,
        'conflict',
        await this.events.getEvent(id),
      );
    const { changes, status } = checkReview(review, row.event_type);
    const now = new Date().toISOString();
    await this.c.write(() => {
      const before = this.c.db.prepare('SELECT fields FROM corrections WHERE event_id = ?').get(id) as
        { fields: string } | undefined;
      const fields = { ...(before ? (JSON.parse(before.fields) as object) : {}), ...changes };
      this.c.db
        .prepare(
          'INSERT INTO corrections (event_id, status, fields) VALUES (?, ?, ?) ON CONFLICT(event_id) DO UPDATE SET status = excluded.status, fields = excluded.fields',
        )
        .run(id, status, JSON.stringify(fields));
      this.c.db
        .prepare('INSERT INTO reviews (event_id, action, by, at, changes, note) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, review.action, review.by, now, JSON.stringify(changes), review.note ?? null);
      this.c.writer.refresh(id, { action: 'reviewed', by: review.by }, now);
      this.c.audit(entryFor.reviewed(id, review, changes), now);
    });
    return (await this.events.getEvent(id))!;
  }

  async undoReview(reviewId: number, by: string): Promise<EventDetail> {
    const row = this.c.db.prepare('SELECT event_id FROM reviews WHERE rowid = ?').get(reviewId) as
      { event_id: string } | undefined;
    if (!row) throw new StoreError(`no review decision ${reviewId}`, 'not_found');
    const id = this.c.resolveId(row.event_id);
    const now = new Date().toISOString();
    await this.c.write(() => {
      const reviews = reviewsOf(this.c.db, row.event_id);
      const target = reviews.find((r) => r.id === reviewId)!;
      const refused = undoRefusal(target, reviews, by);
      if (refused) throw refused;
      this.c.db
        .prepare('INSERT INTO review_undos (review_id, by, at) VALUES (?, ?, ?)')
        .run(reviewId, by, now);
      const standing = standingCorrection(reviewsOf(this.c.db, row.event_id));
      if (standing)
        this.c.db
          .prepare('UPDATE corrections SET status = ?, fields = ? WHERE event_id = ?')
          .run(standing.status, JSON.stringify(standing.fields), id);
      else this.c.db.prepare('DELETE FROM corrections WHERE event_id = ?').run(id);
      this.c.writer.refresh(id, { action: 'reviewed', by }, now);
      this.c.audit(entryFor.reviewUndone(id, reviewId, target, by), now);
    });
    return (await this.events.getEvent(id))!;
  }

  async listReviews(eventId?: string): Promise<Review[]> {
    return reviewsOf(this.c.db, eventId);
  }
}
