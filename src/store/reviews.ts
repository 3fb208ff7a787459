// The rules of review, the same for every engine: which corrections are allowed, what the standing
// decisions leave an event with, when a decision may be undone, and an event's status before any.
import { ACLED_COLUMNS, EVENT_TYPES, validDate } from '../model/index.js';
import { StoreError, type Review, type ReviewInput } from './store.js';

export { initialStatus } from '../corroborate/placement.js';

/** The fields an analyst may correct in review: every ACLED column. */
export const CORRECTABLE: ReadonlySet<string> = new Set(ACLED_COLUMNS);

/**
 * A review checked: the corrected fields (only those an analyst may correct, sub-event types that
 * belong to the event type) and the status it gives. `currentType` is the event's type now.
 */
export function checkReview(
  review: ReviewInput,
  currentType: string,
): { changes: NonNullable<ReviewInput['changes']>; status: 'accepted' | 'corrected' | 'rejected' } {
  const changes = review.action === 'correct' ? { ...(review.changes ?? {}) } : {};
  if (review.action === 'correct' && Object.keys(changes).length === 0)
    throw new StoreError('a correction names the fields it changes', 'invalid');
  for (const [field, value] of Object.entries(changes))
    if (!CORRECTABLE.has(field)) throw new StoreError(`field ${field} cannot be corrected`, 'invalid');
    else if (value === undefined) delete (changes as Record<string, unknown>)[field];
  const c = changes as Record<string, unknown>;
  if (c.event_date !== undefined && (typeof c.event_date !== 'string' || !validDate(c.event_date)))
    throw new StoreError(`event_date "${String(c.event_date)}" is not a date (YYYY-MM-DD)`, 'invalid');
  for (const f of ['time_precision', 'geo_precision'])
    if (c[f] !== undefined && ![1, 2, 3].includes(c[f] as number))
      throw new StoreError(`${f} must be 1, 2 or 3`, 'invalid');
  if (changes.sub_event_type || changes.event_type) {
    const type = changes.event_type ?? currentType;
    const subs = EVENT_TYPES[type as keyof typeof EVENT_TYPES] as readonly string[] | undefined;
    if (!subs) throw new StoreError(`no event type "${type}"`, 'invalid');
    if (changes.sub_event_type && !subs.includes(changes.sub_event_type))
      throw new StoreError(`"${changes.sub_event_type}" is not a sub-event type of ${type}`, 'invalid');
  }
  const status = ({ accept: 'accepted', correct: 'corrected', reject: 'rejected' } as const)[review.action];
  return { changes, status };
}

/**
 * What an event's standing review decisions (those not undone, oldest first) leave it with: the
 * last one's status and every correction's fields, later over earlier; null when none stands.
 */
export function standingCorrection(
  reviews: Array<Pick<Review, 'action' | 'changes' | 'undone'>>,
): { status: 'accepted' | 'corrected' | 'rejected'; fields: Record<string, unknown> } | null {
  const standing = reviews.filter((r) => !r.undone);
  if (standing.length === 0) return null;
  const fields: Record<string, unknown> = {};
  for (const r of standing) Object.assign(fields, r.changes ?? {});
  const last = standing[standing.length - 1]!.action;
  const status = ({ accept: 'accepted', correct: 'corrected', reject: 'rejected' } as const)[last];
  return { status, fields };
}

/**
 * Why review decision `target` of an event cannot be taken back, if it cannot: already undone,
 * someone else's, or a later decision on the event stands (named with who and when).
 */
export function undoRefusal(target: Review, reviews: Review[], by: string): StoreError | undefined {
  if (target.undone)
    return new StoreError(
      `decision ${target.id} on ${target.eventId} was already undone by ${target.undone.by} at ${target.undone.at}`,
      'invalid',
    );
  const later = reviews.filter((r) => r.id > target.id && !r.undone).pop();
  if (later)
    return new StoreError(
      `${later.by} decided "${later.action}" on ${target.eventId} at ${later.at}, after decision ${target.id}: it stands, and yours can no longer be undone`,
      'conflict',
      later,
    );
  if (target.by !== by)
    return new StoreError(
      `decision ${target.id} on ${target.eventId} is ${target.by}'s (at ${target.at}): only they can undo it`,
      'invalid',
    );
  return undefined;
}
