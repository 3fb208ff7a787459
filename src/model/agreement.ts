// A deal between parties and its dated life, as corroboration rebuilds it across documents.
import type { TimePrecision } from './acled.js';
import type { ContestedValue } from './event.js';
import type { Span } from './span.js';
import type { MovementStatus } from './track.js';

/** A deal between parties: who, brokered by whom, on what terms, and what came of it. */
export interface Agreement {
  /** The id of the Agreement event it was read from. */
  id: string;
  date: string;
  location: string;
  parties: string[];
  brokers: string[];
  terms: {
    gives?: string;
    inReturnFor?: string;
    peopleMoved?: number;
    vehicles?: number;
  };
  /**
   * The terms as structured what-for-what pairs (who or what moves or changes hands, from where to
   * where, how many as low/best/high), each with the words and documents behind it.
   */
  clauses?: AgreementClause[];
  /** The deal's life: every dated step a report gives, with its source and words, in date order. */
  life?: AgreementStep[];
  /** When it was reached, as the words date it (not the day of the report). */
  reached?: { date: string; timePrecision: TimePrecision; sources: string[] };
  /** The latest step reported ("collapsed", "revived", "fulfilled"). */
  status?: AgreementStatus;
  /** Steps on which reports disagree (one side says reached, another denies): kept side by side. */
  contested?: { status: ContestedValue<AgreementStatus>[] };
  /** The documents that tell of it. */
  documentIds?: string[];
  sources: string[];
  evidence: Span[];
  /** What later reports say came of it: the movements it set off, and how far they got. */
  fulfilment: Array<{
    trackId: string;
    mover: string;
    /** Where the movement set off from and was headed, as reported. */
    origin?: string;
    destination?: string;
    status: MovementStatus;
    lastSeen: string;
    /** Vehicles reported arriving, when a report counts them; null when nobody says. */
    vehiclesArrived: number | null;
  }>;
  relatedEventIds: string[];
}

/** A step of a deal's life. */
export type AgreementStatus =
  | 'proposed'
  | 'reached'
  | 'implemented'
  | 'stalled'
  | 'collapsed'
  | 'revived'
  | 'fulfilled_part'
  | 'fulfilled'
  | 'denied'
  | 'disputed';

/** One term of a deal. */
export interface AgreementClause {
  kind: DealTermKind;
  from?: string;
  to?: string;
  /** What is given in return. */
  forWhat?: string;
  people?: { low: number; best: number; high: number };
  vehicles?: { low: number; best: number; high: number };
  documentIds: string[];
  evidence: Span[];
}

/** One report of a step of a deal's life. */
export interface AgreementStep {
  status: AgreementStatus;
  date: string;
  /** 1: the words give the day; 2: only the report's publication day places it. */
  timePrecision: TimePrecision;
  /** The party that denies or disputes it. */
  by?: string;
  source: string;
  documentId: string;
  evidence: Span[];
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

/** One report of a step of a deal's life: when, who says so, on what words. */
export interface DealObservation {
  status: AgreementStatus;
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
