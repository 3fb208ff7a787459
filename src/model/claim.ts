// A claim is one document's coding of one event; a finding is one sentence's, before the
// findings of a document merge into its claims. Both carry the words they rest on and who says them.
import type { AcledFields, EventType, GeoPrecision, SubEventType, TimePrecision } from './acled.js';
import type { DealReading } from './agreement.js';
import type { Place } from './place.js';
import type { Span } from './span.js';
import type { MovementStatus } from './track.js';

/** One link in the chain of who says something: "SOHR said", reported by "Newsweek". */
export interface AttributionLink {
  name: string;
  /** How the claim passed through this link. */
  role: 'original' | 'reported_by' | 'quoted_by';
  span?: Span;
}

/**
 * Who says a claim and through whom: `source` first made it ("SOHR"), `via` carried it, nearest
 * first ("AFP", then the publisher "Newsweek").
 */
export interface Attribution {
  source: string;
  via: string[];
  /** The words naming the source, when the text names one. */
  span?: Span;
}

export type EvidenceField =
  | 'event_type'
  | 'actor1'
  | 'actor2'
  | 'location'
  | 'event_date'
  | 'fatalities'
  | 'injured'
  | 'people_moved'
  | 'vehicles'
  | 'source';
export type FieldEvidence = Partial<Record<EvidenceField, Span[]>>;
export type ConfidenceField =
  'event_type' | 'sub_event_type' | 'actor1' | 'actor2' | 'location' | 'event_date';
export type FieldConfidence = Partial<Record<ConfidenceField, number>>;

/** Structured details beyond ACLED's columns. */
export interface EventDetails {
  category: string;
  plover: string;
  /** The claim is made inside a direct quotation. */
  quoted?: boolean;
  /** How long it lasted, when the text says ("for two weeks"). */
  duration?: { text: string; days: number };
  /** Which words each coded field rests on (ACLED field name -> spans). */
  fieldEvidence: FieldEvidence;
  /** How likely each coded field is right (calibrated on held-out gold), when a model coded it. */
  fieldConfidence?: FieldConfidence;
  /** `planned` when the words say the move was to happen, was promised or had not taken place. */
  movement?: {
    status: MovementStatus[];
    escortedBy?: string[];
    from?: string;
    to?: string;
    planned?: boolean;
  };
  /** What a deal gives for what ("fighters and families evacuated" in return for "soldiers' remains"). */
  agreement?: { parties: string[]; brokers: string[]; gives?: string; inReturnFor?: string };
  /** The document's reading of the deal it tells of (on one claim per document). */
  deal?: DealReading;
  /** What a strike or attack hit ("bridges", "the route to Albukamal"). */
  target?: string;
  /**
   * The row of a coded dataset (ACLED, UCDP) the event was imported from, by its id there; `row`
   * holds that row's columns the coding itself does not (ACLED's ids, iso, region, admin3,
   * source_scale, timestamp...), as written, so that an export gives them back; `reviewed` when
   * its coder reviewed it (its event then arrives accepted).
   */
  imported?: { dataset: string; id: string; row?: Record<string, string>; reviewed?: boolean };
  /** Who asked for it ("at the request of Russia"). */
  requestedBy?: string;
  counts: {
    fatalities?: { low: number; best: number; high: number };
    injured?: { low: number; best: number; high: number };
    peopleMoved?: { low: number; best: number; high: number };
    vehicles?: { low: number; best: number; high: number };
  };
}

/**
 * One sentence's coding of one event, with the details the merge step needs; a document's findings
 * merge into its claims. Internal to extraction, so its ACLED fields are spelled in camelCase.
 */
export interface Finding {
  docId: string;
  eventType: EventType;
  subEventType: SubEventType;
  eventDate: string;
  timePrecision: TimePrecision;
  actor1?: string;
  assocActor1?: string;
  actor2?: string;
  assocActor2?: string;
  place?: Place;
  geoPrecision?: GeoPrecision;
  fatalities: number;
  /** Every span the finding rests on: the trigger, the actors, the place, the date, the counts. */
  evidence: Span[];
  /** Hedged wording ("reportedly", "it remains unclear"). */
  hedged: boolean;
  confidence: number;
  notes: string;
  /** One chain per claim merged in; a claim starts with one. */
  attribution: Attribution[];
  details: EventDetails;
  inter1: number;
  inter2: number;
  /** The place came from another sentence, not from the claim's own words. */
  placeInferred: boolean;
  /** The date came from the publication date, not from the text. */
  dateInferred: boolean;
  /** A definite back-reference ("the deal") that adds to an event rather than starting one. */
  reference: boolean;
  flags: string[];
}

/**
 * One document's coding of one event: ACLED's columns plus PLOVER, details, evidence and who says
 * it. Corroboration places each claim in an event.
 */
export interface Claim extends AcledFields {
  plover: string;
  details: EventDetails;
  evidence: Span[];
  attribution: Attribution[];
  hedged: boolean;
  flags: string[];
  confidence: number;
}
