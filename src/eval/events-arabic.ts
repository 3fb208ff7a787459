// Event coding on Arabic bulletin-style reports written for the project (eval/arabic): each
// report coded by the shipped model, which is trained on English gold only, and scored field by
// field against its hand coding, with the evidence checked against the hand-marked spans and a
// trivial baseline beside every figure. The reports were written while the Arabic lexicons were,
// so these are development figures, not held-out ones.
import { readFileSync } from 'node:fs';
import { extract } from '../extract/extract.js';
import type { Claim } from '../model/index.js';
import type { Resources } from '../extract/resources.js';
import type { Span } from '../model/index.js';

export interface ArabicGoldEvent {
  event_type: string;
  sub_event_type: string;
  actor1: string;
  actor2: string;
  fatalities: number;
  event_date: string;
  admin1: string;
  /** The words each field rests on, as they appear in the text. */
  spans: Partial<Record<'event_type' | 'actor1' | 'fatalities' | 'event_date', string>>;
}

export interface ArabicReport {
  id: string;
  published: string;
  text: string;
  events: ArabicGoldEvent[];
}

export class ArabicGoldError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'ArabicGoldError';
  }
}

/** Reads the reports, one JSON object a line; a line that is not a report names its line. */
export function readArabicReports(file: string): ArabicReport[] {
  const out: ArabicReport[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let r: ArabicReport;
      try {
        r = JSON.parse(line) as ArabicReport;
      } catch (e) {
        throw new ArabicGoldError(file, i + 1, `not JSON: ${(e as Error).message}`);
      }
      if (
        typeof r.text !== 'string' ||
        !/^\d{4}-\d\d-\d\d$/.test(r.published ?? '') ||
        !Array.isArray(r.events)
      )
        throw new ArabicGoldError(
          file,
          i + 1,
          'a report needs "text", "published" (YYYY-MM-DD) and "events"',
        );
      for (const e of r.events)
        for (const [field, words] of Object.entries(e.spans ?? {}))
          if (words && !r.text.includes(words))
            throw new ArabicGoldError(file, i + 1, `the ${field} span "${words}" is not in the text`);
      out.push(r);
    });
  return out;
}

export const ARABIC_FIELDS = [
  'event',
  'event_type',
  'sub_event_type',
  'actor1',
  'actor2',
  'fatalities',
  'event_date',
  'admin1',
  'evidence',
] as const;
type ArabicField = (typeof ARABIC_FIELDS)[number];

export interface ArabicScore {
  reports: number;
  events: number;
  nonEvents: number;
  /** Non-event reports coded with an event. */
  falseEvents: number;
  correct: Record<ArabicField, number>;
  baseline: Partial<Record<ArabicField, number>>;
  /** Reports the coder refused (a warning and no events), by warning. */
  refused: number;
  seconds: number;
  misses: Array<{ id: string; field: ArabicField; gold: string; coded: string }>;
  /** By the hand-coded event type: events, and how many had their type and sub-type right. */
  byType: Map<string, { events: number; type: number; sub: number }>;
}

const overlaps = (a: Span, start: number, end: number) => a.start < end && start < a.end;

const mostCommon = (xs: string[]) => {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
};

