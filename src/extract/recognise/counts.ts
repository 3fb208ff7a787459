// Counts in text — killed, injured, people moved, vehicles — as low/best/high, following
// ACLED's rules: the lowest figure is the one coded; vague plurals get ACLED's fixed numbers.
import type { Span } from '../../model/index.js';
import type { Recogniser } from '../sentence.js';
import { arabicCounts } from './arabic-counts.js';

export type CountKind = 'killed' | 'injured' | 'people' | 'vehicles';

export interface CountMention {
  kind: CountKind;
  span: Span;
  low: number;
  best: number;
  high: number;
  /** A figure beyond belief for one event ("a billion killed"). */
  implausible: boolean;
}

const UNITS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  thousand: 1000,
  million: 1_000_000,
  billion: 1_000_000_000,
  dozen: 12,
  couple: 2,
  pair: 2,
};
// ACLED's convention for vague plurals.
const VAGUE: Record<string, number> = {
  tens: 10,
  dozens: 12,
  scores: 20,
  hundreds: 100,
  thousands: 1000,
  several: 10,
  many: 10,
  'a number of': 10,
  some: 10,
  'a few': 3,
  few: 3,
  numerous: 10,
};

const NUMBER =
  '(?:(?:at least|more than|over|around|about|nearly|almost|up to|some|approximately|roughly|an estimated)\\s+)?' +
  '(?:(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:\\s*(?:-|–|to|and)\\s*(?:\\d{1,3}(?:,\\d{3})+|\\d+))?(?:\\s+(?:thousand|million|billion))?' +
  '|(?:between\\s+)?\\d+\\s+and\\s+\\d+' +
  '|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?(?:\\s+(?:hundred|thousand|million|billion))?' +
  '|a\\s+(?:hundred|thousand|million|billion|dozen|couple of)|tens of|dozens of|scores of|hundreds of|thousands of|several|many|a number of|a few|numerous)';

/** Parses a number phrase into [low, high]; null when it is not a number. */
export function parseNumber(phrase: string): [number, number] | null {
  let p = phrase.toLowerCase().replace(/,/g, '').trim();
  p = p.replace(
    /^(at least|more than|over|around|about|nearly|almost|up to|some|approximately|roughly|an estimated)\s+/,
    '',
  );
  const range = /^(?:between\s+)?(\d+(?:\.\d+)?)\s*(?:-|–|to|and)\s*(\d+(?:\.\d+)?)$/.exec(p);
  if (range) return [Number(range[1]), Number(range[2])];
  const vague = p.replace(/\s+of$/, '');
  if (vague in VAGUE) return [VAGUE[vague]!, VAGUE[vague]!];
  const numeric = /^(\d+(?:\.\d+)?)(?:\s+(thousand|million|billion))?$/.exec(p);
  if (numeric) {
    const v = Number(numeric[1]) * (numeric[2] ? UNITS[numeric[2]]! : 1);
    return [v, v];
  }
  const words = p
    .replace(/^a\s+(couple of|dozen|hundred|thousand|million|billion)$/, 'one $1')
    .split(/[-\s]+/);
  let total = 0;
  let current = 0;
  for (const w of words) {
    if (w === 'of') continue;
    const u = UNITS[w];
    if (u === undefined) return null;
    if (u >= 100 && u !== 12) {
      current = (current || 1) * u;
      if (u >= 1000) {
        total += current;
        current = 0;
      }
    } else if (u === 12 && current) current *= 12;
    else current += u;
  }
  const v = total + current;
  return v > 0 ? [v, v] : null;
}

const PEOPLE =
  '(?:people|persons?|civilians?|children|child|women|woman|men|man|soldiers?|troops|fighters?|militants?|members?|officers?|policem[ae]n|police officers?|personnel|gunm[ae]n|rebels?|jihadists?|protesters?|demonstrators?|residents?|individuals?|family members|families|workers?|combatants?|insurgents?|recruits?|others|of them|elements|commanders?|guards?|shepherds?|farmers?|journalists?|activists?|killed|dead)';
// Up to three describing words ("Turkish-backed", "opposition"), but not across a clause.
const ADJ = '(?:(?!(?:on|in|at|the|and|or|were|was|had|have|has|by|near|after|said)\\b)[\\p{L}-]+\\s+){0,3}';

interface Pattern {
  kind: CountKind;
  re: RegExp;
}

