// The view in the address, so it can be shared: the filters (each value checked, a bad one set
// aside and named rather than sent), the open event, the view shown and its page and order.
import { EVENT_TYPES } from '../model/index.js';

/** The filters the page sends to the API, by parameter name. */
export const FILTER_KEYS = [
  'q',
  'event_type',
  'sub_event_type',
  'country',
  'admin1',
  'admin2',
  'actor',
  'source',
  'min_fatalities',
  'interaction',
  'max_geo_precision',
  'min_grade',
  'review_status',
  'start',
  'end',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

/** What else the address holds: not filters, never sent as such. */
export const VIEW_KEYS = ['event', 'view', 'sort', 'page', 'maxpoints'] as const;
export const VIEWS = ['map', 'table', 'charts', 'agreements'] as const;
export type View = (typeof VIEWS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (v: string) => {
  const t = Date.parse(`${v}T00:00:00Z`);
  return DAY.test(v) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
};
const STATUS = /^(any|(pending|accepted|corrected|rejected)(,(pending|accepted|corrected|rejected))*)$/;

/** Why a filter's value cannot be asked for, or undefined when it can. */
export function badValue(key: FilterKey, v: string): string | undefined {
  switch (key) {
    case 'start':
    case 'end':
      return realDay(v) ? undefined : 'not a date (YYYY-MM-DD)';
    case 'event_type':
      return v in EVENT_TYPES ? undefined : "not one of ACLED's event types";
    case 'sub_event_type':
      return Object.values(EVENT_TYPES).some((s) => (s as readonly string[]).includes(v))
        ? undefined
        : "not one of ACLED's sub-event types";
    case 'min_fatalities':
      return /^\d{1,7}$/.test(v) ? undefined : 'not a whole number';
    case 'interaction':
      return /^\d{1,2}$/.test(v) ? undefined : 'not an ACLED interaction code (two digits)';
    case 'max_geo_precision':
      return /^[123]$/.test(v) ? undefined : 'not 1, 2 or 3';
    case 'min_grade':
      return /^[A-F]$/.test(v) ? undefined : 'not a grade A-F';
    case 'review_status':
      return STATUS.test(v) ? undefined : 'not pending, accepted, corrected, rejected or any';
    default:
      return v.length > 500 ? 'too long' : undefined;
  }
}

export interface PageState {
  filters: Filters;
  event: string | null;
  view: View;
  sort: string;
  page: number;
  /** What in the address was set aside, in words: each bad value with why. */
  notices: string[];
}

/** The address read: good filters kept, bad values and unknown parameters named. */
export function readAddress(search: string): PageState {
  const params = new URLSearchParams(search);
  const state: PageState = { filters: {}, event: null, view: 'map', sort: '', page: 0, notices: [] };
  for (const [k, v] of params) {
    if ((FILTER_KEYS as readonly string[]).includes(k)) {
      if (v === '') continue;
      const why = badValue(k as FilterKey, v);
      if (why) state.notices.push(`${k}=${v}: ${why}`);
      else state.filters[k as FilterKey] = v;
    } else if (k === 'event')
      state.event = /^ev_[\w-]{1,80}$/.test(v)
        ? v
        : (state.notices.push(`event=${v}: not an event id`), null);
    else if (k === 'view') {
      if ((VIEWS as readonly string[]).includes(v)) state.view = v as View;
      else state.notices.push(`view=${v}: not a view (${VIEWS.join(', ')})`);
    } else if (k === 'sort') state.sort = /^-?[A-Za-z0-9_]{1,40}$/.test(v) ? v : '';
    else if (k === 'page') state.page = /^\d{1,6}$/.test(v) ? Number(v) : 0;
    else if (k !== 'maxpoints') state.notices.push(`${k}=${v}: not a filter this page knows`);
  }
  return state;
}

/** The state as an address (only what differs from the defaults). */
export function addressOf(state: Omit<PageState, 'notices'>): string {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (state.filters[k]) p.set(k, state.filters[k]!);
  if (state.view !== 'map') p.set('view', state.view);
  if (state.sort) p.set('sort', state.sort);
  if (state.page) p.set('page', String(state.page));
  if (state.event) p.set('event', state.event);
  const keep = new URLSearchParams(location.search).get('maxpoints');
  if (keep) p.set('maxpoints', keep);
  const s = p.toString();
  return s ? `?${s}` : location.pathname;
}

/** The filters as API parameters, with `extra` on top. */
export function apiQuery(filters: Filters, extra: Record<string, string | number> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k]) p.set(k, filters[k]!);
  for (const [k, v] of Object.entries(extra)) p.set(k, String(v));
  return p;
}
