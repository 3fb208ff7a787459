// Arabic text as the lexicons read it: letters normalised (hamza forms, taa marbuta, alef
// maqsura, tatweel, diacritics), words split from their clitics and article, sentences split on
// Arabic punctuation; every piece keeps its offsets into the original text.
import type { Span } from '../model/index.js';

/** Diacritics (tashkeel), the superscript alef and the Quranic marks: dropped. */
const DROPPED = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/;
const LETTER_MAP: Record<string, string> = {
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0622': '\u0627', // آ
  '\u0671': '\u0627', // ٱ
  '\u0629': '\u0647', // ة -> ه
  '\u0649': '\u064A', // ى -> ي
  '\u0624': '\u0648', // ؤ -> و
  '\u0626': '\u064A', // ئ -> ي
};
const DIGITS: Record<string, string> = {};
for (let i = 0; i < 10; i++) {
  DIGITS[String.fromCharCode(0x0660 + i)] = String(i); // Arabic-Indic
  DIGITS[String.fromCharCode(0x06f0 + i)] = String(i); // Eastern Arabic-Indic (Persian, Urdu)
}

/**
 * The normalised form of an Arabic string: one spelling for the letters written several ways,
 * no diacritics or tatweel, Western digits. Lexicon entries and text are both compared in it.
 *
 * @example normaliseArabic('إستهدافٌ') === 'استهداف'
 */
export function normaliseArabic(s: string): string {
  let out = '';
  for (const ch of s) {
    if (DROPPED.test(ch)) continue;
    out += LETTER_MAP[ch] ?? DIGITS[ch] ?? ch;
  }
  return out;
}

/** A word of Arabic text: its span in the original and its normalised form. */
export interface ArabicToken extends Span {
  norm: string;
  /** Readings of the word with its clitics split off: the bare stem first tried last. */
  readings: Reading[];
}

/** One way of splitting a word: the stem and where in the original it starts. */
export interface Reading {
  stem: string;
  /** Offset of the stem's first letter in the document. */
  start: number;
  /** The proclitics split off ("و", "ب", "ال"), in order. */
  prefixes: string[];
}

const WORD =
  /(?:[\u0621-\u064A\u0640\u0671-\u06D3\u06D5\u06FA-\u06FF]|[\u064B-\u065F\u0670\u06D6-\u06ED])+|[0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,٫][0-9\u0660-\u0669]+)?/gu;

/** Offsets of the original characters behind each normalised character of `text`. */
function normalisedOffsets(text: string): number[] {
  const at: number[] = [];
  let i = 0;
  for (const ch of text) {
    if (!DROPPED.test(ch)) at.push(i);
    i += ch.length;
  }
  return at;
}

// Proclitics in the order they stack: a conjunction, a preposition or future/particle, the article.
const CONJUNCTIONS = ['و', 'ف'];
const PREPOSITIONS = ['ب', 'ل', 'ك', 'س'];

/** Pronoun suffixes split off a verb or noun ("استهدفها" = استهدف + ها) when what is left is three letters or more. */
const SUFFIXES = ['هما', 'هم', 'ها', 'ه', 'نا', 'كم'];

/**
 * Every split of a normalised word into proclitics, a stem of at least two letters and perhaps
 * a pronoun suffix; `cut` is how many normalised letters of the word come before the stem.
 */
