// Keys under which place and actor names are matched: case, diacritics, punctuation, Arabic
// articles and common transliteration differences folded away, from strict to loose.

const ARTICLES = new Set([
  'a',
  'al',
  'el',
  'il',
  'as',
  'ash',
  'ad',
  'ar',
  'az',
  'an',
  'at',
  'ath',
  'adh',
  'ez',
  'es',
  'ed',
  'er',
  'et',
  'en',
  'ul',
]);

/**
 * A copy of a string that holds nothing else alive. A substring V8 takes of a longer string may
 * share the longer one's memory, so a name kept in a cache would keep its whole document; a
 * cache keeps this copy instead.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8');
}

/**
 * A bounded memo: names recur across documents, and the memo is cleared when full so a long run
 * cannot grow it forever. It keeps detached copies of its keys (names are cut from documents).
 */
function memoised(fn: (s: string) => string, limit = 200_000): (s: string) => string {
  const memo = new Map<string, string>();
  return (s: string) => {
    let v = memo.get(s);
    if (v === undefined) {
      // The value too: a function may return its argument, or a part of it, unchanged.
      v = detached(fn(s));
      if (memo.size > limit) memo.clear();
      memo.set(detached(s), v);
    }
    return v;
  };
}

/** Lower case, diacritics and apostrophe-like marks removed, punctuation to single spaces. */
export const fold = memoised(foldUncached);

function foldUncached(name: string): string {
  return (
    name
      // Arabic letters written several ways: hamza-carrying alefs, alef maqsura, taa marbuta.
      .replace(/[\u0623\u0625\u0622\u0671]/g, '\u0627')
      .replace(/\u0649/g, '\u064A')
      .replace(/\u0629/g, '\u0647')
      .replace(/\u0640/g, '')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[\u2018\u2019\u02BB\u02BC\u02BE\u02BF\u0060\u00B4'\u2032]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** `fold` without the Arabic definite article in any of its transliterated, assimilated forms. */
export function stripArticles(folded: string): string {
  const words = folded.split(' ');
  // The Arabic article is written joined to its word: "الزور".
  const kept = words
    .filter((w) => !ARTICLES.has(w))
    .map((w) => (w.length > 3 && w.startsWith('\u0627\u0644') ? w.slice(2) : w));
  // A name that is only an article ("As") keeps it.
  return (kept.length > 0 ? kept : words).join(' ');
}

/**
 * A consonant skeleton for transliteration variants: Deir ez-Zor / Dayr az Zawr / Deir al-Zour
 * all reduce to "dayrzur", al-Sukna / As Sukhnah to "sukna".
 */
export const skeleton = memoised(skeletonUncached);

// Arabic words that begin many names, in the spellings transliterations give them (كفر Kafr /
// Kafar / Kfar, تل Tall / Tal / Tell / Tel): written one way before the rest is folded. Dropping
// every short vowel instead was measured to add more false matches than it found places.
const NAME_WORDS: Array<[RegExp, string]> = [
  [/(?<=^|\s)(kafar|kfar|kefar|kfr)(?=\s|$)/g, 'kafr'],
  [/(?<=^|\s)(tell|tel|tal)(?=\s|$)/g, 'tall'],
  [/(?<=^|\s)(jebel|jabel|jbel)(?=\s|$)/g, 'jabal'],
  [/(?<=^|\s)(khirbet|khirbit|kherbet|khirba|khirbeh)(?=\s|$)/g, 'khirbat'],
  [/(?<=^|\s)(sheikh|sheik|shekh|shaikh|shaykh|cheikh)(?=\s|$)/g, 'shaykh'],
];

function skeletonUncached(folded: string): string {
  let w = folded;
  for (const [re, to] of NAME_WORDS) w = w.replace(re, to);
  let s = stripArticles(w).replace(/ /g, '');
  s = s
    .replace(/ou|oo|aw(?=[^aeiou]|$)/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/ei|ey|ai/g, 'ay')
    .replace(/qu(?=[aeiou])/g, 'k')
    .replace(/kh/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/dh/g, 'd')
    .replace(/th/g, 't')
    .replace(/q/g, 'k')
    .replace(/e/g, 'a')
    .replace(/o/g, 'u')
    .replace(/h$/, '')
    .replace(/([a-z])\1+/g, '$1');
  return s;
}

export type KeyKind = 0 | 1 | 2;

/** The keys a name is indexed and looked up under: 0 exact (spaces removed), 1 without articles, 2 skeleton. */
export function nameKeys(name: string): Array<[KeyKind, string]> {
  const f = fold(name);
  if (f === '') return [];
  const keys: Array<[KeyKind, string]> = [[0, f.replace(/ /g, '')]];
  const noArticle = stripArticles(f).replace(/ /g, '');
  if (noArticle !== keys[0]![1]) keys.push([1, noArticle]);
  const sk = skeleton(f);
  if (sk.length >= 3) keys.push([2, sk]);
  return keys;
}
