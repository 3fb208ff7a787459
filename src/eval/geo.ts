// Geoparsing evaluation: resolution given gold spans, end-to-end recognition and resolution, and
// event location on ACLED notes; other systems' GeoWebNews outputs scored by the same code.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from '../extract/extract.js';
import type { Resources } from '../extract/resources.js';
import { haversineKm } from '../geo/distance.js';
import { DEFAULT_CALIBRATION, type Calibration, type Geoparser } from '../geo/geoparse.js';
import { syriaSection } from './geo-syria-report.js';
import { featureClassSection } from './geo-classes.js';
import { fitResolver } from './geo-train.js';
import { Gazetteer, defaultGazetteerPath, type PointTable } from '../geo/gazetteer.js';
import { FEATURE_COUNT } from '../geo/resolver.js';
import {
  readAcled,
  readGeoVirus,
  readGeoWebNews,
  readLgl,
  readSystemOutput,
  type GoldDocument,
  type GoldToponym,
} from './datasets.js';

/** The largest distance on Earth, in km: a missing answer counts as this far off. */
export const MAX_ERROR_KM = 20039;

export interface DistanceScores {
  n: number;
  /** Share of gold toponyms resolved within 161 km (100 miles). */
  acc161: number;
  meanKm: number;
  medianKm: number;
  /** Area under the curve of log errors, normalised to 0..1 (lower is better; Gritta et al. 2019). */
  auc: number;
  /** Gold toponyms the system gave no answer for. */
  unanswered: number;
}

export function distanceScores(errors: number[], unanswered: number): DistanceScores {
  const n = errors.length;
  if (n === 0) return { n, acc161: 0, meanKm: 0, medianKm: 0, auc: 0, unanswered };
  const sorted = [...errors].sort((a, b) => a - b);
  const median = n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return {
    n,
    acc161: errors.filter((e) => e <= 161).length / n,
    meanKm: errors.reduce((a, b) => a + b, 0) / n,
    medianKm: median,
    auc: errors.reduce((a, e) => a + Math.log(1 + e) / Math.log(1 + MAX_ERROR_KM), 0) / n,
    unanswered,
  };
}

export interface SpanScores {
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  gold: number;
}

export interface EndToEndScores extends SpanScores {
  /** Precision when a predicted span must equal a gold span exactly. */
  exactPrecision: number;
  /** Over gold toponyms with coordinates: found with the exact span and resolved within 161 km. */
  acc161: number;
  geo: DistanceScores;
}

interface Predicted {
  start: number;
  end: number;
  lat: number;
  lon: number;
}

/** Scores predicted toponyms against a set's gold: exact-span recognition and distance. */
export function scoreEndToEnd(docs: GoldDocument[], predicted: Predicted[][]): EndToEndScores {
  let tp = 0;
  let tpExact = 0;
  let nPred = 0;
  let nGold = 0;
  const errors: number[] = [];
  let unanswered = 0;
  docs.forEach((doc, i) => {
    const pred = predicted[i] ?? [];
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
      a.start < b.end && b.start < a.end;
    nPred += pred.length;
    nGold += doc.spans.length;
    tp += pred.filter((p) => doc.spans.some((g) => overlaps(p, g))).length;
    tpExact += pred.filter((p) => doc.spans.some((g) => g.start === p.start && g.end === p.end)).length;
    for (const g of doc.toponyms) {
      // Gritta et al. match a gold toponym by any overlapping predicted span.
      const p = pred.find((x) => x.start === g.start && x.end === g.end) ?? pred.find((x) => overlaps(x, g));
      if (!p) {
        unanswered++;
        errors.push(MAX_ERROR_KM);
      } else errors.push(haversineKm(g.lat, g.lon, p.lat, p.lon));
    }
  });
  const precision = nPred ? tp / nPred : 0;
  const recall = nGold ? tp / nGold : 0;
  const geo = distanceScores(errors, unanswered);
  return {
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    exactPrecision: nPred ? tpExact / nPred : 0,
    predicted: nPred,
    gold: nGold,
    acc161: geo.acc161,
    geo,
  };
}

