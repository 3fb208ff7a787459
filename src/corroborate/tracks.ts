// The journey of a group or convoy, rebuilt from the movement claims of many reports: ordered
// observations with their uncertainty, the gaps nobody saw, and the route as a GeoJSON line.
import type { Claim } from '../model/index.js';
import type {
  GeoPrecision,
  MovementStatus,
  Span,
  TimePrecision,
  Track,
  TrackObservation,
} from '../model/index.js';
import { haversineKm } from '../geo/distance.js';
import { dateOfDay, dayNumber } from './cluster.js';

/** A movement claim as the track builder needs it. */
export interface MovementClaim extends Pick<
  Claim,
  | 'event_date'
  | 'time_precision'
  | 'actor1'
  | 'location'
  | 'latitude'
  | 'longitude'
  | 'geo_precision'
  | 'details'
  | 'attribution'
  | 'hedged'
> {
  id: string;
  eventId: string;
  documentId: string;
  root: string;
  evidence: Span[];
}

/** Days either side of the reported date an observation may fall on, by time_precision. */
const SLACK_DAYS: Record<number, number> = { 1: 0, 2: 3, 3: 15 };
/** A movement not heard of for longer than this is another journey. */
export const MAX_SILENCE_DAYS = 21;
/** How close, in km, an unattributed movement must be to a track's places to be part of it. */
const NEAR_KM = 60;
const STATUS_ORDER: Record<MovementStatus, number> = {
  departed: 0,
  moving: 1,
  stranded: 2,
  turned_back: 3,
  arrived: 4,
};
export const UNIDENTIFIED = 'unidentified convoy';

function lastStatus(c: MovementClaim): MovementStatus {
  const s = c.details.movement?.status ?? [];
  return s[s.length - 1] ?? 'moving';
}

const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** One observation per event: the event's claims pooled, its most precise place kept. */
function observe(claims: MovementClaim[]): TrackObservation {
  const status = lastStatus(claims[0]!);
  const to = claims.map((c) => c.details.movement?.to).find((x) => x);
  const from = claims.map((c) => c.details.movement?.from).find((x) => x);
  // A place that only names where it was going is not where it was seen.
  const seenAt = claims
    .filter((c) => c.latitude !== null && c.longitude !== null)
    .filter((c) => status === 'arrived' || !same(c.location, c.details.movement?.to))
    .sort((a, b) => (a.geo_precision ?? 3) - (b.geo_precision ?? 3))[0];
  const tp = Math.min(...claims.map((c) => c.time_precision)) as TimePrecision;
  const day = Math.min(...claims.filter((c) => c.time_precision === tp).map((c) => dayNumber(c.event_date)));
  const slack = SLACK_DAYS[tp] ?? 0;
  const escortedBy = [...new Set(claims.flatMap((c) => c.details.movement?.escortedBy ?? []))];
  // A count from hedged words ("it remains unclear if all had reached") counts nothing.
  const vehicles = claims
    .filter((c) => !c.hedged)
    .map((c) => c.details.counts.vehicles?.best)
    .filter((n) => n !== undefined);
  return {
    claimId: claims[0]!.id,
    eventId: claims[0]!.eventId,
    documentId: claims[0]!.documentId,
    status,
    ...(seenAt
      ? {
          place: {
            name: seenAt.location,
            latitude: seenAt.latitude!,
            longitude: seenAt.longitude!,
            geoPrecision: (seenAt.geo_precision ?? 3) as GeoPrecision,
          },
        }
      : {}),
    date: dateOfDay(day),
    earliest: dateOfDay(day - slack),
    latest: dateOfDay(day + slack),
    timePrecision: tp,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(escortedBy.length ? { escortedBy } : {}),
    ...(vehicles.length ? { vehicles: Math.min(...vehicles) } : {}),
    sources: [...new Set(claims.map((c) => c.root))],
    evidence: claims.flatMap((c) => c.evidence),
  };
}

interface Building {
  mover: string;
  observations: TrackObservation[];
  movers: Set<string>;
}

/** Whether an observation with no named mover belongs to a journey: it names or nears its places. */
function continues(t: Building, o: TrackObservation): boolean {
  const names = t.observations.flatMap((x) => [x.place?.name, x.from, x.to]);
  if ([o.place?.name, o.from, o.to].some((n) => names.some((m) => same(n, m)))) return true;
  if (!o.place) return false;
  return t.observations.some(
    (x) =>
      x.place &&
      haversineKm(x.place.latitude, x.place.longitude, o.place!.latitude, o.place!.longitude) <= NEAR_KM,
  );
}

