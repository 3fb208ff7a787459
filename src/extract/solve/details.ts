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
/** "left Daraa", "leaving the town of X": where a move set off from. */
const LEFT = /\b(?:left|leaving|departed|departing|fled|evacuated from|out of)\s+(?:the\s+)?$/i;
/** "left Daraa for Idlib", "bound for X", "heading to the rebel-held X". */
const FOR = /\b(?:for|bound for|heading to|headed to|towards?|to)\s+(?:the\s+)?(?:[\w-]+-held\s+)?$/i;
const FROM_NAME =
  /\b(?:from|left|leaving|departed)\s+((?:al-|el-|ad-|as-|ar-)?\p{Lu}[\p{L}'-]+)(?=\s+(?:on|for|to|toward|towards|and|at|in)\b|[,.;])/u;
/** A name after "from" or "left" that is neither a day, a month nor an actor the sentence names. */
function unknownPlace(
  name: string | undefined,
  s: { actors: Array<{ span: { text: string } }> },
): string | undefined {
  if (
    !name ||
    /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$/.test(
      name,
    )
  )
    return undefined;
  return s.actors.some((a) => a.span.text.includes(name)) ? undefined : name;
}
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
    const before = (t: Toponym) =>
      text.slice(Math.max(0, t.span.start - s.span.start - 30), t.span.start - s.span.start);
    movement.from ??=
      name(s.toponyms.find((t) => t.governor === 'from')) ??
      name(s.toponyms.find((t) => LEFT.test(before(t)))) ??
      // A district the gazetteer does not know ("left al-Waer") is still where the move began.
      unknownPlace(FROM_NAME.exec(text)?.[1], s);
    movement.to ??=
      name(s.toponyms.find((t) => TOWARD.includes(t.governor ?? ''))) ??
      name(s.toponyms.find((t) => t.place.asciiName !== movement.from && FOR.test(before(t))));
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
