// Linear learners over hashed sparse features, deterministic for a seed: multinomial logistic
// regression (AdaGrad, L2), the averaged perceptron (for comparison), and a listwise ranker that
// picks one candidate of several (which toponym, which date). Weights are rounded when kept, so a
// model trains byte for byte the same on a rerun.

/** One example: the ids of the features that fire, its class, and how much it counts. */
export interface Example {
  x: Uint32Array;
  y: number;
  weight?: number;
}

/** Candidates of one decision, each its feature ids; `gold` indexes the right one. */
export interface Group {
  candidates: Uint32Array[];
  gold: number;
}

/** A linear model: feature id -> row of per-class weights, and a bias per class. */
export interface Linear {
  classes: number;
  /** Feature ids, ascending; row i of `weights` belongs to ids[i]. */
  ids: Uint32Array;
  weights: Float64Array;
  bias: Float64Array;
  /** Scores are divided by it before the softmax (calibration; 1 when not calibrated). */
  temperature: number;
}

export interface FitOptions {
  epochs?: number;
  /** L2 strength per update. */
  l2?: number;
  rate?: number;
  seed?: number;
  /** Features seen in fewer examples are dropped. */
  minCount?: number;
}

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  const rnd = random(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Feature ids seen in at least `minCount` of the given feature lists, ascending. */
export function vocabulary(lists: Iterable<Uint32Array>, minCount: number): Uint32Array {
  const counts = new Map<number, number>();
  for (const x of lists) for (const f of new Set(x)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= minCount).map(([f]) => f);
  return Uint32Array.from(kept).sort();
}

/** Row index of each feature id (-1 when unknown), by binary search over the sorted ids. */
export function rowOf(ids: Uint32Array, f: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid]!;
    if (v === f) return mid;
    if (v < f) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

const indexes = new WeakMap<Uint32Array, Map<number, number>>();
/**
 * Row of each feature id, as a hash map built once per model. Keys are the ids as signed 32-bit
 * integers, which V8 keeps unboxed (a uint32 above 2^31 would be a heap number, several times slower).
 */
function indexOf(ids: Uint32Array): Map<number, number> {
  let ix = indexes.get(ids);
  if (!ix) {
    ix = new Map();
    ids.forEach((f, i) => ix!.set(f | 0, i));
    indexes.set(ids, ix);
  }
  return ix;
}

/** The known rows of an example's features (feature lists hold each id once). */
export function rows(ids: Uint32Array, x: Uint32Array): number[] {
  const ix = indexOf(ids);
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const r = ix.get(x[i]! | 0);
    if (r !== undefined) out.push(r);
  }
  return out;
}

/** The row of one feature id, or undefined when the model does not know it. */
export function rowIn(ids: Uint32Array, f: number): number | undefined {
  return indexOf(ids).get(f | 0);
}

export function scoresOf(m: Linear, rs: number[]): Float64Array {
  const s = new Float64Array(m.bias);
  const k = m.classes;
  const w = m.weights;
  for (let i = 0; i < rs.length; i++) {
    const at = rs[i]! * k;
    for (let c = 0; c < k; c++) s[c]! += w[at + c]!;
  }
  return s;
}

export function softmax(s: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of s) max = Math.max(max, v / temperature);
  const p = new Float64Array(s.length);
  let z = 0;
  for (let i = 0; i < s.length; i++) z += p[i] = Math.exp(s[i]! / temperature - max);
  for (let i = 0; i < s.length; i++) p[i]! /= z;
  return p;
}

/** Class probabilities of one example's features. */
export function predict(m: Linear, x: Uint32Array): Float64Array {
  return softmax(scoresOf(m, rows(m.ids, x)), m.temperature);
}

const round = (w: Float64Array) => w.map((v) => Math.round(v * 1e4) / 1e4);

