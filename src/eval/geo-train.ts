// Trains the resolver's weights on the gold toponyms of the development geoparsing sets and scores
// them k-fold: each fold's documents are resolved with weights fitted on the other folds only.
import { haversineKm } from '../geo/distance.js';
import type { Geoparser } from '../geo/geoparse.js';
import { POINTS_PATH, pointKey, type Gazetteer, type PointTable } from '../geo/gazetteer.js';
import { renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FEATURES, HAND_WEIGHTS, trainResolver, type TrainingName } from '../geo/resolver.js';
import type { GoldDocument } from './datasets.js';
import { scoreGivenSpans, type DistanceScores } from './geo.js';

export const TRAIN_FOLDS = 5;

interface Named {
  set: string;
  doc: number;
  name: TrainingName;
}

/** Every gold toponym with two or more readings, one of them within 161 km of the gold point. */
export function trainingNames(set: string, docs: GoldDocument[], geoparser: Geoparser): Named[] {
  const out: Named[] = [];
  docs.forEach((doc, d) => {
    geoparser.resolveSpans(doc.text, doc.toponyms, [], (i, readings) => {
      const g = doc.toponyms[i]!;
      let correct = -1;
      let best = 161;
      readings.forEach((r, j) => {
        const km = haversineKm(g.lat, g.lon, r.c.latitude, r.c.longitude);
        if (km <= best) {
          best = km;
          correct = j;
        }
      });
      if (correct >= 0 && readings.length > 1)
        out.push({ set, doc: d, name: { features: readings.map((r) => r.x), correct } });
    });
  });
  return out;
}

export interface ResolverFit {
  /**
   * Per set: the hand-set weights and the packages' points; k-fold (weights and points fitted on
   * the other folds' documents only); and all-data weights and points (in-sample).
   */
  sets: Array<{ name: string; hand: DistanceScores; kfold: DistanceScores; inSample: DistanceScores }>;
  weights: Record<string, number>;
  points: PointTable;
  names: number;
  /** The geoparser that never saw a document in training: for the document's fold. */
  heldOut: (doc: number) => Geoparser;
  /** The same over a gazetteer without some of its sources ("ucdp": before the UCDP layer). */
  heldOutWithout: (doc: number, sources: string[]) => Geoparser;
  /** The hand-set weights with the packages' points (the resolver before training). */
  hand: Geoparser;
  close: () => void;
}

/**
 * GeoNames' points for the countries and first-level divisions the gold toponyms of these
 * documents name: a gold toponym whose reading as a country or division lies within 1,500 km of
 * the gold point says where GeoNames puts it; a point needs two toponyms agreeing within 10 km.
 */
