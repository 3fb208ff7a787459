// The words a model reads: tokens with their offsets, stemmed (Porter, the `stemmer` package) and
// hashed to feature ids. Dates and the coder's bracketed notes are left out, so a model never
// learns a house style ("On 2 May 2020, ...") in place of what happened.
import { stemmer } from 'stemmer';

export interface Word {
  /** Offset into the document. */
  start: number;
  end: number;
  /** Lower-cased stem ("killed" -> "kill"); "#" for a number. */
  stem: string;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
// "May" the month only with a day next to it: "may" the modal is a word worth reading.
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const WEEKDAY = '(?:mon|tues|wednes|thurs|fri|satur|sun)day';
const DATE = `(?:${WEEKDAY}|(?:${DAY}\\s+)?${MONTH}(?:\\s+${DAY})?(?:,?\\s+\\d{4})?|${DAY}\\s+may(?:,?\\s+\\d{4})?|may\\s+${DAY}(?:,?\\s+\\d{4})?|\\d{4})`;
/** Date phrases and bracketed notes, skipped whole. */
const SKIPPED = new RegExp(
  `\\[[^\\]]{0,200}\\]|(?:(?:as reported )?(?:on|around|by|since|between|from|until|in|of)\\s+)?(?:(?:the\\s+)?(?:early|late|mid)[-\\s])?${DATE}(?![\\p{L}\\p{N}])`,
  'giu',
);

const stems = new Map<string, string>();
/** The stem of a lower-cased word; memoised, as a corpus repeats its words. */
export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = /^\d/.test(word) ? '#' : stemmer(word);
    if (stems.size < 200_000) stems.set(word, s);
  }
  return s;
}

/** The words of `text` (starting at document offset `offset`), dates and bracketed notes left out. */
export function words(text: string, offset = 0): Word[] {
  const skip: Array<[number, number]> = [];
  SKIPPED.lastIndex = 0;
  for (const m of text.matchAll(SKIPPED)) skip.push([m.index, m.index + m[0].length]);
  const out: Word[] = [];
  let k = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index;
    while (k < skip.length && skip[k]![1] <= at) k++;
    if (k < skip.length && skip[k]![0] <= at) continue;
    out.push({ start: offset + at, end: offset + at + m[0].length, stem: stem(m[0].toLowerCase()) });
  }
  return out;
}

/** FNV-1a, 32 bits: a feature name's id. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
