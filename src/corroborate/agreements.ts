// Deals as records: who agreed, who brokered, what was exchanged for what, what the reports say
// became of it, and the movements it set off. One agreement per deal: the Agreement events and
// the deal readings of every document that tells of it, merged when their place, sides and time agree.
import type { DealReading } from '../extract/claim.js';
import type { Agreement, AgreementClause, Span, Track } from '../model/index.js';
import { contestedOf, lifeOf, reachedBy, reachedOn, sideName } from './agreement-life.js';
import { dayNumber } from './cluster.js';
import type { MovementClaim } from './tracks.js';

/** An Agreement claim, or a claim carrying its document's deal reading, as the builder needs it. */
export type AgreementClaim = MovementClaim & {
  actor2: string;
  country: string;
  sub_event_type?: string;
};

/** How long after a deal a movement of its parties may be what the deal set off. */
export const FULFILMENT_DAYS = 30;
/** How long after a deal's first report another report may still tell of the same deal. */
export const SAME_DEAL_DAYS = 45;

/** Actors that are never the sides of a deal. */
const NOT_SIDES = /^(Civilians|Protesters|Rioters|Unidentified Armed Group)\b/;

/** One Agreement event, or one document's deal reading, before deals are merged. */
interface Unit {
  id: string;
  claims: AgreementClaim[];
  readings: Array<{ documentId: string; deal: DealReading }>;
  parties: Set<string>;
  brokers: Set<string>;
  places: Set<string>;
  first: number;
  last: number;
  /** Whether it may found an agreement: an Agreement event with a side, or a reading that names a deal and a side. */
  founds: boolean;
}

/** A place name reduced for comparison ("al-Waer", "Al Waer" and "Waer" are one). */
export function placeKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\b(al|el|ad|as|ar|an)[-\s]/g, '')
    .replace(/\b(province|city|district|countryside|town|governorate)\b/g, '')
    .replace(/[^a-z]/g, '');
}

const samePlace = (a: Set<string>, b: Set<string>) => [...a].some((x) => x !== '' && b.has(x));
const overlap = (a: Set<string>, b: Set<string>) => [...a].some((x) => b.has(x));

function unitOf(id: string, claims: AgreementClaim[], name: (x: string, country: string) => string): Unit {
  const country = claims[0]!.country;
  const readings = claims
    .filter((c) => c.details.deal)
    .map((c) => ({ documentId: c.documentId, deal: c.details.deal! }));
  const agreementClaims = claims.filter(
    (c) => c.sub_event_type === undefined || c.sub_event_type === 'Agreement',
  );
  const deal = agreementClaims.map((c) => c.details.agreement).filter((a) => a !== undefined);
  const brokers = new Set([
    ...deal.flatMap((a) => a.brokers).map((b) => name(b, country)),
    ...readings.flatMap((r) => r.deal.brokers.map((b) => (b.id ? name(b.id, country) : b.name))),
  ]);
  // Where the document's reading names the sides, they are its; the event coder's guess otherwise.
  const read = readings.flatMap((r) => r.deal.parties.map((p) => p.name ?? name(p.id, country)));
  // A side the reading names is not a broker, whatever the event coder guessed.
  for (const p of read) brokers.delete(p);
  const parties = new Set(
    (read.length
      ? read
      : [
          ...agreementClaims.flatMap((c) => [c.actor1, c.actor2]),
          ...deal.flatMap((a) => a.parties).map((p) => name(p, country)),
        ]
    ).filter((p) => p !== '' && !NOT_SIDES.test(p) && !p.includes('{') && !brokers.has(p)),
  );
  const places = new Set(
    [
      ...claims.flatMap((c) => [c.location, c.details.movement?.from ?? '', c.details.movement?.to ?? '']),
      ...readings.flatMap((r) => r.deal.places),
    ]
      .map(placeKey)
      .filter((p) => p !== ''),
  );
  const days = [
    ...claims.map((c) => dayNumber(c.event_date)),
    ...readings.flatMap((r) => r.deal.life.map((o) => dayNumber(o.date))),
  ];
  const hasAgreementEvent =
    agreementClaims.length > 0 && claims.some((c) => c.sub_event_type === 'Agreement');
  return {
    id,
    claims,
    readings,
    parties,
    brokers,
    places,
    first: Math.min(...days),
    last: Math.max(...days),
    founds: parties.size > 0 && (hasAgreementEvent || readings.some((r) => r.deal.mentionsDeal)),
  };
}

