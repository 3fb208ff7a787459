// The Arabic lexicons (data/arabic.json) compiled once into phrase indexes over normalised,
// clitic-split words, and the matcher that finds their entries in a sentence's tokens.
import type { Span } from '../model/index.js';
import { normaliseArabic, type ArabicToken } from './arabic.js';

export interface ArabicLexiconFile {
  events: Record<string, string[]>;
  actors: Record<string, string[]>;
  /**
   * Adjectives of nationality that name a state's forces when they follow an act ("غارات روسية",
   * "قصف مدفعي تركي"); elsewhere ("الحدود التركية") they name nobody.
   */
  actor_adjectives?: Record<string, string[]>;
  sources: Record<string, string[]>;
  attribution: { say: string[]; according: string[]; anonymous: string[] };
  hedges: string[];
  negation: string[];
  /** Verbs of denial: they negate what follows anywhere after them in the sentence. */
  denial: string[];
  irrealis: string[];
  background: string[];
  reference: string[];
  counts: Record<
    | 'toll'
    | 'killed_before'
    | 'killed_after'
    | 'injured_before'
    | 'injured_after'
    | 'people'
    | 'people_one'
    | 'dual'
    | 'subset'
    | 'quantifiers',
    string[]
  >;
  numbers: Record<string, number>;
  vague: Record<string, number>;
  months: Record<string, number>;
  hijri_months: Record<string, number>;
  weekdays: Record<string, number>;
  relative_dates: Record<string, { days: number; precision?: number }>;
  gloss: Record<string, string>;
  qualifiers?: Record<string, string>;
  /** Common nouns the gazetteer has as places somewhere ("سوق", "جامعة"): never a place alone. */
  not_places?: string[];
}

/** One entry found in a sentence: its value, the tokens it spans and its span in the document. */
export interface PhraseMatch<T> {
  value: T;
  /** Index of the first token and one past the last. */
  from: number;
  to: number;
  span: Span;
}

/** Phrases (sequences of normalised words) to values, looked up by their first word. */
export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Array<{ words: string[]; value: T }>>();

  constructor(entries: Iterable<[string, T]>) {
    for (const [form, value] of entries) {
      const words = normaliseArabic(form).split(/\s+/).filter(Boolean);
      if (!words.length) continue;
      const list = this.byFirst.get(words[0]!) ?? [];
      if (!list.some((e) => e.words.join(' ') === words.join(' '))) list.push({ words, value });
      list.sort((a, b) => b.words.length - a.words.length);
      this.byFirst.set(words[0]!, list);
    }
  }

  /** The longest entry starting at token `i` (any reading of the first word; later words bare or with و/ال). */
  at(tokens: ArabicToken[], i: number, text: string, offset: number): PhraseMatch<T> | undefined {
    let best: PhraseMatch<T> | undefined;
    const first = tokens[i]!;
    for (const r of first.readings) {
      const list = this.byFirst.get(r.stem);
      if (!list) continue;
      for (const e of list) {
        const n = e.words.length;
        if (best && best.to - best.from >= n) break;
        if (i + n > tokens.length) continue;
        let ok = true;
        for (let k = 1; k < n && ok; k++) {
          const t = tokens[i + k]!;
          // Words of a phrase run on: only whitespace between them.
          if (!/^\s*$/.test(text.slice(tokens[i + k - 1]!.end - offset, t.start - offset))) ok = false;
          else
            ok = t.readings.some(
              (x) => x.stem === e.words[k] && x.prefixes.every((p) => p === 'و' || p === 'ال'),
            );
        }
        if (!ok) continue;
        const end = tokens[i + n - 1]!.end;
        best = {
          value: e.value,
          from: i,
          to: i + n,
          span: { start: r.start, end, text: text.slice(r.start - offset, end - offset) },
        };
        break;
      }
    }
    return best;
  }

  /** Every entry in the tokens, left to right, longest first, none overlapping. */
  all(tokens: ArabicToken[], text: string, offset: number): Array<PhraseMatch<T>> {
    const out: Array<PhraseMatch<T>> = [];
    for (let i = 0; i < tokens.length;) {
      const m = this.at(tokens, i, text, offset);
      if (m) {
        out.push(m);
        i = m.to;
      } else i++;
    }
    return out;
  }
}

const byValue = <T>(rec: Record<string, T[]>): Array<[T, string]> =>
  Object.entries(rec).flatMap(([k, forms]) => forms.map((f) => [f as T, k] as [T, string]));
const flip = (rec: Record<string, string[]>): Array<[string, string]> =>
  byValue(rec).map(([f, k]) => [f as string, k]);
const list = (forms: string[], value = true): Array<[string, boolean]> => forms.map((f) => [f, value]);

