// Which stored event a new claim is a report of, if any: type, time window, distance, actors
// and near-duplicate text, each judged with the precision the claim and the event carry.
import type { Claim } from '../model/index.js';
import { haversineKm } from '../geo/distance.js';
import type { EventType, MovementStatus } from '../model/index.js';
import { namesDiffer, placeNames, signature, similarity } from './text.js';

/** A claim as the corroboration stage sees it: one document's coding of one event. */
export interface ClaimRecord extends Claim {
  id: string;
  documentId: string;
  /** The independent voice behind the claim: who first made it (canonical source name). */
  root: string;
  /** MinHash signature of the claim's own words. */
  signature: Uint32Array;
  /** The places its words name (see placeNames). */
  names: string[];
}

/** A coded event as a claim of a document, with the signature and places its words carry. */
export function claimRecord(e: Claim, id: string, documentId: string, root: string): ClaimRecord {
  return { ...e, id, documentId, root, signature: signature(e.notes), names: placeNames(e.notes) };
}

/** A claim's coding alone, without what only matching needs. */
export function codedPart(c: ClaimRecord): Claim {
  const { id, documentId, root, signature: sig, names, ...coded } = c;
  void [id, documentId, root, sig, names];
  return coded;
}

/** What matching needs of a claim already in an event. */
export interface ClaimRef {
  id: string;
  documentId: string;
  root: string;
  signature: Uint32Array;
  names: string[];
  /** The day its words date it to, when they give a day (see explicitDay). */
  day: number | null;
  /** The coded dataset it was imported from (ACLED, UCDP), if any. */
  dataset?: string | null;
}

/** A stored event as a candidate for a new claim. */
export interface Candidate {
  id: string;
  event_type: EventType;
  sub_event_type: string;
  event_date: string;
  time_precision: number;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  country: string;
  actors: string[];
  movementStatus?: MovementStatus;
  claims: ClaimRef[];
}

/** Days either side of a date that a report at each ACLED time_precision may mean. */
export const TIME_WINDOW_DAYS: Record<number, number> = { 1: 1, 2: 7, 3: 31 };
/** Kilometres from a point that a place at each ACLED geo_precision may mean. */
export const DISTANCE_KM: Record<number, number> = { 1: 10, 2: 50, 3: 300 };
/** Agreements are placed where they apply, loosely; parties and dates tell them apart. */
const AGREEMENT_DISTANCE_KM = 800;
/** The score a claim needs to join an event rather than start one. */
export const JOIN_THRESHOLD = 0.75;
/** Words a claim must share with an event to join it when either has no place. */
const UNPLACED_TEXT = 0.3;
/** Similarity above which two texts are copies of one another (wire copy reprinted). */
export const COPY_SIMILARITY = 0.5;

// Remote violence is often reported as fighting, and an attack on civilians as a strike.
const RELATED_TYPES = new Set([
  'Battles|Explosions/Remote violence',
  'Explosions/Remote violence|Violence against civilians',
  'Battles|Violence against civilians',
]);

/** The day a claim's own words give (not the publication date), or null. */
export function explicitDay(c: Pick<Claim, 'time_precision' | 'event_date' | 'details'>): number | null {
  return c.time_precision === 1 && (c.details.fieldEvidence.event_date?.length ?? 0) > 0
    ? dayNumber(c.event_date)
    : null;
}

export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);
}

