// The event coding evaluation's report: each field's accuracy by run beside the trivial baseline,
// non-events and headlines, by country and event type, the confusion of types, the calibration of
// the confidences, and examples of each kind of error for the terminal.
import type { ConfidenceField } from '../extract/claim.js';
import { reliability, type Reliability } from '../extract/learn/calibrate.js';
import { FIELDS, type CvResult, type Field, type RowResult } from './events.js';

const share = (xs: RowResult[], f: (r: RowResult) => boolean) =>
  xs.length ? xs.filter(f).length / xs.length : 0;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function accuracy(r: CvResult, field: Field): number {
  return share(r.rows, (x) => x.correct[field]);
}
export const noEventRate = (r: CvResult) => share(r.rows, (x) => !x.event);

const CALIBRATED: Array<[ConfidenceField, Field]> = [
  ['event_type', 'event_type'],
  ['sub_event_type', 'sub_event_type'],
  ['actor1', 'actor1'],
  ['actor2', 'actor2'],
  ['location', 'location_25km'],
  ['event_date', 'event_date'],
];

export function calibration(r: CvResult): Array<{ field: ConfidenceField; rel: Reliability; n: number }> {
  return CALIBRATED.map(([field, f]) => {
    const samples = r.rows
      .filter((x) => x.event?.details.fieldConfidence?.[field] !== undefined)
      .map((x) => ({ confidence: x.event!.details.fieldConfidence![field]!, correct: x.correct[f] }));
    return { field, rel: reliability(samples), n: samples.length };
  });
}

/** The evaluation as Markdown (no note text: ACLED's terms keep it out of committed documents). */
export function cvReport(results: CvResult[]): string {
  const main = results[0]!;
  const lines = [
    ...fieldsTable(results, main),
    ...nonEventsTable(results),
    ...countryTables(results, main),
    ...eventTypeTable(main),
    ...confusionTable(main),
    ...calibrationTable(main),
  ];
  lines.push('', `(${results.map((r) => `${r.by}/${r.family} ${r.seconds.toFixed(0)} s`).join(', ')})`);
  return lines.join('\n');
}

