// Query parameters shared by the API's routes and its OGC API - Features routes: the event filters'
// schema, their reading into a Store filter (words widened to the gazetteer's spellings of places),
// and a refused parameter named in the error.
import type { Gazetteer } from '../geo/gazetteer.js';
import { InputError } from '../ingest/read.js';
import { parseSearch, phraseWords, searchText, type Search } from '../store/filters.js';
import { MAX_LIMIT, MAX_OFFSET, type EventFilter, type ReviewStatus } from '../store/store.js';

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const STATUS = '(pending|accepted|corrected|rejected)';

/** The event filters every event route takes, as a JSON schema (an unknown parameter is refused). */
export const eventQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    bbox: {
      type: 'string',
      pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$',
      description: 'west,south,east,north in degrees',
    },
    start: { type: 'string', pattern: DATE },
    end: { type: 'string', pattern: DATE },
    event_type: { type: 'string', maxLength: 100 },
    sub_event_type: { type: 'string', maxLength: 100 },
    actor: { type: 'string', maxLength: 200 },
    q: {
      type: 'string',
      maxLength: 500,
      description:
        'words, all required; OR between two makes them alternatives; "quoted" words a phrase; a place name also finds its other spellings in the gazetteer',
    },
    source: { type: 'string', maxLength: 200 },
    country: { type: 'string', maxLength: 200, description: "ACLED's country, exactly" },
    admin1: {
      type: 'string',
      maxLength: 200,
      description: 'first-level division, exactly as the record holds it',
    },
    admin2: { type: 'string', maxLength: 200, description: 'second-level division, exactly' },
    min_fatalities: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    interaction: { type: 'integer', minimum: 0, maximum: 99, description: "ACLED's interaction code" },
    max_geo_precision: { type: 'integer', enum: [1, 2, 3] },
    review_status: {
      type: 'string',
      pattern: `^(any|${STATUS}(,${STATUS})*)$`,
      description: 'one status or several separated by commas, or any; by default all but rejected',
    },
    min_grade: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E', 'F'] },
    limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 100 },
    offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
  },
} as const;

/** The event filters as query parameters. */
export interface EventQuery {
  bbox?: string;
  start?: string;
  end?: string;
  event_type?: string;
  sub_event_type?: string;
  actor?: string;
  q?: string;
  source?: string;
  country?: string;
  admin1?: string;
  admin2?: string;
  min_fatalities?: number;
  interaction?: number;
  max_geo_precision?: number;
  review_status?: string;
  min_grade?: EventFilter['minGrade'];
  sort?: string;
  limit?: number;
  offset?: number;
}

/** A review_status parameter as the filter takes it. */
export function statusesOf(value: string): EventFilter['reviewStatus'] {
  if (value === 'any') return 'any';
  const list = [...new Set(value.split(','))] as ReviewStatus[];
  return list.length === 1 ? list[0] : list;
}

/** How many places a word may stand for, and spellings of them, a search is widened by. */
const MAX_PLACES = 3;
const MAX_SPELLINGS = 80;

/**
 * The places a phrase most likely names, exactly or without its articles: towns of some size and
 * divisions (a village sharing a common word's spelling is no reason to widen a search).
 */
function placesNamed(gazetteer: Gazetteer, phrase: string[]) {
  if (phrase.join('').length < 3) return [];
  return gazetteer
    .lookup(phrase.join(' '))
    .filter((c) => c.matchKind <= 1 && (c.featureClass === 'A' || (c.population ?? 0) >= 1000))
    .slice(0, MAX_PLACES);
}

/**
 * A search widened with the gazetteer's spellings of the places it names: `Idlib` also finds Idleb
 * and إدلب, `Deir Ezzor` (or دير الزور) also Deir-ez-Zor. Runs of up to four plain words are tried
 * as one name, longest first; each place adds its names as phrases and its name keys, which events
 * are indexed under for their location, admin1 and admin2.
 */
export function widenSearch(q: string, gazetteer: Gazetteer): string {
  const groups = parseSearch(q);
  const out: Search = [];
  for (let i = 0; i < groups.length;) {
    // Plain words in a row (one alternative, one word each) may together be one place name.
    let run = 0;
    while (run < 4 && groups[i + run]?.length === 1 && groups[i + run]![0]!.length === 1) run++;
    let used = 1;
    let alternatives = groups[i]!;
    for (let n = run; n >= 2; n--) {
      const phrase = groups.slice(i, i + n).map((g) => g[0]![0]!);
      const places = placesNamed(gazetteer, phrase);
      if (places.length) {
        used = n;
        alternatives = [phrase];
        break;
      }
    }
    const widened = new Map<string, string[]>();
    for (const phrase of alternatives) {
      widened.set(phrase.join(' '), phrase);
      for (const place of placesNamed(gazetteer, phrase)) {
        for (const name of [place.name, place.asciiName ?? '']) {
          const words = phraseWords(name);
          if (words.length) widened.set(words.join(' '), words);
        }
        for (const key of gazetteer.nameKeysOf(place.id))
          if (widened.size < MAX_SPELLINGS) widened.set(key, [key]);
      }
    }
    out.push([...widened.values()]);
    i += used;
  }
  return searchText(out);
}

/** Reads event filters from query parameters; a bad box is a 400, not an empty page. */
export function filterReader(gazetteer?: Gazetteer): (q: EventQuery) => EventFilter {
  return (q) => {
    const f: EventFilter = { limit: q.limit, offset: q.offset };
    if (q.bbox) f.bbox = parseBbox(q.bbox);
    if (q.start) f.start = q.start;
    if (q.end) f.end = q.end;
    if (q.event_type) f.eventType = q.event_type;
    if (q.sub_event_type) f.subEventType = q.sub_event_type;
    if (q.actor) f.actor = q.actor;
    if (q.q) f.q = gazetteer ? widenSearch(q.q, gazetteer) : q.q;
    if (q.source) f.source = q.source;
    if (q.country) f.country = q.country;
    if (q.admin1) f.admin1 = q.admin1;
    if (q.admin2) f.admin2 = q.admin2;
    if (q.min_fatalities) f.minFatalities = q.min_fatalities;
    if (q.interaction !== undefined) f.interaction = q.interaction;
    if (q.max_geo_precision) f.maxGeoPrecision = q.max_geo_precision;
    if (q.review_status) f.reviewStatus = statusesOf(q.review_status);
    if (q.min_grade) f.minGrade = q.min_grade;
    if (q.sort) f.sort = q.sort;
    return f;
  };
}

/**
 * A request refused by its route's schema, in words naming what was wrong: the parameter not
 * taken (with those that are) or the value not accepted. Undefined for any other error.
 */
export function schemaRefusal(err: {
  validation?: Array<{
    keyword: string;
    instancePath?: string;
    params?: Record<string, unknown>;
    message?: string;
  }>;
  validationContext?: string;
}): string | undefined {
  const v = err.validation?.[0];
  if (!v) return undefined;
  const where = err.validationContext ?? 'request';
  const what = where === 'querystring' ? 'parameter' : where === 'body' ? 'field' : 'value';
  if (v.keyword === 'additionalProperties') {
    const name = String(v.params?.additionalProperty ?? '');
    return `unknown ${what} "${name}"${v.instancePath ? ` in ${v.instancePath.slice(1)}` : ''}: not taken here`;
  }
  const name = v.instancePath
    ? v.instancePath.slice(1).replace(/\//g, '.')
    : String(v.params?.missingProperty ?? '');
  return `${what} ${name ? `"${name}" ` : ''}${v.message ?? 'is not valid'}`;
}

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