/** The compiled Arabic lexicons: loaded once, passed in with the other resources. */
export class ArabicLexicon {
  readonly events: PhraseIndex<string>;
  readonly actors: PhraseIndex<string>;
  readonly actorAdjectives: PhraseIndex<string>;
  readonly sources: PhraseIndex<string>;
  readonly say: PhraseIndex<boolean>;
  readonly according: PhraseIndex<boolean>;
  readonly anonymous: PhraseIndex<boolean>;
  readonly hedges: PhraseIndex<boolean>;
  readonly negation: PhraseIndex<boolean>;
  readonly denial: PhraseIndex<boolean>;
  readonly irrealis: PhraseIndex<boolean>;
  readonly background: PhraseIndex<boolean>;
  readonly reference: PhraseIndex<boolean>;
  readonly countWords: PhraseIndex<string>;
  readonly numbers: PhraseIndex<number>;
  readonly months: PhraseIndex<number>;
  readonly hijriMonths: PhraseIndex<number>;
  readonly weekdays: PhraseIndex<number>;
  readonly relativeDates: PhraseIndex<{ days: number; precision?: number }>;
  readonly gloss: PhraseIndex<string>;

  constructor(file: ArabicLexiconFile) {
    this.events = new PhraseIndex(flip(file.events));
    this.actors = new PhraseIndex(flip(file.actors));
    this.actorAdjectives = new PhraseIndex(flip(file.actor_adjectives ?? {}));
    this.sources = new PhraseIndex(flip(file.sources));
    this.say = new PhraseIndex(list(file.attribution.say));
    this.according = new PhraseIndex(list(file.attribution.according));
    this.anonymous = new PhraseIndex(list(file.attribution.anonymous));
    this.hedges = new PhraseIndex(list(file.hedges));
    this.negation = new PhraseIndex(list(file.negation));
    this.denial = new PhraseIndex(list(file.denial ?? []));
    this.irrealis = new PhraseIndex(list(file.irrealis));
    this.background = new PhraseIndex(list(file.background));
    this.reference = new PhraseIndex(list(file.reference));
    // A word can be several kinds ("قتلوا" before a number and after one); the first listed kind wins here.
    const kinds: Array<[string, string]> = [];
    for (const [kind, forms] of Object.entries(file.counts))
      for (const f of forms) {
        const key = normaliseArabic(f);
        kinds.push([f, key]);
        const set = this.kindsOf.get(key) ?? new Set<string>();
        set.add(kind);
        this.kindsOf.set(key, set);
      }
    this.countWords = new PhraseIndex(kinds);
    this.numbers = new PhraseIndex([
      ...Object.entries(file.numbers),
      ...Object.entries(file.vague).map(([k, v]) => [k, -v] as [string, number]),
    ]);
    this.months = new PhraseIndex(Object.entries(file.months));
    this.hijriMonths = new PhraseIndex(Object.entries(file.hijri_months));
    this.weekdays = new PhraseIndex(Object.entries(file.weekdays));
    this.relativeDates = new PhraseIndex(Object.entries(file.relative_dates));
    this.gloss = new PhraseIndex(Object.entries(file.gloss));
    this.file = file;
  }

  readonly file: ArabicLexiconFile;
  private readonly kindsOf = new Map<string, Set<string>>();

  /** The kinds a count word (its normalised form, as `countWords` gives it) is listed under. */
  countKinds(key: string): Set<string> {
    return this.kindsOf.get(key) ?? new Set();
  }
}

/**
 * Single words the Arabic lexicons use as something other than a place (event words, actors,
 * dates, counts, function words, the common nouns listed as not places), with and without the
 * article: the geoparser does not read them as names on their own.
 */
export function arabicNotPlaces(file: ArabicLexiconFile): string[] {
  const phrases = [
    ...Object.values(file.events).flat(),
    ...Object.values(file.actors).flat(),
    ...Object.values(file.actor_adjectives ?? {}).flat(),
    ...Object.values(file.sources).flat(),
    ...file.attribution.say,
    ...file.attribution.according,
    ...file.attribution.anonymous,
    ...file.hedges,
    ...file.negation,
    ...(file.denial ?? []),
    ...file.irrealis,
    ...file.reference,
    ...Object.values(file.counts).flat(),
    ...Object.keys(file.numbers),
    ...Object.keys(file.vague),
    ...Object.keys(file.months),
    ...Object.keys(file.hijri_months),
    ...Object.keys(file.weekdays),
    ...Object.keys(file.relative_dates),
    ...Object.keys(file.gloss),
    ...(file.not_places ?? []),
  ];
  const out = new Set<string>();
  for (const p of phrases)
    for (const w of p.split(/\s+/)) {
      if (!/[\u0600-\u06FF]/.test(w)) continue;
      const bare = w.replace(/^ال/, '');
      out.add(w);
      if (bare.length >= 2) {
        out.add(bare);
        out.add(`ال${bare}`);
      }
    }
  return [...out];
}
