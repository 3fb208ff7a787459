// Claim placement, the project's "is this the same event?" written once: a claim joins the event
// an analyst tied it to, else the best match among the events in its reach, else starts one; the
// event is recomputed from its claims and what changed goes to its history. Merges, splits and
// re-runs move claims and recompute the same way. Each engine implements EventIndex, the port,
// with only its SQL (event-index.ts; store/sqlite/sqlite-placement.ts, store/postgres/postgres-placement.ts).
import { createHash } from 'node:crypto';
import type { Claim } from '../model/index.js';
import {
  actorsOf,
  chooseEvent,
  claimRecord,
  codedPart,
  dayNumber,
  explicitDay,
  reach,
  reachable,
  relatedTypes,
  TIME_WINDOW_DAYS,
  type Candidate,
  type ClaimRecord,
  type ClaimRef,
} from './cluster.js';
import { consensus, type Consensus } from './consensus.js';
import { rootOf } from './sources.js';
import { signatureFromBuffer, signatureToBuffer } from './text.js';
import {
  io,
  type CandidateRow,
  type Cause,
  type EventIndex,
  type EventMoves,
  type Plan,
} from './event-index.js';

// The port's types and runners, for the engines that implement it.
export * from './event-index.js';

/** The events a claim could report: those in its reach, each with its claims. */
function* candidates(index: EventIndex, c: ClaimRecord): Plan<Candidate[]> {
  const r = reach(c);
  const types = relatedTypes(c.event_type);
  const day = dayNumber(c.event_date);
  const window = { country: c.country, subEventType: c.sub_event_type };
  let rows: CandidateRow[];
  if (r) {
    rows = [...(yield* io(index.eventsInReach(r, types)))];
    // A placed claim may turn out to report an unplaced event of its kind and country.
    if (c.country !== '')
      rows.push(
        ...(yield* io(
          index.eventsInCountry({ ...window, from: day - 31, to: day + 31, unplaced: true, limit: 100 }),
        )),
      );
  } else {
    // An unplaced claim may report an event placed anywhere in its country, of its kind.
    const w = TIME_WINDOW_DAYS[3]!;
    rows = yield* io(
      index.eventsInCountry({ ...window, from: day - w, to: day + w, unplaced: false, limit: 500 }),
    );
  }
  const typeSet = new Set<string>(types);
  const reached: Array<Omit<Candidate, 'claims'>> = [];
  for (const row of rows) {
    if (!typeSet.has(row.event_type)) continue;
    const e = {
      id: row.id,
      event_type: row.event_type,
      sub_event_type: row.sub_event_type,
      event_date: row.event_date,
      time_precision: row.time_precision,
      latitude: row.latitude,
      longitude: row.longitude,
      geo_precision: row.geo_precision,
      country: row.country,
      actors: actorsOf(row),
      movementStatus: (row.movement_status ?? undefined) as Candidate['movementStatus'],
    };
    if (reachable(c, e)) reached.push(e);
  }
  if (reached.length === 0) return [];
  const claims = new Map<string, ClaimRef[]>(reached.map((e) => [e.id, []]));
  for (const x of yield* io(index.claimRefs(reached.map((e) => e.id))))
    claims.get(x.event_id)?.push({
      id: x.id,
      documentId: x.document_id,
      root: x.root,
      signature: signatureFromBuffer(x.signature),
      names: JSON.parse(x.names) as string[],
      day: x.explicit_day,
      dataset: x.dataset,
    });
  return reached.map((e) => ({ ...e, claims: claims.get(e.id)! }));
}

/**
 * Stores a claim and places it: in the event an analyst tied it to, the best match, or a new
 * event. `match` false stores it as an event of its own (a bulk import of coded events).
 */
export function* placeClaim(
  index: EventIndex,
  c: ClaimRecord,
  cause: Cause,
  now: string,
  match = true,
): Plan<{ eventId: string; created: boolean }> {
  const tied = match ? yield* io(index.tiedEvent(c.id)) : undefined;
  let choice: { event: { id: string } } | null = tied ? { event: { id: tied } } : null;
  if (!choice && match) {
    const cannot = yield* io(index.cannotLinks(c.id));
    choice = chooseEvent(c, yield* candidates(index, c), (a, b) => cannot.has(a === c.id ? b : a));
  }
  const eventId = choice ? choice.event.id : `ev_${c.id.slice(3)}`;
  yield* io(
    index.insertClaim({
      id: c.id,
      event_id: eventId,
      document_id: c.documentId,
      root: c.root,
      signature: signatureToBuffer(c.signature),
      names: JSON.stringify(c.names),
      explicit_day: explicitDay(c),
      movement: !!c.details.movement,
      // A claim that carries its document's deal reading is listed with the agreements.
      agreement: c.sub_event_type === 'Agreement' || !!c.details.deal,
      body: JSON.stringify(codedPart(c)),
      created_at: now,
      dataset: c.details.imported?.dataset ?? null,
    }),
  );
  yield* refreshEvent(
    index,
    eventId,
    choice ? { ...cause, action: cause.action === 'created' ? 'claim_added' : cause.action } : cause,
    now,
    choice ? undefined : c,
  );
  return { eventId, created: !choice };
}

