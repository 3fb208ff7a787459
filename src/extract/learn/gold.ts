// Training gold in ACLED's format: any CSV with ACLED's columns and a `notes` summary per event
// (an ACLED export, the analysts' reviewed events from GET /api/reviews/export.csv). A bad row is
// reported by file and line and left out; the rest is used.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { EVENT_TYPES, type EventType, type SubEventType } from '../../model/index.js';
import { acledDate } from '../../ingest/tables/acled.js';

export interface GoldRow {
  /** "file:line" of the row, for messages. */
  where: string;
  notes: string;
  event_date: string;
  event_type: EventType;
  sub_event_type: SubEventType;
  actor1: string;
  assoc_actor_1: string;
  actor2: string;
  assoc_actor_2: string;
  country: string;
  location: string;
  latitude: number | null;
  longitude: number | null;
  fatalities: number;
  source: string;
}

export interface GoldFile {
  rows: GoldRow[];
  errors: string[];
}

const REQUIRED = ['notes', 'event_date', 'event_type', 'sub_event_type'];

type GoldRecord = { record: Record<string, string>; info: { lines: number } };

/** Reads one gold CSV; throws only when the file cannot be read or lacks the columns training needs. */
export function readGold(file: string): GoldFile {
  const records = goldRecords(file);
  const rows: GoldRow[] = [];
  const errors: string[] = [];
  // A record's line is where it starts: one after where the one before it ended.
  let ended = 1;
  for (const { record, info } of records) {
    const where = `${file}:${ended + 1}`;
    ended = info.lines;
    const row = goldRow(record, where);
    if (typeof row === 'string') errors.push(`${where}: ${row}; row left out`);
    else rows.push(row);
  }
  return { rows, errors };
}

/** The file's records, its header checked for the columns training needs. */
function goldRecords(file: string): GoldRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot be read (${(e as Error).message})`, { cause: e });
  }
  let records: GoldRecord[];
  try {
    records = parse(text, {
      columns: true,
      skip_empty_lines: true,
      info: true,
      relax_column_count: true,
      bom: true,
    });
  } catch (e) {
    throw new Error(`${file}: not a CSV file (${(e as Error).message})`, { cause: e });
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (records.length && missing.length)
    throw new Error(
      `${file}: no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}; training needs ACLED's columns with notes`,
    );
  return records;
}

/** One record as a gold row, or why it is left out. */
function goldRow(r: Record<string, string>, where: string): GoldRow | string {
  const notes = (r.notes ?? '').trim();
  if (!notes) return 'no notes';
  const date = acledDate(r.event_date ?? '');
  if (!date) return `event_date "${r.event_date}" is not a date`;
  const type = (r.event_type ?? '').trim() as EventType;
  const subs = EVENT_TYPES[type] as readonly string[] | undefined;
  if (!subs) return `unknown event_type "${r.event_type}"`;
  const sub = (r.sub_event_type ?? '').trim();
  if (!subs.includes(sub)) return `"${sub}" is not a sub-event type of ${type}`;
  const num = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : Number(v));
  const lat = num(r.latitude);
  const lon = num(r.longitude);
  const fatalities = num(r.fatalities) ?? 0;
  if (!Number.isFinite(fatalities) || fatalities < 0) return `fatalities "${r.fatalities}" is not a count`;
  return {
    where,
    notes,
    event_date: date,
    event_type: type,
    sub_event_type: sub as SubEventType,
    actor1: (r.actor1 ?? '').trim(),
    assoc_actor_1: (r.assoc_actor_1 ?? '').trim(),
    actor2: (r.actor2 ?? '').trim(),
    assoc_actor_2: (r.assoc_actor_2 ?? '').trim(),
    country: (r.country ?? '').trim(),
    location: (r.location ?? '').trim(),
    latitude: lat !== null && Number.isFinite(lat) ? lat : null,
    longitude: lon !== null && Number.isFinite(lon) ? lon : null,
    fatalities,
    source: (r.source ?? '').trim(),
  };
}

/** A note and the rows coded from it (one note can stand behind several rows). */
export interface GoldNote {
  notes: string;
  rows: GoldRow[];
}

export function byNote(rows: GoldRow[]): GoldNote[] {
  const map = new Map<string, GoldRow[]>();
  for (const r of rows) map.set(r.notes, [...(map.get(r.notes) ?? []), r]);
  return [...map].map(([notes, rs]) => ({ notes, rows: rs }));
}
