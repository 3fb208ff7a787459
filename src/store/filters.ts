// What both engines share in reading an event filter: words searched as groups of alternatives,
// the keys events' places are also found under, the review statuses a list shows, and the orders a
// list may be sorted in.
import { nameKeys } from '../nlp/normalize.js';
import { LIST_FIELDS, type EventFilter, type ReviewStatus } from './contract/events.js';
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

export { FACET_FIELDS, type FacetField } from './contract/aggregates.js';
