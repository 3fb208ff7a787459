// What extraction takes and gives: a document in, its claims (one per event it tells of) and the
// findings they merged from out. The nouns themselves live in model/.
import type { AgreementStatus, Claim, Finding } from '../model/index.js';
import type { Toponym } from '../geo/geoparse.js';

export type {
  ConfidenceField,
  DealObservation,
  DealReading,
  DealTerm,
  DealTermKind,
  EventDetails,
  EvidenceField,
  FieldConfidence,
  FieldEvidence,
} from '../model/index.js';

/** @deprecated The model's name is `Claim` (one document's coding of one event). */
export type ExtractedEvent = Claim;
/** @deprecated The model's name is `Finding` (one sentence's coding of one event). */
export type ExtractedClaim = Finding;
/** @deprecated A deal's step is the model's `AgreementStatus`. */
export type DealStatus = AgreementStatus;

export interface InputDocument {
  id: string;
  text: string;
  /** YYYY-MM-DD */
  published: string;
  /** The publisher, last link of every attribution chain. */
  source?: string;
}

export interface ExtractionResult {
  events: Claim[];
  claims: Finding[];
  toponyms: Toponym[];
  /** ISO 639-3 code of the text's language ("eng", "arb", "fas", ...; "mixed" for English with Arabic; "arabizi"; "und" if too short to tell or unreadable). */
  language: string;
  /** Why something was not coded (a language the rules do not read). */
  warnings: string[];
}