/** Resolution given the gold spans. */
export function scoreGivenSpans(docs: GoldDocument[], geoparser: Geoparser): DistanceScores {
  const errors: number[] = [];
  let unanswered = 0;
  for (const doc of docs) {
    const resolved = geoparser.resolveSpans(doc.text, doc.toponyms);
    doc.toponyms.forEach((g: GoldToponym, i) => {
      const r = resolved[i];
      if (!r) {
        unanswered++;
        errors.push(MAX_ERROR_KM);
      } else errors.push(haversineKm(g.lat, g.lon, r.place.latitude, r.place.longitude));
    });
  }
  return distanceScores(errors, unanswered);
}

/** Everything the geoparser reports from raw text, demonyms resolved to their country. */
export function predictRaw(docs: GoldDocument[], geoparser: Geoparser): Predicted[][] {
  return docs.map((doc) => {
    const r = geoparser.parse(doc.text);
    const out: Predicted[] = r.toponyms.map((t) => ({
      start: t.span.start,
      end: t.span.end,
      lat: t.place.latitude,
      lon: t.place.longitude,
    }));
    for (const d of r.demonyms)
      out.push({ start: d.span.start, end: d.span.end, lat: d.place.latitude, lon: d.place.longitude });
    return out;
  });
}

export interface AcledLocationScores {
  rows: number;
  /** Rows whose note yields an event placed within 25 km of the coded location. */
  within25: number;
  share: number;
  unplaced: number;
}

/**
 * Event location on ACLED notes: each note is read as a document published on the event date;
 * a row counts when the event the extractor codes from its note (the one of the same event type,
 * else the first) lies within 25 km of ACLED's coordinates.
 */
