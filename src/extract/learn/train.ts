// Training the coder: each head fitted on the examples of the items given, its temperature fitted
// on predictions for items it was not trained on (inner folds), the event threshold set there
// too. Deterministic for a seed: the same items give the same model, byte for byte.
import { mergePeriods, type Resources } from '../resources.js';
import { labelledBundle, noteBundle, type Bundle, type Labelled } from './examples.js';
import type { GoldNote } from './gold.js';
import { learnPeriods } from './periods.js';
import { fitTemperature, type Scored } from './calibrate.js';
import {
  fitPerceptron,
  fitRanker,
  fitSoftmax,
  rows,
  scoresOf,
  type Example,
  type FitOptions,
  type Group,
  type Linear,
} from './fit.js';
import { READINGS, ROLES, SUB_EVENT_TYPES, type EventModel } from './model.js';

export type Family = 'logistic' | 'perceptron';

export interface TrainOptions {
  seed?: number;
  family?: Family;
  /** Inner folds for calibration (0: none). */
  calibrationFolds?: number;
  about?: Record<string, unknown>;
  periods?: EventModel['periods'];
  /** Told after each item is read (`done` of `total`): reading the items is most of training's time. */
  onRead?: (done: number, total: number) => void;
}

type Head = 'event' | 'type' | 'reading' | 'role';
const CLASSES: Record<Head, number> = {
  event: 2,
  type: SUB_EVENT_TYPES.length,
  reading: READINGS.length,
  role: ROLES.length,
};
const OPTIONS: Record<Head | 'place' | 'date', FitOptions> = {
  event: { epochs: 10, minCount: 2 },
  type: { epochs: 6, minCount: 3, l2: 1e-3, rate: 0.1 },
  reading: { epochs: 10, minCount: 2 },
  role: { epochs: 12, minCount: 1 },
  place: { epochs: 10, minCount: 1 },
  date: { epochs: 10, minCount: 1 },
};

function fitHead(head: Head, xs: Example[], family: Family, seed: number): Linear {
  const fit = family === 'perceptron' ? fitPerceptron : fitSoftmax;
  return fit(xs, CLASSES[head], { ...OPTIONS[head], seed });
}

/** Fits every head on the bundles, without calibration. */
function fitAll(bundles: Bundle[], family: Family, seed: number) {
  const all = (k: keyof Bundle) => bundles.flatMap((b) => b[k] as never[]);
  return {
    event: fitHead('event', all('event'), family, seed),
    type: fitHead('type', all('type'), family, seed + 1),
    reading: fitHead('reading', all('reading'), family, seed + 2),
    role: fitHead('role', all('role'), family, seed + 3),
    place: fitRanker(all('place') as Group[], { ...OPTIONS.place, seed: seed + 4 }),
    date: fitRanker(all('date') as Group[], { ...OPTIONS.date, seed: seed + 5 }),
  };
}

/** Out-of-fold scores of each head, for calibration. */
function heldOutScores(bundles: Bundle[], folds: number, family: Family, seed: number) {
  const out: Record<'event' | 'type' | 'reading' | 'role' | 'place' | 'date', Scored[]> = {
    event: [],
    type: [],
    reading: [],
    role: [],
    place: [],
    date: [],
  };
  for (let k = 0; k < folds; k++) {
    const train = bundles.filter((_, i) => i % folds !== k);
    const test = bundles.filter((_, i) => i % folds === k);
    const m = fitAll(train, family, seed);
    for (const head of ['event', 'type', 'reading', 'role'] as const)
      for (const e of test.flatMap((b) => b[head])) {
        const scores = scoresOf(m[head], rows(m[head].ids, e.x));
        out[head].push({ scores, gold: e.y });
      }
    for (const head of ['place', 'date'] as const)
      for (const g of test.flatMap((b) => b[head]))
        out[head].push({
          scores: Float64Array.from(g.candidates, (x) => scoresOf(m[head], rows(m[head].ids, x))[0]!),
          gold: g.gold,
        });
  }
  return out;
}

/** The P(event) threshold that makes the fewest mistakes on held-out sentences, weighing both kinds alike. */
function bestThreshold(scored: Scored[], temperature: number): number {
  const p = scored.map((s) => {
    const z = Math.exp((s.scores[1]! - s.scores[0]!) / temperature);
    return { p: z / (1 + z), y: s.gold };
  });
  const pos = p.filter((x) => x.y === 1).length || 1;
  const neg = p.length - pos || 1;
  let best = 0.5;
  let bestCost = Infinity;
  for (let t = 0.2; t <= 0.8001; t += 0.02) {
    const cost =
      p.filter((x) => x.y === 1 && x.p < t).length / pos +
      p.filter((x) => x.y === 0 && x.p >= t).length / neg;
    if (cost < bestCost - 1e-12) {
      bestCost = cost;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/** Trains a model on the bundles. */
export function trainModel(bundles: Bundle[], opts: TrainOptions = {}): EventModel {
  const { seed = 2017, family = 'logistic', calibrationFolds = 4 } = opts;
  const heads = fitAll(bundles, family, seed);
  let threshold = 0.5;
  if (calibrationFolds > 1) {
    const held = heldOutScores(bundles, calibrationFolds, family, seed);
    for (const head of ['event', 'type', 'reading', 'role', 'place', 'date'] as const)
      heads[head].temperature = fitTemperature(held[head]);
    threshold = bestThreshold(held.event, heads.event.temperature);
  }
  return {
    ...heads,
    threshold,
    periods: opts.periods ?? {},
    about: { family, seed, ...opts.about },
  };
}

/** What a model is trained on: gold notes, and texts labelled otherwise (headlines, non-events, the project's sentences). */
export interface TrainingItems {
  notes: GoldNote[];
  labelled: Array<Labelled & { weight?: number }>;
}

/** Builds every item's examples (the slow part: each is read by the recognisers) and trains. */
export function trainFrom(items: TrainingItems, res: Resources, opts: TrainOptions = {}): EventModel {
  if (res.model)
    throw new Error('training reads text with the rules alone: load resources with { model: false }');
  const periods = opts.periods ?? learnPeriods(items.notes, res);
  // Gold actors are matched by name, so the examples are read with the periods the model will carry.
  const reader = { ...res, periods: mergePeriods(periods, res.periods) };
  const total = items.notes.length + items.labelled.length;
  const bundles: Bundle[] = [];
  for (const n of items.notes) {
    bundles.push(noteBundle(n, reader));
    opts.onRead?.(bundles.length, total);
  }
  for (const l of items.labelled) {
    bundles.push(labelledBundle(l, reader, l.weight ?? 1));
    opts.onRead?.(bundles.length, total);
  }
  return trainModel(bundles, {
    ...opts,
    periods,
    about: {
      notes: items.notes.length,
      rows: items.notes.reduce((n, x) => n + x.rows.length, 0),
      labelled: items.labelled.length,
      ...opts.about,
    },
  });
}
