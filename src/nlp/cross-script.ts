// One key for a place name written in Arabic letters and for its Latin transliterations, so a name
// a record holds only in Latin ("Kafr Nabl", a UCDP village, an analyst's entry) is found when a
// report writes it in Arabic ("كفرنبل"). The key keeps consonants only, in classes both scripts
// can write: vowels, alef, hamza, ayn, waw and yaa (each a vowel as often as a consonant) and the
// article are dropped, letters transliterations merge (ث/ت, ص/س, ض/ذ/د, ظ/ز, ق/ك/خ) are one class.
import { fold, nameKeys, stripArticles, type KeyKind } from './normalize.js';

/** Marks a cross-script key, so it never meets a key of another kind. */
export const CROSS_SCRIPT_PREFIX = '~';

// Consonant classes, shared by both scripts.
const ARABIC_CLASS: Record<string, string> = {
  ب: 'b',
  ت: 't',
  ث: 't',
  ط: 't',
  ج: 'j',
  ح: 'h',
  ه: 'h',
  خ: 'k',
  ك: 'k',
  ق: 'k',
  د: 'd',
  ذ: 'd',
  ض: 'd',
  ر: 'r',
  ز: 'z',
  ظ: 'z',
  س: 's',
  ص: 's',
  ش: 'S',
  غ: 'g',
  ف: 'f',
  ل: 'l',
  م: 'm',
  ن: 'n',
};

// Latin digraphs first: "sh", "ch" (French) and "sch" are ش; "kh" خ; "gh" غ; "th" ث; "dh" ذ; "dj" ج.
const LATIN_DIGRAPHS: Array<[RegExp, string]> = [
  [/sch|sh|ch/g, 'S'],
  [/kh|ck|q|c|x/g, 'k'],
  [/gh/g, 'g'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/dj/g, 'j'],
  [/ph/g, 'f'],
  [/p/g, 'b'],
  [/v/g, 'f'],
];

const MIN_CONSONANTS = 3;

const collapse = (s: string) => s.replace(/(.)\1+/g, '$1');

/** A word's final h is the taa marbuta or a vowel's mark as often as a consonant: dropped. */
const withoutFinalH = (w: string) => (w.length > 1 ? w.replace(/h$/, '') : w);

/**
 * The cross-script key of a Latin transliteration, or undefined when too short to tell places
 * apart. Lower-case-only alternates are machine romanisations of an Arabic name, not names
 * another writer used: the caller decides whether to index them.
 * Example: latinCrossKey('Kafr Nabl') === '~kfrnbl'.
 */
export function latinCrossKey(name: string): string | undefined {
  const words = stripArticles(fold(name)).split(' ');
  if (words.some((w) => /[^a-z]/.test(w))) return undefined;
  const key = words
    .map((w) => {
      let c = w;
      for (const [re, to] of LATIN_DIGRAPHS) c = c.replace(re, to);
      return withoutFinalH(c.replace(/[aeiouyw]/g, ''));
    })
    .join('');
  const k = collapse(key);
  return k.length >= MIN_CONSONANTS ? CROSS_SCRIPT_PREFIX + k : undefined;
}

/**
 * The cross-script keys of an Arabic name: one with each taa marbuta dropped, and, where one ends
 * a word before another ("خربة الجوز", Khirbet al-Jouz), one with it read as the t it is said as.
 * Example: arabicCrossKeys('كفرنبل') deep-equals ['~kfrnbl'].
 */
export function arabicCrossKeys(name: string): string[] {
  const words = stripArticles(fold(name)).split(' ');
  if (words.some((w) => !/^[\u0621-\u064A]+$/.test(w))) return [];
  // fold() writes the taa marbuta as haa: a word's final haa is dropped like the Latin final h.
  const render = (construct: boolean) =>
    collapse(
      words
        .map((w, i) => {
          const t = construct && i < words.length - 1 && w.endsWith('ه') ? `${w.slice(0, -1)}ت` : w;
          const c = [...t].map((ch) => ARABIC_CLASS[ch] ?? '').join('');
          return withoutFinalH(c);
        })
        .join(''),
    );
  const keys = [...new Set([render(false), render(true)])].filter((k) => k.length >= MIN_CONSONANTS);
  return keys.map((k) => CROSS_SCRIPT_PREFIX + k);
}

/**
 * The keys a place's name is indexed under: `nameKeys`, and, with `latinToArabic` (places where
 * reports are written in Arabic), the cross-script key of a Latin name that is not a machine
 * romanisation (those are all lower case: "kfrnbl"). An Arabic name needs none: `nameKeys` already
 * folds its letter forms and spacing, and the Latin names alone stand for the places known in Latin only.
 */
