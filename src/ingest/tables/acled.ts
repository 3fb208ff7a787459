// ACLED's CSV exports as event sources: its dates and actor types as written in the exports, and
// a row read into a claim coded as ACLED coded it, the columns it does not hold kept for the export.
import type { Claim } from '../../model/index.js';
import {
  ACLED_ROW_COLUMNS,
  EVENT_TYPES,
  type EventType,
  type GeoPrecision,
  type SubEventType,
  type TimePrecision,
} from '../../model/index.js';
import { validDate } from '../read.js';
import { attributionOf, baseEvent, interaction, number, RowError, type CodedRow } from './rows.js';

/** Columns an ACLED file must have to be read at all. */
export const ACLED_REQUIRED = [
  'event_date',
  'event_type',
  'sub_event_type',
  'actor1',
  'country',
  'latitude',
  'longitude',
];

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/**
 * ACLED's dates: "9-May-20" or "09 May 2020" in its spreadsheet exports, ISO in its API; a
 * two-digit year is of this century below 50 (ACLED's data start in 1997). Not a date: undefined.
 */
export function acledDate(s: string): string | undefined {
  const t = s.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(t);
  const m = /^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ](\d{2}|\d{4})$/.exec(t);
  let day: string | undefined;
  if (iso) day = iso[1];
  else if (m && MONTHS[m[2]!.toLowerCase()]) {
    const yy = m[3]!;
    const year = yy.length === 4 ? yy : Number(yy) < 50 ? `20${yy}` : `19${yy}`;
    day = `${year}-${MONTHS[m[2]!.toLowerCase()]}-${m[1]!.padStart(2, '0')}`;
  }
  return day && validDate(day) ? day : undefined;
}

/** ACLED's actor types, written as words in its exports since 2024 and as codes before. */
const INTER_CODES: Record<string, number> = {
  'state forces': 1,
  'rebel group': 2,
  'rebel groups': 2,
  'political militia': 3,
  'political militias': 3,
  'identity militia': 4,
  'identity militias': 4,
  rioters: 5,
  protesters: 6,
  civilians: 7,
  'external/other forces': 8,
  'other forces': 8,
};

function interCode(value: string): number | undefined {
  const v = value.trim();
  if (v === '') return 0;
  if (/^\d$/.test(v)) return Number(v);
  return INTER_CODES[v.toLowerCase()];
}

/** The row's event type and sub-event type, checked against ACLED's taxonomy. */
function typesOf(row: Record<string, string>): { event_type: EventType; sub_event_type: SubEventType } {
  const event_type = (row.event_type ?? '').trim() as EventType;
  const subs = EVENT_TYPES[event_type] as readonly string[] | undefined;
  if (!subs) throw new RowError(`event_type "${event_type}" is not one of ACLED's six`);
  const sub_event_type = (row.sub_event_type ?? '').trim() as SubEventType;
  if (!subs.includes(sub_event_type))
    throw new RowError(`sub_event_type "${sub_event_type}" is not a kind of ${event_type}`);
  return { event_type, sub_event_type };
}

/** The row's actor types (inter1, inter2) as ACLED's codes. */
function interCodesOf(row: Record<string, string>): { inter1: number; inter2: number } {
  const inter1 = interCode(row.inter1 ?? '');
  const inter2 = interCode(row.inter2 ?? '');
  if (inter1 === undefined) throw new RowError(`inter1 "${row.inter1}" is not an ACLED actor type`);
  if (inter2 === undefined) throw new RowError(`inter2 "${row.inter2}" is not an ACLED actor type`);
  return { inter1, inter2 };
}

/** An optional whole-number column in a range, `fallback` when empty. */
const optional = (row: Record<string, string>, field: string, fallback: number, min: number, max?: number) =>
  (row[field] ?? '').trim() === '' ? fallback : number(row, field, { min, max, int: true });

/** One row of an ACLED export as a claim coded as ACLED coded it. */
export function acledRow(
  row: Record<string, string>,
  plover: (sub: string) => string,
  reviewed: boolean,
): CodedRow {
  const event_date = acledDate(row.event_date ?? '');
  if (!event_date) throw new RowError(`event_date "${row.event_date ?? ''}" is not a date`);
  const { event_type, sub_event_type } = typesOf(row);
  const { inter1, inter2 } = interCodesOf(row);
  const latitude = number(row, 'latitude', { min: -90, max: 90 });
  const longitude = number(row, 'longitude', { min: -180, max: 180 });
  const geo_precision = optional(row, 'geo_precision', 3, 1, 3);
  const time_precision = optional(row, 'time_precision', 1, 1, 3);
  const fatalities = optional(row, 'fatalities', 0, 0);
  const actor1 = (row.actor1 ?? '').trim();
  if (!actor1) throw new RowError('actor1 is empty');
  const id = (row.event_id_cnty ?? '').trim() || (row.data_id ?? '').trim();
  if (!id) throw new RowError('neither event_id_cnty nor data_id is given');
  const notes = (row.notes ?? '').trim();
  const code = Number((row.interaction ?? '').trim());
  // The columns the coding does not hold, as written, for the export to give back.
  const kept: Record<string, string> = {};
  for (const c of ACLED_ROW_COLUMNS) if (row[c] !== undefined && row[c] !== '') kept[c] = row[c];
  const event: Claim = {
    ...baseEvent(plover(sub_event_type), 'ACLED', id, notes, reviewed),
    event_date,
    time_precision: time_precision as TimePrecision,
    event_type,
    sub_event_type,
    actor1,
    assoc_actor_1: (row.assoc_actor_1 ?? '').trim(),
    inter1,
    actor2: (row.actor2 ?? '').trim(),
    assoc_actor_2: (row.assoc_actor_2 ?? '').trim(),
    inter2,
    interaction: Number.isInteger(code) && code > 0 ? code : interaction(inter1, inter2),
    country: (row.country ?? '').trim(),
    admin1: (row.admin1 ?? '').trim(),
    admin2: (row.admin2 ?? '').trim(),
    location: (row.location ?? '').trim(),
    latitude,
    longitude,
    geo_precision: geo_precision as GeoPrecision,
    fatalities,
    notes,
    source: (row.source ?? '').trim(),
  };
  event.attribution = attributionOf(event.source, 'ACLED');
  if (fatalities > 0)
    event.details.counts.fatalities = { low: fatalities, best: fatalities, high: fatalities };
  event.details.imported!.row = kept;
  return { id, event, text: notes };
}