export function goldPoints(sets: Array<[string, GoldDocument[]]>, geoparser: Geoparser): PointTable {
  const seen = new Map<string, Array<[number, number]>>();
  for (const [, docs] of sets)
    for (const doc of docs)
      geoparser.resolveSpans(doc.text, doc.toponyms, [], (i, readings) => {
        const g = doc.toponyms[i]!;
        let best: string | undefined;
        let bestKm = Infinity;
        for (const r of readings) {
          const key = pointKey(r.c);
          const km = haversineKm(g.lat, g.lon, r.c.latitude, r.c.longitude);
          // A country's point can be far from another centroid of it; a division's is not.
          const reach = r.c.featureCode === 'PCLI' ? 1500 : 400;
          if (key && r.c.matchKind === 0 && km < reach && km < bestKm) {
            best = key;
            bestKm = km;
          }
        }
        if (best) seen.set(best, [...(seen.get(best) ?? []), [g.lat, g.lon]]);
      });
  const out: PointTable = {};
  for (const [key, pts] of [...seen.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    // The point most of the others agree with.
    let mode: [number, number] | undefined;
    let agree = 1;
    for (const p of pts) {
      const n = pts.filter((q) => haversineKm(p[0], p[1], q[0], q[1]) < 10).length;
      if (n > agree) {
        agree = n;
        mode = p;
      }
    }
    if (mode) out[key] = [Number(mode[0].toFixed(5)), Number(mode[1].toFixed(5))];
  }
  return out;
}

/**
 * Pools the sets' documents, folds them by document, and scores each fold with weights and points
 * fitted on the other folds; `gazetteerWith` opens the default gazetteer with a point table.
 */
export function fitResolver(
  sets: Array<[string, GoldDocument[]]>,
  geoparser: Geoparser,
  gazetteerWith: (points: PointTable, excludeSources?: string[]) => Gazetteer,
  log: (s: string) => void = () => {},
): ResolverFit {
  const opened: Gazetteer[] = [];
  const parserWith = (points: PointTable, weights: number[], exclude?: string[]) => {
    const g = gazetteerWith(points, exclude);
    opened.push(g);
    return geoparser.withGazetteer(g).withWeights(weights);
  };
  const hand = parserWith({}, HAND_WEIGHTS);
  const foldOf = (doc: number) => doc % TRAIN_FOLDS;
  const fit = (keep: (doc: number) => boolean) => {
    const training = sets.map(([n, docs]) => [n, docs.filter((_, d) => keep(d))] as [string, GoldDocument[]]);
    const points = goldPoints(training, hand);
    const withPoints = parserWith(points, HAND_WEIGHTS);
    const named = training.flatMap(([set, docs]) => trainingNames(set, docs, withPoints));
    return { points, weights: trainResolver(named.map((n) => n.name)), names: named.length };
  };
  const folds: Geoparser[] = [];
  const models: Array<{ points: PointTable; weights: number[] }> = [];
  for (let f = 0; f < TRAIN_FOLDS; f++) {
    log(`resolver: fold ${f + 1} of ${TRAIN_FOLDS}`);
    const m = fit((d) => foldOf(d) !== f);
    models.push(m);
    folds.push(parserWith(m.points, m.weights));
  }
  const without = new Map<string, Geoparser>();
  log('resolver: all data');
  const all = fit(() => true);
  const allParser = parserWith(all.points, all.weights);
  const out: ResolverFit['sets'] = [];
  for (const [name, docs] of sets) {
    const parts: DistanceScores[] = [];
    for (let f = 0; f < TRAIN_FOLDS; f++)
      parts.push(
        scoreGivenSpans(
          docs.filter((_, d) => foldOf(d) === f),
          folds[f]!,
        ),
      );
    out.push({
      name,
      hand: scoreGivenSpans(docs, hand),
      kfold: pooled(parts),
      inSample: scoreGivenSpans(docs, allParser),
    });
  }
  return {
    heldOut: (doc) => folds[foldOf(doc)]!,
    heldOutWithout: (doc, sources) => {
      const key = `${foldOf(doc)}|${sources.join(',')}`;
      let p = without.get(key);
      if (!p) {
        const m = models[foldOf(doc)]!;
        p = parserWith(m.points, m.weights, sources);
        without.set(key, p);
      }
      return p;
    },
    hand,
    close: () => opened.forEach((g) => g.close()),
    sets: out,
    weights: Object.fromEntries(FEATURES.map(([n], i) => [n, Number(all.weights[i]!.toFixed(4))])),
    points: all.points,
    names: all.names,
  };
}

/** Folds' scores combined as if scored together (weighted by toponyms). */
function pooled(parts: DistanceScores[]): DistanceScores {
  const n = parts.reduce((a, p) => a + p.n, 0) || 1;
  const mean = (k: 'acc161' | 'meanKm' | 'auc') => parts.reduce((a, p) => a + p[k] * p.n, 0) / n;
  return {
    n,
    acc161: mean('acc161'),
    meanKm: mean('meanKm'),
    // The median of the pooled errors is not kept per fold; the folds' weighted median stands in.
    medianKm: parts.reduce((a, p) => a + p.medianKm * p.n, 0) / n,
    auc: mean('auc'),
    unanswered: parts.reduce((a, p) => a + p.unanswered, 0),
  };
}

/** Writes the fitted weights and points where the geoparser reads them by default; returns the paths. */
export function writeResolverFiles(fit: {
  weights: Record<string, number>;
  points: PointTable;
  names: number;
}): string[] {
  const weightsPath = fileURLToPath(new URL('../../data/geo-resolver.json', import.meta.url));
  const files: Array<[string, unknown]> = [
    [
      weightsPath,
      {
        about:
          "The geoparser resolver's feature weights (src/geo/resolver.ts), a conditional logit over each name's readings fitted by `observatory eval geo --train` on the gold toponyms of GeoWebNews, LGL and GeoVirus (development sets). Numbers only; delete the file to fall back to the hand-set weights.",
        fitted_on: fit.names,
        weights: fit.weights,
      },
    ],
    [
      POINTS_PATH,
      {
        about:
          "GeoNames' points (geonames.org, CC BY 4.0) for countries (by ISO code) and first-level divisions (CC.name), as the gold toponyms of the development geoparsing sets place them: written by `observatory eval geo --train`; a point needs two gold toponyms agreeing within 10 km.",
        points: fit.points,
      },
    ],
  ];
  for (const [path, body] of files) {
    writeFileSync(`${path}.tmp`, `${JSON.stringify(body, null, 1)}\n`);
    renameSync(`${path}.tmp`, path);
  }
  return files.map(([p]) => p);
}
