// The recognisers' Arabic readings: triggers, actors, counts, dates, attribution, hedges and the
// words the learned coder sees, all from the Arabic lexicons over clitic-split tokens, all with
// spans into the Arabic text. Each gives what its English counterpart gives, so everything after
// the recognisers reads an Arabic sentence as it reads an English one.
import type { AttributionLink, Span, TimePrecision } from '../../model/index.js';
import { arabicTokens, type ArabicToken } from '../../nlp/arabic.js';
import type { ArabicLexicon, PhraseIndex, PhraseMatch } from '../../nlp/arabic-lexicon.js';
import { hijriToGregorian } from '../../nlp/arabic.js';
import type { DateMention } from '../../nlp/dates.js';
import { stem, words as englishWords, type Word } from '../learn/words.js';
import type { Reading } from '../reading.js';
import type { ActorEntry, Resources } from '../resources.js';
import type { Sentence, Trigger } from '../sentence.js';
import type { ActorMention } from './actors.js';
import type { SentenceAttribution } from './attribution.js';
import type { CountMention } from './counts.js';

/** The sentence's Arabic tokens (set when the sentence is read as Arabic). */
const tokensOf = (s: Sentence): ArabicToken[] => s.arabic ?? [];

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

const DAY = 86_400_000;
const isoOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** One sentence's date reading: its tokens, the publication day, and the dates found so far. */
interface DateScan {
  lex: ArabicLexicon;
  tokens: ArabicToken[];
  text: string;
  off: number;
  pub: number;
  push: (start: number, end: number, date: string, precision: TimePrecision) => void;
}

/** Dates: a day and a month (Levantine, Egyptian or both, "12 تشرين الأول/أكتوبر"), Hijri dates, weekdays, yesterday and the like. */
export function arabicDates(s: Sentence, lex: ArabicLexicon, published: string): DateMention[] {
  const tokens = tokensOf(s);
  const text = s.span.text;
  const off = s.span.start;
  const pub = Date.parse(`${published}T00:00:00Z`);
  const out: DateMention[] = [];
  const push = (start: number, end: number, date: string, precision: TimePrecision) => {
    if (out.some((o) => o.span.start < end && start < o.span.end)) return;
    out.push({
      span: { start, end, text: text.slice(start - off, end - off) },
      date,
      precision,
      yearOnly: false,
    });
  };
  const c: DateScan = { lex, tokens, text, off, pub, push };
  for (let i = 0; i < tokens.length; i++) {
    const dayMonth = dayMonthAt(c, i);
    if (dayMonth !== undefined) {
      i = dayMonth;
      continue;
    }
    const rel = lex.relativeDates.at(tokens, i, text, off);
    if (rel) {
      push(
        rel.span.start,
        rel.span.end,
        isoOf(pub + rel.value.days * DAY),
        (rel.value.precision ?? 1) as TimePrecision,
      );
      i = rel.to - 1;
      continue;
    }
    const wd = lex.weekdays.at(tokens, i, text, off);
    if (wd) {
      // The weekday told is the latest one not after publication; a date right after it is the date.
      const next = tokens[wd.to];
      if (next && /^[0-9]{1,2}$/.test(next.norm) && lex.months.at(tokens, wd.to + 1, text, off)) continue;
      const back = (new Date(pub).getUTCDay() - wd.value + 7) % 7;
      push(wd.span.start, wd.span.end, isoOf(pub - back * DAY), 1);
      i = wd.to - 1;
    }
  }
  numericDates(c);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * A day and a month at token `i`, Gregorian or Hijri, with the other calendar's name and a year
 * when they follow: the date pushed (when it can be placed), and the token to go on after;
 * undefined when no day and month start there.
 */
function dayMonthAt({ lex, tokens, text, off, pub, push }: DateScan, i: number): number | undefined {
  const t = tokens[i]!;
  if (!/^[0-9]{1,2}$/.test(t.norm) || !tokens[i + 1]) return undefined;
  const day = Number(t.norm);
  const mm = lex.months.at(tokens, i + 1, text, off);
  const hm = mm ? undefined : lex.hijriMonths.at(tokens, i + 1, text, off);
  const month = mm ?? hm;
  if (!month || day < 1 || day > 31) return undefined;
  let to = month.to;
  let end = month.span.end;
  // "تشرين الأول/أكتوبر": the other calendar's name for the same month.
  const alt =
    tokens[to] && /^\s*\/\s*$/.test(text.slice(end - off, tokens[to]!.start - off))
      ? lex.months.at(tokens, to, text, off)
      : undefined;
  if (alt) {
    to = alt.to;
    end = alt.span.end;
  }
  const y = tokens[to] && /^[0-9]{4}$/.test(tokens[to]!.norm) ? Number(tokens[to]!.norm) : undefined;
  if (y !== undefined) end = tokens[to]!.end;
  if (hm) {
    // Hijri years are 13xx-14xx; a Hijri date without its year is the latest one not after publication.
    let date: string | undefined;
    if (y !== undefined) date = hijriToGregorian(y, hm.value, day);
    else
      for (const hy of [1447, 1446, 1445, 1444, 1443, 1442, 1441, 1440]) {
        const g = hijriToGregorian(hy, hm.value, day);
        if (g && Date.parse(`${g}T00:00:00Z`) <= pub) {
          date = g;
          break;
        }
      }
    const hijriMark = text.slice(end - off).match(/^\s*(?:هـ|ه\b|للهجرة)/u);
    if (hijriMark) end += hijriMark[0].length;
    if (date) push(t.start, end, date, 1);
  } else {
    const year = y ?? new Date(pub).getUTCFullYear();
    let d = Date.UTC(year, month.value - 1, day);
    if (y === undefined && d > pub) d = Date.UTC(year - 1, month.value - 1, day);
    if (d <= pub + DAY) push(t.start, end, isoOf(d), 1);
  }
  return to - 1;
}

/** Numeric dates, day first: "12/3/2024", "١٢/٣/٢٠٢٤". */
function numericDates({ text, off, push }: DateScan): void {
  for (const m of text.matchAll(
    /(?<![0-9٠-٩])([0-9٠-٩]{1,2})[/\-.]([0-9٠-٩]{1,2})[/\-.]([0-9٠-٩]{4})(?![0-9٠-٩])/gu,
  )) {
    const n = (x: string) => Number(x.replace(/[٠-٩]/g, (c) => String(c.charCodeAt(0) - 0x0660)));
    const [d, mo, y] = [n(m[1]!), n(m[2]!), n(m[3]!)];
    if (d < 1 || d > 31 || mo < 1 || mo > 12) continue;
    push(off + m.index, off + m.index + m[0].length, isoOf(Date.UTC(y, mo - 1, d)), 1);
  }
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
