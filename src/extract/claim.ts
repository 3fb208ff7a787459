// What extraction takes and gives: a document in, its claims (one per event it tells of) and the
// findings they merged from out. The nouns themselves live in model/.
import type { Claim, Finding } from '../model/index.js';
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
