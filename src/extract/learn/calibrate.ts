// Calibration of a head's probabilities: one temperature fitted on predictions for examples the
// head was not trained on (Guo et al. 2017), and the expected calibration error that measures it.
import { softmax } from './fit.js';

/** Scores (before the softmax) of one example, and the index of its right class. */
export interface Scored {
  scores: Float64Array;
  gold: number;
}

const nll = (xs: Scored[], t: number) =>
  xs.reduce((acc, x) => acc - Math.log(Math.max(1e-12, softmax(x.scores, t)[x.gold]!)), 0);

/** The temperature in [0.25, 8] that minimises the negative log-likelihood (golden-section search on its log). */
export function fitTemperature(xs: Scored[]): number {
  if (xs.length < 20) return 1;
  let lo = Math.log(0.25);
  let hi = Math.log(8);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (nll(xs, Math.exp(a)) < nll(xs, Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.round(Math.exp((lo + hi) / 2) * 1e4) / 1e4;
}

export interface Reliability {
  /** Expected calibration error: the mean gap between confidence and accuracy, weighted by bin size. */
  ece: number;
  bins: Array<{ from: number; count: number; confidence: number; accuracy: number }>;
}

/** How often a value given with confidence c was right, in ten bins. */
export function reliability(samples: Array<{ confidence: number; correct: boolean }>): Reliability {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, count: 0, confidence: 0, accuracy: 0 }));
  for (const s of samples) {
    const b = bins[Math.min(9, Math.floor(s.confidence * 10))]!;
    b.count++;
    b.confidence += s.confidence;
    b.accuracy += s.correct ? 1 : 0;
  }
  let ece = 0;
  for (const b of bins) {
    if (b.count === 0) continue;
    ece += (b.count / samples.length) * Math.abs(b.confidence / b.count - b.accuracy / b.count);
    b.confidence /= b.count;
    b.accuracy /= b.count;
  }
  return { ece, bins };
}