/** Whether two units tell of one deal: close in time, and the same place, or the same sides where a place is missing. */
function sameDeal(a: Unit, b: Unit): boolean {
  // One document tells of one deal.
  if (a.claims.some((c) => b.claims.some((d) => d.documentId === c.documentId))) return true;
  if (b.first - a.last > SAME_DEAL_DAYS || a.first - b.last > SAME_DEAL_DAYS) return false;
  if (samePlace(a.places, b.places))
    return (
      a.parties.size === 0 ||
      b.parties.size === 0 ||
      overlap(a.parties, b.parties) ||
      overlap(a.brokers, b.brokers)
    );
  if (a.places.size === 0 || b.places.size === 0) return overlap(a.parties, b.parties);
  return false;
}

/**
 * Agreements from Agreement claims and from the deal readings documents carry, and the tracks
 * they set off. `actorName(id, country)` turns dictionary ids into ACLED names. Tracks are given
 * their agreements' ids. A unit that cannot found a deal (a report of its steps alone, with no
 * side named) joins one or is dropped; an agreement with no side that is a conflict actor is none.
 */
export function buildAgreements(
  claims: AgreementClaim[],
  tracks: Track[],
  actorName: (id: string, country: string) => string,
): Agreement[] {
  const byEvent = new Map<string, AgreementClaim[]>();
  for (const c of claims) {
    // A reading on a claim that is not an Agreement is its document's own unit.
    const key =
      c.sub_event_type === 'Agreement' || c.sub_event_type === undefined ? c.eventId : `doc:${c.documentId}`;
    byEvent.set(key, [...(byEvent.get(key) ?? []), c]);
  }
  const units = [...byEvent].map(([key, cs]) =>
    unitOf(key.startsWith('doc:') ? cs[0]!.eventId : key, cs, actorName),
  );
  units.sort((a, b) => Number(b.founds) - Number(a.founds) || a.first - b.first || a.id.localeCompare(b.id));
  const deals: Unit[][] = [];
  for (const u of units) {
    const home = deals.find((d) => d.some((x) => sameDeal(x, u)));
    if (home) home.push(u);
    else if (u.founds) deals.push([u]);
  }
  return deals
    .map((d) => agreementOf(d, tracks, actorName))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

function agreementOf(
  units: Unit[],
  tracks: Track[],
  actorName: (id: string, country: string) => string,
): Agreement {
  const cs = units.flatMap((u) => u.claims);
  const readings = units.flatMap((u) => u.readings);
  const { parties, brokers } = sidesOf(units);
  const founding = units.find((u) => u.founds) ?? units[0]!;
  const agreementClaims = cs.filter(
    (c) => c.sub_event_type === 'Agreement' || c.sub_event_type === undefined,
  );
  const country = cs.find((c) => c.country)?.country ?? '';
  const life = lifeOf(readings).map((o) =>
    o.by ? { ...o, by: sideName(o.by, country, actorName, parties) } : o,
  );
  const { dated, reached } = reachedBy(life, founding.claims);
  const firstClaim = (founding.claims.length ? founding.claims : cs).map((c) => c.event_date).sort()[0]!;
  const date = dated.map((o) => o.date).sort()[0] ?? firstClaim;
  const clauses = clausesOf(readings);
  const places = new Set(units.flatMap((u) => [...u.places]));
  const set = tracksSetOff(tracks, date, parties, places);
  const id = founding.id;
  for (const t of set) if (!t.agreementIds.includes(id)) t.agreementIds.push(id);
  const documentIds = [...new Set([...cs.map((c) => c.documentId), ...readings.map((r) => r.documentId)])];
  const contested = contestedOf(life);
  return {
    id,
    date,
    location: agreementClaims.find((c) => c.location)?.location ?? cs.find((c) => c.location)?.location ?? '',
    parties,
    brokers,
    terms: termsOf(agreementClaims),
    clauses,
    life,
    ...(reached.length ? { reached: reachedOn(reached) } : {}),
    ...(life.length ? { status: life[life.length - 1]!.status } : {}),
    ...(contested ? { contested } : {}),
    documentIds,
    sources: [...new Set([...cs.map((c) => c.root), ...life.map((o) => o.source)])],
    evidence: dedupe([...cs.flatMap((c) => c.evidence)]),
    fulfilment: set.map(fulfilmentOf),
    relatedEventIds: [...new Set(set.flatMap((t) => t.eventIds))],
  };
}

/**
 * The sides and brokers: those of the reports that tell of the deal itself (its Agreement events,
 * where there are some); a report of a step only adds the step.
 */
function sidesOf(units: Unit[]): { parties: string[]; brokers: string[] } {
  const telling = units.filter((u) => u.founds && u.claims.some((c) => c.sub_event_type === 'Agreement'));
  const voices = telling.length ? telling : units.filter((u) => u.founds);
  const brokers = [...new Set(voices.flatMap((u) => [...u.brokers]))];
  const parties = [...new Set(voices.flatMap((u) => [...u.parties]))].filter((p) => !brokers.includes(p));
  return { parties, brokers };
}

/** What the deal gives for what, and the fewest people and vehicles its Agreement claims count. */
function termsOf(agreementClaims: AgreementClaim[]): Agreement['terms'] {
  const deal = agreementClaims.map((c) => c.details.agreement).filter((a) => a !== undefined);
  const count = (k: 'peopleMoved' | 'vehicles') => {
    const v = agreementClaims.map((c) => c.details.counts[k]?.best).filter((n) => n !== undefined);
    return v.length ? Math.min(...v) : undefined;
  };
  const gives = deal.find((a) => a.gives)?.gives;
  const inReturnFor = deal.find((a) => a.inReturnFor)?.inReturnFor;
  const peopleMoved = count('peopleMoved');
  const vehicles = count('vehicles');
  return {
    ...(gives ? { gives } : {}),
    ...(inReturnFor ? { inReturnFor } : {}),
    ...(peopleMoved !== undefined ? { peopleMoved } : {}),
    ...(vehicles !== undefined ? { vehicles } : {}),
  };
}

/** The tracks a deal of `date` may have set off: starting within FULFILMENT_DAYS, of a side or between its places. */
function tracksSetOff(tracks: Track[], date: string, parties: string[], places: Set<string>): Track[] {
  return tracks.filter((t) => {
    const lag = dayNumber(t.observations[0]!.date) - dayNumber(date);
    if (lag < -1 || lag > FULFILMENT_DAYS) return false;
    // The movement of a side, or a move between the places a term names.
    return (
      parties.includes(t.mover) ||
      [t.origin, t.destination].some((p) => p !== undefined && places.has(placeKey(p)))
    );
  });
}

/** A track a deal set off, as the agreement lists it. */
function fulfilmentOf(t: Track): Agreement['fulfilment'][number] {
  return {
    trackId: t.id,
    mover: t.mover,
    ...(t.origin ? { origin: t.origin } : {}),
    ...(t.destination ? { destination: t.destination } : {}),
    status: t.status,
    lastSeen: t.lastSeen,
    vehiclesArrived: vehiclesArrived(t),
  };
}

/** The terms of every reading, one per kind and places: counts as the lowest and highest reported. */
function clausesOf(readings: Array<{ documentId: string; deal: DealReading }>): AgreementClause[] {
  const out: AgreementClause[] = [];
  const key = (p: string | undefined) => (p === undefined ? undefined : placeKey(p));
  for (const r of readings)
    for (const t of r.deal.terms) {
      const same = out.find(
        (x) =>
          x.kind === t.kind &&
          (key(x.from) ?? key(t.from)) === (key(t.from) ?? key(x.from)) &&
          (key(x.to) ?? key(t.to)) === (key(t.to) ?? key(x.to)),
      );
      if (!same) {
        out.push({
          kind: t.kind,
          ...(t.from ? { from: t.from } : {}),
          ...(t.to ? { to: t.to } : {}),
          ...(t.forWhat ? { forWhat: t.forWhat } : {}),
          ...(t.people ? { people: { ...t.people } } : {}),
          ...(t.vehicles ? { vehicles: { ...t.vehicles } } : {}),
          documentIds: [r.documentId],
          evidence: [...t.evidence],
        });
        continue;
      }
      same.from ??= t.from;
      same.to ??= t.to;
      same.forWhat ??= t.forWhat;
      for (const k of ['people', 'vehicles'] as const) {
        const v = t[k];
        if (!v) continue;
        const had = same[k];
        same[k] = had
          ? {
              low: Math.min(had.low, v.low),
              best: Math.min(had.best, v.best),
              high: Math.max(had.high, v.high),
            }
          : { ...v };
      }
      if (!same.documentIds.includes(r.documentId)) same.documentIds.push(r.documentId);
      same.evidence = dedupe([...same.evidence, ...t.evidence]);
    }
  return out;
}

function dedupe(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans.filter((s) => {
    const k = `${s.start}:${s.end}:${s.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Vehicles a report counts arriving; null when the track has not arrived or nobody counts them. */
function vehiclesArrived(t: Track): number | null {
  const arrival = t.observations.filter((o) => o.status === 'arrived');
  const counted = arrival.map((o) => o.vehicles).filter((n): n is number => n !== undefined);
  return counted.length ? Math.min(...counted) : null;
}
