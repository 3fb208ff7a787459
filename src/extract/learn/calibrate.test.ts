import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitTemperature, reliability } from './calibrate.js';

test('an overconfident scorer is cooled, a timid one warmed', () => {
  // Scores that say 95% for classes right only 70% of the time.
  const over = Array.from({ length: 200 }, (_, i) => ({
    scores: Float64Array.of(3, 0),
    gold: i % 10 < 7 ? 0 : 1,
  }));
  assert.ok(fitTemperature(over) > 1.5);
  const timid = Array.from({ length: 200 }, (_, i) => ({
    scores: Float64Array.of(0.2, 0),
    gold: i % 100 < 99 ? 0 : 1,
  }));
  assert.ok(fitTemperature(timid) < 0.5);
});

test('expected calibration error: zero when confidence matches accuracy, the gap otherwise', () => {
  const fair = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.75, correct: i % 4 !== 0 }));
  assert.ok(reliability(fair).ece < 1e-9);
  const off = Array.from({ length: 100 }, (_, i) => ({ confidence: 0.95, correct: i % 2 === 0 }));
  assert.ok(Math.abs(reliability(off).ece - 0.45) < 1e-9);
  assert.equal(reliability(off).bins[9]!.count, 100);
});
