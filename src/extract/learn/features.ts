// What the learned coder sees of a sentence and of its candidate actors, places and dates: words
// (stems and pairs of stems) and what the recognisers found (trigger rules and how they read,
// actor kinds, counts, hedges, attribution), each named and hashed to an id. FEATURES names this
// set: a model trained on another set is refused at load.
import type { Span } from '../../model/index.js';
import type { DateMention } from '../../nlp/dates.js';
import type { Toponym } from '../../geo/geoparse.js';
import type { ActorMention } from '../recognise/actors.js';
import type { Reading } from '../reading.js';
import type { DocumentContext, Sentence, Trigger } from '../sentence.js';
import { overlaps } from '../spans.js';
import { hash, words, type Word } from './words.js';
import { arabicWords } from '../recognise/arabic.js';

/** The name of this feature set; it changes whenever a feature is added, removed or renamed. */
export const FEATURES = 'observatory-features-4';

/** A sentence's features, and which words stand behind each word feature. */
export interface SentenceFeatures {
  ids: Uint32Array;
  /**
   * The reading head's features: how the sentence reads, not what it is about (cue words, the
   * rules' readings), so that it cannot learn that news, which says "said", is never new.
   */
  readingIds: Uint32Array;
  words: Word[];
  /** Feature id -> the words it was made of (word and word-pair features only). */
  spans: Map<number, Span[]>;
}

const bucket = (n: number, edges: number[]) => {
  let i = 0;
  while (i < edges.length && n >= edges[i]!) i++;
  return i;
};

