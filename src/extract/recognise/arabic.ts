// The recognisers' Arabic readings: triggers, actors, attribution, hedges, the reading and the
// words the learned coder sees (counts and dates are arabic-counts.ts and arabic-dates.ts), all
// from the Arabic lexicons over clitic-split tokens, all with spans into the Arabic text. Each
// gives what its English counterpart gives, so everything after the recognisers reads an Arabic
// sentence as it reads an English one.
import type { AttributionLink, Span } from '../../model/index.js';
import { arabicTokens, type ArabicToken } from '../../nlp/arabic.js';
import type { ArabicLexicon, PhraseIndex, PhraseMatch } from '../../nlp/arabic-lexicon.js';
import { stem, words as englishWords, type Word } from '../learn/words.js';
import type { Reading } from '../reading.js';
import type { ActorEntry, Resources } from '../resources.js';
import type { Sentence, Trigger } from '../sentence.js';
import type { ActorMention } from './actors.js';
import type { SentenceAttribution } from './attribution.js';

/** The sentence's Arabic tokens (set when the sentence is read as Arabic). */
export const tokensOf = (s: Sentence): ArabicToken[] => s.arabic ?? [];

// Words that may stand between an act and the adjective of who did it ("قصف مدفعي تركي").
const BETWEEN_ACT_AND_ADJECTIVE = new Set([
  'جويه',
  'جوي',
  'مدفعي',
  'صاروخي',
  'حربيه',
  'مسيره',
  'مكثف',
  'عنيف',
  'عنيفه',
]);

/**
 * Event wordings, as triggers of the English rules they stand for; a nationality adjective right
 * after one ("غارات روسية") is added to the sentence's actors as that state's forces.
 */
export function arabicTriggers(s: Sentence, res: Resources): Trigger[] {
  const lex = res.arabic;
  if (!lex) return [];
  const tokens = tokensOf(s);
  const out: Trigger[] = [];
  const byId = new Map<string, ActorEntry>(res.actors.map((a) => [a.id, a]));
  for (const m of lex.events.all(tokens, s.span.text, s.span.start)) {
    const rule = res.rulesById.get(m.value);
    if (!rule) continue;
    out.push({ rule, span: m.span });
    let j = m.to;
    while (tokens[j] && BETWEEN_ACT_AND_ADJECTIVE.has(tokens[j]!.norm.replace(/^ال/, ''))) j++;
    const adj = tokens[j] && lex.actorAdjectives.at(tokens, j, s.span.text, s.span.start);
    const actor = adj ? byId.get(adj.value) : undefined;
    if (adj && actor && !s.actors.some((a) => a.span.start < adj.span.end && adj.span.start < a.span.end))
      s.actors = [...s.actors, { span: adj.span, actor, coreferent: false }].sort(
        (a, b) => a.span.start - b.span.start,
      );
  }
  return out;
}

/** Actor forms anywhere in an Arabic text, as mentions of the dictionary's actors. */
export function arabicActors(text: string, res: Resources): ActorMention[] {
  const lex = res.arabic;
  if (!lex || !/[\u0600-\u06FF]/.test(text)) return [];
  const byId = new Map<string, ActorEntry>(res.actors.map((a) => [a.id, a]));
  const out: ActorMention[] = [];
  for (const m of lex.actors.all(arabicTokens(text), text, 0)) {
    const actor = byId.get(m.value);
    if (actor) out.push({ span: m.span, actor, coreferent: false });
  }
  return out;
}

/** Hedged wording: "أنباء عن", "لم يتسن التحقق", "يرجح". */
export function arabicHedged(s: Sentence, lex: ArabicLexicon): boolean {
  return lex.hedges.all(tokensOf(s), s.span.text, s.span.start).length > 0;
}

