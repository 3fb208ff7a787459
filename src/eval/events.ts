// Event coding evaluation, cross-validated: the notes, headlines and non-event sentences are split
// into k folds; for each fold a model is trained on the others and the held-out texts are coded
// with it, so no figure is ever scored on what it was trained on. Folds by note, or by country
// (every note of a country held out together: "other countries"). Each ACLED note is read as a
// document published on its event date, as the project has always scored it. The report of the figures is events-report.ts.
import { extract } from '../extract/extract.js';
import type { Claim } from '../model/index.js';
import { labelledBundle, noteBundle, type Bundle } from '../extract/learn/examples.js';
import type { GoldRow } from '../extract/learn/gold.js';
import { learnPeriods } from '../extract/learn/periods.js';
import { trainModel, type Family } from '../extract/learn/train.js';
import { hash } from '../extract/learn/words.js';
import { mergePeriods, type Resources } from '../extract/resources.js';
import { haversineKm } from '../geo/distance.js';
import type { TrainingData } from './training-data.js';

export const FIELDS = [
  'event_type',
  'sub_event_type',
  'actor1',
  'actor2',
  'fatalities',
  'event_date',
  'location_25km',
] as const;
export type Field = (typeof FIELDS)[number];

export interface RowResult {
  row: GoldRow;
  country: string;
  event?: Claim;
  correct: Record<Field, boolean>;
  /** The row against its note's first coded event only. */
  strict: Record<Field, boolean>;
  /** The date coded when the note is read as published three days later (the date must come from the text). */
  dateFromText: boolean;
  baseline: Record<'event_type' | 'sub_event_type' | 'actor1' | 'fatalities', boolean>;
}

export interface CvResult {
  by: 'note' | 'country';
  family: Family;
  folds: number;
  rows: RowResult[];
  notes: number;
  eventsCoded: number;
  /** Held-out sentences known to report no event, and how many were coded as one. */
  negatives: Array<{ corpus: string; sentences: number; coded: number }>;
  headlines: { sentences: number; coded: number };
  seconds: number;
}

/** Which fields of an ACLED row an extracted event gets right. */
export function compare(row: GoldRow, e: Claim | undefined): Record<Field, boolean> {
  return {
    event_type: e?.event_type === row.event_type,
    sub_event_type: e?.sub_event_type === row.sub_event_type,
    actor1: !!e && e.actor1 === row.actor1,
    actor2: !!e && e.actor2 === row.actor2,
    fatalities: !!e && e.fatalities === row.fatalities,
    event_date: e?.event_date === row.event_date,
    location_25km:
      !!e &&
      e.latitude !== null &&
      e.longitude !== null &&
      row.latitude !== null &&
      row.longitude !== null &&
      haversineKm(row.latitude, row.longitude, e.latitude, e.longitude) <= 25,
  };
}

/** The extracted event a row is compared with: same sub-event type, else same type, else the first. */
export function matchEvent(row: GoldRow, events: Claim[], used: Set<Claim>): Claim | undefined {
  const free = events.filter((e) => !used.has(e));
  const pool = free.length ? free : events;
  const near = (e: Claim) =>
    e.latitude === null || e.longitude === null || row.latitude === null || row.longitude === null
      ? 1e9
      : haversineKm(row.latitude, row.longitude, e.latitude, e.longitude);
  const by = (pred: (e: Claim) => boolean) => pool.filter(pred).sort((a, b) => near(a) - near(b))[0];
  return (
    by((e) => e.sub_event_type === row.sub_event_type) ??
    by((e) => e.event_type === row.event_type) ??
    pool[0]
  );
}

/** Every training item's examples, built once for all folds. */
export interface Prepared {
  data: TrainingData;
  notes: Bundle[];
  headlines: Bundle[];
  negatives: Bundle[];
  written: Bundle[];
}

export function prepare(data: TrainingData, res: Resources): Prepared {
  const reader = {
    ...res,
    model: undefined,
    periods: mergePeriods(
      learnPeriods(
        data.notes.map((n) => n.note),
        res,
      ),
      res.periods,
    ),
  };
  return {
    data,
    notes: data.notes.map((n) => noteBundle(n.note, reader)),
    headlines: data.headlines.map((h) => labelledBundle(h, reader)),
    negatives: data.negatives.map((h) => labelledBundle(h, reader)),
    written: data.written.map((h) => labelledBundle(h, reader, 3)),
  };
}

const mostCommon = (xs: string[]) => {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
};

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export interface CvOptions {
  folds?: number;
  by?: 'note' | 'country';
  family?: Family;
  seed?: number;
  /** Fit each fold's calibration (inner folds); off, confidences are uncalibrated. */
  calibrate?: boolean;
  log?: (s: string) => void;
}

/** How each item falls in the folds: notes by their text or country, other texts by their text. */
interface Folds {
  k: number;
  noteFold: number[];
  textFold: (t: string) => number;
}

type Tally = { sentences: number; coded: number };