/** Multinomial logistic regression by AdaGrad with L2 on the rows an example touches. */
export function fitSoftmax(examples: Example[], classes: number, opts: FitOptions = {}): Linear {
  const { epochs = 12, l2 = 1e-4, rate = 0.3, seed = 1, minCount = 2 } = opts;
  const ids = vocabulary(
    examples.map((e) => e.x),
    minCount,
  );
  const data = examples.map((e) => ({ rs: rows(ids, e.x), y: e.y, w: e.weight ?? 1 }));
  const weights = new Float64Array(ids.length * classes);
  const g2 = new Float64Array(ids.length * classes).fill(1e-8);
  const bias = new Float64Array(classes);
  const b2 = new Float64Array(classes).fill(1e-8);
  const m: Linear = { classes, ids, weights, bias, temperature: 1 };
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const e of shuffled(data, seed * 1000 + epoch)) {
      const p = softmax(scoresOf(m, e.rs));
      for (let c = 0; c < classes; c++) {
        const g = e.w * (p[c]! - (c === e.y ? 1 : 0));
        b2[c]! += g * g;
        bias[c]! -= (rate * g) / Math.sqrt(b2[c]!);
        for (const r of e.rs) {
          const k = r * classes + c;
          const gk = g + l2 * weights[k]!;
          g2[k]! += gk * gk;
          weights[k]! -= (rate * gk) / Math.sqrt(g2[k]!);
        }
      }
    }
  }
  return { classes, ids, weights: round(weights), bias: round(bias), temperature: 1 };
}

/** The multiclass averaged perceptron (Collins 2002): the baseline model family. */
export function fitPerceptron(examples: Example[], classes: number, opts: FitOptions = {}): Linear {
  const { epochs = 10, seed = 1, minCount = 2 } = opts;
  const ids = vocabulary(
    examples.map((e) => e.x),
    minCount,
  );
  const data = examples.map((e) => ({ rs: rows(ids, e.x), y: e.y }));
  const w = new Float64Array(ids.length * classes);
  const total = new Float64Array(ids.length * classes);
  const stamp = new Float64Array(ids.length * classes);
  const bias = new Float64Array(classes);
  const biasTotal = new Float64Array(classes);
  const biasStamp = new Float64Array(classes);
  const m: Linear = { classes, ids, weights: w, bias, temperature: 1 };
  let t = 0;
  const bump = (arr: Float64Array, tot: Float64Array, st: Float64Array, k: number, by: number) => {
    tot[k]! += (t - st[k]!) * arr[k]!;
    st[k] = t;
    arr[k]! += by;
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const e of shuffled(data, seed * 1000 + epoch)) {
      t++;
      const s = scoresOf(m, e.rs);
      let guess = 0;
      for (let c = 1; c < classes; c++) if (s[c]! > s[guess]!) guess = c;
      if (guess === e.y) continue;
      for (const [c, by] of [
        [e.y, 1],
        [guess, -1],
      ] as const) {
        bump(bias, biasTotal, biasStamp, c, by);
        for (const r of e.rs) bump(w, total, stamp, r * classes + c, by);
      }
    }
  }
  const avg = (arr: Float64Array, tot: Float64Array, st: Float64Array) =>
    arr.map((v, k) => (tot[k]! + (t - st[k]!) * v) / Math.max(1, t));
  return {
    classes,
    ids,
    weights: round(avg(w, total, stamp)),
    bias: round(avg(bias, biasTotal, biasStamp)),
    temperature: 1,
  };
}

/** A listwise ranker: one weight per feature, softmax over each group's candidates. */
export function fitRanker(groups: Group[], opts: FitOptions = {}): Linear {
  const { epochs = 10, l2 = 1e-4, rate = 0.3, seed = 1, minCount = 2 } = opts;
  const ids = vocabulary(
    groups.flatMap((g) => g.candidates),
    minCount,
  );
  const data = groups.map((g) => ({ cs: g.candidates.map((x) => rows(ids, x)), gold: g.gold }));
  const weights = new Float64Array(ids.length);
  const g2 = new Float64Array(ids.length).fill(1e-8);
  const m: Linear = { classes: 1, ids, weights, bias: new Float64Array(1), temperature: 1 };
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const g of shuffled(data, seed * 1000 + epoch)) {
      const s = Float64Array.from(g.cs, (rs) => scoresOf(m, rs)[0]!);
      const p = softmax(s);
      const grad = new Map<number, number>();
      g.cs.forEach((rs, i) => {
        const d = p[i]! - (i === g.gold ? 1 : 0);
        for (const r of rs) grad.set(r, (grad.get(r) ?? 0) + d);
      });
      for (const [r, d] of grad) {
        const gk = d + l2 * weights[r]!;
        g2[r]! += gk * gk;
        weights[r]! -= (rate * gk) / Math.sqrt(g2[r]!);
      }
    }
  }
  return { classes: 1, ids, weights: round(weights), bias: new Float64Array(1), temperature: 1 };
}

/** Each candidate's probability of being the one, in a ranker. */
export function rank(m: Linear, candidates: Uint32Array[]): Float64Array {
  return softmax(
    Float64Array.from(candidates, (x) => scoresOf(m, rows(m.ids, x))[0]!),
    m.temperature,
  );
}
