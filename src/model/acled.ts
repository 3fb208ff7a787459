// ACLED's vocabulary: its event types, precision codes and columns, under ACLED's own names
// (snake_case), so a coded event can be written out as an ACLED row without renaming.

export type TimePrecision = 1 | 2 | 3;
export type GeoPrecision = 1 | 2 | 3;

export const EVENT_TYPES = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type SubEventType = (typeof EVENT_TYPES)[EventType][number];

/** ACLED's columns for one event, under ACLED's names. */
export interface AcledFields {
  event_date: string;
  time_precision: TimePrecision;
  event_type: EventType;
  sub_event_type: SubEventType;
  actor1: string;
  assoc_actor_1: string;
  inter1: number;
  actor2: string;
  assoc_actor_2: string;
  inter2: number;
  interaction: number;
  country: string;
  admin1: string;
  admin2: string;
  location: string;
  latitude: number | null;
  longitude: number | null;
  geo_precision: GeoPrecision | null;
  fatalities: number;
  notes: string;
  source: string;
}

/** ACLED's columns in the order its exports write them. */
export const ACLED_COLUMNS = [
  'event_date',
  'time_precision',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'country',
  'admin1',
  'admin2',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'notes',
  'fatalities',
] as const;

/**
 * The columns of ACLED's own CSV exports, in their order (those of its 2020 exports with the
 * three added since: disorder_type, civilian_targeting, tags): what the record's ACLED export
 * writes, so that an imported ACLED file comes out as it went in.
 */
export const ACLED_FILE_COLUMNS = [
  'data_id',
  'iso',
  'event_id_cnty',
  'event_id_no_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
  'iso3',
] as const;
export type AcledFileColumn = (typeof ACLED_FILE_COLUMNS)[number];

/** ACLED's file columns that the coding does not hold (ids, codes, admin3...): kept from an imported row. */
export const ACLED_ROW_COLUMNS: readonly AcledFileColumn[] = ACLED_FILE_COLUMNS.filter(
  (c) => !(ACLED_COLUMNS as readonly string[]).includes(c),
);

/** Checks a YYYY-MM-DD date that really exists (2020-02-31 and 2020-13-01 do not). */
export function validDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