export function splits(norm: string): Array<{ prefixes: string[]; stem: string; cut: number }> {
  const out: Array<{ prefixes: string[]; stem: string; cut: number }> = [
    { prefixes: [], stem: norm, cut: 0 },
  ];
  for (const c of ['', ...CONJUNCTIONS]) {
    if (c && !norm.startsWith(c)) continue;
    const r1 = norm.slice(c.length);
    for (const p of ['', ...PREPOSITIONS]) {
      if (p && !r1.startsWith(p)) continue;
      const r2 = r1.slice(p.length);
      const pre = [c, p].filter(Boolean);
      const cut = c.length + p.length;
      if (pre.length && r2.length >= 2) out.push({ prefixes: pre, stem: r2, cut });
      // "لل" is the preposition ل with the article's alef elided: "للنظام" = ل + النظام.
      if (p === 'ل' && r2.startsWith('ل') && r2.length > 3) {
        out.push({ prefixes: [...pre, 'ال'], stem: r2.slice(1), cut: cut + 1 });
        out.push({ prefixes: pre, stem: 'ا' + r2, cut });
      }
      if (r2.startsWith('ال') && r2.length >= 4)
        out.push({ prefixes: [...pre, 'ال'], stem: r2.slice(2), cut: cut + 2 });
    }
  }
  for (const r of [...out])
    for (const suf of SUFFIXES)
      if (r.stem.endsWith(suf) && r.stem.length - suf.length >= 3)
        out.push({ ...r, stem: r.stem.slice(0, -suf.length) });
  const seen = new Set<string>();
  return out.filter((r) => {
    const k = `${r.cut}|${r.stem}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The Arabic words (and numbers) of `text`, offsets shifted by `offset`, each with its readings.
 *
 * @example arabicTokens('وبالقصف')[0].readings.map(r => r.stem) // ['وبالقصف', 'بالقصف', 'قصف', ...]
 */
export function arabicTokens(text: string, offset = 0): ArabicToken[] {
  const out: ArabicToken[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const norm = normaliseArabic(raw);
    if (!norm) continue;
    const at = normalisedOffsets(raw);
    const start = offset + m.index;
    const readings = splits(norm).map((s) => ({
      stem: s.stem,
      prefixes: s.prefixes,
      start: start + (at[s.cut] ?? 0),
    }));
    out.push({ start, end: start + raw.length, text: raw, norm, readings });
  }
  return out;
}

const ARABIC_LETTER = /\p{Script=Arabic}/u;
const ANY_LETTER = /\p{L}/u;

/** Share of a text's letters written in Arabic script. */
export function arabicShare(text: string): number {
  let letters = 0;
  let arabic = 0;
  for (const ch of text) {
    if (!ANY_LETTER.test(ch)) continue;
    letters++;
    if (ARABIC_LETTER.test(ch)) arabic++;
  }
  return letters ? arabic / letters : 0;
}

/** True when most letters of a sentence are Arabic script: it is read with the Arabic lexicons. */
export const isArabicText = (text: string): boolean => arabicShare(text) > 0.5;

// Sentence ends: the full stop, ؟ ! ؛ and the Urdu/Arabic full stop ۔; a line break between two
// Arabic lines (bulletins often list one item a line with no stop). The Arabic comma joins the
// clauses of one report ("قتل 3 مدنيين، بينهم طفلان، جراء قصف"), so it does not end one.
const ARABIC_BOUNDARY =
  /([.!؟؛۔?]+)(\s+)|(?<=[\u0621-\u064A0-9\u0660-\u0669)»"])[ \t]*\n(?=\s*[\u0621-\u064A«"(\-–•*])/gu;

/**
 * Splits Arabic text into sentences, offsets indexing the input.
 *
 * @example splitArabicSentences('قصف على إدلب. اشتباكات في حلب')
 */
export function splitArabicSentences(text: string, offset = 0): Span[] {
  const out: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: offset + s, end: offset + e, text: text.slice(s, e) });
    start = end;
  };
  for (const m of text.matchAll(ARABIC_BOUNDARY)) {
    // A decimal point or an abbreviation's dot between digits is not a stop ("3.5").
    if (m[1] === '.' && /\d$/.test(text.slice(0, m.index)) && /^\s*\d/.test(text.slice(m.index + 1)))
      continue;
    push(m.index + (m[1]?.length ?? m[0].length));
  }
  push(text.length);
  return out;
}

export type ScriptLanguage = 'arabic' | 'persian' | 'urdu' | 'kurdish';

// Letters of the Arabic script that Arabic itself does not use; each language's own marks it.
const URDU = /[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2]/gu; // ٹ ڈ ڑ ں ھ ہ ے
const KURDISH = /[\u0695\u06B5\u06C6\u06CE\u06D5]/gu; // ڕ ڵ ۆ ێ ە
const PERSIAN = /[\u067E\u0686\u0698\u06AF\u06A9\u06CC]/gu; // پ چ ژ گ ک ی
const ARABIC_SCRIPT_LETTERS = /[\u0621-\u064A\u0671-\u06D3\u06D5]/gu;
// Persian words written only with letters Arabic shares (so a text typed on an Arabic keyboard shows them).
const PERSIAN_WORDS =
  /(?<![\u0621-\u06FF])(?:است|می|را|این|آن|برای|شده|شد|کرد|كرد|هستند|بود|نیز|نيز|توسط)(?![\u0621-\u06FF])/gu;

/**
 * Which language an Arabic-script text is in, by the letters only the other languages use and
 * Persian's commonest words; Arabic when it has neither.
 */
export function scriptLanguage(text: string): ScriptLanguage {
  const sample = text.slice(0, 5000);
  const letters = (sample.match(ARABIC_SCRIPT_LETTERS) ?? []).length;
  if (letters === 0) return 'arabic';
  const share = (re: RegExp) => (sample.match(re) ?? []).length / letters;
  const words = (sample.match(/[\u0621-\u06FF]+/gu) ?? []).length || 1;
  if (share(KURDISH) > 0.01) return 'kurdish';
  if (share(URDU) > 0.015) return 'urdu';
  if (share(PERSIAN) > 0.015 || (sample.match(PERSIAN_WORDS) ?? []).length / words > 0.06) return 'persian';
  return 'arabic';
}

// Arabic written in Latin letters uses digits for the letters Latin lacks: 3 ع, 7 ح, 2 ء, 5 خ, 9 ق.
const ARABIZI_WORD = /^(?=.*[a-z])[a-z]*[23579][a-z']*$/;
const ARABIZI_COMMON = new Set(
  'w el al fi fe 3ala 3la ma3 mn min ya inshallah yalla wallah 7arb 2atl shabab 3askar ma7al mish mesh kteer kter bas lal ba3d 2abl'.split(
    ' ',
  ),
);

/** True when a Latin-letter text reads as Arabic written in Latin letters (Arabizi). */
export function looksArabizi(text: string): boolean {
  const words =
    text
      .slice(0, 5000)
      .toLowerCase()
      .match(/[a-z0-9']+/g) ?? [];
  if (words.length < 4) return false;
  const digitWords = words.filter((w) => ARABIZI_WORD.test(w)).length;
  const common = words.filter((w) => ARABIZI_COMMON.has(w)).length;
  return digitWords >= 2 && (digitWords + common) / words.length >= 0.15;
}

export interface Mojibake {
  /** What happened to the text, for the message. */
  encoding: string;
  /** The text as it should have been read. */
  repaired: string;
}

/**
 * Arabic text whose bytes were read in the wrong encoding: Windows-1256 read as Latin-1 or
 * Windows-1252 ("ÞÕÝ" for "قصف"), or UTF-8 read as either ("Ù‚ØµÙ"). Undefined when the text
 * reads as it is.
 */
export function detectMojibake(text: string): Mojibake | undefined {
  const sample = text.slice(0, 5000);
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  if (letters < 8 || arabicShare(sample) > 0.3) return undefined;
  // UTF-8 read as Latin-1: each Arabic letter is Ø or Ù (lead bytes D8, D9) and one more.
  const utf8Pairs = (
    sample.match(
      /[\u00D8\u00D9\u00DA\u00DB][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u203A\u20AC\u2122]/g,
    ) ?? []
  ).length;
  if (utf8Pairs * 2 >= letters * 0.5) {
    const repaired = decode(sample, 'utf-8');
    if (repaired && arabicShare(repaired) > 0.6)
      return { encoding: 'UTF-8 read as Latin-1/Windows-1252', repaired };
  }
  const high = (sample.match(/[\u00C0-\u00FF]/g) ?? []).length;
  if (high < letters * 0.4) return undefined;
  const repaired = decode(sample, 'windows-1256');
  if (repaired && arabicShare(repaired) > 0.6) return { encoding: 'Windows-1256 read as Latin-1', repaired };
  return undefined;
}

// Windows-1252 puts these characters where Latin-1 has C1 controls; the bytes behind them.
const CP1252: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** The text's characters as the bytes a single-byte reading made of them, decoded again; undefined if not bytes. */
function decode(text: string, encoding: string): string | undefined {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c <= 0xff) bytes.push(c);
    else if (CP1252[ch] !== undefined) bytes.push(CP1252[ch]);
    else return undefined;
  }
  try {
    return new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

// Hijri dates through the platform's Umm al-Qura calendar (ICU): Gregorian days are searched for
// the one whose Hijri reading is the date asked for.
const HIJRI = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

function hijriOf(t: number): [number, number, number] {
  const parts = HIJRI.formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value.replace(/\D/g, ''));
  return [get('year'), get('month'), get('day')];
}

/**
 * The Gregorian date (YYYY-MM-DD) of a Hijri (Umm al-Qura) date, or undefined if there is none.
 *
 * @example hijriToGregorian(1445, 9, 1) === '2024-03-11'
 */
export function hijriToGregorian(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 30 || year < 1300 || year > 1600) return undefined;
  // 1 Muharram 1 AH is 16 July 622; a Hijri year is 354.367 days, a month 29.53.
  const epoch = Date.UTC(622, 6, 16);
  const guess = epoch + ((year - 1) * 354.367 + (month - 1) * 29.5306 + (day - 1)) * 86_400_000;
  for (let d = -3; d <= 3; d++) {
    const t = guess + d * 86_400_000;
    const [y, m, dd] = hijriOf(t);
    if (y === year && m === month && dd === day) return new Date(t).toISOString().slice(0, 10);
  }
  return undefined;
}
