import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dedupeSpans, firstFrom, overlaps, sortedByStart, within } from './spans.js';

const sp = (start: number, end: number) => ({ start, end, text: 'x'.repeat(end - start) });
const m = (start: number, end: number) => ({ span: sp(start, end) });

test('overlap is strict: touching spans do not overlap', () => {
  assert.equal(overlaps(sp(0, 5), sp(4, 9)), true);
  assert.equal(overlaps(sp(0, 5), sp(5, 9)), false);
});

test('dedupeSpans drops repeats and sorts by start, ties in their order', () => {
  const a = sp(5, 9);
  const b = sp(5, 7);
  assert.deepEqual(dedupeSpans([sp(10, 12), a, b, sp(5, 9), sp(0, 1)]), [sp(0, 1), a, b, sp(10, 12)]);
});

test('within finds the items wholly inside a range of a sorted list', () => {
  const xs = [m(0, 3), m(4, 8), m(6, 12), m(12, 14), m(20, 22)];
  assert.deepEqual(
    within(xs, sp(4, 13)).map((x) => x.span.start),
    [4, 6],
    'one ending past the range is left out',
  );
  assert.deepEqual(
    within(xs, sp(4, 14)).map((x) => x.span.start),
    [4, 6, 12],
  );
  assert.deepEqual(within(xs, sp(15, 19)), []);
  assert.equal(firstFrom(xs, 5), 2);
  assert.equal(firstFrom(xs, 100), 5);
  assert.equal(sortedByStart(xs), true);
  assert.equal(sortedByStart([m(3, 4), m(1, 2)]), false);
});
