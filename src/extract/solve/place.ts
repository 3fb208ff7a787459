// Where it happened: the best toponym of the sentence for its trigger, else the paragraph's
// nearest specific place, else the document's first, with ACLED's precision for each.
import type { GeoPrecision } from '../../model/index.js';
import type { Toponym } from '../../geo/geoparse.js';
import type { ActorMention } from '../recognise/actors.js';
import { cite, type DocumentContext, type Solver, type Trigger } from '../sentence.js';
import { firstFrom, overlaps } from '../spans.js';

const CONTAINED = /^\s+(town|city|village|suburb|neighbo(u)?rhood) of\b/i;
const INSIDE_COUNTRY = /\b(in|into|inside|across|throughout|within)\s+(?:the\s+)?(?:[\p{L}-]+\s+)?$/iu;
const OF_COUNTRY = /\b(request|behalf|side|ally|allies|backer|support|government|officials) of\s+$/i;
const CONTAINER =
  /\b(?:(?:district|province|governorate|region|area)(?: of| in|,)|(?:countryside|outskirts|desert|suburbs)(?: in|,)|(?:village|town|city|neighbou?rhood)(?: in|,))\s+(the\s+)?$/i;
const AROUND = /\b(?:countryside|outskirts|desert|suburbs) of\s+(the\s+)?$/i;

/** Picks the place an event happened among the toponyms of its sentence. */
export function pickPlace(
  text: string,
  toponyms: Toponym[],
  trigger: Trigger,
  actors: ActorMention[],
  focusCountry: string,
): Toponym | undefined {
  const usable = toponyms.filter((t) => {
    if (actors.some((a) => overlaps(a.span, t.span))) return false;
    // "the Deir Ezzor town of Albukamal": the first name only says where the second is.
    if (CONTAINED.test(text.slice(t.span.end, t.span.end + 30))) return false;
    // A country is a location only when something happens in it, not "at the request of Russia".
    if (t.place.featureCode === 'PCLI') {
      const before = text.slice(Math.max(0, t.span.start - 40), t.span.start);
      if (!INSIDE_COUNTRY.test(before)) return false;
    }
    if (OF_COUNTRY.test(text.slice(Math.max(0, t.span.start - 30), t.span.start))) return false;
    return true;
  });
  if (usable.length === 0) return undefined;
  const status = trigger.rule.status;
  const score = (t: Toponym) => {
    let s = 0;
    s -= t.precision * 0.5; // the more specific, the better
    if (t.place.featureCode === 'PCLI' && t.precision === 3) s -= 1;
    if (status === 'arrived' && t.governor === 'from') s -= 5; // the origin, not where it arrived
    if (status === 'departed' && (t.governor === 'to' || t.governor === 'toward' || t.governor === 'towards'))
      s -= 5;
    // Where something arrived or left from is named after the verb.
    if ((status === 'arrived' || status === 'departed') && t.span.end <= trigger.span.start) s -= 2;
    const dist =
      t.span.start >= trigger.span.end
        ? t.span.start - trigger.span.end
        : (trigger.span.start - t.span.end) * 1.5;
    s -= dist / 60;
    const before = text.slice(Math.max(0, t.span.start - 30), t.span.start);
    // "Cukurca district of Hakkari", "Darbasiyah countryside in al-Hasakeh", "Sason district,
    // Batman": the second name is the container.
    if (CONTAINER.test(before)) s -= 1.5;
    // "the countryside of Idleb" (a province) contains; "the countryside of Ein Issa" (a town) is near it.
    if (t.featureClass !== 'P' && AROUND.test(before)) s -= 1.5;
    // A reading outside the country the text is about, or an unsure one, is a weak choice.
    if (focusCountry && t.place.countryCode && t.place.countryCode !== focusCountry) s -= 2;
    s -= (1 - t.confidence) * 1.5;
    return s;
  };
  return [...usable].sort((a, b) => score(b) - score(a))[0];
}

/** For each toponym, the nearest one at or before (and at or after) it that is not a country. */
interface PlaceIndex {
  previous: Int32Array;
  next: Int32Array;
}
const indexes = new WeakMap<DocumentContext, PlaceIndex>();

function placeIndex(doc: DocumentContext): PlaceIndex {
  let ix = indexes.get(doc);
  if (ix) return ix;
  const ts = doc.toponyms;
  const previous = new Int32Array(ts.length);
  const next = new Int32Array(ts.length);
  let last = -1;
  for (let i = 0; i < ts.length; i++) previous[i] = last = ts[i]!.place.featureCode !== 'PCLI' ? i : last;
  last = -1;
  for (let i = ts.length - 1; i >= 0; i--) next[i] = last = ts[i]!.place.featureCode !== 'PCLI' ? i : last;
  ix = { previous, next };
  indexes.set(doc, ix);
  return ix;
}

/** The paragraph's last specific place before `start`, else its first after `end`, else the document's. */
export function inferPlace(doc: DocumentContext, start: number, end: number): Toponym | undefined {
  const ts = doc.toponyms;
  const { previous, next } = placeIndex(doc);
  const para = doc.paragraphOf(start);
  for (let j = firstFrom(ts, start) - 1; j >= 0; j--) {
    j = previous[j]!;
    if (j < 0 || doc.paragraphOf(ts[j]!.span.start) !== para) break;
    if (ts[j]!.span.end <= start) return ts[j];
  }
  const k = firstFrom(ts, end);
  const after = k < ts.length ? next[k]! : -1;
  if (after >= 0 && doc.paragraphOf(ts[after]!.span.start) === para) return ts[after];
  const first = next.length ? next[0]! : -1;
  if (first >= 0) return ts[first];
  return ts.find((t) => t.place.countryCode === doc.focusCountry);
}

export const place: Solver = (f, s, doc) => {
  let top = pickPlace(doc.text, s.toponyms, f.main, s.parties, doc.focusCountry);
  if (!top) {
    top = inferPlace(doc, s.span.start, s.span.end);
    f.placeInferred = top !== undefined;
  }
  f.place = top;
  if (!top) return;
  let geoPrecision: GeoPrecision = top.precision;
  // A back-reference's own place is not the event's ("defended the deal ... in Beirut").
  if (!f.placeInferred && !f.reference) cite(f, 'location', top.span);
  if (f.rule.category === 'movement' && f.rule.status === 'moving' && geoPrecision === 1) geoPrecision = 2;
  if (f.placeInferred) geoPrecision = Math.max(geoPrecision, 2) as GeoPrecision;
  f.geoPrecision = geoPrecision;
};