/**
 * Tracks from movement claims. Claims of one event make one observation; observations of the
 * same mover, none more than MAX_SILENCE_DAYS after the last, make one journey; an observation
 * with no mover joins the journey whose places it names or nears.
 */
export function buildTracks(claims: MovementClaim[]): Track[] {
  const byEvent = new Map<string, MovementClaim[]>();
  // A planned, promised or demanded move is a status of a deal's term, not a movement.
  for (const c of claims.filter((x) => !x.details.movement?.planned))
    byEvent.set(c.eventId, [...(byEvent.get(c.eventId) ?? []), c]);
  const observed = [...byEvent.values()].map((cs) => ({
    o: observe(cs),
    mover: cs.map((c) => c.actor1).find((a) => a !== '') ?? '',
  }));
  observed.sort(
    (a, b) =>
      a.o.date.localeCompare(b.o.date) ||
      STATUS_ORDER[a.o.status] - STATUS_ORDER[b.o.status] ||
      a.o.claimId.localeCompare(b.o.claimId),
  );
  const building: Building[] = [];
  for (const { o, mover } of observed) {
    const open = building.filter((t) => {
      const last = t.observations[t.observations.length - 1]!;
      if (dayNumber(o.earliest) - dayNumber(last.latest) > MAX_SILENCE_DAYS) return false;
      if (last.status === 'arrived' && o.status === 'departed') return false; // a new journey
      if (mover !== '' && t.movers.size > 0) return t.movers.has(mover);
      return continues(t, o);
    });
    const t = open[open.length - 1];
    if (t) {
      t.observations.push(o);
      if (mover) t.movers.add(mover);
    } else building.push({ mover, observations: [o], movers: new Set(mover ? [mover] : []) });
  }
  // Something moved only where the reports give an origin and a destination that differ.
  return building
    .map(finish)
    .filter((t) => t.origin !== undefined && t.destination !== undefined && !same(t.origin, t.destination));
}

function finish(t: Building): Track {
  const obs = t.observations;
  const gaps: Track['gaps'] = [];
  for (let i = 1; i < obs.length; i++) {
    const days = dayNumber(obs[i]!.earliest) - dayNumber(obs[i - 1]!.latest);
    if (days > 1) gaps.push({ after: obs[i - 1]!.latest, before: obs[i]!.earliest, days });
  }
  // The route: every place it was seen, in order; a regional place (precision 3) only at either
  // end, where it is all there is to say where the journey began or ended.
  const placed = obs.filter((o) => o.place);
  const vertices = placed.filter((o, i) => o.place!.geoPrecision < 3 || i === 0 || i === placed.length - 1);
  const coordinates: Array<[number, number]> = [];
  const routePlaces: Track['routePlaces'] = [];
  for (const o of vertices) {
    const p = o.place!;
    const prev = coordinates[coordinates.length - 1];
    if (prev && prev[0] === p.longitude && prev[1] === p.latitude) continue;
    coordinates.push([p.longitude, p.latitude]);
    routePlaces.push({ name: p.name, geoPrecision: p.geoPrecision, status: o.status, earliest: o.earliest });
  }
  const origin = obs.find((o) => o.from)?.from ?? obs.find((o) => o.status === 'departed')?.place?.name;
  const arrived = [...obs].reverse().find((o) => o.status === 'arrived');
  const destination = [...obs].reverse().find((o) => o.to)?.to ?? arrived?.place?.name;
  return {
    id: `tr_${obs[0]!.eventId.replace(/^ev_/, '')}`,
    mover: [...t.movers][0] ?? UNIDENTIFIED,
    ...(origin ? { origin } : {}),
    ...(destination ? { destination } : {}),
    status: obs[obs.length - 1]!.status,
    firstSeen: obs[0]!.earliest,
    lastSeen: obs[obs.length - 1]!.latest,
    observations: obs,
    gaps,
    route: coordinates.length >= 2 ? { type: 'LineString', coordinates } : null,
    routePlaces,
    eventIds: [...new Set(obs.map((o) => o.eventId))],
    agreementIds: [],
  };
}
