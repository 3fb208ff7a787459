// A deal's terms in a sentence, as what-for-what pairs: releases, handovers of weapons and
// ground, a siege lifted, a ceasefire, an evacuation, with the places moved between and the people
// counted. Moves are read clause by clause, so that two moves in one sentence keep their places.
import type { Span } from '../model/index.js';
import type { DealTerm, DealTermKind } from './claim.js';
import { parseNumber } from './recognise/counts.js';
import type { Sentence } from './sentence.js';

/** A span of a sentence, by offsets into its text. */
export const sp = (s: Sentence, start: number, end: number): Span => ({
  start: s.span.start + start,
  end: s.span.start + end,
  text: s.span.text.slice(start, end),
});

const TERM_CUES: Array<[DealTermKind, RegExp]> = [
  [
    'release',
    /\b(releas\w*|freed|free|swap\w*|exchang\w*|bodies|remains|prisoners|captives|detainees|hostages)\b/i,
  ],
  [
    'weapons_handover',
    /\b(hand\w*\s+over|surrender\w*|give up|turn\w*\s+over)\b[^.;]{0,40}\b(weapons|arms)\b/i,
  ],
  [
    'territory_handover',
    /\b(hand\w*\s+over|handover|cede|ceding|turn\w*\s+over)\b[^.;]{0,60}\b(villages?|towns?|areas?|district|positions|spring|territory|neighbou?rhoods?|city|checkpoints|hills)\b|\bhandover\b/i,
  ],
  [
    'siege_lifted',
    /\b(lift\w*|end\w*|break\w*)\s+the siege\b|\bsiege\s+(?:was|will be|is to be|to be)\s+lifted\b/i,
  ],
  ['ceasefire', /\b(cease-?fire|truce)\b/i],
  [
    'evacuation',
    /\b(evacuat\w*|leave|leaving|taken|transferred|bused|bussed|go)\b(?![^.;]{0,20}\b(weapons|arms)\b)/i,
  ],
];

/** "from X to Y", "leave X for Y", "leave for Y", "taken to Y": the places of a move. */
function movePlaces(s: Sentence): { from?: string; to?: string; spans: Span[] } {
  const named = s.toponyms.map((t) => ({ t, text: t.span.text }));
  const text = s.span.text;
  const rel = (x: { t: { span: Span } }) => x.t.span.start - s.span.start;
  const before = (x: { t: { span: Span } }, n = 22) => text.slice(Math.max(0, rel(x) - n), rel(x));
  const from =
    named.find((x) => /\bfrom\s+(the\s+)?$/i.test(before(x))) ??
    named.find((x) =>
      /\b(?:residents|people|families|civilians|fighters|rebels|inhabitants)\s+(?:of|in)\s+$/i.test(
        before(x),
      ),
    ) ??
    named.find((x) => /\b(leave|leaving|left|out of|emptied)\s+(the\s+)?$/i.test(before(x)));
  const to = named.find(
    (x) =>
      x !== from &&
      /\b(to|for|toward|towards|into|reach|reached)\s+(the\s+)?(rebel-held\s+|government-held\s+)?$/i.test(
        before(x, 30),
      ),
  );
  // A district the gazetteer does not know is still named after "from".
  const fromWords = from ? undefined : FROM_NAME.exec(text);
  return {
    ...(from ? { from: from.text } : fromWords ? { from: fromWords[1]! } : {}),
    ...(to ? { to: to.text } : {}),
    spans: [from, to].filter((x) => x !== undefined).map((x) => x.t.span),
  };
}

const FROM_NAME =
  /\b(?:from|leave|left|leaving)\s+((?:al-|el-|ad-|as-|ar-)?\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)?)(?=\s+(?:to|for|toward)\b|[\s,.;]|$)/u;
/** Captives or remains counted ("1,500 prisoners", "the bodies of five fighters"): the counter has no word for them. */
const CAPTIVES =
  /\b(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds)\s+(?:[\p{L}-]+\s+){0,2}?(prisoners|detainees|captives|hostages|bodies|fighters|soldiers|members)\b/iu;

