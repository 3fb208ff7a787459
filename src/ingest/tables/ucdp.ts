// UCDP's Georeferenced Event Dataset (GED) CSV, a row at a time: its precision codes as ACLED's
// and its sides as ACLED's actor types.
import type { Claim, EventType, GeoPrecision, SubEventType, TimePrecision } from '../../model/index.js';
import { acledDate } from './acled.js';
import { baseEvent, interaction, number, RowError } from './rows.js';

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

export function ucdpRow(
  row: Record<string, string>,
  plover: (sub: string) => string,
  reviewed: boolean,
): { id: string; event: Claim; text: string } {
  const id = (row.id ?? '').trim();
  if (!id) throw new RowError('id is empty');
  const violence = number(row, 'type_of_violence', { min: 1, max: 3, int: true });
  const start = acledDate(row.date_start ?? '');
  if (!start) throw new RowError(`date_start "${row.date_start ?? ''}" is not a date`);
  const end = row.date_end ? acledDate(row.date_end) : start;
  if (!end || end < start)
    throw new RowError(`date_end "${row.date_end ?? ''}" is not a date on or after date_start`);
  const wherePrec = number(row, 'where_prec', { min: 1, max: 7, int: true });
  const datePrec =
    (row.date_prec ?? '').trim() === '' ? 1 : number(row, 'date_prec', { min: 1, max: 5, int: true });
  const latitude = number(row, 'latitude', { min: -90, max: 90 });
  const longitude = number(row, 'longitude', { min: -180, max: 180 });
  const best = number(row, 'best', { min: 0, int: true });
  const low = (row.low ?? '').trim() === '' ? best : number(row, 'low', { min: 0, int: true });
  const high = (row.high ?? '').trim() === '' ? best : number(row, 'high', { min: 0, int: true });
  const sideA = (row.side_a ?? '').trim();
  const sideB = (row.side_b ?? '').trim();
  if (!sideA) throw new RowError('side_a is empty');
  const oneSided = violence === 3;
  const event_type: EventType = oneSided ? 'Violence against civilians' : 'Battles';
  const sub_event_type: SubEventType = oneSided ? 'Attack' : 'Armed clash';
  const country = (row.country ?? '').trim().replace(/\s*\(.*\)$/, '');
  const inter1 = ucdpInter(sideA, violence, true);
  const inter2 = oneSided ? 7 : ucdpInter(sideB, violence, false);
  const headline = (row.source_headline ?? '').trim();
  const place = (row.where_description ?? '').trim();
  const notes = [headline, place && `Place: ${place}.`, row.dyad_name && `Dyad: ${row.dyad_name.trim()}.`]
    .filter(Boolean)
    .join(' ');
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
    fatalities: best,
    notes,
    source: (row.source_office ?? '').trim() || (row.source_original ?? '').trim(),
  };
  event.details.counts.fatalities = { low, best, high };
  if (end !== start)
    event.details.duration = {
      text: `${start}/${end}`,
      days: (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1,
    };
  if (wherePrec >= 6) event.flags.push('place_country_or_wider');
  event.attribution = event.source
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((source) => ({ source, via: ['UCDP'] }));
  return { id, event, text: notes };
}