/** The id of a document's i-th claim: stable, so a re-run of the same bytes names it alike. */
export function claimIdFor(sha256: string, i: number): string {
  return `cl_${createHash('sha256').update(`${sha256}:${i}`).digest('hex').slice(0, 20)}`;
}

/** Places every claim of a document, in order: the events they went to, and how many joined one. */
export function* placeDocument(
  index: EventIndex,
  doc: { id: string; sha256: string; publisher?: string },
  events: Claim[],
  canonical: (name: string) => string,
  now: string,
): Plan<{ eventIds: string[]; joined: number }> {
  const eventIds: string[] = [];
  let joined = 0;
  for (const [i, e] of events.entries()) {
    const placed = yield* placeClaim(
      index,
      claimRecord(e, claimIdFor(doc.sha256, i), doc.id, rootOf(e, doc.publisher, canonical)),
      { action: 'created', documentId: doc.id },
      now,
    );
    if (!placed.created) joined++;
    if (!eventIds.includes(placed.eventId)) eventIds.push(placed.eventId);
  }
  return { eventIds, joined };
}

/** Recomputes an event from its claims (deleting it when none are left) and records what changed. */
export function* refreshEvent(
  index: EventIndex,
  eventId: string,
  cause: Cause,
  now: string,
  fresh?: ClaimRecord,
): Plan<void> {
  // A claim starting an event is all there is to read. Otherwise the row is read first: on
  // PostgreSQL that locks it, so the claims read next include any a concurrent placement added.
  const old = fresh ? undefined : yield* io(index.readEvent(eventId));
  const claims = fresh ? [fresh] : yield* io(index.claimsOf(eventId));
  if (claims.length === 0) {
    if (old) yield* io(index.removeEvent(eventId, old));
    return;
  }
  const m: Consensus & { review_status: string } = { ...consensus(claims), review_status: 'pending' };
  // An analyst's corrections and verdict stand over whatever the claims say.
  const review = yield* io(index.correction(eventId));
  if (review) Object.assign(m, JSON.parse(review.fields) as Partial<Consensus>);
  m.review_status = review?.status ?? initialStatus(claims);
  // An id used before (a split restoring a merged event, a re-run) continues its history.
  const version = old
    ? old.version + 1
    : cause.action === 'created'
      ? 1
      : ((yield* io(index.lastVersion(eventId))) ?? 0) + 1;
  const changes = old ? eventChanges(old, m, claims.length) : {};
  yield* io(index.writeEvent({ eventId, m, claims, version, createdAt: old?.created_at ?? now, now, old }));
  yield* io(index.linkDocuments(eventId, [...new Set(claims.map((c) => c.documentId))]));
  // A re-run writes its own summary of what moved, once it is done.
  if (cause.action !== 'reclustered')
    yield* io(
      index.addHistory({
        event_id: eventId,
        version,
        at: now,
        action: old ? cause.action : 'created',
        document_id: cause.documentId ?? null,
        by: cause.by ?? null,
        changes: JSON.stringify(changes),
      }),
    );
}

/** Merges event `b` into `a` (their claims tied for later re-runs); `b` becomes an alias of `a`. */
export function* mergeEvents(
  index: EventMoves,
  a: string,
  b: string,
  claims: { a: string[]; b: string[] },
  by: string,
  now: string,
): Plan<void> {
  for (const x of claims.a) for (const y of claims.b) yield* io(index.link(x, y, 'must', by, now));
  yield* io(index.moveEvent(b, a));
  yield* refreshEvent(index, b, { action: 'merged', by }, now); // no claims left: removed
  yield* io(index.unlinkDocuments(b));
  yield* io(index.alias(b, a));
  yield* io(index.unalias(a));
  yield* refreshEvent(index, a, { action: 'merged', by }, now);
  yield* io(
    index.audit(
      { action: 'event.merged', actor: by, subject: a, detail: { merged: b, claims: claims.b } },
      now,
    ),
  );
}