/** People counted for a term: nested figures ("among them 2,500 fighters") are not added; "1,500 fighters and 6,000 civilians" are. */
function peopleOf(s: Sentence): { count?: { low: number; best: number; high: number }; spans: Span[] } {
  const people = s.counts.filter((c) => c.kind === 'people' && !c.implausible);
  if (!people.length) return { spans: [] };
  const first = people[0]!;
  let { low, best, high } = first;
  const spans = [first.span];
  for (const c of people.slice(1)) {
    const between = s.span.text.slice(spans.at(-1)!.end - s.span.start, c.span.start - s.span.start);
    if (/^\s*(?:and|plus|as well as)\s+$/i.test(between)) {
      low += c.low;
      best += c.best;
      high += c.high;
      spans.push(c.span);
    } else break;
  }
  return { count: { low, best, high }, spans };
}

/** The clauses of a sentence, as sentences, so that "X leave for Y, while Z go to W" gives two moves. */
function clauses(s: Sentence): Sentence[] {
  const out: Sentence[] = [];
  let at = 0;
  for (const m of s.span.text.matchAll(/,?\s+(?:while|whereas)\s+|;\s+/g)) {
    out.push(part(s, at, m.index));
    at = m.index + m[0].length;
  }
  out.push(part(s, at, s.span.text.length));
  return out;
}

function part(s: Sentence, start: number, end: number): Sentence {
  const span = sp(s, start, end);
  const inside = <T extends { span: Span }>(xs: T[]) =>
    xs.filter((x) => x.span.start >= span.start && x.span.end <= span.end);
  return {
    ...s,
    span,
    actors: inside(s.actors),
    toponyms: inside(s.toponyms),
    counts: inside(s.counts),
    dates: inside(s.dates),
  };
}

/** The terms a sentence states, each with the words that state it. */
export function termsIn(whole: Sentence): DealTerm[] {
  const out: DealTerm[] = [];
  for (const [kind, re] of TERM_CUES)
    for (const s of kind === 'evacuation' ? clauses(whole) : [whole]) {
      const m = re.exec(s.span.text);
      if (!m) continue;
      // A move as a term needs a place it is from or to.
      const places = kind === 'evacuation' ? movePlaces(s) : { spans: [] as Span[] };
      if (kind === 'evacuation' && !places.from && !places.to) continue;
      if (
        kind === 'release' &&
        /\bexchange\b/i.test(m[0]) &&
        !/\b(prisoners|captives|detainees|bodies|remains|hostages)\b/i.test(s.span.text)
      )
        continue;
      const counted = kind === 'evacuation' || kind === 'release' ? peopleOf(s) : { spans: [] as Span[] };
      if (kind === 'release' && !counted.count) {
        const c = CAPTIVES.exec(s.span.text);
        const n = c ? parseNumber(c[1]!) : null;
        if (c && n) {
          counted.count = { low: n[0], best: n[0], high: n[1] };
          counted.spans = [sp(s, c.index, c.index + c[0].length)];
        }
      }
      const release =
        kind === 'release' ? /\b(in return for|in exchange for)\s+([^,;.]{3,120})/i.exec(s.span.text) : null;
      const vehicles = s.counts.find((c) => c.kind === 'vehicles');
      out.push({
        kind,
        text: m[0],
        ...(places.from ? { from: places.from } : {}),
        ...(places.to ? { to: places.to } : {}),
        ...(release ? { forWhat: release[2]!.trim() } : {}),
        ...(counted.count ? { people: counted.count } : {}),
        ...(vehicles && kind === 'evacuation'
          ? { vehicles: { low: vehicles.low, best: vehicles.best, high: vehicles.high } }
          : {}),
        evidence: [sp(s, m.index, m.index + m[0].length), ...places.spans, ...counted.spans],
      });
    }
  // A weapons handover is not also a handover of ground.
  if (
    out.some((t) => t.kind === 'weapons_handover') &&
    !/\b(villages?|towns?|district|territory|spring|positions)\b/i.test(whole.span.text)
  )
    return out.filter((t) => t.kind !== 'territory_handover');
  return out;
}
