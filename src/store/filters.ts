// What both engines share in reading an event filter: words searched as groups of alternatives,
// the keys events' places are also found under, the review statuses a list shows, and the orders a
// list may be sorted in, the fields a list may ask for alone, and the map's grid cells.
import { nameKeys } from '../nlp/normalize.js';
import { LIST_FIELDS, type EventFilter, type ReviewStatus } from './contract/events.js';
import type { GridCell, HistogramBucket, Interval } from './contract/aggregates.js';
import { validDate } from '../model/index.js';
import { StoreError } from './store.js';

/**
 * A search: groups that must all match, each a list of alternatives of which one must, each
 * alternative a phrase (its words in order). `Idlib OR Idleb shelling` is
 * `[[["idlib"], ["idleb"]], [["shelling"]]]`; a quoted `"deir ez zor"` is one phrase.
 */
export type Search = string[][][];

/** The words of a phrase as the full-text indexes cut them: letters and digits, lower case. */
export function phraseWords(text: string): string[] {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase());
}

/**
 * A user's words as a search: words (or "quoted phrases") all required, `OR` (in capitals, as
 * search engines take it) between two of them makes them alternatives.
 */
export function parseSearch(q: string): Search {
  const groups: Search = [];
  let joinNext = false;
  for (const m of q.matchAll(/"([^"]*)"?|(\S+)/g)) {
    if (m[2] === 'OR') {
      joinNext = groups.length > 0;
      continue;
    }
    const phrase = phraseWords(m[1] ?? m[2] ?? '');
    if (phrase.length === 0) continue;
    if (joinNext) groups[groups.length - 1]!.push(phrase);
    else groups.push([phrase]);
    joinNext = false;
  }
  return groups;
}

/** A search written back in the words grammar `parseSearch` reads. */
export function searchText(search: Search): string {
  return search
    .map((group) => group.map((p) => (p.length > 1 ? `"${p.join(' ')}"` : p[0]!)).join(' OR '))
    .join(' ');
}

/** A search as an FTS5 MATCH expression; '' when it has no words (it then matches nothing). */
export function ftsMatch(search: Search): string {
  return search.map((group) => `(${group.map((p) => `"${p.join(' ')}"`).join(' OR ')})`).join(' AND ');
}

/**
 * A search as PostgreSQL tsquery text (words are letters and digits only, so nothing needs quoting).
 * The stored word vectors keep no positions (they are stripped to fit), so a phrase's words are
 * each required rather than in order.
 */
export function tsQueryText(search: Search): string {
  return search.map((group) => `(${group.map((p) => `(${p.join(' & ')})`).join(' | ')})`).join(' & ');
}

/**
 * The keys an event's places are found under besides their words: each of location, admin1 and
 * admin2 folded as the gazetteer folds names ("Deir-ez-Zor" -> deirezzor). A search expanded with a
 * place's spellings from the gazetteer then finds the event however its coder spelled the place.
 */
export function placeKeys(...names: Array<string | null | undefined>): string {
  const keys = new Set<string>();
  for (const n of names) if (n) for (const [kind, key] of nameKeys(n)) if (kind === 0) keys.add(key);
  return [...keys].join(' ');
}

/** The statuses a list shows when none is asked for: everything but what analysts rejected. */
export const SHOWN_STATUSES: readonly ReviewStatus[] = ['pending', 'accepted', 'corrected'];

/** The review statuses a filter selects (none asked for: all but rejected; 'any': all). */
export function reviewStatuses(filter: EventFilter): ReviewStatus[] | 'any' {
  const s = filter.reviewStatus;
  if (s === undefined) return [...SHOWN_STATUSES];
  if (s === 'any') return 'any';
  return Array.isArray(s) ? s : [s];
}

/** Whether a filter's statuses are the default (all but rejected). */
export function hidesRejectedOnly(filter: EventFilter): boolean {
  const s = reviewStatuses(filter);
  return s !== 'any' && s.length === 3 && SHOWN_STATUSES.every((x) => s.includes(x));
}

/**
 * A sort (a LIST_FIELDS name, `-` before it for descending) as the column and direction it orders
 * by; an unknown name is refused naming what may be asked.
 */
export function sortOrder(sort: string | undefined): { column: string; descending: boolean } | undefined {
  if (!sort) return undefined;
  const descending = sort.startsWith('-');
  const name = descending ? sort.slice(1) : sort;
  if (!Object.hasOwn(LIST_FIELDS, name))
    throw new StoreError(
      `sort "${sort}" is not a field: sort by any of ${Object.keys(LIST_FIELDS).join(', ')} (with - before it for descending)`,
      'invalid',
    );
  return { column: LIST_FIELDS[name]!, descending };
}

/**
 * The columns for a list's `fields` (LIST_FIELDS names), `id` first and each once; an unknown name
 * is refused, naming it and what may be asked.
 */
