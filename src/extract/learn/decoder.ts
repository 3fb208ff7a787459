// From the model's output to findings: whether a sentence reports an event and of which type,
// where its type rests (the words whose features weighed most), and the solvers that let the
// model choose the event's place, date and actors, each with its calibrated confidence.
import type { Span, SubEventType } from '../../model/index.js';
import type { ConfidenceField } from '../claim.js';
import { nearestDate } from '../reading.js';
import type { Reading } from '../reading.js';
import type { ActorMention } from '../recognise/actors.js';
import {
  cite,
  newDraft,
  type Draft,
  type DocumentContext,
  type Sentence,
  type Solver,
  type Trigger,
} from '../sentence.js';
import { inferPlace, pickPlace } from '../solve/place.js';
import { anchorOf, distinctParties, ruleFor } from './examples.js';
import {
  actorFeatures,
  dateFeatures,
  NONE,
  placeFeatures,
  sentenceFeatures,
  type SentenceFeatures,
} from './features.js';
import { predict, rank, rowIn } from './fit.js';
import {
  EVENT_TYPE_OF,
  READINGS,
  ROLES,
  SUB_EVENT_TYPES,
  type EventModel,
  type ModelReading,
} from './model.js';

/**
 * Claims kept from the rules, whose structure the model's ACLED-trained heads do not give: movements
 * (tracks), deals (parties, brokers, terms), swaps, statements, withdrawals (at whose request).
 */
export const RULE_CATEGORIES = new Set(['movement', 'agreement', 'exchange', 'statement', 'withdrawal']);

export interface SentenceScore {
  features: SentenceFeatures;
  /** P(the sentence reports an event). */
  pEvent: number;
  reading: ModelReading;
  pReading: number;
  /** P(it reads as new: not negated, hypothetical or background). */
  pNew: number;
  sub: SubEventType;
  /** P(sub-event type | event), per SUB_EVENT_TYPES. */
  pSub: Float64Array;
  /** Share of the sentence's word features the model knows. */
  known: number;
}

export function scoreSentence(
  m: EventModel,
  s: Sentence,
  ctx: DocumentContext,
  readings: Map<Trigger, Reading>,
): SentenceScore {
  const features = sentenceFeatures(s, ctx, readings);
  const pEvent = predict(m.event, features.ids)[1]!;
  const pr = predict(m.reading, features.readingIds);
  let r = 0;
  for (let i = 1; i < pr.length; i++) if (pr[i]! > pr[r]!) r = i;
  const pSub = predict(m.type, features.ids);
  let t = 0;
  for (let i = 1; i < pSub.length; i++) if (pSub[i]! > pSub[t]!) t = i;
  // A near tie is broken by the rules: when the triggers that read as news name one sub-event
  // type and the model gives it at least a third of its first choice's probability, it is that.
  const told = new Set(
    [...readings]
      .filter(([tr, r]) => (r === 'event' || r === 'reference') && !RULE_CATEGORIES.has(tr.rule.category))
      .map(([tr]) => tr.rule.sub_event_type),
  );
  if (told.size === 1) {
    const k = SUB_EVENT_TYPES.indexOf([...told][0]!);
    if (k >= 0 && k !== t && pSub[k]! * 3 >= pSub[t]!) t = k;
  }
  let knownIds = 0;
  for (const id of features.spans.keys()) if (rowIn(m.event.ids, id) !== undefined) knownIds++;
  const known = features.spans.size ? knownIds / features.spans.size : 0;
  return {
    features,
    pEvent,
    reading: READINGS[r]!,
    pReading: pr[r]!,
    pNew: pr[0]!,
    sub: SUB_EVENT_TYPES[t]!,
    pSub,
    known,
  };
}

/** What the rules found in a sentence: a trigger of an act the model codes, only movements, deals, swaps or statements, or nothing. */
export type Triggered = 'act' | 'kept' | 'none';

/**
 * The bars for P(event). The model decides, but news is not ACLED's notes: with a trigger of an
 * act the bar is low; with none, an event must be clear; where the rules already tell the sentence
 * as a movement, deal, swap or statement, the event and its type must both be clear.
 */