const PATTERNS: Pattern[] = [
  {
    kind: 'killed',
    re: new RegExp(`(?<n>${NUMBER})\\s+${ADJ}${PEOPLE}\\s+(?:was|were)\\s+shot dead`, 'giu'),
  },
  {
    kind: 'killed',
    re: new RegExp(`leaving\\s+(?<n>${NUMBER})\\s+${ADJ}${PEOPLE}\\s+(?:dead|killed)`, 'giu'),
  },
  { kind: 'killed', re: new RegExp(`shot dead\\s+(?<n>${NUMBER})`, 'giu') },
  {
    kind: 'killed',
    re: new RegExp(
      `(?<n>${NUMBER})\\s+${ADJ}${PEOPLE}\\s*(?:were|was|have been|had been|are|being)?\\s*(?:reportedly\\s+)?(?:found\\s+)?(?:killed|dead|died|slain|executed|lost their lives)`,
      'giu',
    ),
  },
  {
    kind: 'killed',
    re: new RegExp(
      `(?:killing|killed|kills|executed|assassinated|leaving dead|claimed the lives of|death toll (?:rose |climbed )?(?:to|of|at|reached))\\s+(?<n>${NUMBER})`,
      'giu',
    ),
  },
  { kind: 'killed', re: new RegExp(`(?<n>${NUMBER})\\s+(?:fatalities|deaths|dead)`, 'giu') },
  {
    kind: 'killed',
    re: new RegExp(
      `(?<n>${NUMBER})\\s+(?:were|have been|had been)\\s+(?:reportedly\\s+)?(?:killed|dead)`,
      'giu',
    ),
  },
  {
    kind: 'injured',
    re: new RegExp(
      `(?<n>${NUMBER})\\s+${ADJ}${PEOPLE}\\s*(?:were|was|have been|had been)?\\s*(?:wounded|injured|hurt)`,
      'giu',
    ),
  },
  { kind: 'injured', re: new RegExp(`(?:wounding|injuring|wounded|injured)\\s+(?<n>${NUMBER})`, 'giu') },
  {
    kind: 'vehicles',
    re: new RegExp(
      `(?<n>${NUMBER})\\s+(?:[\\p{L}-]+\\s+)?(?:buses|vehicles|trucks|cars|ambulances|pickups|busses|coaches|bus|vehicle)`,
      'giu',
    ),
  },
  {
    kind: 'people',
    re: new RegExp(
      `(?<n>${NUMBER})\\s+${ADJ}(?:people|persons|civilians|fighters|militants|family members|families|evacuees|refugees|displaced|residents|jihadists|members)`,
      'giu',
    ),
  },
];

const KEYWORDS: Record<CountKind, RegExp> = {
  killed: /kill|dead|died|slain|execut|lives|fatalit|death|assassinat/i,
  injured: /wound|injur|hurt/i,
  vehicles: /bus|vehicle|truck|car|ambulance|pickup|coach/i,
  people: /people|person|civilian|fighter|militant|famil|evacuee|refugee|displaced|resident|jihadist|member/i,
};

/** All counts in `text`, offsets shifted by `offset`. */
export function findCounts(text: string, offset = 0): CountMention[] {
  const out: CountMention[] = [];
  // Each kind of count needs one of its words; most sentences have none, and skip the patterns.
  const present = new Set(
    Object.entries(KEYWORDS)
      .filter(([, k]) => k.test(text))
      .map(([kind]) => kind),
  );
  for (const { kind, re } of PATTERNS) {
    if (!present.has(kind)) continue;
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      const n = m.groups?.n;
      if (!n) continue;
      const parsed = parseNumber(n);
      if (!parsed) continue;
      // "a convoy" is not a count of one; lone articles count only for the dead and injured.
      if (/^an?$/i.test(n.trim()) && (kind === 'people' || kind === 'vehicles')) continue;
      const start = offset + m.index;
      // "On 2 May 2020, a man was killed": a year after a month is a date, not a count.
      if (
        /^(19|20)\d\d$/.test(n.trim()) &&
        /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{0,2},?\s*$/i.test(
          text.slice(Math.max(0, m.index - 16), m.index),
        )
      )
        continue;
      // One stretch of text is one count: a casualty reading wins over a head count.
      if (out.some((o) => o.span.start < start + m[0].length && start < o.span.end)) continue;
      const [low, high] = parsed;
      out.push({
        kind,
        span: { start, end: start + m[0].length, text: m[0] },
        low,
        best: low,
        high,
        implausible: (kind === 'killed' || kind === 'injured') && high > 100_000,
      });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

export const counts: Recogniser = (s, doc) => {
  s.counts =
    s.arabic && doc.res.arabic ? arabicCounts(s, doc.res.arabic) : findCounts(s.span.text, s.span.start);
};