export function fieldColumns(fields: string[]): Array<[name: string, column: string]> {
  const names = ['id', ...fields.filter((f) => f !== 'id')];
  const unknown = names.filter((f) => !Object.hasOwn(LIST_FIELDS, f));
  if (unknown.length)
    throw new StoreError(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')}: ask for any of ${Object.keys(LIST_FIELDS).join(', ')}`,
      'invalid',
    );
  return [...new Set(names)].map((f) => [f, LIST_FIELDS[f]!]);
}

/** A row read for a list's fields, under the fields' names. */
export function fieldRow(
  row: Record<string, string | number | null>,
  columns: Array<[string, string]>,
): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [name, column] of columns) out[name] = row[column] ?? null;
  return out;
}

/** Events counted in one grid cell and of one type, with the sums of their positions. */
export interface CellRow {
  gx: number;
  gy: number;
  event_type: string;
  n: number;
  lon: number;
  lat: number;
}

/** The cell sizes counted as events are written: 360 / 2^level degrees (11.25°, 2.8°, 0.7°). */
export const CELL_LEVELS = [5, 7, 9];

/**
 * The kept cells a grid of `cell` degrees is read from, when the whole record is asked at a zoom no
 * closer than the finest kept level: the finest level no finer than asked.
 */
export function keptCellLevel(cell: number): number | undefined {
  const level = Math.round(Math.log2(360 / cell));
  if (level > Math.max(...CELL_LEVELS) + 0.5) return undefined;
  return [...CELL_LEVELS].reverse().find((l) => l <= level) ?? Math.min(...CELL_LEVELS);
}

export /** Whether a filter narrows by nothing but the given fields (paging aside). */
function onlyFilters(filter: EventFilter, allowed: Array<keyof EventFilter>): boolean {
  return Object.entries(filter).every(
    ([k, v]) =>
      v === undefined ||
      v === '' ||
      k === 'limit' ||
      k === 'offset' ||
      allowed.includes(k as keyof EventFilter),
  );
}

export /**
 * Rows counted per cell and type as grid cells with their types and mean position; the rows of
 * `minus` (events counted in `rows` that a filter leaves out) are taken off.
 */
function mergeCells(rows: CellRow[], minus: CellRow[] = []): GridCell[] {
  const cells = new Map<string, GridCell & { lonSum: number; latSum: number }>();
  const add = (r: CellRow, sign: number) => {
    const key = `${r.gx}:${r.gy}`;
    const c = cells.get(key) ?? { longitude: 0, latitude: 0, count: 0, types: {}, lonSum: 0, latSum: 0 };
    c.count += sign * r.n;
    c.lonSum += sign * r.lon;
    c.latSum += sign * r.lat;
    c.types[r.event_type] = (c.types[r.event_type] ?? 0) + sign * r.n;
    if (c.types[r.event_type] === 0) delete c.types[r.event_type];
    cells.set(key, c);
  };
  for (const r of rows) add(r, 1);
  for (const r of minus) add(r, -1);
  return [...cells.values()]
    .filter((c) => c.count > 0)
    .map(({ lonSum, latSum, ...c }) => ({
      ...c,
      longitude: lonSum / c.count,
      latitude: latSum / c.count,
    }));
}

/** How many characters of a YYYY-MM-DD date name its bucket of time. */
export const BUCKET_WIDTH: Readonly<Record<Interval, number>> = { day: 10, month: 7, year: 4 };

/** The filters matched exactly, as the record holds them, each with its column. */
export const EXACT_FILTERS = [
  ['eventType', 'event_type'],
  ['subEventType', 'sub_event_type'],
  ['country', 'country'],
  ['admin1', 'admin1'],
  ['admin2', 'admin2'],
  ['interaction', 'interaction'],
] as const;

/**
 * Whether a histogram can be read from the daily counts kept as events are written: a filter by
 * type and real dates only, hiding only the rejected events (whose own counts are then taken off).
 */
export function fromKeptCounts(filter: EventFilter): boolean {
  const { start, end } = filter;
  const days = (!start || validDate(start)) && (!end || validDate(end));
  return (
    hidesRejectedOnly(filter) && onlyFilters(filter, ['start', 'end', 'eventType', 'reviewStatus']) && days
  );
}

/** Kept counts less the rejected events they include (`off`, keyed by bucket|event type). */
export function withoutRejected(kept: HistogramBucket[], off: Map<string, number>): HistogramBucket[] {
  if (off.size === 0) return kept;
  return kept
    .map((b) => ({ ...b, count: b.count - (off.get(`${b.bucket}|${b.event_type}`) ?? 0) }))
    .filter((b) => b.count > 0);
}

export { FACET_FIELDS, type FacetField } from './contract/aggregates.js';
