// The custody check of events and corrections: every event against the recomputation from its
// claims and its correction, and the corrections against the review decisions and undos logged.
import { consensus } from '../corroborate/consensus.js';
import type { ClaimRecord } from '../corroborate/cluster.js';
import { ACLED_COLUMNS } from '../model/index.js';
import { canonicalJson, type AuditEntry } from './audit.js';
import { same, shown } from './custody-compare.js';
import { standingCorrection } from './reviews.js';

/** An event row and its claims, in the order the engine placed them. */
export interface EventRecord {
  row: Record<string, unknown> & { id: string };
  claims: ClaimRecord[];
}

/** What a correction stands for: its status and corrected fields (JSON). */
export interface CorrectionRow {
  event_id: string;
  status: string;
  fields: string;
}

/** An event's row against what its claims and its correction give now. */
export function checkEvent(ev: EventRecord, correction: CorrectionRow | undefined, problems: string[]): void {
  const { row, claims } = ev;
  if (claims.length === 0) {
    problems.push(`event ${row.id}: has no claims (an event is made only from claims)`);
    return;
  }
  const m: Record<string, unknown> = { ...consensus(claims) };
  if (correction) Object.assign(m, JSON.parse(correction.fields) as object);
  const expected: Record<string, unknown> = {
    ...Object.fromEntries(ACLED_COLUMNS.map((c) => [c, m[c]])),
    review_status: correction?.status ?? 'pending',
    claim_count: claims.length,
  };
  const differ = Object.keys(expected).filter((k) => !same(row[k], expected[k]));
  if (differ.length)
    problems.push(
      `event ${row.id}: ${differ.map((k) => `${k} is ${shown(row[k])}, its claims and corrections give ${shown(expected[k])}`).join('; ')}`,
    );
}

/** A review decision as stored: its number and event, what the fold of the log needs to find it by. */
export interface ReviewRow {
  id: number;
  eventId: string;
  undone?: unknown;
}

/**
 * The corrections table against the review decisions and undos in the log, replayed in order as
 * the store makes them: after each decision or undo an event's correction is what its standing
 * decisions leave (standingCorrection), or none.
 */
export function checkCorrections(
  entries: AuditEntry[],
  reviews: ReviewRow[],
  rows: CorrectionRow[],
  problems: string[],
): void {
  const decisions = new Map<
    string,
    Array<{ id?: number; action: string; changes: unknown; undone: boolean }>
  >();
  // The same objects as in `decisions`, so that an undo marks both.
  const byId = new Map<
    number,
    { d: { action: string; changes: unknown; undone: boolean }; eventId: string }
  >();
  const expected = new Map<string, { status: string; fields: Record<string, unknown>; seq: number } | null>();
  let n = 0;
  for (const e of entries) {
    if (e.action === 'event.reviewed') {
      const row = reviews[n++];
      const d = {
        id: row?.id,
        action: String(e.detail.action),
        changes: e.detail.changes ?? {},
        undone: false,
      };
      decisions.set(e.subject, [...(decisions.get(e.subject) ?? []), d]);
      if (row) byId.set(row.id, { d, eventId: e.subject });
      const s = standingCorrection(decisions.get(e.subject)! as never);
      expected.set(e.subject, s ? { ...s, seq: e.seq } : null);
    } else if (e.action === 'event.review_undone') {
      const target = byId.get(Number(e.detail.review));
      if (!target) {
        problems.push(
          `audit entry ${e.seq}: undoes review decision ${String(e.detail.review)}, which no entry made`,
        );
        continue;
      }
      target.d.undone = true;
      const list = decisions.get(target.eventId) ?? [];
      const s = standingCorrection(list as never);
      expected.set(e.subject, s ? { ...s, seq: e.seq } : null);
    }
  }
  const undone = new Set([...byId].filter(([, t]) => t.d.undone).map(([id]) => id));
  for (const r of reviews)
    if (Boolean(r.undone) !== undone.has(r.id))
      problems.push(
        `review decision ${r.id} of event ${r.eventId}: ${r.undone ? 'undone' : 'standing'}, but the audit log has it ${undone.has(r.id) ? 'undone' : 'standing'}`,
      );
  for (const r of rows) {
    const f = expected.get(r.event_id);
    if (!f) problems.push(`correction of event ${r.event_id}: no review in the audit log made it`);
    else if (f.status !== r.status || canonicalJson(JSON.parse(r.fields)) !== canonicalJson(f.fields))
      problems.push(
        `correction of event ${r.event_id}: is ${r.status} ${r.fields}, but the reviews up to audit entry ${f.seq} give ${f.status} ${canonicalJson(f.fields)}`,
      );
    expected.delete(r.event_id);
  }
  for (const [id, f] of expected)
    if (f) problems.push(`correction of event ${id}: made by audit entry ${f.seq} but missing`);
}