/** Moves some of an event's claims to a new event `newId`, kept apart from the rest for re-runs. */
export function* splitEvent(
  index: EventMoves,
  id: string,
  newId: string,
  claims: { moving: string[]; staying: string[] },
  by: string,
  now: string,
): Plan<void> {
  for (const x of claims.moving)
    for (const y of claims.staying) yield* io(index.link(x, y, 'cannot', by, now));
  yield* io(index.moveClaims(claims.moving, newId));
  yield* io(index.unalias(newId));
  yield* io(index.unlinkDocuments(id));
  yield* refreshEvent(index, id, { action: 'split', by }, now);
  yield* refreshEvent(index, newId, { action: 'split', by }, now);
  yield* io(
    index.audit(
      { action: 'event.split', actor: by, subject: id, detail: { into: newId, claims: claims.moving } },
      now,
    ),
  );
}

/**
 * Places every claim again, in the order they were stored, from an empty set of events; each event
 * whose claims changed gets one history entry saying which moved.
 */
export function* recluster(
  index: EventMoves,
  now: string,
  onProgress?: (done: number, total: number) => void,
): Plan<{ claims: number; events: number }> {
  const rows = yield* io(index.allClaims());
  const before = new Map(rows.map((r) => [r.id, r.event_id]));
  yield* io(index.clearEvents());
  for (const [i, r] of rows.entries()) {
    yield* placeClaim(index, claimFromRow(r), { action: 'reclustered' }, now);
    onProgress?.(i + 1, rows.length);
  }
  const after = new Map<string, string[]>();
  const was = new Map<string, string[]>();
  for (const r of yield* io(index.claimEvents())) {
    after.set(r.event_id, [...(after.get(r.event_id) ?? []), r.id]);
    const old = before.get(r.id)!;
    was.set(old, [...(was.get(old) ?? []), r.id]);
  }
  for (const [id, claims] of after) {
    const previous = was.get(id) ?? [];
    if (previous.join() !== claims.join())
      yield* io(index.reclusteredHistory(id, now, JSON.stringify({ claims: [previous, claims] })));
  }
  const events = yield* io(index.countEvents());
  yield* io(
    index.audit(
      {
        action: 'record.reclustered',
        actor: 'recluster',
        subject: 'record',
        detail: { claims: rows.length, events },
      },
      now,
    ),
  );
  return { claims: rows.length, events };
}

/** A claim row (its coding as JSON, its MinHash signature as bytes) as the claim record matching uses. */
export function claimFromRow(r: {
  id: string;
  document_id: string;
  root: string;
  signature: Uint8Array;
  names: string;
  body: string;
}): ClaimRecord {
  return {
    ...(JSON.parse(r.body) as Claim),
    id: r.id,
    documentId: r.document_id,
    root: r.root,
    signature: signatureFromBuffer(r.signature),
    names: JSON.parse(r.names) as string[],
  };
}

/**
 * The review status an event has before any analyst's word: accepted when every claim behind it is
 * a row of a coded dataset whose coder reviewed it (an import marks them so unless told otherwise).
 */
export function initialStatus(claims: Array<{ details: Claim['details'] }>): 'accepted' | 'pending' {
  return claims.length > 0 && claims.every((c) => c.details.imported?.reviewed === true)
    ? 'accepted'
    : 'pending';
}

/** The fields whose change is written to an event's history. */
const TRACKED = [
  'event_type',
  'sub_event_type',
  'event_date',
  'actor1',
  'actor2',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'fatalities',
  'source',
] as const;

/**
 * What a recomputation changed in an event, for its history: the tracked fields, the number of
 * claims, and each field that became contested. `old` is the event's row before.
 */
export function eventChanges(
  old: { claim_count: number; contested: string },
  m: Consensus,
  claims: number,
): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  const row = old as unknown as Record<string, unknown>;
  for (const f of TRACKED) if (row[f] !== m[f]) changes[f] = [row[f], m[f]];
  if (old.claim_count !== claims) changes.claims = [old.claim_count, claims];
  const before = JSON.parse(old.contested) as Record<string, unknown>;
  for (const k of Object.keys(m.contested))
    if (!(k in before)) changes[`contested.${k}`] = [null, m.contested[k as keyof Consensus['contested']]];
  return changes;
}