/** Codes every report and scores it; the gold event is matched to the coded event of its sub-type, else its type, else the first. */
export function scoreArabic(reports: ArabicReport[], res: Resources): ArabicScore {
  const started = performance.now();
  const correct = Object.fromEntries(ARABIC_FIELDS.map((f) => [f, 0])) as Record<ArabicField, number>;
  const golds = reports.flatMap((r) => r.events);
  const majority = {
    type: mostCommon(golds.map((g) => g.event_type)),
    sub: mostCommon(golds.map((g) => g.sub_event_type)),
    actor1: mostCommon(golds.map((g) => g.actor1)),
  };
  const baseline: Partial<Record<ArabicField, number>> = {
    event: golds.length,
    event_type: golds.filter((g) => g.event_type === majority.type).length,
    sub_event_type: golds.filter((g) => g.sub_event_type === majority.sub).length,
    actor1: golds.filter((g) => g.actor1 === majority.actor1).length,
    fatalities: golds.filter((g) => g.fatalities === 0).length,
    event_date: 0,
  };
  const misses: ArabicScore['misses'] = [];
  const byType: ArabicScore['byType'] = new Map();
  let falseEvents = 0;
  let refused = 0;
  for (const r of reports) {
    baseline.event_date! += r.events.filter((g) => g.event_date === r.published).length;
    const result = extract({ id: r.id, text: r.text, published: r.published }, res);
    if (result.events.length === 0 && result.warnings.length) refused++;
    if (r.events.length === 0) {
      if (result.events.length) falseEvents++;
      continue;
    }
    for (const g of r.events) {
      const e: Claim | undefined =
        result.events.find((x) => x.sub_event_type === g.sub_event_type) ??
        result.events.find((x) => x.event_type === g.event_type) ??
        result.events[0];
      const at = g.spans.event_type ? r.text.indexOf(g.spans.event_type) : -1;
      const got: Record<ArabicField, [boolean, string, string]> = {
        event: [!!e, 'an event', e ? 'an event' : 'none'],
        event_type: [e?.event_type === g.event_type, g.event_type, e?.event_type ?? ''],
        sub_event_type: [e?.sub_event_type === g.sub_event_type, g.sub_event_type, e?.sub_event_type ?? ''],
        actor1: [!!e && e.actor1 === g.actor1, g.actor1, e?.actor1 ?? ''],
        actor2: [!!e && e.actor2 === g.actor2, g.actor2, e?.actor2 ?? ''],
        fatalities: [!!e && e.fatalities === g.fatalities, String(g.fatalities), String(e?.fatalities ?? '')],
        event_date: [e?.event_date === g.event_date, g.event_date, e?.event_date ?? ''],
        admin1: [!!e && (e.admin1 ?? '') === g.admin1, g.admin1, e?.admin1 ?? ''],
        // The coded event's evidence marks the words the event wording is written in.
        evidence: [
          !!e && at >= 0 && e.evidence.some((s) => overlaps(s, at, at + g.spans.event_type!.length)),
          g.spans.event_type ?? '',
          e?.evidence.map((s) => s.text).join(' / ') ?? '',
        ],
      };
      const t = byType.get(g.event_type) ?? { events: 0, type: 0, sub: 0 };
      t.events++;
      if (got.event_type[0]) t.type++;
      if (got.sub_event_type[0]) t.sub++;
      byType.set(g.event_type, t);
      for (const f of ARABIC_FIELDS) {
        const [ok, gold, coded] = got[f];
        if (ok) correct[f]++;
        else misses.push({ id: r.id, field: f, gold, coded });
      }
    }
  }
  return {
    reports: reports.length,
    events: golds.length,
    nonEvents: reports.filter((r) => r.events.length === 0).length,
    falseEvents,
    correct,
    baseline,
    refused,
    seconds: (performance.now() - started) / 1000,
    misses,
    byType,
  };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

/** The scores as a Markdown table, the trivial baseline beside. */
export function arabicReport(s: ArabicScore, examples = 0): string {
  const lines = [
    `Arabic bulletins: ${s.reports} reports, ${s.events} events, ${s.nonEvents} reports of no event (development set: written while the lexicons were)`,
    '',
    `| | ${ARABIC_FIELDS.join(' | ')} | non-events coded |`,
    `|---|${ARABIC_FIELDS.map(() => '---').join('|')}|---|`,
    `| coder | ${ARABIC_FIELDS.map((f) => pct(s.correct[f], s.events)).join(' | ')} | ${pct(s.falseEvents, s.nonEvents)} |`,
    `| trivial baseline | ${ARABIC_FIELDS.map((f) => (s.baseline[f] === undefined ? '' : pct(s.baseline[f]!, s.events))).join(' | ')} | 100% |`,
    '',
    'Baseline: an event for every report; the majority type, sub-type and actor1 of the set; "0 deaths"; the publication date.',
    `(${s.seconds.toFixed(1)} s, ${((1000 * s.seconds) / Math.max(1, s.reports)).toFixed(1)} ms a report)`,
  ];
  lines.push('', '| hand-coded event type | events | event_type | sub_event_type |', '|---|---|---|---|');
  for (const [type, t] of [...s.byType].sort((a, b) => a[0].localeCompare(b[0])))
    lines.push(`| ${type} | ${t.events} | ${pct(t.type, t.events)} | ${pct(t.sub, t.events)} |`);
  if (examples > 0) {
    lines.push('', '| report | field | hand-coded | coded |', '|---|---|---|---|');
    const byField = new Map<string, number>();
    for (const m of s.misses) {
      const n = byField.get(m.field) ?? 0;
      if (n >= examples) continue;
      byField.set(m.field, n + 1);
      lines.push(`| ${m.id} | ${m.field} | ${m.gold} | ${m.coded} |`);
    }
  }
  return lines.join('\n');
}