export function scoreAcledLocations(path: string, res: Resources): AcledLocationScores {
  const rows = readAcled(path);
  let within = 0;
  let unplaced = 0;
  const cache = new Map<string, ReturnType<typeof extract>['events']>();
  for (const row of rows) {
    let events = cache.get(row.notes);
    if (!events) {
      events = extract(
        { id: 'note', text: row.notes, published: row.event_date, source: row.source.split(';')[0]?.trim() },
        res,
      ).events;
      cache.set(row.notes, events);
    }
    const e = events.find((x) => x.event_type === row.event_type) ?? events[0];
    if (!e || e.latitude === null || e.longitude === null) {
      unplaced++;
      continue;
    }
    if (haversineKm(row.latitude, row.longitude, e.latitude, e.longitude) <= 25) within++;
  }
  return { rows: rows.length, within25: within, share: rows.length ? within / rows.length : 0, unplaced };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const km = (x: number) => x.toFixed(0);

/** The weights fitted by the last `runGeoEvaluation`, for `--calibrate` to save. */
export let lastFit: { weights: Calibration; samples: number } | undefined;
/** The resolver's weights and points fitted on all the sets by the last run, for `--train` to save. */
export let lastResolverFit:
  { weights: Record<string, number>; points: PointTable; names: number } | undefined;

type ResolverFit = ReturnType<typeof fitResolver>;

/** Runs every geoparsing evaluation found under `evalDir` and returns a Markdown report. */
export function runGeoEvaluation(
  evalDir: string,
  res: Resources,
  log: (s: string) => void = () => {},
): string {
  const geo = join(evalDir, 'geoparse');
  const sets = goldSets(geo);
  log('resolver: training k-fold (weights and points fitted on the other folds)');
  const fit = fitResolver(
    sets,
    res.geoparser,
    (points, excludeSources) => Gazetteer.reopen(defaultGazetteerPath(), { points, excludeSources }),
    log,
  );
  lastResolverFit = { weights: fit.weights, points: fit.points, names: fit.names };
  const lines = [
    ...resolutionSection(fit),
    ...featureClassSection(sets, fit, res, log),
    ...endToEndSection(sets, fit, geo, log),
  ];
  fit.close();
  lines.push(...calibrationSection(sets, res));
  lines.push(...syriaSection(evalDir, res.geoparser, log));
  lines.push(...acledSection(evalDir, res, log));
  return lines.join('\n');
}

/** The gold sets found under the geoparse folder: GeoWebNews, LGL, GeoVirus. */
function goldSets(geo: string): Array<[string, GoldDocument[]]> {
  const sets: Array<[string, GoldDocument[]]> = [];
  if (existsSync(join(geo, 'GWN.xml'))) sets.push(['GeoWebNews', readGeoWebNews(geo)]);
  if (existsSync(join(geo, 'lgl.xml'))) sets.push(['LGL', readLgl(join(geo, 'lgl.xml'))]);
  if (existsSync(join(geo, 'GeoVirus.xml'))) sets.push(['GeoVirus', readGeoVirus(join(geo, 'GeoVirus.xml'))]);
  return sets;
}

function resolutionSection(fit: ResolverFit): string[] {
  const lines = [
    '### Resolution given the gold spans',
    '',
    `The resolver's weights (${FEATURE_COUNT} features) and GeoNames' points for countries and first-level divisions are fitted on the gold toponyms of the three sets (${fit.names} names with two or more readings). **k-fold**: each document is resolved with weights and points fitted on the other four fifths of the documents, never its own; **shipped**: with those fitted on everything (in-sample). Trivial baseline: the hand-set weights with the registry packages' points.`,
    '',
    '| set | toponyms | acc@161km k-fold | mean km | AUC | no answer | baseline (hand-set) | shipped (in-sample) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const s of fit.sets)
    lines.push(
      `| ${s.name} | ${s.kfold.n} | ${pct(s.kfold.acc161)} | ${km(s.kfold.meanKm)} | ${s.kfold.auc.toFixed(3)} | ${s.kfold.unanswered} | ${pct(s.hand.acc161)} | ${pct(s.inSample.acc161)} |`,
    );
  return lines;
}

/** End to end from raw text, k-fold, with the other systems' outputs on GeoWebNews beside. */
function endToEndSection(
  sets: Array<[string, GoldDocument[]]>,
  fit: ResolverFit,
  geo: string,
  log: (s: string) => void,
): string[] {
  const lines = [
    '',
    '### End to end from raw text',
    '',
    'As Gritta et al. score it: a predicted span matches a gold toponym when they overlap; acc@161km is over all gold toponyms with coordinates, one not found counting as wrong. Exact-span precision is shown beside. Observatory rows are k-fold (each document read with the resolver fitted without it).',
    '',
    '| set | system | span precision | exact-span precision | span recall | span F1 | acc@161km | median km |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, docs] of sets) {
    log(`end to end: ${name}`);
    const ours = scoreEndToEnd(
      docs,
      docs.map((d, i) => predictRaw([d], fit.heldOut(i))[0]!),
    );
    lines.push(
      `| ${name} | Observatory | ${pct(ours.precision)} | ${pct(ours.exactPrecision)} | ${pct(ours.recall)} | ${pct(ours.f1)} | ${pct(ours.acc161)} | ${km(ours.geo.medianKm)} |`,
    );
    if (name !== 'GeoWebNews') continue;
    for (const [sys, file] of [
      ['Edinburgh Geoparser', 'gwn_edin.txt'],
      ['Yahoo! Placemaker', 'gwn_yahoo.txt'],
      ['EMM', 'gwn_emm.txt'],
    ] as const) {
      const path = join(geo, 'other-systems', file);
      if (!existsSync(path)) continue;
      const out = readSystemOutput(path, sys);
      const s = scoreEndToEnd(docs, out.docs);
      lines.push(
        `| ${name} | ${sys} | ${pct(s.precision)} | ${pct(s.exactPrecision)} | ${pct(s.recall)} | ${pct(s.f1)} | ${pct(s.acc161)} | ${km(s.geo.medianKm)} |`,
      );
    }
  }
  return lines;
}

/** Confidence: does a toponym resolved with confidence p turn out right a share p of the time? Sets `lastFit`. */
function calibrationSection(sets: Array<[string, GoldDocument[]]>, res: Resources): string[] {
  const samples = sets
    .filter(([name]) => name !== 'GeoVirus')
    .flatMap(([, docs]) => calibrationSamples(docs, res.geoparser));
  const current = res.geoparser.calibrationWeights();
  const fitted = fitCalibration(samples);
  const now = reliability(samples, current);
  lastFit = { weights: fitted, samples: samples.length };
  return [
    '',
    '### Confidence calibration',
    '',
    `Over the ${samples.length} resolved gold toponyms of GeoWebNews and LGL: expected calibration error ${now.ece.toFixed(3)} with the weights in use (${JSON.stringify(current)}); ${reliability(samples, DEFAULT_CALIBRATION).ece.toFixed(3)} with the untrained defaults; ${reliability(samples, fitted).ece.toFixed(3)} with weights refitted now (\`--calibrate\` writes them).`,
    '',
    '| confidence | toponyms | mean confidence | share correct |',
    '|---|---|---|---|',
    ...now.bins.map(
      (b, i) =>
        `| ${(i / 10).toFixed(1)}-${((i + 1) / 10).toFixed(1)} | ${b.n} | ${b.n ? (b.confidence / b.n).toFixed(2) : '-'} | ${b.n ? (b.correct / b.n).toFixed(2) : '-'} |`,
    ),
  ];
}

function acledSection(evalDir: string, res: Resources, log: (s: string) => void): string[] {
  const acled = join(evalDir, 'acled', 'acled_2020-04-27_2020-05-02_syr_irq_lbn_tur.csv');
  if (!existsSync(acled)) return [];
  log('event location on ACLED notes');
  const a = scoreAcledLocations(acled, res);
  return [
    '',
    '### Event location on ACLED notes',
    '',
    '| rows | within 25 km | share | no placed event |',
    '|---|---|---|---|',
    `| ${a.rows} | ${a.within25} | ${pct(a.share)} | ${a.unplaced} |`,
  ];
}

export interface CalibrationSample {
  score: number;
  margin: number;
  correct: boolean;
}

/** One sample per gold toponym the geoparser resolved: its score, margin, and whether it was within 161 km. */
export function calibrationSamples(docs: GoldDocument[], geoparser: Geoparser): CalibrationSample[] {
  const out: CalibrationSample[] = [];
  for (const doc of docs) {
    const resolved = geoparser.resolveSpans(doc.text, doc.toponyms);
    doc.toponyms.forEach((g, i) => {
      const r = resolved[i];
      if (r)
        out.push({
          score: r.score,
          margin: r.margin,
          correct: haversineKm(g.lat, g.lon, r.place.latitude, r.place.longitude) <= 161,
        });
    });
  }
  return out;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const predict = (w: Calibration, s: CalibrationSample) =>
  sigmoid(w.bias + w.margin * s.margin + w.score * s.score);

/** Logistic regression on (margin, score) by full-batch gradient descent; deterministic. */
export function fitCalibration(samples: CalibrationSample[], iterations = 3000, rate = 0.1): Calibration {
  const w = { bias: 0, margin: 0, score: 0 };
  const n = samples.length || 1;
  for (let it = 0; it < iterations; it++) {
    let gb = 0;
    let gm = 0;
    let gs = 0;
    for (const s of samples) {
      const e = predict(w, s) - (s.correct ? 1 : 0);
      gb += e;
      gm += e * s.margin;
      gs += e * s.score;
    }
    w.bias -= (rate * gb) / n;
    w.margin -= (rate * gm) / n;
    w.score -= (rate * gs) / n;
  }
  return w;
}

/** Expected calibration error over ten equal-width confidence bins, with the bins. */
export function reliability(samples: CalibrationSample[], w: Calibration) {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const s of samples) {
    const p = predict(w, s);
    const b = bins[Math.min(9, Math.floor(p * 10))]!;
    b.n++;
    b.confidence += p;
    b.correct += s.correct ? 1 : 0;
  }
  const ece = bins.reduce(
    (a, b) => a + (b.n ? (b.n / samples.length) * Math.abs(b.confidence / b.n - b.correct / b.n) : 0),
    0,
  );
  return { ece, bins };
}
