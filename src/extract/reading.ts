// The modality judge: whether a trigger reports a new, real event, or something else (negated,
// hypothetical, past background, generic, a back-reference, context for other news).
import type { Span } from '../model/index.js';
import type { DateMention } from '../nlp/dates.js';
import type { Sentence, Trigger } from './sentence.js';
import type { ArabicLexicon } from '../nlp/arabic-lexicon.js';
import { arabicReading } from './recognise/arabic.js';

export type Reading = 'event' | 'negated' | 'irrealis' | 'background' | 'generic' | 'reference' | 'context';

const NEGATION = /\b(not|never|no|n't|denied|deny|denies|without|failed to|refuted)\s+(?:\S+\s+){0,2}$/i;
// Lower case only: "may" the modal, not "May" the month.
const IRREALIS =
  /\b(will|would|could|may|might|should|shall|plans? to|planning to|planned to|aims? to|threaten(?:ed|s)? to|pledged? to|vowed? to|tried to|trying to|attempt(?:ed|ing|s)? to|to help|in order to|to prevent|intend(?:s|ed)? to|wants? to|ready to|prepar(?:ing|ed) to|expected to|likely to|if)\s+(?:\S+\s+){0,1}$/;
const STARTED = /\b(begin|began|begun|started|start|continued|continue)\s+to\s+$/i;
const REFERENCE =
  /\b(after|following|since|during|amid|before|until|despite|prior to|in the wake of)\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+|its\s+|their\s+|his\s+|these\s+|recent\s+|last\s+|previous\s+|earlier\s+|renewed\s+|heavy\s+|fierce\s+|violent\s+)*$/i;
const DEFINITE = /\b(the|this|that|its|their|his|her)\s+(?:[\p{L}-]+\s+)?$/iu;
const BACKGROUND_CLAUSE =
  /\b(?:that|which|who)\s+(?:have|has)\s+(?:long\s+|repeatedly\s+|also\s+)?(?:been\s+)?\w+/i;
const RELATIVE_STATE = /\b(?:that|which|who)\s+(?:was|were|had been|has been|have been)\s+$/i;
const EARLIER = /\b(previous|earlier|past|prior|former)\s+$/i;
const CASUALTY = /\b(killed|wounded|injured|dead|captured|died)\b/i;

export function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

/** The date mention closest to a span, before or after it. */
export function nearestDate(dates: DateMention[], span: Span): DateMention | undefined {
  let best: DateMention | undefined;
  let bestD = Infinity;
  for (const d of dates) {
    const dist = d.span.end <= span.start ? span.start - d.span.end : d.span.start - span.end;
    if (dist < bestD) {
      bestD = dist;
      best = d;
    }
  }
  return best;
}

/** How one trigger of a sentence reads (`text` is the document, `published` its date). */
export function readTrigger(
  text: string,
  sentence: Span,
  t: Trigger,
  dates: DateMention[],
  published: string,
): Reading {
  const before = text.slice(sentence.start, t.span.start);
  const after = text.slice(t.span.end, sentence.end);
  if (NEGATION.test(before)) return 'negated';
  if (IRREALIS.test(before) && !STARTED.test(before)) return 'irrealis';
  if (/^\s+any\b/i.test(after)) return 'generic';
  if (BACKGROUND_CLAUSE.test(before)) return 'background';
  if (RELATIVE_STATE.test(before)) return 'background';
  const pubYear = Number(published.slice(0, 4));
  const nearest = nearestDate(dates, t.span);
  if (nearest) {
    if (nearest.yearOnly && Number(nearest.date.slice(0, 4)) < pubYear) return 'background';
    if (!nearest.yearOnly && daysBetween(nearest.date, published) > 366) return 'background';
  }
  if (t.rule.nominal) {
    // "after clashes", "following the agreement", "during their assault": context, not news
    // (unless the sentence reports nothing else: "soldiers were killed during clashes").
    if (REFERENCE.test(before)) return 'context';
    if (EARLIER.test(before)) return 'background';
    if (
      DEFINITE.test(before) &&
      !dates.some((d) => !d.yearOnly && d.span.end <= t.span.start && t.span.start - d.span.end < 3)
    ) {
      return 'reference';
    }
  }
  return 'event';
}

/** Every trigger's reading in a sentence, and the context trigger promoted to news, if any. */
export interface SentenceReading {
  readings: Map<Trigger, Reading>;
  /** Casualties "during clashes" with nothing else reported: the clashes are the news after all. */
  promoted?: Trigger;
}

export function readSentence(
  s: Sentence,
  text: string,
  published: string,
  arabic?: ArabicLexicon,
): SentenceReading {
  const readings = new Map<Trigger, Reading>();
  for (const t of s.triggers) {
    const byDate = readTrigger(text, s.span, t, s.dates, published);
    // An Arabic sentence: its own cue words first ("لم", "تعتزم", "عقب"), then what its dates say.
    const ar = s.arabic && arabic ? arabicReading(s, t, arabic) : undefined;
    readings.set(t, ar && byDate !== 'background' ? ar : byDate);
  }
  const casualty = s.arabic
    ? s.counts.some((c) => c.kind === 'killed' || c.kind === 'injured')
    : CASUALTY.test(s.span.text);
  if ([...readings.values()].includes('event') || !casualty) return { readings };
  for (const [t, reading] of readings) {
    if (reading !== 'context') continue;
    readings.set(t, 'event');
    return { readings, promoted: t };
  }
  return { readings };
}
