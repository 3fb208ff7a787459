import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signature, signatureFromBuffer, signatureToBuffer, similarity } from './text.js';

test('copies score high, other words low, and folding ignores case and accents', () => {
  const wire =
    'A convoy of buses carrying fighters and their families left the Qalamoun mountains on Monday.';
  const reprint =
    'A convoy of buses carrying fighters and their families left the Qalamoun mountains on Monday, the paper said.';
  const other = 'Turkish artillery shelled villages near Tall Abyad after clashes with the SDF.';
  assert.ok(similarity(signature(wire), signature(reprint)) >= 0.6);
  assert.ok(similarity(signature(wire), signature(other)) <= 0.1);
  assert.equal(similarity(signature('Dayr az Zawr SHELLED'), signature('dayr az zawr shelled')), 1);
  assert.equal(similarity(signature(''), signature('')), 0, 'empty texts are not copies');
});

test('a signature survives a round trip through bytes', () => {
  const s = signature('Clashes near Saraqib killed four fighters.');
  assert.deepEqual([...signatureFromBuffer(signatureToBuffer(s))], [...s]);
});