/** Who says it: a known source, named or after "بحسب" / "نقلاً عن", or unnamed local sources. */
export function arabicAttribution(s: Sentence, lex: ArabicLexicon): SentenceAttribution {
  const tokens = tokensOf(s);
  const text = s.span.text;
  const off = s.span.start;
  const sources = lex.sources.all(tokens, text, off);
  const out: SentenceAttribution = {};
  const link = (m: PhraseMatch<string>, role: AttributionLink['role']): AttributionLink => ({
    name: m.value,
    role,
    span: m.span,
  });
  // "قالت وكالة سانا نقلاً عن مصادر": the one quoted is the source, the one quoting carries it.
  const quoting = lex.according
    .all(tokens, text, off)
    .find((m) => /نقلا/.test(m.span.text.normalize('NFC').replace(/[ًٌٍَُِّْ]/g, '')));
  const quoted = quoting ? sources.find((x) => x.from >= quoting.to) : undefined;
  if (quoting && quoted) {
    out.speaker = link(quoted, 'original');
    const carrier = sources.find((x) => x !== quoted);
    if (carrier) out.medium = link(carrier, 'reported_by');
    return out;
  }
  if (sources[0]) {
    out.speaker = link(sources[0], 'original');
    if (sources[1] && sources[1].value !== sources[0].value) out.medium = link(sources[1], 'reported_by');
    return out;
  }
  const anonymous = lex.anonymous.all(tokens, text, off)[0];
  if (anonymous) out.speaker = { name: 'local sources', role: 'original', span: anonymous.span };
  return out;
}

/** How a trigger reads from the Arabic words before it; undefined when they say nothing of it. */
export function arabicReading(s: Sentence, t: Trigger, lex: ArabicLexicon): Reading | undefined {
  const tokens = tokensOf(s);
  const text = s.span.text;
  const off = s.span.start;
  let k = tokens.findIndex((x) => x.end > t.span.start);
  if (k < 0) k = tokens.length;
  const near = (index: PhraseIndex<boolean>, back: number) => {
    for (let i = Math.max(0, k - back); i < k; i++) if (index.at(tokens, i, text, off)) return true;
    return false;
  };
  if (near(lex.negation, 3) || near(lex.denial, k)) return 'negated';
  // "أي غارات": any strikes, none in particular.
  if (k > 0 && tokens[k - 1]!.norm === 'اي') return 'generic';
  // Verb first, then its subject: "تعتزم قوات النظام شن هجوم" puts the cue four words back.
  if (near(lex.irrealis, 5)) return 'irrealis';
  if (lex.background.all(tokens, text, off).length) return 'background';
  if (t.rule.nominal && k > 0 && lex.reference.at(tokens, k - 1, text, off)) return 'context';
  return undefined;
}

/**
 * The words the learned coder reads in an Arabic sentence: each glossed word as the stem of its
 * English counterpart (so a weight learned on "shelled" applies to "قصف"), numbers as "#", other
 * Arabic words under their own bare stem, and Latin-letter words as the English reader gives them.
 */
export function arabicWords(s: Sentence, lex: ArabicLexicon): Word[] {
  const tokens = tokensOf(s);
  const text = s.span.text;
  const off = s.span.start;
  const out: Word[] = [];
  const skip = (a: Span) => s.dates.some((d) => d.span.start < a.end && a.start < d.span.end);
  for (let i = 0; i < tokens.length;) {
    const t = tokens[i]!;
    const g = lex.gloss.at(tokens, i, text, off);
    if (g) {
      if (!skip(g.span))
        for (const w of g.value.split(/\s+/))
          out.push({ start: g.span.start, end: g.span.end, stem: stem(w.toLowerCase()) });
      i = g.to;
      continue;
    }
    if (!skip(t)) {
      const bare = t.readings.at(-1)!.stem;
      out.push({ start: t.start, end: t.end, stem: /^[0-9]/.test(t.norm) ? '#' : `ar:${bare}` });
    }
    i++;
  }
  const latin = englishWords(text, off).filter(
    (w) => !/[\u0600-\u06FF0-9]/.test(text.slice(w.start - off, w.end - off)),
  );
  return [...out, ...latin].sort((a, b) => a.start - b.start);
}
