// The record-edit concern on PostgreSQL: analysts' reviews and their undoing, decisions on one event
// taken in turn by locking its row. (Merges, splits and re-clustering place claims, and live with
// the write path.)
import { entryFor } from '../audit.js';
import { checkReview, standingCorrection, undoRefusal } from '../reviews.js';
import { StoreError } from '../store.js';
import type { EventDetail, RecordEdits, Review, ReviewInput } from '../store.js';
import { queryOne } from './postgres-connection.js';
import type { PostgresConnection } from './postgres-connection.js';
import { reviewsOf } from './postgres-events.js';
import type { PostgresEvents } from './postgres-events.js';

export class PostgresEdits implements Omit<RecordEdits, 'mergeEvents' | 'splitEvent' | 'recluster'> {
  constructor(
    private readonly c: PostgresConnection,
    private readonly events: PostgresEvents,
  ) {}

  async reviewEvent(requested: string, review: ReviewInput): Promise<EventDetail> {
    const id = await this.c.resolveId(requested);
    await this.c
      .tx(async (q) => {
        const row = await queryOne<{ event_type: string; version: number }>(
          q,
          'SELECT event_type, version FROM events WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (!row) throw new StoreError(`no event ${requested}`, 'not_found');
        if (review.version !== undefined && review.version !== row.version)
          throw new StoreError(
            `${id} has changed since version ${review.version} (it is at version ${row.version} now): look at it again before deciding`,
            'conflict',
            { id, version: row.version },
          );
        const { changes, status } = checkReview(review, row.event_type);
        const now = new Date().toISOString();
        const before = await queryOne<{ fields: string }>(
          q,
          'SELECT fields FROM corrections WHERE event_id = $1',
          [id],
        );
        const fields = { ...(before ? (JSON.parse(before.fields) as object) : {}), ...changes };
        await q.query(
          `INSERT INTO corrections (event_id, status, fields) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO UPDATE SET status = excluded.status, fields = excluded.fields`,
          [id, status, JSON.stringify(fields)],
        );
        await q.query(
          'INSERT INTO reviews (event_id, action, by, at, changes, note) VALUES ($1, $2, $3, $4, $5, $6)',
          [id, review.action, review.by, now, JSON.stringify(changes), review.note ?? null],
        );
        await this.c.refresh(q, id, { action: 'reviewed', by: review.by }, now);
        await this.c.audit(q, entryFor.reviewed(id, review, changes), now);
      })
      .catch(async (e: unknown) => {
        // A refusal shows the event as it is now, read after the transaction is over.
        if (e instanceof StoreError && e.kind === 'conflict')
          throw new StoreError(e.message, 'conflict', await this.events.getEvent(id));
        throw e;
      });
    return (await this.events.getEvent(id))!;
  }

  async undoReview(reviewId: number, by: string): Promise<EventDetail> {
    const row = await queryOne<{ event_id: string }>(
      this.c.pool,
      'SELECT event_id FROM reviews WHERE seq = $1',
      [reviewId],
    );
    if (!row) throw new StoreError(`no review decision ${reviewId}`, 'not_found');
    const id = await this.c.resolveId(row.event_id);
    await this.c.tx(async (q) => {
      // Decisions on one event are taken in turn: the event's row is the lock.
      await q.query('SELECT 1 FROM events WHERE id = $1 FOR UPDATE', [id]);
      const reviews = await reviewsOf(q, row.event_id);
      const target = reviews.find((r) => r.id === reviewId)!;
      const refused = undoRefusal(target, reviews, by);
      if (refused) throw refused;
      const now = new Date().toISOString();
      await q.query('INSERT INTO review_undos (review_id, by, at) VALUES ($1, $2, $3)', [reviewId, by, now]);
      const standing = standingCorrection(await reviewsOf(q, row.event_id));
      if (standing)
        await q.query('UPDATE corrections SET status = $1, fields = $2 WHERE event_id = $3', [
          standing.status,
          JSON.stringify(standing.fields),
          id,
        ]);
      else await q.query('DELETE FROM corrections WHERE event_id = $1', [id]);
      await this.c.refresh(q, id, { action: 'reviewed', by }, now);
      await this.c.audit(q, entryFor.reviewUndone(id, reviewId, target, by), now);
    });
    return (await this.events.getEvent(id))!;
  }

  async listReviews(eventId?: string): Promise<Review[]> {
    return reviewsOf(this.c.pool, eventId);
  }
}