/** Features of a sentence for the event, type and reading heads. */
export function sentenceFeatures(
  s: Sentence,
  doc: DocumentContext,
  readings: Map<Trigger, Reading>,
): SentenceFeatures {
  // Each name once, in the order first seen, with the words behind it (null: none).
  const names = new Map<string, Span[] | null>();
  // The names that are not words or pairs of words, in the same order (the reading head's come from them).
  const others: string[] = [];
  const add = (name: string) => {
    if (names.has(name)) return;
    names.set(name, null);
    others.push(name);
  };
  const addWord = (name: string, span: Span) => {
    const at = names.get(name);
    if (at === undefined) names.set(name, [span]);
    else if (at) at.push(span);
  };
  // Place names say where, not what: a model that learnt them would code a town, not an act.
  let ws = s.arabic && doc.res.arabic ? arabicWords(s, doc.res.arabic) : words(s.span.text, s.span.start);
  if (s.toponyms.length)
    ws = ws.map((w) =>
      s.toponyms.some((t) => t.span.start < w.end && w.start < t.span.end) ? { ...w, stem: '@place' } : w,
    );
  const slice = (a: Word, b: Word): Span => ({
    start: a.start,
    end: b.end,
    text: doc.text.slice(a.start, b.end),
  });
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    addWord(`w:${w.stem}`, slice(w, w));
    if (i + 1 < ws.length) addWord(`b:${w.stem}_${ws[i + 1]!.stem}`, slice(w, ws[i + 1]!));
  }
  add(`len:${bucket(ws.length, [4, 8, 16, 32, 64])}`);
  const first = s.triggers[0]?.span.start ?? s.span.end;
  for (const t of s.triggers) {
    const reading = readings.get(t) ?? 'event';
    add(`t:${t.rule.id}`);
    add(`t:${t.rule.id}:${reading}`);
    add(`tc:${t.rule.category}:${reading}`);
    add(`te:${t.rule.event_type}:${reading}`);
    add(`r:${reading}`);
    // The words just before a trigger say how it reads ("did not", "could", "after the").
    const before = ws.filter((w) => w.end <= t.span.start).slice(-3);
    for (const w of before) add(`pre:${w.stem}`);
  }
  if (s.triggers.length === 0) add('t:none');
  const cues = new Set<string>();
  for (const w of ws) if (CUES.has(w.stem)) cues.add(`cue:${w.stem}`);
  for (const a of s.actors) {
    add(`a:${a.actor.kind}`);
    add(`a:${a.actor.kind}:${a.span.start < first ? 'before' : 'after'}`);
  }
  for (const c of s.counts) add(`c:${c.kind}`);
  if (s.hedged) add('hedged');
  if (s.speaker) add('said');
  if (/^["“]/.test(s.span.text)) add('quote');
  for (const c of cues) add(c);
  const reading = others.filter((n) => /^(pre:|r:|tc:|cue:|hedged|quote|t:none)/.test(n));
  const ids = new Uint32Array(names.size);
  const spans = new Map<number, Span[]>();
  let i = 0;
  for (const [name, sp] of names) {
    const id = hash(name);
    ids[i++] = id;
    if (sp) spans.set(id, sp);
  }
  return { ids, readingIds: Uint32Array.from(reading, hash), words: ws, spans };
}

/** Words that say how a sentence reads: negated, hypothetical, or told as the past. */
const CUES = new Set(
  'not no never deni deny without fail refut could would will mai might should shall plan threaten vow pledg warn expect intend prepar if unless ago sinc previou earlier former last year histor anniversari rememb recal after follow befor until'.split(
    ' ',
  ),
);

const ids = (names: string[]) => Uint32Array.from(new Set(names), hash);

/** The stem of the word right before a span, and of the one after. */
function neighbours(ws: Word[], span: Span): [string, string, string] {
  let i = 0;
  while (i < ws.length && ws[i]!.end <= span.start) i++;
  const after = ws.find((w) => w.start >= span.end);
  return [ws[i - 1]?.stem ?? '^', ws[i - 2]?.stem ?? '^', after?.stem ?? '$'];
}

const distance = (a: Span, anchor: Span) =>
  bucket(a.start >= anchor.end ? a.start - anchor.end : anchor.start - a.end, [5, 15, 40, 80, 160]);

/** Features of an actor mention for the role head (actor1, actor2, associated). */
export function actorFeatures(
  m: ActorMention,
  index: number,
  ws: Word[],
  anchor: Span,
  subEventType: string,
  eventType: string,
  ruleRole: string,
  verbFirst = false,
): Uint32Array {
  const [p1, p2, n1] = neighbours(ws, m.span);
  // Arabic puts the verb first ("قصفت قوات النظام البلدة"): the actor right after the act is
  // where English has its subject, so the sides are read mirrored.
  const side = m.span.start < anchor.start !== verbFirst ? 'before' : 'after';
  const k = m.actor.kind;
  return ids([
    `k:${k}`,
    `k:${k}:${subEventType}`,
    `k:${k}:${eventType}`,
    `k:${k}:${side}`,
    `k:${k}:${side}:${eventType}`,
    `side:${side}`,
    `d:${distance(m.span, anchor)}`,
    `p:${p1}`,
    `p:${p1}:${side}`,
    `pp:${p2}_${p1}`,
    `n:${n1}`,
    `i:${Math.min(index, 3)}`,
    `rule:${ruleRole}`,
    `rule:${ruleRole}:${k}`,
    ...(m.coreferent ? ['coref'] : []),
  ]);
}

/** Features of a toponym for the place head; `rulePick` is the rules' choice. */
export function placeFeatures(
  t: Toponym,
  ws: Word[],
  anchor: Span,
  focus: string,
  rulePick: boolean,
  actors: ActorMention[],
): Uint32Array {
  const [p1, p2] = neighbours(ws, t.span);
  const code = ['PCLI', 'ADM1', 'ADM2'].includes(t.place.featureCode) ? t.place.featureCode : t.featureClass;
  return ids([
    `gov:${t.governor ?? '-'}`,
    `code:${code}`,
    `prec:${t.precision}`,
    `q:${t.qualifier ?? '-'}`,
    `side:${t.span.start < anchor.start ? 'before' : 'after'}`,
    `d:${distance(t.span, anchor)}`,
    `conf:${bucket(t.confidence, [0.3, 0.5, 0.7, 0.9])}`,
    `p:${p1}`,
    `pp:${p2}_${p1}`,
    ...(rulePick ? ['rule'] : []),
    ...(focus && t.place.countryCode !== focus ? ['foreign'] : []),
    ...(actors.some((a) => overlaps(a.span, t.span)) ? ['actor'] : []),
  ]);
}

/** Features of a date mention for the date head. */
export function dateFeatures(
  d: DateMention,
  ws: Word[],
  anchor: Span,
  nearest: boolean,
  published: string,
): Uint32Array {
  const [p1] = neighbours(ws, d.span);
  const age = (Date.parse(`${published}T00:00:00Z`) - Date.parse(`${d.date}T00:00:00Z`)) / 86_400_000;
  const lead = /^(on|since|until|by|from|between|after|before|around|in|last|this)\b/i.exec(d.span.text)?.[1];
  return ids([
    `prec:${d.precision}`,
    ...(d.yearOnly ? ['year'] : []),
    `side:${d.span.start < anchor.start ? 'before' : 'after'}`,
    `d:${distance(d.span, anchor)}`,
    // How old the date is would teach the house style of the gold (notes published on their event date).
    ...(age < 0 ? ['future'] : []),
    `p:${p1}`,
    `lead:${lead?.toLowerCase() ?? '-'}`,
    ...(nearest ? ['nearest'] : []),
  ]);
}

/** The "none of them" candidate of the place and date heads. */
export const NONE = ids(['none']);
