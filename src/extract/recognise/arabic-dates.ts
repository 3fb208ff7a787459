// Dates in Arabic sentences: a day and a month in either calendar name, Hijri dates, weekdays,
// relative days and numeric dates, each resolved against the publication day.
import type { TimePrecision } from '../../model/index.js';
import { hijriToGregorian, type ArabicToken } from '../../nlp/arabic.js';
import type { ArabicLexicon } from '../../nlp/arabic-lexicon.js';
import type { DateMention } from '../../nlp/dates.js';
import type { Sentence } from '../sentence.js';
import { tokensOf } from './arabic.js';

const DAY = 86_400_000;
const isoOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** One sentence's date reading: its tokens, the publication day, and the dates found so far. */
interface DateScan {
  lex: ArabicLexicon;
  tokens: ArabicToken[];
  text: string;
  off: number;
  pub: number;
  push: (start: number, end: number, date: string, precision: TimePrecision) => void;
}

/** Dates: a day and a month (Levantine, Egyptian or both, "12 تشرين الأول/أكتوبر"), Hijri dates, weekdays, yesterday and the like. */
export function arabicDates(s: Sentence, lex: ArabicLexicon, published: string): DateMention[] {
  const tokens = tokensOf(s);
  const text = s.span.text;
  const off = s.span.start;
  const pub = Date.parse(`${published}T00:00:00Z`);
  const out: DateMention[] = [];
  const push = (start: number, end: number, date: string, precision: TimePrecision) => {
    if (out.some((o) => o.span.start < end && start < o.span.end)) return;
    out.push({
      span: { start, end, text: text.slice(start - off, end - off) },
      date,
      precision,
      yearOnly: false,
    });
  };
  const c: DateScan = { lex, tokens, text, off, pub, push };
  for (let i = 0; i < tokens.length; i++) {
    const dayMonth = dayMonthAt(c, i);
    if (dayMonth !== undefined) {
      i = dayMonth;
      continue;
    }
    const rel = lex.relativeDates.at(tokens, i, text, off);
    if (rel) {
      push(
        rel.span.start,
        rel.span.end,
        isoOf(pub + rel.value.days * DAY),
        (rel.value.precision ?? 1) as TimePrecision,
      );
      i = rel.to - 1;
      continue;
    }
    const wd = lex.weekdays.at(tokens, i, text, off);
    if (wd) {
      // The weekday told is the latest one not after publication; a date right after it is the date.
      const next = tokens[wd.to];
      if (next && /^[0-9]{1,2}$/.test(next.norm) && lex.months.at(tokens, wd.to + 1, text, off)) continue;
      const back = (new Date(pub).getUTCDay() - wd.value + 7) % 7;
      push(wd.span.start, wd.span.end, isoOf(pub - back * DAY), 1);
      i = wd.to - 1;
    }
  }
  numericDates(c);
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * A day and a month at token `i`, Gregorian or Hijri, with the other calendar's name and a year
 * when they follow: the date pushed (when it can be placed), and the token to go on after;
 * undefined when no day and month start there.
 */
function dayMonthAt({ lex, tokens, text, off, pub, push }: DateScan, i: number): number | undefined {
  const t = tokens[i]!;
  if (!/^[0-9]{1,2}$/.test(t.norm) || !tokens[i + 1]) return undefined;
  const day = Number(t.norm);
  const mm = lex.months.at(tokens, i + 1, text, off);
  const hm = mm ? undefined : lex.hijriMonths.at(tokens, i + 1, text, off);
  const month = mm ?? hm;
  if (!month || day < 1 || day > 31) return undefined;
  let to = month.to;
  let end = month.span.end;
  // "تشرين الأول/أكتوبر": the other calendar's name for the same month.
  const alt =
    tokens[to] && /^\s*\/\s*$/.test(text.slice(end - off, tokens[to]!.start - off))
      ? lex.months.at(tokens, to, text, off)
      : undefined;
  if (alt) {
    to = alt.to;
    end = alt.span.end;
  }
  const y = tokens[to] && /^[0-9]{4}$/.test(tokens[to]!.norm) ? Number(tokens[to]!.norm) : undefined;
  if (y !== undefined) end = tokens[to]!.end;
  if (hm) {
    // Hijri years are 13xx-14xx; a Hijri date without its year is the latest one not after publication.
    let date: string | undefined;
    if (y !== undefined) date = hijriToGregorian(y, hm.value, day);
    else
      for (const hy of [1447, 1446, 1445, 1444, 1443, 1442, 1441, 1440]) {
        const g = hijriToGregorian(hy, hm.value, day);
        if (g && Date.parse(`${g}T00:00:00Z`) <= pub) {
          date = g;
          break;
        }
      }
    const hijriMark = text.slice(end - off).match(/^\s*(?:هـ|ه\b|للهجرة)/u);
    if (hijriMark) end += hijriMark[0].length;
    if (date) push(t.start, end, date, 1);
  } else {
    const year = y ?? new Date(pub).getUTCFullYear();
    let d = Date.UTC(year, month.value - 1, day);
    if (y === undefined && d > pub) d = Date.UTC(year - 1, month.value - 1, day);
    if (d <= pub + DAY) push(t.start, end, isoOf(d), 1);
  }
  return to - 1;
}

/** Numeric dates, day first: "12/3/2024", "١٢/٣/٢٠٢٤". */
function numericDates({ text, off, push }: DateScan): void {
  for (const m of text.matchAll(
    /(?<![0-9٠-٩])([0-9٠-٩]{1,2})[/\-.]([0-9٠-٩]{1,2})[/\-.]([0-9٠-٩]{4})(?![0-9٠-٩])/gu,
  )) {
    const n = (x: string) => Number(x.replace(/[٠-٩]/g, (c) => String(c.charCodeAt(0) - 0x0660)));
    const [d, mo, y] = [n(m[1]!), n(m[2]!), n(m[3]!)];
    if (d < 1 || d > 31 || mo < 1 || mo > 12) continue;
    push(off + m.index, off + m.index + m[0].length, isoOf(Date.UTC(y, mo - 1, d)), 1);
  }
}
