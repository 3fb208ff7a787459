// Query parameters shared by the API's routes and its OGC API - Features routes.
import { InputError } from '../ingest/read.js';

/**
 * `west,south,east,north` in degrees (or the six numbers of a box with heights, which are
 * ignored), checked: a bad box is the caller's error, never an empty page.
 */
export function parseBbox(value: string, field = 'bbox'): [number, number, number, number] {
  const parts = value.split(',').map((v) => (v.trim() === '' ? NaN : Number(v)));
  const box =
    parts.length === 4 ? parts : parts.length === 6 ? [parts[0]!, parts[1]!, parts[3]!, parts[4]!] : [];
  const [w, s, e, n] = box as [number, number, number, number];
  if (
    box.length !== 4 ||
    box.some((v) => !Number.isFinite(v)) ||
    w > e ||
    s > n ||
    Math.abs(s) > 90 ||
    Math.abs(n) > 90 ||
    Math.abs(w) > 180 ||
    Math.abs(e) > 180
  ) {
    throw new InputError(
      field,
      'must be west,south,east,north with west <= east, south <= north, within [-180,180] x [-90,90]',
    );
  }
  return [w, s, e, n];
}

/**
 * OGC's `datetime`: an instant (a date or an RFC 3339 date-time) or an interval `start/end` with
 * `..` or nothing for an open end, as inclusive days, since events are dated to the day.
 */
export function parseDatetime(value: string): { start?: string; end?: string } {
  const day = (v: string, field: string): string | undefined => {
    if (v === '' || v === '..') return undefined;
    const m =
      /^(\d{4}-\d{2}-\d{2})(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/.exec(v);
    if (!m || Number.isNaN(Date.parse(m[1]!))) {
      throw new InputError(field, `"${v}" is not a date (YYYY-MM-DD) or an RFC 3339 date-time`);
    }
    return m[1];
  };
  const parts = value.split('/');
  if (parts.length === 1) {
    const d = day(parts[0]!, 'datetime');
    if (!d) throw new InputError('datetime', 'an instant cannot be open ("..")');
    return { start: d, end: d };
  }
  if (parts.length !== 2) throw new InputError('datetime', 'must be an instant or start/end');
  const start = day(parts[0]!, 'datetime (start)');
  const end = day(parts[1]!, 'datetime (end)');
  if (start && end && start > end) throw new InputError('datetime', 'the interval ends before it starts');
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}
