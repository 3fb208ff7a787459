// Killed and injured counts in Arabic sentences, as the English recogniser gives them, from the
// Arabic lexicon's count words and number words over clitic-split tokens.
import type { ArabicToken } from '../../nlp/arabic.js';
import type { ArabicLexicon, PhraseMatch } from '../../nlp/arabic-lexicon.js';
import type { Sentence } from '../sentence.js';
import { tokensOf } from './arabic.js';
import type { CountMention } from './counts.js';

interface NumberAt {
  value: number;
  to: number;
  end: number;
}

/** A number starting at token `i`: digits, number words (with their tens joined by و), vague plurals. */
function numberAt(
  lex: ArabicLexicon,
  tokens: ArabicToken[],
  i: number,
  text: string,
  offset: number,
): NumberAt | undefined {
  let j = i;
  // "ما لا يقل عن 5", "نحو 20": the figure after the qualifier; ACLED codes the lowest figure given.
  const q = tokens[j] && lex.countWords.at(tokens, j, text, offset);
  if (q && lex.countKinds(q.value).has('quantifiers')) j = q.to;
  const t = tokens[j];
  if (!t) return undefined;
  if (/^[0-9]+$/.test(t.norm)) {
    const value = Number(t.norm);
    const next = tokens[j + 1];
    if (next && /^(الاف|الف|ا?لاف)$/.test(next.readings.at(-1)!.stem))
      return { value: value * 1000, to: j + 2, end: next.end };
    return { value, to: j + 1, end: t.end };
  }
  const m = lex.numbers.at(tokens, j, text, offset);
  if (!m) return undefined;
  let value = Math.abs(m.value);
  let to = m.to;
  let end = m.span.end;
  // "خمسة وعشرين": a unit, then its tens with the conjunction.
  const tens = tokens[to] && lex.numbers.at(tokens, to, text, offset);
  if (m.value > 0 && m.value < 10 && tens && tens.value >= 20 && tens.value < 100) {
    value += tens.value;
    to = tens.to;
    end = tens.span.end;
  }
  return { value, to, end };
}

const VICTIM_KINDS = new Set(['civilians', 'protesters']);

/** One sentence's count reading: its tokens, the counts found so far, and the lexicon's kinds at a token. */
interface CountScan {
  s: Sentence;
  lex: ArabicLexicon;
  tokens: ArabicToken[];
  text: string;
  off: number;
  out: CountMention[];
  push: (kind: 'killed' | 'injured', start: number, end: number, n: number) => void;
  kindsAt: (i: number) => [Set<string>, PhraseMatch<string> | undefined];
}

/** Killed and injured counts, as the English recogniser gives them; "بينهم 3 أطفال" is part of a count, not another. */
export function arabicCounts(s: Sentence, lex: ArabicLexicon): CountMention[] {
  const c = countScan(s, lex);
  const { tokens, text, off } = c;
  for (let i = 0; i < tokens.length; i++) {
    const [kinds, m] = c.kindsAt(i);
    if (kinds.has('subset')) {
      // "بينهم 3 أطفال": who the dead were, already counted.
      const n = numberAt(lex, tokens, m!.to, text, off);
      if (n) i = n.to;
      continue;
    }
    const before = kinds.has('killed_before')
      ? 'killed'
      : kinds.has('injured_before')
        ? 'injured'
        : undefined;
    if (before && m) i = countAfterVerb(c, m, before) ?? i;
    else i = countBeforeWord(c, i);
  }
  if (!c.out.some((x) => x.kind === 'killed')) pronounKilled(c);
  return c.out.sort((a, b) => a.span.start - b.span.start);
}

function countScan(s: Sentence, lex: ArabicLexicon): CountScan {
  const tokens = tokensOf(s);
  const text = s.span.text;
  const off = s.span.start;
  const out: CountMention[] = [];
  const push = (kind: 'killed' | 'injured', start: number, end: number, n: number) => {
    if (out.some((o) => o.span.start < end && start < o.span.end)) return;
    out.push({
      kind,
      span: { start, end, text: text.slice(start - off, end - off) },
      low: n,
      best: n,
      high: n,
      implausible: n > 100_000,
    });
  };
  const kindsAt = (i: number): [Set<string>, PhraseMatch<string> | undefined] => {
    const m = tokens[i] && lex.countWords.at(tokens, i, text, off);
    return [m ? lex.countKinds(m.value) : new Set(), m];
  };
  return { s, lex, tokens, text, off, out, push, kindsAt };
}

