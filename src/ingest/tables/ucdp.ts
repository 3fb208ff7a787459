// UCDP's Georeferenced Event Dataset (GED) CSV as an event source: its precision codes as ACLED's,
// its sides as ACLED's actor types, and a row read into a claim in ACLED's columns.
import type { Claim } from '../../model/index.js';
import type { EventType, GeoPrecision, SubEventType, TimePrecision } from '../../model/index.js';
import { acledDate } from './acled.js';
import { attributionOf, baseEvent, interaction, number, RowError, type CodedRow } from './rows.js';

/** Columns a UCDP GED file must have to be read at all. */
export const UCDP_REQUIRED = [
  'id',
  'type_of_violence',
  'side_a',
  'side_b',
  'date_start',
  'latitude',
  'longitude',
  'where_prec',
  'best',
];

/**
 * UCDP's where_prec (1 exact place ... 7 international waters or airspace) as ACLED's
 * geo_precision: 1 the place itself; 2 near it (within 25 km) or its second-order division;
 * 3 a first-order division, a stretch of country, the country, or beyond.
 */
export const UCDP_WHERE_PRECISION: Record<number, GeoPrecision> = {
  1: 1,
  2: 2,
  3: 2,
  4: 3,
  5: 3,
  6: 3,
  7: 3,
};

/**
 * UCDP's date_prec (1 the day ... 5 more than a month) as ACLED's time_precision: 1 the day;
 * 2 within a week (2-6 days, or the week); 3 the month or longer.
 */
export const UCDP_DATE_PRECISION: Record<number, TimePrecision> = { 1: 1, 2: 2, 3: 2, 4: 3, 5: 3 };

/** UCDP's actors as ACLED's types: governments are state forces; civilians are civilians. */
function ucdpInter(side: string, violence: number, isSideA: boolean): number {
  if (/^Government of /i.test(side)) return 1;
  if (/^civilians$/i.test(side)) return 7;
  if (violence === 1) return 2;
  return isSideA || violence === 2 ? 3 : 0;
}

/** The row's first and last day, the last on or after the first. */
function daysOf(row: Record<string, string>): { start: string; end: string } {
  const start = acledDate(row.date_start ?? '');
  if (!start) throw new RowError(`date_start "${row.date_start ?? ''}" is not a date`);
  const end = row.date_end ? acledDate(row.date_end) : start;
  if (!end || end < start)
    throw new RowError(`date_end "${row.date_end ?? ''}" is not a date on or after date_start`);
  return { start, end };
}

/** The row's deaths: best, with low and high defaulting to it. */
function deathsOf(row: Record<string, string>): { low: number; best: number; high: number } {
  const best = number(row, 'best', { min: 0, int: true });
  const low = (row.low ?? '').trim() === '' ? best : number(row, 'low', { min: 0, int: true });
  const high = (row.high ?? '').trim() === '' ? best : number(row, 'high', { min: 0, int: true });
  return { low, best, high };
}

/** The notes a UCDP row gives its claim: the source's headline, the place, the dyad. */
function notesOf(row: Record<string, string>): string {
  const headline = (row.source_headline ?? '').trim();
  const place = (row.where_description ?? '').trim();
  return [headline, place && `Place: ${place}.`, row.dyad_name && `Dyad: ${row.dyad_name.trim()}.`]
    .filter(Boolean)
    .join(' ');
}

/** One row of UCDP GED as a claim: state-based and non-state violence a battle, one-sided an attack. */
export function ucdpRow(
  row: Record<string, string>,
  plover: (sub: string) => string,
  reviewed: boolean,
): CodedRow {
  const id = (row.id ?? '').trim();
  if (!id) throw new RowError('id is empty');
  const violence = number(row, 'type_of_violence', { min: 1, max: 3, int: true });
  const { start, end } = daysOf(row);
  const wherePrec = number(row, 'where_prec', { min: 1, max: 7, int: true });
  const datePrec =
    (row.date_prec ?? '').trim() === '' ? 1 : number(row, 'date_prec', { min: 1, max: 5, int: true });
  const latitude = number(row, 'latitude', { min: -90, max: 90 });
  const longitude = number(row, 'longitude', { min: -180, max: 180 });
  const deaths = deathsOf(row);
  const sideA = (row.side_a ?? '').trim();
  const sideB = (row.side_b ?? '').trim();
  if (!sideA) throw new RowError('side_a is empty');
  const oneSided = violence === 3;
  const event_type: EventType = oneSided ? 'Violence against civilians' : 'Battles';
  const sub_event_type: SubEventType = oneSided ? 'Attack' : 'Armed clash';
  const country = (row.country ?? '').trim().replace(/\s*\(.*\)$/, '');
  const inter1 = ucdpInter(sideA, violence, true);
  const inter2 = oneSided ? 7 : ucdpInter(sideB, violence, false);
  const notes = notesOf(row);
  const event: Claim = {
    ...baseEvent(plover(sub_event_type), 'UCDP', id, notes, reviewed),
    event_date: start,
    time_precision: UCDP_DATE_PRECISION[datePrec]!,
    event_type,
    sub_event_type,
    actor1: sideA,
    assoc_actor_1: '',
    inter1,
    actor2: oneSided ? `Civilians (${country})` : sideB,
    assoc_actor_2: '',
    inter2,
    interaction: interaction(inter1, inter2),
    country,
    admin1: (row.adm_1 ?? '').trim(),
    admin2: (row.adm_2 ?? '').trim(),
    location: (row.where_coordinates ?? '').trim(),
    latitude,
    longitude,
    geo_precision: UCDP_WHERE_PRECISION[wherePrec]!,
    fatalities: deaths.best,
    notes,
    source: (row.source_office ?? '').trim() || (row.source_original ?? '').trim(),
  };
  event.details.counts.fatalities = deaths;
  if (end !== start)
    event.details.duration = {
      text: `${start}/${end}`,
      days: (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1,
    };
  if (wherePrec >= 6) event.flags.push('place_country_or_wider');
  event.attribution = attributionOf(event.source, 'UCDP');
  return { id, event, text: notes };
}
