// Trigger words and phrases of the event rules ("air strikes", "clashed", "protesters rallied"),
// in rule order: the first rule to match a stretch of text wins it.
import type { Span } from '../../model/index.js';
import type { EventRule, Resources } from '../resources.js';
import type { Recogniser, Trigger } from '../sentence.js';
import { overlaps } from '../spans.js';
import { arabicTriggers } from './arabic.js';

/**
 * Each rule's pattern without the word bounds around it. A match of the bounded pattern is a
 * match of the bare one at the same place, so a sentence the bare one does not match cannot
 * hold the rule's trigger; the bare one is tested first because a pattern that begins with a
 * look-behind is scanned at every position, and most sentences hold no trigger of most rules.
 */
const bare = new WeakMap<EventRule, RegExp>();
function bareOf(rule: EventRule): RegExp {
  let re = bare.get(rule);
  if (!re) bare.set(rule, (re = new RegExp(rule.pattern, 'iu')));
  return re;
}

export function findTriggers(sentence: Span, res: Resources): Trigger[] {
  const out: Trigger[] = [];
  for (const { rule, re } of res.triggers) {
    if (!bareOf(rule).test(sentence.text)) continue;
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
