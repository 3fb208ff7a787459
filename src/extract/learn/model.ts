// The learned event coder as a data file: its heads (is it an event, which sub-event type, how
// it reads, which actor plays which role, which toponym and which date), their calibration, and
// the feature set they were trained on. Loaded once as a resource; a file that is missing,
// truncated, edited, of another version or for other features is refused with what to do.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { EVENT_TYPES, type EventType, type SubEventType } from '../../model/index.js';
import { FEATURES } from './features.js';
import type { Linear } from './fit.js';

export const MODEL_FORMAT = 'observatory-event-model';
export const MODEL_VERSION = 1;

export const SUB_EVENT_TYPES = Object.values(EVENT_TYPES).flat() as SubEventType[];
export const EVENT_TYPE_OF = new Map<SubEventType, EventType>(
  Object.entries(EVENT_TYPES).flatMap(([t, subs]) => subs.map((s) => [s as SubEventType, t as EventType])),
);
export const READINGS = ['new', 'negated', 'hypothetical', 'background'] as const;
export type ModelReading = (typeof READINGS)[number];
export const ROLES = ['none', 'actor1', 'actor2', 'assoc1', 'assoc2'] as const;
export type Role = (typeof ROLES)[number];

export interface EventModel {
  /** Is the sentence an event: classes none, event. */
  event: Linear;
  /** Which sub-event type, given that it is one (classes: SUB_EVENT_TYPES). */
  type: Linear;
  reading: Linear;
  /** Each actor mention's role (classes: ROLES). */
  role: Linear;
  /** Rankers over the sentence's toponyms and date mentions, "none" among them. */
  place: Linear;
  date: Linear;
  /** P(event) at or above which a sentence is coded. */
  threshold: number;
  /** The year in state forces' names by country and kind, as the training gold names them ("MX": {"police": 2018}). */
  periods: Record<string, Record<string, number>>;
  about: Record<string, unknown>;
}

export class ModelError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ModelError';
  }
}

interface StoredHead {
  classes: number;
  temperature: number;
  ids: number[];
  /** Weights and biases times 10,000, rounded: integers keep the file exact and small. */
  weights: number[];
  bias: number[];
}

interface StoredModel {
  format: string;
  version: number;
  features: string;
  about: Record<string, unknown>;
  threshold: number;
  periods: Record<string, Record<string, number>>;
  heads: Record<string, StoredHead>;
  /** SHA-256 of the JSON of `heads`, `threshold` and `periods`: a changed or cut file does not load. */
  sha256: string;
}

const HEADS = ['event', 'type', 'reading', 'role', 'place', 'date'] as const;
const CLASSES: Record<(typeof HEADS)[number], number> = {
  event: 2,
  type: SUB_EVENT_TYPES.length,
  reading: READINGS.length,
  role: ROLES.length,
  place: 1,
  date: 1,
};

const storeHead = (h: Linear): StoredHead => ({
  classes: h.classes,
  temperature: Math.round(h.temperature * 1e4) / 1e4,
  ids: [...h.ids],
  weights: Array.from(h.weights, (w) => Math.round(w * 1e4)),
  bias: Array.from(h.bias, (w) => Math.round(w * 1e4)),
});

const digest = (m: Pick<StoredModel, 'heads' | 'threshold' | 'periods'>) =>
  createHash('sha256')
    .update(JSON.stringify([m.heads, m.threshold, m.periods]))
    .digest('hex');

/** The model as the text of its file (one line per head, so a diff shows which changed). */
export function serialiseModel(m: EventModel): string {
  const heads = Object.fromEntries(HEADS.map((h) => [h, storeHead(m[h])]));
  const stored: StoredModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    features: FEATURES,
    about: m.about,
    threshold: m.threshold,
    periods: m.periods,
    heads,
    sha256: digest({ heads, threshold: m.threshold, periods: m.periods }),
  };
  const { heads: _h, ...rest } = stored;
  const body = JSON.stringify(rest, null, 2).replace(/\n}$/, '');
  const lines = HEADS.map((h) => `    ${JSON.stringify(h)}: ${JSON.stringify(heads[h])}`);
  return `${body},\n  "heads": {\n${lines.join(',\n')}\n  }\n}\n`;
}

function loadHead(file: string, name: string, h: StoredHead | undefined): Linear {
  const expected = CLASSES[name as keyof typeof CLASSES];
  if (!h || h.classes !== expected)
    throw new ModelError(file, `head "${name}" is missing or has ${h?.classes} classes, not ${expected}`);
  if (h.weights.length !== h.ids.length * h.classes || h.bias.length !== h.classes)
    throw new ModelError(file, `head "${name}" has ${h.weights.length} weights for ${h.ids.length} features`);
  return {
    classes: h.classes,
    temperature: h.temperature,
    ids: Uint32Array.from(h.ids),
    weights: Float64Array.from(h.weights, (w) => w / 1e4),
    bias: Float64Array.from(h.bias, (w) => w / 1e4),
  };
}

const RETRAIN =
  'retrain it (`npm run train`, or `observatory train --gold FILE --output FILE`) or pass another with --model';

/** Reads and checks a model file. */
export function loadModel(file: string): EventModel {
  if (!existsSync(file)) throw new ModelError(file, `no such model file; ${RETRAIN}`);
  let stored: StoredModel;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredModel;
  } catch (e) {
    throw new ModelError(file, `not a complete JSON file (truncated?): ${(e as Error).message}; ${RETRAIN}`);
  }
  if (stored?.format !== MODEL_FORMAT)
    throw new ModelError(file, `not an event model (format "${stored?.format}"); ${RETRAIN}`);
  if (stored.version !== MODEL_VERSION)
    throw new ModelError(
      file,
      `model version ${stored.version}, this build reads version ${MODEL_VERSION}; ${RETRAIN}`,
    );
  if (stored.features !== FEATURES)
    throw new ModelError(
      file,
      `trained on features "${stored.features}", this build computes "${FEATURES}"; ${RETRAIN}`,
    );
  if (!stored.heads || digest(stored) !== stored.sha256)
    throw new ModelError(file, `its contents do not match its checksum (edited or damaged); ${RETRAIN}`);
  const heads = Object.fromEntries(HEADS.map((h) => [h, loadHead(file, h, stored.heads[h])])) as Record<
    (typeof HEADS)[number],
    Linear
  >;
  return { ...heads, threshold: stored.threshold, periods: stored.periods ?? {}, about: stored.about ?? {} };
}
