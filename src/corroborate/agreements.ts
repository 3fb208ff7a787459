// Deals as records: who agreed, who brokered, what was exchanged for what, and what later
// reports say came of it (the movements it set off and how far they got).
import type { Agreement, Track } from '../model/index.js';
import { dayNumber } from './cluster.js';
import type { MovementClaim } from './tracks.js';

/** An Agreement claim as the agreement builder needs it. */
export type AgreementClaim = MovementClaim & {
  actor2: string;
  country: string;
};

/** How long after a deal a movement of its parties may be what the deal set off. */
export const FULFILMENT_DAYS = 30;

/**
 * Agreements from Agreement claims (one per event) and the tracks they set off.
 * `actorName(id, country)` turns the dictionary ids in a claim's details into ACLED names.
 * Tracks are given their agreements' ids.
 */
export function buildAgreements(
  claims: AgreementClaim[],
  tracks: Track[],
  actorName: (id: string, country: string) => string,
): Agreement[] {
  const byEvent = new Map<string, AgreementClaim[]>();
  for (const c of claims) byEvent.set(c.eventId, [...(byEvent.get(c.eventId) ?? []), c]);
  const out: Agreement[] = [];
  for (const [id, cs] of byEvent) {
    const deal = cs.map((c) => c.details.agreement).filter((a) => a !== undefined);
    const name = (x: string) => actorName(x, cs[0]!.country);
    const brokers = [...new Set(deal.flatMap((a) => a.brokers).map(name))];
    const parties = [
      ...new Set([...cs.flatMap((c) => [c.actor1, c.actor2]), ...deal.flatMap((a) => a.parties).map(name)]),
    ].filter((p) => p !== '' && !brokers.includes(p));
    const count = (k: 'peopleMoved' | 'vehicles') => {
      const v = cs.map((c) => c.details.counts[k]?.best).filter((n) => n !== undefined);
      return v.length ? Math.min(...v) : undefined;
    };
    const date = cs.map((c) => c.event_date).sort()[0]!;
    const gives = deal.find((a) => a.gives)?.gives;
    const inReturnFor = deal.find((a) => a.inReturnFor)?.inReturnFor;
    const peopleMoved = count('peopleMoved');
    const vehicles = count('vehicles');
    const set = tracks.filter((t) => {
      const lag = dayNumber(t.observations[0]!.date) - dayNumber(date);
      return lag >= -1 && lag <= FULFILMENT_DAYS && parties.includes(t.mover);
    });
    for (const t of set) if (!t.agreementIds.includes(id)) t.agreementIds.push(id);
    out.push({
      id,
      date,
      location: cs.find((c) => c.location)?.location ?? '',
      parties,
      brokers,
      terms: {
        ...(gives ? { gives } : {}),
        ...(inReturnFor ? { inReturnFor } : {}),
        ...(peopleMoved !== undefined ? { peopleMoved } : {}),
        ...(vehicles !== undefined ? { vehicles } : {}),
      },
      sources: [...new Set(cs.map((c) => c.root))],
      evidence: cs.flatMap((c) => c.evidence),
      fulfilment: set.map((t) => ({
        trackId: t.id,
        mover: t.mover,
        ...(t.origin ? { origin: t.origin } : {}),
        ...(t.destination ? { destination: t.destination } : {}),
        status: t.status,
        lastSeen: t.lastSeen,
        vehiclesArrived: vehiclesArrived(t),
      })),
      relatedEventIds: [...new Set(set.flatMap((t) => t.eventIds))],
    });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

/** Vehicles a report counts arriving; null when the track has not arrived or nobody counts them. */
function vehiclesArrived(t: Track): number | null {
  const arrival = t.observations.filter((o) => o.status === 'arrived');
  const counted = arrival.map((o) => o.vehicles).filter((n): n is number => n !== undefined);
  return counted.length ? Math.min(...counted) : null;
}
