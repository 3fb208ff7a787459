// The movement of a group or convoy, rebuilt from the reports that mention it.
import type { GeoPrecision, TimePrecision } from './acled.js';
import type { Span } from './span.js';

/** Where a moving group or convoy was last reported to be in its journey. */
export type MovementStatus = 'departed' | 'moving' | 'stranded' | 'arrived' | 'turned_back';

/** One report of where a moving group was and what it was doing. */
export interface TrackObservation {
  claimId: string;
  eventId: string;
  documentId: string;
  status: MovementStatus;
  /** Where it was seen; absent when the report names only where it was going. */
  place?: { name: string; latitude: number; longitude: number; geoPrecision: GeoPrecision };
  /** The day reported, and the days it may have happened on given its time_precision. */
  date: string;
  earliest: string;
  latest: string;
  timePrecision: TimePrecision;
  from?: string;
  to?: string;
  escortedBy?: string[];
  /** Vehicles counted in unhedged words. */
  vehicles?: number;
  sources: string[];
  evidence: Span[];
}

/** The movement of one group or convoy, rebuilt from every report that mentions it. */
export interface Track {
  id: string;
  /** Who moves (an ACLED actor name, or "unidentified convoy"). */
  mover: string;
  origin?: string;
  destination?: string;
  /** The latest status reported. */
  status: MovementStatus;
  firstSeen: string;
  lastSeen: string;
  observations: TrackObservation[];
  /** Stretches of more than a day between observations, when nobody reported where it was. */
  gaps: Array<{ after: string; before: string; days: number }>;
  /** The places it was seen at precision 1 or 2, in order; null with fewer than two. */
  route: { type: 'LineString'; coordinates: Array<[number, number]> } | null;
  /** The route's vertices in order: which place, how precisely, what it was doing there, from when. */
  routePlaces: Array<{ name: string; geoPrecision: GeoPrecision; status: MovementStatus; earliest: string }>;
  eventIds: string[];
  agreementIds: string[];
}