/**
 * A verb or noun of killing or wounding, then its figure ("مقتل 5 أشخاص", "قتل في الهجوم 6 عناصر"):
 * the count pushed, and the token to go on after (undefined: go on from the same).
 */
function countAfterVerb(
  c: CountScan,
  m: PhraseMatch<string>,
  before: 'killed' | 'injured',
): number | undefined {
  const { s, lex, tokens, text, off, push, kindsAt } = c;
  let j = m.to;
  // "اغتال مجهولون مختار القرية", "أعدم تنظيم الدولة راعيين": the verb, its subject, then who died.
  const next = tokens[j];
  const subject = next && s.actors.find((a) => a.span.start >= next.start && a.span.start < next.end);
  if (subject && !VICTIM_KINDS.has(subject.actor.kind))
    while (tokens[j] && tokens[j]!.start < subject.span.end) j++;
  // "ارتفعت حصيلة قتلى الغارة على حي المزة إلى 7 أشخاص": the toll, then "to" its figure.
  if (lex.countKinds(m.value).has('toll')) {
    for (let k = j; k < Math.min(tokens.length - 1, j + 10); k++)
      if (tokens[k]!.norm === 'الي') {
        const n = numberAt(lex, tokens, k + 1, text, off);
        if (n) push('killed', m.span.start, n.end, n.value);
        break;
      }
    return undefined;
  }
  // "مقتل وإصابة 10 أشخاص" tells a total of both, not the dead alone.
  const [nextKinds] = kindsAt(j);
  if (before === 'killed' && nextKinds.has('injured_before')) return undefined;
  // "قتل في الهجوم 6 عناصر", "قتل خلالها عنصران": a short phrase of where or how before the figure.
  if (
    !numberAt(lex, tokens, j, text, off) &&
    tokens[j] &&
    /^(في|خلال|خلالها|فيها|جراء|اثناء|بعد)$/.test(tokens[j]!.norm)
  ) {
    const skip = /ها$/.test(tokens[j]!.norm) ? 1 : 2;
    const later = tokens[j + skip];
    if (later && (numberAt(lex, tokens, j + skip, text, off) || kindsAt(j + skip)[0].size)) j += skip;
  }
  const n = numberAt(lex, tokens, j, text, off);
  if (n) {
    push(before, m.span.start, n.end, n.value);
    return n.to - 1;
  }
  const [pk, pm] = kindsAt(j);
  if (pm && (pk.has('people_one') || pk.has('dual'))) {
    // A noun alone is one ("مقتل طفل"), its dual two ("مقتل طفلين"); a number word after it says more.
    const after = numberAt(lex, tokens, pm.to, text, off);
    const value = after && after.value <= 2 ? after.value : pk.has('dual') ? 2 : 1;
    push(before, m.span.start, after && after.value <= 2 ? after.end : pm.span.end, value);
    return pm.to - 1;
  }
  return undefined;
}

/** A figure, then who, then the word of death or wounds ("5 قتلى", "خمسة أشخاص لقوا حتفهم"); the token to go on after. */
function countBeforeWord(c: CountScan, i: number): number {
  const { lex, tokens, text, off, push, kindsAt } = c;
  const n = numberAt(lex, tokens, i, text, off);
  if (!n) return i;
  // "5 قتلى", "3 مدنيين قتلى", "خمسة أشخاص لقوا حتفهم", "10 جرحى".
  let j = n.to;
  for (let k = 0; k < 2; k++) {
    const [pk, pm] = kindsAt(j);
    if (pm && (pk.has('people') || pk.has('people_one'))) j = pm.to;
    else break;
  }
  const [ak, am] = kindsAt(j);
  if (am && ak.has('killed_after')) push('killed', tokens[i]!.start, am.span.end, n.value);
  else if (am && ak.has('injured_after')) push('injured', tokens[i]!.start, am.span.end, n.value);
  return Math.max(i, n.to - 1);
}

/** "أدى إلى مقتله": the killing of him is one dead, of the two of them two (when no figure is told). */
function pronounKilled({ lex, tokens, push }: CountScan): void {
  for (const t of tokens) {
    const own = t.readings.find((r) => r.stem !== t.norm && lex.countKinds(r.stem).has('killed_before'));
    const suffix = own ? t.norm.slice(t.norm.lastIndexOf(own.stem) + own.stem.length) : '';
    if (own && (suffix === 'ه' || suffix === 'ها' || suffix === 'هما')) {
      push('killed', own.start, t.end, suffix === 'هما' ? 2 : 1);
      break;
    }
  }
}
