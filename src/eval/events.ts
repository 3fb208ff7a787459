// Event coding evaluation on ACLED notes: each note is read as a document published on the event
// date, and the events coded from it are compared with ACLED's rows for that note.
import { extract, type ExtractedEvent } from '../extract/extract.js';
import type { Resources } from '../extract/resources.js';
import { haversineKm } from '../geo/distance.js';
import { readAcled, type AcledRow } from './datasets.js';

export const FIELDS = [
  'event_type',
  'sub_event_type',
  'actor1',
  'fatalities',
  'event_date',
  'location_25km',
] as const;
export type Field = (typeof FIELDS)[number];

export interface RowResult {
  row: AcledRow;
  event?: ExtractedEvent;
  correct: Record<Field, boolean>;
}

export interface EventScores {
  rows: number;
  notes: number;
  /** Rows for which the note yielded no event at all. */
  noEvent: number;
  /** Events coded in all, against rows: above 1 per row means the extractor splits or over-codes. */
  eventsCoded: number;
  accuracy: Record<Field, number>;
  /** The same fields when every row is compared with its note's first coded event only. */
  strictAccuracy: Record<Field, number>;
  /** confusion[gold event_type][predicted event_type or "(none)"] = rows */
  confusion: Record<string, Record<string, number>>;
  results: RowResult[];
  docsPerSecond: number;
}

/** Which fields of an ACLED row an extracted event gets right. */
function compare(row: AcledRow, e: ExtractedEvent | undefined): Record<Field, boolean> {
  return {
    event_type: e?.event_type === row.event_type,
    sub_event_type: e?.sub_event_type === row.sub_event_type,
    actor1: !!e && e.actor1 === row.actor1,
    fatalities: !!e && e.fatalities === row.fatalities,
    event_date: e?.event_date === row.event_date,
    location_25km:
      !!e &&
      e.latitude !== null &&
      e.longitude !== null &&
      haversineKm(row.latitude, row.longitude, e.latitude, e.longitude) <= 25,
  };
}

/** The extracted event a row is compared with: same sub-event type, else same type, else the first. */
export function matchEvent(
  row: AcledRow,
  events: ExtractedEvent[],
  used: Set<ExtractedEvent>,
): ExtractedEvent | undefined {
  const free = events.filter((e) => !used.has(e));
  const pool = free.length ? free : events;
  const near = (e: ExtractedEvent) =>
    e.latitude === null || e.longitude === null
      ? 1e9
      : haversineKm(row.latitude, row.longitude, e.latitude, e.longitude);
  const by = (pred: (e: ExtractedEvent) => boolean) => pool.filter(pred).sort((a, b) => near(a) - near(b))[0];
  return (
    by((e) => e.sub_event_type === row.sub_event_type) ??
    by((e) => e.event_type === row.event_type) ??
    pool[0]
  );
}

export function scoreEvents(path: string, res: Resources): EventScores {
  const rows = readAcled(path);
  const byNote = new Map<string, AcledRow[]>();
  for (const r of rows) byNote.set(r.notes, [...(byNote.get(r.notes) ?? []), r]);
  const results: RowResult[] = [];
  const strict: Array<Record<Field, boolean>> = [];
  const confusion: EventScores['confusion'] = {};
  const started = performance.now();
  let eventsCoded = 0;
  for (const [note, noteRows] of byNote) {
    const first = noteRows[0]!;
    const events = extract(
      { id: 'note', text: note, published: first.event_date, source: first.source.split(';')[0]?.trim() },
      res,
    ).events;
    eventsCoded += events.length;
    const used = new Set<ExtractedEvent>();
    for (const row of noteRows) {
      const e = matchEvent(row, events, used);
      if (e) used.add(e);
      const correct: Record<Field, boolean> = compare(row, e);
      results.push({ row, event: e, correct });
      strict.push(compare(row, events[0]));
      const gold = (confusion[row.event_type] ??= {});
      const predicted = e?.event_type ?? '(none)';
      gold[predicted] = (gold[predicted] ?? 0) + 1;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const strictAccuracy = Object.fromEntries(
    FIELDS.map((f) => [f, strict.filter((c) => c[f]).length / (strict.length || 1)]),
  ) as Record<Field, number>;
  const accuracy = Object.fromEntries(
    FIELDS.map((f) => [f, results.filter((r) => r.correct[f]).length / (results.length || 1)]),
  ) as Record<Field, number>;
  return {
    rows: rows.length,
    notes: byNote.size,
    noEvent: results.filter((r) => !r.event).length,
    eventsCoded,
    strictAccuracy,
    accuracy,
    confusion,
    results,
    docsPerSecond: byNote.size / seconds,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const cell = (s: string) => s.replace(/\|/g, '/').replace(/\s+/g, ' ');

/**
 * The event evaluation as Markdown: accuracy per field and the event-type confusion matrix; with
 * `examplesPerField` > 0, examples of each kind of error (they quote ACLED's notes, so they are for
 * the terminal, not for committed documents).
 */
export function eventReport(s: EventScores, examplesPerField = 0): string {
  const lines = [
    `${s.rows} coded rows from ${s.notes} notes; ${s.eventsCoded} events coded (${(s.eventsCoded / (s.rows || 1)).toFixed(2)} per row); ${s.noEvent} rows got no event from their note. Each row is compared with the coded event of its note that has the same sub-event type, else the same type, else the first.`,
    '',
    '| field | accuracy | against the first coded event only |',
    '|---|---|---|',
    ...FIELDS.map(
      (f) =>
        `| ${f === 'location_25km' ? 'location within 25 km' : f} | ${pct(s.accuracy[f])} | ${pct(s.strictAccuracy[f])} |`,
    ),
    '',
    '### Event type: ACLED (rows) against Observatory (columns)',
    '',
  ];
  const cols = [...new Set(Object.values(s.confusion).flatMap((r) => Object.keys(r)))].sort();
  lines.push(`| ACLED \\ coded | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`);
  for (const [gold, row] of Object.entries(s.confusion).sort())
    lines.push(`| ${gold} | ${cols.map((c) => row[c] ?? 0).join(' | ')} |`);
  if (examplesPerField > 0) lines.push('', '### Examples of each kind of error', '');
  for (const f of FIELDS) {
    const wrong =
      examplesPerField > 0 ? s.results.filter((r) => !r.correct[f]).slice(0, examplesPerField) : [];
    if (wrong.length === 0) continue;
    lines.push(`**${f}**`, '', '| ACLED | Observatory | note (start) |', '|---|---|---|');
    for (const r of wrong) {
      const gold =
        f === 'location_25km'
          ? `${r.row.location} (${r.row.latitude}, ${r.row.longitude})`
          : String(r.row[f === 'event_date' ? 'event_date' : f]);
      const got = !r.event
        ? '(no event)'
        : f === 'location_25km'
          ? `${r.event.location || '(unplaced)'} (${r.event.latitude ?? '-'}, ${r.event.longitude ?? '-'})`
          : String(r.event[f]);
      lines.push(`| ${cell(gold)} | ${cell(got)} | ${cell(r.row.notes.slice(0, 140))}... |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