/** k-fold cross-validation of the coder on everything `prepare` read. */
export function crossValidate(p: Prepared, res: Resources, opts: CvOptions = {}): CvResult {
  const { folds = 5, by = 'note', family = 'logistic', seed = 2017, calibrate = true } = opts;
  const started = performance.now();
  const { data } = p;
  const noteFold = data.notes.map((n) => hash(by === 'country' ? n.country : n.note.notes) % folds);
  const textFold = (t: string) => hash(t) % folds;
  const results: RowResult[] = [];
  const negatives = new Map<string, { corpus: string; sentences: number; coded: number }>();
  const headlines = { sentences: 0, coded: 0 };
  let eventsCoded = 0;
  for (let k = 0; k < folds; k++) {
    const f: Folds = { k, noteFold, textFold };
    const trainNotes = data.notes.filter((_, i) => noteFold[i] !== k);
    if (trainNotes.length === data.notes.length) continue;
    const model = trainModel(
      [
        ...p.notes.filter((_, i) => noteFold[i] !== k),
        ...p.headlines.filter((_, i) => textFold(data.headlines[i]!.text) !== k),
        ...p.negatives.filter((_, i) => textFold(data.negatives[i]!.text) !== k),
        ...p.written.filter((_, i) => textFold(data.written[i]!.text) !== k),
      ],
      {
        family,
        seed,
        calibrationFolds: calibrate ? 4 : 0,
        periods: learnPeriods(
          trainNotes.map((n) => n.note),
          res,
        ),
      },
    );
    const coder: Resources = { ...res, model, periods: mergePeriods(model.periods, res.periods) };
    eventsCoded += scoreHeldOutNotes(data, f, coder, trainNotes, results);
    scoreHeldOutTexts(data, f, coder, negatives, headlines);
    opts.log?.(
      `fold ${k + 1}/${folds} (${by}, ${family}): ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }
  return {
    by,
    family,
    folds,
    rows: results,
    notes: data.notes.length,
    eventsCoded,
    negatives: [...negatives.values()],
    headlines,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The fold's held-out notes coded and each of their rows scored, beside the majority baseline of
 * the training notes; returns how many events were coded.
 */
function scoreHeldOutNotes(
  data: TrainingData,
  { k, noteFold }: Folds,
  coder: Resources,
  trainNotes: TrainingData['notes'],
  results: RowResult[],
): number {
  let eventsCoded = 0;
  const trainRows = trainNotes.flatMap((n) => n.note.rows);
  const majority = {
    event_type: mostCommon(trainRows.map((r) => r.event_type)),
    sub_event_type: mostCommon(trainRows.map((r) => r.sub_event_type)),
    actor1: mostCommon(trainRows.map((r) => r.actor1)),
  };
  data.notes.forEach((n, i) => {
    if (noteFold[i] !== k) return;
    const first = n.note.rows[0]!;
    const source = first.source.split(';')[0]?.trim();
    const doc = { id: 'note', text: n.note.notes, published: first.event_date, source };
    const events = extract(doc, coder).events;
    const later = extract({ ...doc, published: addDays(first.event_date, 3) }, coder).events;
    eventsCoded += events.length;
    const used = new Set<Claim>();
    const usedLater = new Set<Claim>();
    for (const row of n.note.rows) {
      const e = matchEvent(row, events, used);
      if (e) used.add(e);
      const l = matchEvent(row, later, usedLater);
      if (l) usedLater.add(l);
      results.push({
        row,
        country: n.country,
        event: e,
        correct: compare(row, e),
        strict: compare(row, events[0]),
        dateFromText: l?.event_date === row.event_date,
        baseline: {
          event_type: majority.event_type === row.event_type,
          sub_event_type: majority.sub_event_type === row.sub_event_type,
          actor1: majority.actor1 === row.actor1,
          fatalities: row.fatalities === 0,
        },
      });
    }
  });
  return eventsCoded;
}

/** The fold's held-out non-events (by corpus, the project's own "none" sentences as "written") and headlines. */
function scoreHeldOutTexts(
  data: TrainingData,
  { k, textFold }: Folds,
  coder: Resources,
  negatives: Map<string, { corpus: string } & Tally>,
  headlines: Tally,
): void {
  const held = (items: Array<{ text: string; published: string }>, tally: Tally) => {
    for (const item of items) {
      if (textFold(item.text) !== k) continue;
      tally.sentences++;
      if (extract({ id: 'x', text: item.text, published: item.published }, coder).events.length)
        tally.coded++;
    }
  };
  for (const corpus of [...new Set(data.negatives.map((x) => x.corpus))]) {
    const t = negatives.get(corpus) ?? { corpus, sentences: 0, coded: 0 };
    held(
      data.negatives.filter((x) => x.corpus === corpus),
      t,
    );
    negatives.set(corpus, t);
  }
  const written = negatives.get('written') ?? { corpus: 'written', sentences: 0, coded: 0 };
  held(
    data.written.filter((x) => x.label === 'none'),
    written,
  );
  negatives.set('written', written);
  held(data.headlines, headlines);
}
