// The details beyond ACLED's columns: a quoted claim, how long it lasted, a deal's terms, where a
// movement went, what a strike hit, who asked for it.
import type { Toponym } from '../../geo/geoparse.js';
import { insideQuote } from '../recognise/quotes.js';
import type { Solver } from '../sentence.js';
import { PLANNED } from '../deal.js';

const TERMS =
  /(?:that saw|under which|whereby|to allow)?\s*([^,;]{5,160}?)\s+(?:in return for|in exchange for)\s+([^,;.]{3,160})/i;
const TARGET =
  /^\s*(?:on|at|against|targeting|hitting|that hit|which hit)\s+((?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+){0,3}?(?:bridges?|roads?|route|convoy|vehicles?|positions?|bases?|checkpoints?|posts?|hospitals?|schools?|markets?|houses?|homes?|buildings?|warehouses?|depots?|airport|air ?base|camps?|plants?|factory|dormitory|mosques?|churches?)(?:\s+(?:to|of|in|near)\s+(?:the\s+)?[\p{L}' -]{2,40}?(?=[,.;]|$))?)/iu;
const DESTROYED =
  /\b(?:destroying|damaging|hitting)\s+((?:the\s+)?(?:[\w-]+\s+){0,2}?(?:bridges?|roads?|buildings?|houses?|vehicles?))/i;
const REQUEST =
  /\bat the request of\s+((?:the\s+)?[\p{Lu}][\p{L}' -]{1,60}?)(?=[,.;]|\s+(?:during|to|and|in|for)\b|$)/u;
const TOWARD = ['to', 'toward', 'towards', 'into', 'reached', 'reach', 'reaching'];

export const details: Solver = (f, s) => {
  const d = f.details;
  const text = s.span.text;
  if (insideQuote(text, f.main.span.start - s.span.start)) d.quoted = true;
  if (s.duration) d.duration = s.duration;
  if (f.agreement) {
    // "... transported in return for the bodies of Lebanese soldiers": the terms of the deal.
    const terms = TERMS.exec(text);
    if (terms) {
      f.agreement.gives = terms[1]!
        .replace(/^.*\b(?:deal|agreement|truce|ceasefire)\s+(?:that saw|under which|whereby)\s+/i, '')
        .trim();
      f.agreement.inReturnFor = terms[2]!.replace(/\s+(?:captured|killed|held|detained)\b.*$/i, '').trim();
    }
    d.agreement = f.agreement;
  }
  const movement = f.movement;
  if (movement) {
    const name = (t: Toponym | undefined) => t?.place.asciiName;
    movement.from ??= name(s.toponyms.find((t) => t.governor === 'from'));
    movement.to ??= name(s.toponyms.find((t) => TOWARD.includes(t.governor ?? '')));
    if (!movement.from) delete movement.from;
    if (!movement.to) delete movement.to;
    // "were to have begun at dawn", "had not taken place": a move promised, not one made.
    if (PLANNED.test(text)) movement.planned = true;
  }
  if (f.rule.category === 'strike' || f.rule.category === 'violence') {
    const target = TARGET.exec(text.slice(f.main.span.end - s.span.start));
    const destroyed = DESTROYED.exec(text);
    const found = [target?.[1], destroyed?.[1]].filter((t): t is string => !!t).map((t) => t.trim());
    if (found.length) d.target = [...new Set(found)].join('; ');
  }
  const request = REQUEST.exec(text);
  if (request) d.requestedBy = request[1]!.trim();
  if (movement) d.movement = movement;
};
