import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPerceptron, fitRanker, fitSoftmax, predict, rank, shuffled, type Example } from './fit.js';
import { hash } from './words.js';

const x = (...names: string[]) => Uint32Array.from(names, hash);
// Three classes told apart by one word each, with a shared word that says nothing.
const data: Example[] = [];
for (let i = 0; i < 30; i++) {
  data.push({ x: x('shared', 'alpha', `noise${i % 5}`), y: 0 });
  data.push({ x: x('shared', 'beta', `noise${i % 7}`), y: 1 });
  data.push({ x: x('shared', 'gamma', `noise${i % 3}`), y: 2 });
}

test('logistic regression and the perceptron learn what tells classes apart', () => {
  for (const fit of [fitSoftmax, fitPerceptron]) {
    const m = fit(data, 3, { seed: 5 });
    for (const [word, y] of [
      ['alpha', 0],
      ['beta', 1],
      ['gamma', 2],
    ] as const) {
      const p = predict(m, x('shared', word));
      assert.equal(p.indexOf(Math.max(...p)), y, `${fit.name}: ${word}`);
    }
  }
  const p = predict(fitSoftmax(data, 3, { seed: 5 }), x('alpha'));
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9, 'probabilities sum to one');
});

test('the same data and seed give the same weights; rare features are dropped', () => {
  const a = fitSoftmax(data, 3, { seed: 9 });
  const b = fitSoftmax(data, 3, { seed: 9 });
  assert.deepEqual([...a.weights], [...b.weights]);
  assert.deepEqual(
    fitSoftmax([...data, { x: x('once'), y: 0 }], 3, { minCount: 2 }).ids.includes(hash('once')),
    false,
  );
  assert.deepEqual(shuffled([1, 2, 3, 4, 5], 3), shuffled([1, 2, 3, 4, 5], 3));
});

test('the ranker learns which candidate is the one', () => {
  const groups = Array.from({ length: 40 }, (_, i) => ({
    candidates: [x('far', `c${i % 4}`), x('near', `d${i % 3}`), x('none')],
    gold: 1,
  }));
  const m = fitRanker(groups, { seed: 2 });
  const p = rank(m, [x('far'), x('near'), x('none')]);
  assert.equal(p.indexOf(Math.max(...p)), 1);
});