export function indexKeys(name: string, latinToArabic: boolean): Array<[KeyKind, string]> {
  const keys = nameKeys(name);
  if (latinToArabic && !ARABIC_SCRIPT.test(name) && /\p{Lu}/u.test(name)) {
    const k = latinCrossKey(name);
    if (k) keys.push([2, k]);
  }
  return keys;
}

/**
 * The Arabic name among a place's alternate names that writes its Latin name (GeoNames lists
 * several, in no order: "تل عمار" and "عريقة" for ‘Arīqah), else the first in Arabic letters; names
 * with the letters of Persian, Urdu or Kurdish are not Arabic.
 * Example: arabicNameOf(['Kafr Nabl'], ['كفر عويد', 'كفرنبل']) === 'كفرنبل'.
 */
export function arabicNameOf(latin: string[], alternates: string[]): string | undefined {
  const arabic = alternates.filter((a) => /^[\u0621-\u064A\s]+$/.test(a.trim())).map((a) => a.trim());
  const keys = new Set(latin.map(latinCrossKey).filter((k): k is string => k !== undefined));
  return arabic.find((a) => arabicCrossKeys(a).some((k) => keys.has(k))) ?? arabic[0];
}

/** The keys an Arabic surface form is looked up under besides `nameKeys`. */
export function lookupCrossKeys(surface: string): string[] {
  return ARABIC_SCRIPT.test(surface) ? arabicCrossKeys(surface) : [];
}

const ARABIC_SCRIPT = /^\p{Script=Arabic}/u;

/**
 * Countries whose places' Latin names get cross-script keys: where Arabic is the language of the
 * place names, so their Latin names are transliterations of Arabic ones.
 */
export const ARABIC_WRITING_COUNTRIES = new Set([
  'SY',
  'IQ',
  'LB',
  'JO',
  'PS',
  'EG',
  'LY',
  'TN',
  'DZ',
  'MA',
  'MR',
  'SD',
  'YE',
  'SA',
  'KW',
  'QA',
  'BH',
  'AE',
  'OM',
]);

/**
 * Arabic words that are never part of a place's name (particles, prepositions, pronouns, the
 * words that introduce a place): a span looked up across scripts holds none of them.
 */
export const ARABIC_NOT_NAME_WORDS = new Set(
  (
    'في على من إلى الى عن مع بين حتى منذ بعد قبل عند لدى نحو ضد خلال حول أن ان إن قد لم لن لا ما هذا هذه ذلك تلك ' +
    'الذي التي الذين كان كانت أو او ثم كما أيضا ايضا عدة بعض كل أحد احد إحدى يوم اليوم أمس امس شمال جنوب شرق غرب ' +
    'شمالي جنوبي شرقي غربي الشمالي الجنوبي الشرقي الغربي الشمالية الجنوبية الشرقية الغربية ريف محافظة مدينة بلدة ' +
    'قرية حي ناحية منطقة مناطق سوريا وسط'
  )
    .split(' ')
    .map((w) => fold(w)),
);

/** Whether every word of an Arabic span may be part of a name looked up across scripts. */
export const mayNameAcrossScripts = (surface: string): boolean =>
  fold(surface)
    .split(' ')
    .every(
      (w) => !ARABIC_NOT_NAME_WORDS.has(w) && !(/^[وفبل]/.test(w) && ARABIC_NOT_NAME_WORDS.has(w.slice(1))),
    );

// Words that say a place's name follows ("بلدة كفرنبل", "قرية", "حي", "مخيم"), in the singular,
// dual and plural, and with a preposition or conjunction joined to them ("ببلدة", "وقرية").
const PLACE_CUES = new Set(
  'بلدة بلدتي بلدات قرية قريتي قرى مدينة مدينتي مدن حي حيي أحياء مخيم مخيمي ناحية منطقة بلدتا قريتا'
    .split(' ')
    .map((w) => fold(w)),
);

/**
 * Whether the word before a span says a place's name follows. A name looked up across scripts is
 * loose (its key is consonants only), so it is taken only where the text says a place is named.
 */
export function placeCueBefore(word: string | undefined): boolean {
  if (!word) return false;
  const w = fold(word);
  return (
    PLACE_CUES.has(w) ||
    (/^[وفبل]/.test(w) && PLACE_CUES.has(w.slice(1))) ||
    (/^[وف][بل]/.test(w) && PLACE_CUES.has(w.slice(2)))
  );
}
