// The annotated sentence the recognisers fill in turn (spaCy's Doc, one sentence at a time), the
// document around it, and the finding the solvers build from one group of its triggers.
import type {
  Attribution,
  AttributionLink,
  EventType,
  GeoPrecision,
  Span,
  SubEventType,
  TimePrecision,
} from '../model/index.js';
import type { DateMention } from '../nlp/dates.js';
import { arabicTokens, isArabicText, type ArabicToken } from '../nlp/arabic.js';
import type { Toponym } from '../geo/geoparse.js';
import type { ActorMention } from './recognise/actors.js';
import type { CountMention } from './recognise/counts.js';
import type { SentenceScore } from './learn/decoder.js';
import type { EventDetails, EvidenceField, FieldEvidence, InputDocument } from './claim.js';
import type { ActorEntry, EventRule, Resources } from './resources.js';

/** A stretch of a sentence that matches an event rule ("air strikes", "clashed"). */
export interface Trigger {
  rule: EventRule;
  span: Span;
}

/** What the recognisers know of the whole document, and what carries from sentence to sentence. */
export interface DocumentContext {
  doc: InputDocument;
  res: Resources;
  text: string;
  /** Every toponym and actor mention of the document, in text order. */
  toponyms: Toponym[];
  actors: ActorMention[];
  /** The country the text is about (ISO alpha-2), or "". */
  focusCountry: string;
  paragraphOf: (offset: number) => number;
  /** The last speaker named: "it said" refers back to it. */
  previousSpeaker?: AttributionLink;
  /** The actor a convoy is made of, once the text has said so ("a convoy of ISIS fighters"). */
  convoyActor?: ActorEntry;
}

export interface Sentence {
  span: Span;
  /** Its Arabic words, when the sentence is Arabic: it is then read with the Arabic lexicons. */
  arabic?: ArabicToken[];
  /** Every actor named in the sentence. */
  actors: ActorMention[];
  speaker?: AttributionLink;
  medium?: AttributionLink;
  attribution?: Attribution;
  triggers: Trigger[];
  dates: DateMention[];
  counts: CountMention[];
  /** Its toponyms, except those inside the speaker's name ("the governor of Hatay said"). */
  toponyms: Toponym[];
  hedged: boolean;
  duration?: { text: string; days: number };
  /** Actors that take part, not those that only speak. */
  parties: ActorMention[];
  /** The actor who says it, when the speaker is one ("The coalition said its aircraft struck"). */
  speakerActor?: ActorMention;
}

/** Fills in one layer of a sentence from the sentence and its document. */
export type Recogniser = (s: Sentence, doc: DocumentContext) => void;

export function emptySentence(span: Span): Sentence {
  const s: Sentence = {
    span,
    actors: [],
    triggers: [],
    dates: [],
    counts: [],
    toponyms: [],
    hedged: false,
    parties: [],
  };
  if (isArabicText(span.text)) s.arabic = arabicTokens(span.text, span.start);
  return s;
}

/** One sentence's coding of one event while the solvers work on it. */
export interface Draft {
  /** The rule of the main trigger: category, PLOVER, movement status. */
  rule: EventRule;
  triggers: Trigger[];
  main: Trigger;
  /** A definite back-reference ("the deal") rather than news. */
  reference: boolean;
  eventType: EventType;
  subEventType: SubEventType;
  evidence: Span[];
  fieldEvidence: FieldEvidence;
  flags: string[];
  place?: Toponym;
  placeInferred: boolean;
  geoPrecision?: GeoPrecision;
  eventDate: string;
  timePrecision: TimePrecision;
  dateInferred: boolean;
  /** The country that names generic actors ("Protesters (Lebanon)"), and its name. */
  countryCode: string;
  countryName: string;
  a1?: ActorMention;
  a2?: ActorMention;
  assoc1: ActorEntry[];
  assoc2: ActorEntry[];
  /** ACLED names and inter codes of actor1 and actor2, once solved. */
  n1: { name: string; inter: number };
  n2: { name: string; inter: number };
  details: EventDetails;
  agreement?: EventDetails['agreement'];
  movement?: EventDetails['movement'];
  confidence: number;
  /** What the learned coder made of the sentence, when a model codes it. */
  score?: SentenceScore;
  /** Counts told in the sentences after it that add to it ("3 killed."), when a model codes it. */
  tail?: CountMention[];
}

/** Chooses or refines fields of a finding; solvers run in order, each after those it needs. */
export type Solver = (f: Draft, s: Sentence, doc: DocumentContext) => void;

/** Records that a field rests on a span. */
export function cite(f: Draft, field: EvidenceField, span: Span): void {
  f.evidence.push(span);
  (f.fieldEvidence[field] ??= []).push(span);
}

export function newDraft(triggers: Trigger[], main: Trigger, reference: boolean, published: string): Draft {
  const rule = main.rule;
  const fieldEvidence: FieldEvidence = { event_type: triggers.map((t) => t.span) };
  return {
    rule,
    triggers,
    main,
    reference,
    eventType: rule.event_type,
    subEventType: rule.sub_event_type,
    evidence: triggers.map((t) => t.span),
    fieldEvidence,
    flags: [],
    placeInferred: false,
    eventDate: published,
    timePrecision: 3,
    dateInferred: true,
    countryCode: '',
    countryName: '',
    assoc1: [],
    assoc2: [],
    n1: { name: '', inter: 0 },
    n2: { name: '', inter: 0 },
    details: { category: rule.category, plover: rule.plover, counts: {}, fieldEvidence },
    confidence: 0,
  };
}
