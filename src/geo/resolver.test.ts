import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FEATURE_COUNT,
  FEATURE_INDEX,
  HAND_WEIGHTS,
  loadResolverModel,
  trainResolver,
  scoreOf,
} from './resolver.js';

const reading = (set: Partial<Record<keyof typeof FEATURE_INDEX, number>>) => {
  const x = new Array<number>(FEATURE_COUNT).fill(0);
  for (const [k, v] of Object.entries(set)) x[FEATURE_INDEX[k as keyof typeof FEATURE_INDEX]] = v;
  return x;
};

test('training moves weight onto the feature that tells the right reading apart', () => {
  // The right reading is always the one the local layer has seen, whatever the prior says.
  const names = Array.from({ length: 60 }, (_, i) => ({
    features: [reading({ prior: 1 + (i % 3) * 0.1, layerSeen: 1 }), reading({ prior: 1.4 })],
    correct: 0,
  }));
  const w = trainResolver(names);
  assert.ok(w[FEATURE_INDEX.layerSeen]! > HAND_WEIGHTS[FEATURE_INDEX.layerSeen]! + 0.3);
  for (const n of names) assert.ok(scoreOf(w, n.features[0]!) > scoreOf(w, n.features[1]!));
});

test('without a model file the hand-set weights are used', () => {
  assert.deepEqual(loadResolverModel('/nonexistent/geo-resolver.json').weights, HAND_WEIGHTS);
});

test("a point table puts countries and first-level divisions at GeoNames' points", async () => {
  const { Gazetteer } = await import('./gazetteer.js');
  const moved = Gazetteer.open(undefined, {
    layer: false,
    points: { US: [39.76, -98.5], 'US.Texas': [31.25, -99.25] },
  });
  const us = moved.lookup('United States').find((c) => c.featureCode === 'PCLI')!;
  assert.deepEqual([us.latitude, us.longitude], [39.76, -98.5]);
  assert.equal(moved.country('US')?.latitude, 39.76);
  const texas = moved.lookup('Texas').find((c) => c.featureCode === 'ADM1')!;
  assert.deepEqual([texas.latitude, texas.longitude], [31.25, -99.25]);
  moved.close();
  const plain = Gazetteer.open(undefined, { layer: false, points: {} });
  assert.notEqual(plain.lookup('United States').find((c) => c.featureCode === 'PCLI')!.latitude, 39.76);
  plain.close();
});
