// Publication dates as feeds and sites write them (RFC 2822, "24 November 2016", "Dec 17, 2016
// 8:46 AM ET", ISO 8601 with a time and zone...) read to the publisher's calendar day.
import * as chrono from 'chrono-node';
import { validDate } from '../model/index.js';

export interface PublicationDate {
  /** YYYY-MM-DD: the calendar day where the publisher wrote it (its own time zone, when given). */
  date: string;
  /** The string as the document gave it. */
  asWritten: string;
  /**
   * Set when the string is all numbers and both of its first two could be a day or a month
   * ("03/04/2016"): it was read by DATE_ORDER_RULE, and may be the other day.
   */
  ambiguous?: string;
}

/** The stated rule for all-numeric dates that could be read either way. */
export const DATE_ORDER_RULE =
  'an all-numeric date is read month/day/year when written with slashes (as US sites write it) and day.month.year with dots or dashes (as European sites do); year-first dates are always year-month-day';

export class PublicationDateError extends Error {
  constructor(
    readonly asWritten: string,
    reason: string,
  ) {
    super(`publication date "${asWritten}" is not a date that can be read: ${reason}`);
    this.name = 'PublicationDateError';
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

function ymd(y: number, m: number, d: number): string | undefined {
  const s = `${y}-${pad(m)}-${pad(d)}`;
  return validDate(s) ? s : undefined;
}

/** "11/28/2016", "28.11.2016", "2016/11/28", "3-4-16": numbers only, read by the stated rule. */
function numeric(s: string): PublicationDate | undefined {
  const m = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?:[ T].*)?$/.exec(s);
  if (!m) return undefined;
  const [a, sep, b, c] = [Number(m[1]), m[2]!, Number(m[3]), Number(m[4])];
  if (m[1]!.length === 4) {
    const date = ymd(a, b, c);
    return date ? { date, asWritten: s } : undefined;
  }
  const year = m[4]!.length === 4 ? c : m[4]!.length === 2 ? 2000 + c : NaN;
  if (!Number.isFinite(year)) return undefined;
  const monthFirst = sep === '/';
  // Only one reading is a date: no ambiguity ("11/28/2016", "28/11/2016").
  const md = ymd(year, a, b);
  const dm = ymd(year, b, a);
  if (md && !dm) return { date: md, asWritten: s };
  if (dm && !md) return { date: dm, asWritten: s };
  if (!md || !dm) return undefined;
  if (md === dm) return { date: md, asWritten: s };
  return { date: monthFirst ? md : dm, asWritten: s, ambiguous: DATE_ORDER_RULE };
}

/**
 * Reads a publication date as written; throws PublicationDateError naming the string when no day
 * can be read from it. The day is the one on the publisher's own clock: "Dec 17, 2016 11:46 PM ET"
 * is 17 December even though it is the 18th in UTC.
 */
export function readPublicationDate(asWritten: string): PublicationDate {
  const s = asWritten.trim().replace(/\s+/g, ' ');
  if (s === '') throw new PublicationDateError(asWritten, 'it is empty');
  if (validDate(s)) return { date: s, asWritten };
  const num = numeric(s);
  if (num) return { ...num, asWritten };
  if (/^\d[\d\s/.-]*$/.test(s)) throw new PublicationDateError(asWritten, 'no such day');
  const results = chrono.parse(s, { instant: new Date(Date.UTC(2000, 0, 1)), timezone: 0 });
  // A day written out: "yesterday" and "today" are certain for chrono but say nothing here.
  const r = results.find((x) => x.start.isCertain('day') && x.start.isCertain('month') && /\d/.test(x.text));
  if (!r) throw new PublicationDateError(asWritten, 'no day, month and year found in it');
  if (!r.start.isCertain('year')) throw new PublicationDateError(asWritten, 'it gives no year');
  const y = r.start.get('year')!;
  const mo = r.start.get('month')!;
  const d = r.start.get('day')!;
  // chrono's components are the words' own day, before any time-zone shift.
  const date = ymd(y, mo, d);
  if (!date) throw new PublicationDateError(asWritten, 'no such day');
  return { date, asWritten };
}
