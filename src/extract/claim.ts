// What extraction produces: a document's findings (one sentence's coding of one event) and the
// events they merge into, in ACLED's columns plus the project's details and evidence.
import type {
  AcledFields,
  AgreementStatus,
  Attribution,
  Claim,
  MovementStatus,
  Span,
  TimePrecision,
} from '../model/index.js';
import type { Toponym } from '../geo/geoparse.js';

export interface InputDocument {
  id: string;
  text: string;
  /** YYYY-MM-DD */
  published: string;
  /** The publisher, last link of every attribution chain. */
  source?: string;
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

/** A claim with the details the merge step needs; becomes an event. */
export interface ExtractedClaim extends Omit<Claim, 'attribution'> {
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

/** An event as extraction codes it: ACLED's columns plus PLOVER, details, evidence and who says it. */
export interface ExtractedEvent extends AcledFields {
  plover: string;
  details: EventDetails;
  evidence: Span[];
  attribution: Attribution[];
  hedged: boolean;
  flags: string[];
  confidence: number;
}

export interface ExtractionResult {
  events: ExtractedEvent[];
  claims: ExtractedClaim[];
  toponyms: Toponym[];
  /** ISO 639-3 code of the text's language ("eng", "arb", "fas", ...; "mixed" for English with Arabic; "arabizi"; "und" if too short to tell or unreadable). */
  language: string;
  /** Why something was not coded (a language the rules do not read). */
  warnings: string[];
}

/** What a deal's term is: who or what moves or changes hands. */
export type DealTermKind =
  'evacuation' | 'release' | 'weapons_handover' | 'territory_handover' | 'siege_lifted' | 'ceasefire';

/** One term of a deal: what for what, from where to where, how many, and the words behind it. */
export interface DealTerm {
  kind: DealTermKind;
  /** The words that name it ("evacuated", "hand over their heavy weapons"). */
  text: string;
  from?: string;
  to?: string;
  /** What is given in return ("the release of three of its members"). */
  forWhat?: string;
  people?: { low: number; best: number; high: number };
  vehicles?: { low: number; best: number; high: number };
  evidence: Span[];
}

/** A step of a deal's life: the agreement's own steps, as the model names them. */
export type DealStatus = AgreementStatus;

/** One report of a step of a deal's life: when, who says so, on what words. */
export interface DealObservation {
  status: DealStatus;
  date: string;
  /** 1 when the words give the day; 2 when only the publication day places it. */
  timePrecision: TimePrecision;
  /** The dictionary id of the party that denies or disputes it. */
  by?: string;
  source: string;
  documentId: string;
  evidence: Span[];
}

/** A document's reading of a deal: the sides (dictionary ids), brokers, terms and steps. */
export interface DealReading {
  /** Whether the text names a deal; a report of its steps alone ("the last buses left") does not. */
  mentionsDeal: boolean;
  /** `name`: the ACLED name in the deal's country, when the document gave one. */
  parties: Array<{ id: string; name?: string; evidence: Span[] }>;
  /** A state by name ("Russia"), or a dictionary actor by `id` (its ACLED name given when built). */
  brokers: Array<{ name: string; id?: string; evidence: Span[] }>;
  terms: DealTerm[];
  life: DealObservation[];
  /** The places its terms name. */
  places: string[];
}