export const WITH_TRIGGER = 0.1;
export const WITHOUT_TRIGGER = 0.75;
export const BESIDE_KEPT = 0.75;

/**
 * A sentence is coded when the event head finds an event (over the bar for what the rules saw)
 * and the reading head finds it more likely new than negated, hypothetical or background.
 */
export function reportsEvent(m: EventModel, sc: SentenceScore, triggered: Triggered): boolean {
  if (sc.pNew < 0.5) return false;
  if (triggered === 'act') return sc.pEvent >= Math.min(m.threshold, WITH_TRIGGER);
  if (triggered === 'none') return sc.pEvent >= Math.max(m.threshold, WITHOUT_TRIGGER);
  return sc.pEvent >= m.threshold && sc.pEvent * Math.max(...sc.pSub) >= BESIDE_KEPT;
}

/** The words whose features pushed most toward the sentence being an event of its type. */
export function typeEvidence(m: EventModel, sc: SentenceScore, k = 3): Span[] {
  const c = SUB_EVENT_TYPES.indexOf(sc.sub);
  const weigh = (head: EventModel['type'], id: number, cls: number) => {
    const r = rowIn(head.ids, id);
    return r === undefined ? 0 : head.weights[r * head.classes + cls]!;
  };
  const ranked = [...sc.features.spans.entries()]
    .map(([id, spans]) => ({ spans, w: weigh(m.type, id, c) + weigh(m.event, id, 1) }))
    .filter((x) => x.w > 0)
    .sort((a, b) => b.w - a.w || a.spans[0]!.start - b.spans[0]!.start);
  const out: Span[] = [];
  for (const { spans } of ranked) {
    const s = spans[0]!;
    if (out.some((o) => o.start < s.end && s.start < o.end)) continue;
    out.push(s);
    if (out.length === k) break;
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A finding of the model's sub-event type, resting on its trigger (if a rule saw one) and on its weightiest words. */
export function modelDraft(m: EventModel, sc: SentenceScore, s: Sentence, ctx: DocumentContext): Draft {
  const sub = sc.sub;
  const same = s.triggers.filter((t) => t.rule.sub_event_type === sub);
  const anchor = anchorOf(s, sub, sc.features.words);
  const main: Trigger = same[0] ?? { rule: ruleFor(sub, ctx.res), span: anchor };
  const f = newDraft(same.length ? same : [main], main, false, ctx.doc.published);
  f.eventType = EVENT_TYPE_OF.get(sub)!;
  f.subEventType = sub;
  f.score = sc;
  const words = typeEvidence(m, sc);
  const spans = [...(same.length ? same.map((t) => t.span) : []), ...words].sort((a, b) => a.start - b.start);
  const unique = spans.filter(
    (x, i) => i === 0 || x.start !== spans[i - 1]!.start || x.end !== spans[i - 1]!.end,
  );
  f.fieldEvidence.event_type = unique.length ? unique : [anchor];
  f.evidence = [...f.fieldEvidence.event_type];
  const pType = SUB_EVENT_TYPES.reduce(
    (acc, x, i) => (EVENT_TYPE_OF.get(x) === f.eventType ? acc + sc.pSub[i]! : acc),
    0,
  );
  setConfidence(f, 'event_type', sc.pEvent * pType);
  setConfidence(f, 'sub_event_type', sc.pEvent * sc.pSub[SUB_EVENT_TYPES.indexOf(sub)]!);
  return f;
}

function setConfidence(f: Draft, field: ConfidenceField, p: number): void {
  (f.details.fieldConfidence ??= {})[field] = Math.round(p * 100) / 100;
}

const modelOf = (doc: DocumentContext) => doc.res.model!;

/** Where: the toponym the place head ranks first, or, when it ranks "none" first, the paragraph's. */
export const learnedPlace: Solver = (f, s, doc) => {
  const m = modelOf(doc);
  const ws = f.score!.features.words;
  const anchor = f.main.span;
  const pick = pickPlace(doc.text, s.toponyms, f.main, s.parties, doc.focusCountry);
  const p = rank(m.place, [
    ...s.toponyms.map((t) => placeFeatures(t, ws, anchor, doc.focusCountry, t === pick, s.parties)),
    NONE,
  ]);
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  let top = s.toponyms[best];
  if (!top) {
    top = inferPlace(doc, s.span.start, s.span.end);
    f.placeInferred = top !== undefined;
  }
  f.place = top;
  setConfidence(f, 'location', p[best]!);
  if (!top) return;
  let precision = top.precision;
  if (!f.placeInferred) cite(f, 'location', top.span);
  else precision = Math.max(precision, 2) as typeof precision;
  f.geoPrecision = precision;
};

/** When: the date mention the date head ranks first, else the publication date (month precision). */
export const learnedDate: Solver = (f, s, doc) => {
  const m = modelOf(doc);
  const dates = s.dates.filter((d) => !d.yearOnly);
  const nearest = nearestDate(dates, f.main.span);
  const ws = f.score!.features.words;
  const p = rank(m.date, [
    ...dates.map((d) => dateFeatures(d, ws, f.main.span, d === nearest, doc.doc.published)),
    NONE,
  ]);
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  setConfidence(f, 'event_date', p[best]!);
  const d = dates[best];
  if (!d) return;
  f.eventDate = d.date;
  f.timePrecision = d.precision;
  f.dateInferred = false;
  cite(f, 'event_date', d.span);
};

/**
 * Who: each actor mention's role as the role head reads it, the rules' own reading among its
 * features (run `ruleRoles` first). Unplaced roles are left to the ACLED rules that follow.
 */
export const learnedRoles: Solver = (f, s, doc) => {
  const m = modelOf(doc);
  const ws = f.score!.features.words;
  const ruleRole = (a: ActorMention) =>
    f.a1?.actor === a.actor
      ? 'a1'
      : f.a2?.actor === a.actor
        ? 'a2'
        : f.assoc1.includes(a.actor)
          ? 'assoc'
          : '-';
  const mentions = distinctParties(s);
  const probs = mentions.map((a, i) =>
    predict(
      m.role,
      actorFeatures(a, i, ws, f.main.span, f.subEventType, f.eventType, ruleRole(a), !!s.arabic),
    ),
  );
  const argmax = (p: Float64Array) => p.reduce((b, v, i) => (v > p[b]! ? i : b), 0);
  const pick = (role: number, except?: ActorMention) => {
    let best = -1;
    mentions.forEach((a, i) => {
      if (a === except || (except && a.actor.id === except.actor.id)) return;
      const p = probs[i]!;
      if ((argmax(p) === role || p[role]! >= 0.4) && (best < 0 || p[role]! > probs[best]![role]!)) best = i;
    });
    return best;
  };
  const i1 = pick(1);
  const a1 = mentions[i1];
  const i2 = pick(2, a1);
  const a2 = mentions[i2];
  const absent = (role: number) => probs.reduce((acc, p) => acc * (1 - p[role]!), 1);
  f.a1 = a1;
  f.a2 = a2;
  setConfidence(f, 'actor1', a1 ? probs[i1]![1]! : absent(1));
  setConfidence(f, 'actor2', a2 ? probs[i2]![2]! : absent(2));
  const others = mentions.filter((a) => a !== a1 && a !== a2);
  f.assoc1 = others
    .filter((a) => argmax(probs[mentions.indexOf(a)]!) === ROLES.indexOf('assoc1'))
    .map((a) => a.actor);
  f.assoc2 = others
    .filter((a) => argmax(probs[mentions.indexOf(a)]!) === ROLES.indexOf('assoc2'))
    .map((a) => a.actor);
};

/** How far to trust the finding: the calibrated probability that it is an event of its sub-type. */
export const learnedConfidence: Solver = (f) => {
  let c = f.details.fieldConfidence?.sub_event_type ?? 0.5;
  if (f.flags.length) c = Math.min(c, 0.2);
  f.confidence = Math.max(0.01, Math.min(0.99, c));
};

export { sentenceFeatures };
