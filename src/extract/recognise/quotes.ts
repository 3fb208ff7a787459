// Whether words stand inside a direct quotation: a claim made in someone's own words.

/** Whether a position in a sentence falls between an opening and a closing quotation mark. */
export function insideQuote(sentence: string, at: number): boolean {
  const before = sentence.slice(0, at);
  const opens = (before.match(/[“]/g) ?? []).length - (before.match(/[”]/g) ?? []).length;
  const straight = (before.match(/"/g) ?? []).length;
  return opens > 0 || straight % 2 === 1;
}
