// Trigger words and phrases of the event rules ("air strikes", "clashed", "protesters rallied"),
// in rule order: the first rule to match a stretch of text wins it.
import type { Span } from '../../model/index.js';
import type { Resources } from '../resources.js';
import type { Recogniser, Trigger } from '../sentence.js';
import { overlaps } from '../spans.js';
import { arabicTriggers } from './arabic.js';

export function findTriggers(sentence: Span, res: Resources): Trigger[] {
  const out: Trigger[] = [];
  for (const { rule, re } of res.triggers) {
    re.lastIndex = 0;
    for (const m of sentence.text.matchAll(re)) {
      const span = {
        start: sentence.start + m.index,
        end: sentence.start + m.index + m[0].length,
        text: m[0],
      };
      if (out.some((t) => overlaps(t.span, span))) continue;
      out.push({ rule, span });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

export const triggers: Recogniser = (s, doc) => {
  s.triggers = s.arabic ? arabicTriggers(s, doc.res) : findTriggers(s.span, doc.res);
};
