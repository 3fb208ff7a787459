// Sentence boundaries with exact offsets into the original text, so every later span stays true.
import type { Span } from '../model/index.js';
import { isArabicText, splitArabicSentences } from './arabic.js';

// Words after which a full stop does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'gen',
  'lt',
  'col',
  'maj',
  'capt',
  'sgt',
  'brig',
  'adm',
  'gov',
  'sen',
  'rep',
  'st',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'no',
  'vs',
  'etc',
  'approx',
  'inc',
  'ltd',
  'co',
  'corp',
  'sheikh',
  'prof',
  'pres',
  'rev',
]);

/**
 * Splits text into sentences; blank lines always end one. Offsets index the input string. A
 * stretch in Arabic is split again by the Arabic splitter (؟ ؛ and line breaks end sentences
 * there), so a bilingual text is cut as each of its languages is written.
 */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
    start = end;
  };
  const boundary = /([.!?]+["'”’)\]]*)(\s+)(?=["'“‘([]?[\p{Lu}\p{N}\p{Script=Arabic}])|\n\s*\n/gu;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(text)) !== null) {
    if (m[1] === undefined) {
      push(m.index);
      continue;
    }
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
    const bare = word.replace(/\.$/, '').toLowerCase();
    // "U.S." or "U.K." or an initial: a capitalised dotted abbreviation, not a sentence end.
    const dotted = /^(\p{Lu}\.)+\p{Lu}?$/u.test(word + (m[1].startsWith('.') ? '.' : ''));
    if (m[1] === '.' && (ABBREVIATIONS.has(bare) || dotted || /^\p{Lu}$/u.test(word))) continue;
    push(m.index + m[1].length);
  }
  push(text.length);
  return out.flatMap((s) => (isArabicText(s.text) ? splitArabicSentences(s.text, s.start) : [s]));
}
