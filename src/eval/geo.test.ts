import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CALIBRATION } from '../geo/geoparse.js';
import {
  MAX_ERROR_KM,
  distanceScores,
  fitCalibration,
  reliability,
  scoreEndToEnd,
  type CalibrationSample,
} from './geo.js';

test('distance scores: acc@161km, median, AUC, unanswered counted at the maximum error', () => {
  const s = distanceScores([0, 100, 200, MAX_ERROR_KM], 1);
  assert.equal(s.acc161, 0.5);
  assert.equal(s.medianKm, 150);
  assert.equal(s.unanswered, 1);
  assert.ok(s.auc > 0.25 && s.auc < 1);
  assert.equal(distanceScores([0, 0], 0).auc, 0);
});

test('end-to-end scoring matches overlapping spans and counts misses as wrong', () => {
  const docs = [
    {
      id: 'd',
      text: 'x',
      toponyms: [
        { start: 0, end: 10, text: 'New Orleans', lat: 29.95, lon: -90.07 },
        { start: 20, end: 25, text: 'Paris', lat: 48.85, lon: 2.35 },
      ],
      spans: [
        { start: 0, end: 10 },
        { start: 20, end: 25 },
        { start: 30, end: 35 },
      ],
    },
  ];
  const s = scoreEndToEnd(docs, [
    [
      { start: 4, end: 10, lat: 29.9, lon: -90.1 },
      { start: 40, end: 44, lat: 0, lon: 0 },
    ],
  ]);
  assert.equal(s.precision, 0.5);
  assert.equal(s.exactPrecision, 0);
  assert.equal(s.recall, 1 / 3);
  assert.equal(s.acc161, 0.5);
  assert.equal(s.geo.unanswered, 1);
});

test('fitted confidence weights are better calibrated than the defaults on the data they fit', () => {
  // Synthetic: a reading is right more often the larger its lead, never certain.
  const samples: CalibrationSample[] = [];
  for (let i = 0; i < 2000; i++) {
    const margin = (i % 50) / 10;
    const score = 1 + (i % 7) / 3;
    samples.push({ margin, score, correct: (i * 7919) % 100 < 30 + margin * 12 });
  }
  const fitted = fitCalibration(samples);
  assert.ok(fitted.margin > 0, 'a larger lead means likelier right');
  assert.ok(reliability(samples, fitted).ece < reliability(samples, DEFAULT_CALIBRATION).ece);
  assert.ok(reliability(samples, fitted).ece < 0.05);
});
