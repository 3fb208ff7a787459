// Dates in the text resolved against the publication date (chrono-node does the parsing); a
// resolved date is never later than publication, and durations are not mistaken for dates.
import * as chrono from 'chrono-node';
import type { Span, TimePrecision } from '../model/index.js';

export interface DateMention {
  span: Span;
  /** YYYY-MM-DD */
  date: string;
  precision: TimePrecision;
  /** Only a year was given ("in 2014"): too coarse to code an event on, but enough to call it background. */
  yearOnly: boolean;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

function shiftBefore(date: Date, published: Date, weekdayOnly: boolean, yearKnown: boolean): Date | null {
  if (date.getTime() <= published.getTime()) return date;
  if (weekdayOnly) return new Date(date.getTime() - 7 * 86_400_000);
  if (!yearKnown) {
    const d = new Date(date);
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    return d;
  }
  return null;
}

// What chrono-node's English parsers need before they can read a date: a digit, a month, a
// weekday, a word of the day ("today", "tonight", "morning"), a unit of time ("days", "hr"), or a
// one-letter unit after a number word or "last" ("a d", "last w"). Words are whole, bounded as
// chrono bounds them (\W, not Unicode letters). A sentence with none of them cannot hold a date, so
// the parser (the costliest step of reading a sentence) is not run on it.
const W = '(?<![A-Za-z0-9_])';
const DATE_WORDS = [
  'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec',
  'january|february|march|april|june|july|august|september|october|november|december',
  'sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sunday|monday|tuesday|wednesday|thursday|friday|saturday',
  'weekend|weekday|now|today|tonight|tomorrow|overmorrow|tmr|tmrw|yesterday',
  'sec|secs|second|seconds|min|mins|minute|minutes|hr|hrs|hour|hours|day|days|week|weeks',
  'mo|mos|month|months|qtr|quarter|quarters|yr|yrs|year|years',
].join('|');
const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|an?|few|several|the|of';
const MAYBE_DATE = new RegExp(
  `[0-9]|(?:this|last|past|next|after|[+-])\\s*[smhdwy](?![A-Za-z0-9_])|morning|afternoon|evening|night|midday|noon|` +
    `${W}(?:${DATE_WORDS})(?![A-Za-z])|${W}(?:${NUMBER_WORDS})\\s{0,3}[smhdwy](?![A-Za-z0-9_])`,
  'i',
);

// What each of chrono-node's English parsers needs in a text before it can find anything in it
// (its pattern cannot match without it); a parser not named here always runs. A parser that
// cannot match adds nothing, and the others' results and the refiners are as before, so a text
// is parsed by only those parsers that may match: the same dates, at a fraction of the cost.
const MONTH = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const DIGIT = /[0-9]/;
const NEEDS: Record<string, RegExp> = {
  ENYearMonthDayParser: DIGIT,
  ISOFormatParser: DIGIT,
  SlashDateFormatParser: DIGIT,
  ENSlashMonthFormatParser: DIGIT,
  ENTimeExpressionParser: DIGIT,
  ENMonthNameLittleEndianParser: MONTH,
  ENMonthNameMiddleEndianParser: MONTH,
  ENYearMonthNameParser: MONTH,
  ENMonthNameParser: MONTH,
  ENWeekdayParser: /sun|mon|tue|wed|thu|fri|sat|week/i,
  ENCasualDateParser: /now|today|tonight|tomorrow|overmorrow|tmr|yesterday|night/i,
  ENCasualTimeParser: /morning|afternoon|evening|night|midday|noon/i,
  ENEndOfCurrentMonthParser: /month/i,
  ENTimeUnitAgoFormatParser: /ago|before|earlier/i,
  ENTimeUnitLaterFormatParser: /later|after|from now|henceforth|forward|out/i,
};
const parsers = chrono.casual.parsers;
const needs = parsers.map((p) => NEEDS[p.constructor.name]);
const bySet = new Map<number, chrono.Chrono>();

/** chrono-node's casual English parse, run with the parsers that may match `text` only. */
export function parseDates(text: string, ref: chrono.ParsingReference, option?: chrono.ParsingOption) {
  let set = 0;
  for (let i = 0; i < parsers.length; i++) if (!needs[i] || needs[i]!.test(text)) set |= 1 << i;
  let c = bySet.get(set);
  if (!c) {
    c = new chrono.Chrono({
      parsers: parsers.filter((_, i) => set & (1 << i)),
      refiners: chrono.casual.refiners,
    });
    bySet.set(set, c);
  }
  return c.parse(text, ref, option);
}

/** Whether `text` holds anything chrono-node could read as a date (false: it certainly holds none). */
export function mayHoldDate(text: string): boolean {
  return MAYBE_DATE.test(text);
}

/**
 * Finds and resolves the dates in `text` (offsets are shifted by `offset`, so a sentence can be
 * passed with its position in the document).
 */
export function findDates(text: string, published: string, offset = 0): DateMention[] {
  const pub = new Date(`${published}T12:00:00Z`);
  const out: DateMention[] = [];
  const parsed = mayHoldDate(text)
    ? parseDates(text, { instant: pub, timezone: 0 }, { forwardDate: false })
    : [];
  for (const r of parsed) {
    if (/^(for|in the (past|last|next)|over the (past|last))\b/i.test(r.text)) continue; // a duration
    const surface = r.text.replace(/[\s,;.]+$/, '');
    // "a march was held", "the October revolution": a month word alone is a date only after
    // "in", "since", "during", "early", "late", "last" or with a day or year.
    const core = surface.replace(/^(on|in|at|since|by|during|until)\s+/i, '');
    if (/^[a-z]+$/.test(core) && !r.start.isCertain('weekday') && !/^(yesterday|today|tonight)$/.test(core))
      continue;
    if (
      /^\p{L}+$/u.test(surface) &&
      !r.start.isCertain('weekday') &&
      !/^(yesterday|today|tonight)$/i.test(surface)
    ) {
      const before = text.slice(Math.max(0, r.index - 12), r.index);
      if (!/\b(in|since|during|until|early|late|mid|last|this|next|of|by)\s*-?$/i.test(before)) continue;
    }
    const weekdayOnly = r.start.isCertain('weekday') && !r.start.isCertain('day');
    const resolved = shiftBefore(r.start.date(), pub, weekdayOnly, r.start.isCertain('year'));
    if (resolved === null) continue;
    let precision: TimePrecision = 1;
    if (!r.start.isCertain('day') && !weekdayOnly) precision = 3;
    // chrono marks "last week" as a certain day; it is a week-wide window.
    if (/\bweek\b/i.test(r.text)) precision = 2;
    if (/\b(month|year)\b/i.test(r.text)) precision = 3;
    if (r.end) precision = Math.max(precision, 2) as TimePrecision;
    out.push({
      span: { start: offset + r.index, end: offset + r.index + surface.length, text: surface },
      date: iso(resolved),
      precision,
      yearOnly: false,
    });
  }
  // Bare years ("captured in 2014"), which chrono leaves alone.
  for (const m of text.matchAll(/\b(?:in|since|during|of|from)\s+((?:19|20)\d\d)\b/g)) {
    const year = m[1]!;
    const start = offset + m.index + m[0].length - year.length;
    if (out.some((d) => d.span.start <= start && start < d.span.end)) continue;
    if (Number(year) > pub.getUTCFullYear()) continue;
    out.push({
      span: { start, end: start + 4, text: year },
      date: `${year}-01-01`,
      precision: 3,
      yearOnly: true,
    });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * For a document that gives no publication date: the latest day its own words state in full
 * (day, month and year), which relative dates are then read against; undefined when it states none.
 */
export function latestStatedDate(text: string): string | undefined {
  let latest: string | undefined;
  for (const r of chrono.parse(text, { instant: new Date(Date.UTC(2000, 0, 1)), timezone: 0 })) {
    if (!r.start.isCertain('day') || !r.start.isCertain('month') || !/\d{4}/.test(r.text)) continue;
    const y = r.start.get('year')!;
    const d = `${y}-${String(r.start.get('month')).padStart(2, '0')}-${String(r.start.get('day')).padStart(2, '0')}`;
    if (latest === undefined || d > latest) latest = d;
  }
  return latest;
}