export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function actorsOf(e: {
  actor1: string;
  actor2: string;
  assoc_actor_1: string;
  assoc_actor_2: string;
}): string[] {
  return [e.actor1, e.actor2, ...e.assoc_actor_1.split(';'), ...e.assoc_actor_2.split(';')]
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

function typeScore(c: ClaimRecord, e: Omit<Candidate, 'claims'>): number | null {
  if (c.event_type === e.event_type) return c.sub_event_type === e.sub_event_type ? 1 : 0.6;
  const pair = [c.event_type, e.event_type].sort().join('|');
  return RELATED_TYPES.has(pair) ? 0.3 : null;
}

function timeScore(c: ClaimRecord, e: Omit<Candidate, 'claims'>): number | null {
  const window = Math.max(TIME_WINDOW_DAYS[c.time_precision] ?? 1, TIME_WINDOW_DAYS[e.time_precision] ?? 1);
  const d = Math.abs(dayNumber(c.event_date) - dayNumber(e.event_date));
  if (d > window) return null;
  return 1 - d / (window + 1);
}

function placeScore(c: ClaimRecord, e: Omit<Candidate, 'claims'>): number | null {
  if (c.latitude === null || c.longitude === null || e.latitude === null || e.longitude === null) {
    // Unplaced: only within the same country, and weakly.
    return c.country !== '' && c.country === e.country
      ? 0.3
      : c.country === '' || e.country === ''
        ? 0.1
        : null;
  }
  const radius =
    c.event_type === 'Strategic developments' && c.sub_event_type === 'Agreement'
      ? AGREEMENT_DISTANCE_KM
      : Math.max(DISTANCE_KM[c.geo_precision ?? 3] ?? 300, DISTANCE_KM[e.geo_precision ?? 3] ?? 300);
  const km = haversineKm(c.latitude, c.longitude, e.latitude, e.longitude);
  if (km > radius) return null;
  return 1 - km / (radius + 1);
}

function actorScore(c: ClaimRecord, e: Candidate): number {
  const mine = actorsOf(c);
  if (mine.length === 0 || e.actors.length === 0) return 0.4;
  const theirs = new Set(e.actors);
  const shared = mine.filter((a) => theirs.has(a)).length;
  return shared / Math.min(mine.length, theirs.size);
}

/** Whether the claim and any claim of the event each name a place the other does not. */
function placesDiffer(c: ClaimRecord, e: Candidate): boolean {
  // The country, the province and the actors are named by every report of an event.
  const common = [c.country, c.admin1, c.admin2, e.country, ...actorsOf(c), ...e.actors].map((n) =>
    n.replace(/\s*\(.*\)\s*$/, ''),
  );
  const named = e.claims;
  return named.some((x) => namesDiffer(c.names, x.names, common));
}

function textScore(c: ClaimRecord, e: Candidate): number {
  let best = 0;
  for (const x of e.claims) best = Math.max(best, similarity(c.signature, x.signature));
  return best;
}

export function movementStatusOf(c: Pick<Claim, 'details'>): MovementStatus | undefined {
  return c.details.movement?.status[c.details.movement.status.length - 1];
}

/**
 * How well a claim fits a stored event, 0..~1.4, or null when it cannot be a report of it: another
 * claim of the same document is in it (extraction already kept them apart), an analyst split
 * them, or type, date or place are out of reach.
 */
/**
 * Whether an event is within a claim's reach at all, from the event's own fields only: the check
 * to run before loading its claims.
 */
export function reachable(c: ClaimRecord, e: Omit<Candidate, 'claims'>): boolean {
  return (
    movementStatusOf(c) === e.movementStatus &&
    typeScore(c, e) !== null &&
    timeScore(c, e) !== null &&
    placeScore(c, e) !== null
  );
}

/** The event types a claim of this type may turn out to report. */
export function relatedTypes(type: EventType): EventType[] {
  const out: EventType[] = [type];
  for (const pair of RELATED_TYPES) {
    const [a, b] = pair.split('|') as [EventType, EventType];
    if (a === type) out.push(b);
    if (b === type) out.push(a);
  }
  return out;
}

export function matchScore(
  c: ClaimRecord,
  e: Candidate,
  cannotLink: (a: string, b: string) => boolean = () => false,
): number | null {
  if (e.claims.some((x) => x.documentId === c.documentId || cannotLink(c.id, x.id))) return null;
  // A coded dataset already tells its rows apart: two rows of ACLED are two events, whatever
  // they share; a row joins reports and rows of other datasets only.
  const dataset = c.details.imported?.dataset;
  if (dataset && e.claims.some((x) => x.dataset === dataset)) return null;
  const status = movementStatusOf(c);
  if (status !== e.movementStatus) return null; // a departure and an arrival are two observations
  const type = typeScore(c, e);
  if (type === null) return null;
  const time = timeScore(c, e);
  if (time === null) return null;
  const place = placeScore(c, e);
  if (place === null) return null;
  // Reports that each give a day, and different days, are of different events (shelling on
  // consecutive days); the window only absorbs dates that were inferred or are vaguer.
  const day = explicitDay(c);
  if (day !== null && e.claims.some((x) => x.day !== null && x.day !== day)) return null;
  // Reports naming different places (two villages shelled the same day) are of different events,
  // however alike their words: monitors write their bulletins from templates.
  if (placesDiffer(c, e)) return null;
  const actors = actorScore(c, e);
  const text = textScore(c, e);
  // Without a place to compare, only words in common tie a claim to an event.
  if ((c.latitude === null || e.latitude === null) && text < UNPLACED_TEXT) return null;

  return 0.25 * type + 0.15 * time + 0.2 * place + 0.3 * actors + 0.5 * text - (actors === 0 ? 0.2 : 0);
}

/** The best event for a claim among candidates, or null to start a new one. */
export function chooseEvent(
  c: ClaimRecord,
  candidates: Candidate[],
  cannotLink?: (a: string, b: string) => boolean,
): { event: Candidate; score: number } | null {
  let best: { event: Candidate; score: number } | null = null;
  for (const e of candidates) {
    const score = matchScore(c, e, cannotLink);
    if (score === null || score < JOIN_THRESHOLD) continue;
    if (!best || score > best.score) best = { event: e, score };
  }
  return best;
}

/** What the stored event or the new claim could mean: its point widened by the distance its
 * geo_precision allows and its day by the window its time_precision allows. A claim's candidates
 * are the events whose reach overlaps its own, found through an R*Tree; null for an unplaced one. */
export function reach(e: {
  event_date: string;
  time_precision: number;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  sub_event_type: string;
}): { west: number; south: number; east: number; north: number; from: number; to: number } | null {
  if (e.latitude === null || e.longitude === null) return null;
  const day = dayNumber(e.event_date);
  const w = TIME_WINDOW_DAYS[e.time_precision] ?? 1;
  const km =
    e.sub_event_type === 'Agreement' ? AGREEMENT_DISTANCE_KM : (DISTANCE_KM[e.geo_precision ?? 3] ?? 300);
  const dLat = km / 111;
  const dLon = km / (111 * Math.max(0.1, Math.cos((e.latitude * Math.PI) / 180)));
  return {
    west: e.longitude - dLon,
    south: e.latitude - dLat,
    east: e.longitude + dLon,
    north: e.latitude + dLat,
    from: day - w,
    to: day + w,
  };
}