/** Every field right, per run, the trivial baseline under them, and against the first event only. */
function fieldsTable(results: CvResult[], main: CvResult): string[] {
  const lines: string[] = [];
  lines.push(
    '| folds | model | rows | event_type | sub_event_type | actor1 | actor2 | fatalities | event_date | date from the text | location 25 km | no event | events per row |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of results)
    lines.push(
      `| ${r.folds} by ${r.by} | ${r.family} | ${r.rows.length} | ${FIELDS.map((f) => pct(accuracy(r, f)))
        .slice(0, 6)
        .join(
          ' | ',
        )} | ${pct(share(r.rows, (x) => x.dateFromText))} | ${pct(accuracy(r, 'location_25km'))} | ${pct(noEventRate(r))} | ${(r.eventsCoded / (r.rows.length || 1)).toFixed(2)} |`,
    );
  const b = (k: keyof RowResult['baseline']) => pct(share(main.rows, (x) => x.baseline[k]));
  lines.push(
    `| trivial baseline | majority type, sub-type and actor1 of the training folds; "0 deaths"; the publication date | | ${b('event_type')} | ${b('sub_event_type')} | ${b('actor1')} | | ${b('fatalities')} | 100.0% | 0% | | | |`,
  );
  lines.push(
    '',
    `Against the first coded event only (${main.by}, ${main.family}): ${FIELDS.map((f) => `${f} ${pct(share(main.rows, (x) => x.strict[f]))}`).join(', ')}.`,
  );
  return lines;
}

/** Texts that report no event, and SOHR headlines, each coded as an event how often. */
function nonEventsTable(results: CvResult[]): string[] {
  const lines: string[] = [];
  lines.push(
    '',
    '### Texts that report no event, and SOHR headlines (held-out folds)',
    '',
    '| set | sentences | coded as an event |',
    '|---|---|---|',
  );
  for (const r of results) {
    for (const n of r.negatives)
      lines.push(
        `| ${n.corpus} non-events (${r.by}, ${r.family}) | ${n.sentences} | ${pct(n.coded / (n.sentences || 1))} |`,
      );
    lines.push(
      `| SOHR headlines of lethal violence (${r.by}, ${r.family}) | ${r.headlines.sentences} | ${pct(r.headlines.coded / (r.headlines.sentences || 1))} |`,
    );
  }
  return lines;
}

/** The main family's runs by country: the 15 with most rows, the rest together. */
function countryTables(results: CvResult[], main: CvResult): string[] {
  const lines: string[] = [];
  for (const r of results.filter((x) => x.family === main.family)) {
    lines.push(
      '',
      `### By country (${r.folds} folds by ${r.by})`,
      '',
      '| country | rows | event_type | sub_event_type | actor1 | fatalities | no event |',
      '|---|---|---|---|---|---|---|',
    );
    const countries = new Map<string, RowResult[]>();
    for (const x of r.rows) countries.set(x.country, [...(countries.get(x.country) ?? []), x]);
    const top = [...countries].sort((a, c) => c[1].length - a[1].length);
    const other = top.slice(15).flatMap(([, xs]) => xs);
    for (const [c, xs] of [
      ...top.slice(0, 15),
      [`${top.length - 15} other countries`, other] as [string, RowResult[]],
    ])
      lines.push(
        `| ${c} | ${xs.length} | ${pct(share(xs, (x) => x.correct.event_type))} | ${pct(share(xs, (x) => x.correct.sub_event_type))} | ${pct(share(xs, (x) => x.correct.actor1))} | ${pct(share(xs, (x) => x.correct.fatalities))} | ${pct(share(xs, (x) => !x.event))} |`,
      );
  }
  return lines;
}

/** The main run by ACLED event type. */
function eventTypeTable(main: CvResult): string[] {
  const lines: string[] = [];
  lines.push(
    '',
    `### By event type (${main.by}, ${main.family})`,
    '',
    '| ACLED event_type | rows | event_type | sub_event_type | fatalities |',
    '|---|---|---|---|---|',
  );
  const types = [...new Set(main.rows.map((x) => x.row.event_type))].sort();
  for (const t of types) {
    const xs = main.rows.filter((x) => x.row.event_type === t);
    lines.push(
      `| ${t} | ${xs.length} | ${pct(share(xs, (x) => x.correct.event_type))} | ${pct(share(xs, (x) => x.correct.sub_event_type))} | ${pct(share(xs, (x) => x.correct.fatalities))} |`,
    );
  }
  return lines;
}

/** ACLED's event type against the coder's. */
function confusionTable(main: CvResult): string[] {
  const lines: string[] = [];
  lines.push('', `### Event type: ACLED (rows) against the coder (columns), ${main.by}, ${main.family}`, '');
  const confusion: Record<string, Record<string, number>> = {};
  for (const x of main.rows) {
    const g = (confusion[x.row.event_type] ??= {});
    const p = x.event?.event_type ?? '(none)';
    g[p] = (g[p] ?? 0) + 1;
  }
  const cols = [...new Set(Object.values(confusion).flatMap((r) => Object.keys(r)))].sort();
  lines.push(`| ACLED \\ coded | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`);
  for (const [g, row] of Object.entries(confusion).sort())
    lines.push(`| ${g} | ${cols.map((c) => row[c] ?? 0).join(' | ')} |`);
  return lines;
}

/** How well each field's confidence tells how often it is right. */
function calibrationTable(main: CvResult): string[] {
  const lines: string[] = [];
  lines.push(
    '',
    `### Calibration of the per-field confidence (${main.by}, ${main.family})`,
    '',
    '| field | events | expected calibration error | mean confidence | share right |',
    '|---|---|---|---|---|',
  );
  for (const c of calibration(main)) {
    const mean = c.rel.bins.reduce((a, x) => a + x.confidence * x.count, 0) / (c.n || 1);
    const right = c.rel.bins.reduce((a, x) => a + x.accuracy * x.count, 0) / (c.n || 1);
    lines.push(
      `| ${c.field} | ${c.n} | ${c.rel.ece.toFixed(3)} | ${mean.toFixed(2)} | ${right.toFixed(2)} |`,
    );
  }
  return lines;
}

/** Examples of each kind of error, for the terminal only (they quote ACLED's notes). */
export function errorExamples(r: CvResult, perField: number): string {
  const lines: string[] = [];
  for (const f of FIELDS) {
    const wrong = r.rows.filter((x) => !x.correct[f]).slice(0, perField);
    if (!wrong.length) continue;
    lines.push(`**${f}**`, '');
    for (const x of wrong) {
      const gold = f === 'location_25km' ? x.row.location : String(x.row[f]);
      const got = !x.event ? '(no event)' : f === 'location_25km' ? x.event.location : String(x.event[f]);
      lines.push(`- ACLED ${gold} / coded ${got}: ${x.row.notes.slice(0, 160).replace(/\s+/g, ' ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
