import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../ingest/read.js';
import { batchFailed, causeOf, FailureTally } from './summary.js';

test('a cause drops the document, quoted values and numbers, so that one kind counts together', () => {
  assert.equal(
    causeOf(new InputError('/work/wt-7/a.txt', 'publication date "24 November 2016" is not a date')),
    'publication date "…" is not a date',
  );
  assert.equal(
    causeOf(new InputError('big.txt', 'document is 12.5 MB; the limit is 10 MB')),
    'document is N MB; the limit is N MB',
  );
  assert.equal(
    causeOf(new InputError('x.csv:4', 'latitude "135" is not a number in [-90, 90]')),
    'latitude "…" is not a number in [N, N]',
  );
  assert.equal(causeOf(new InputError('f', 'use `observatory import --format acled /a/b-2.csv`')), 'use `…`');
});

test('failures are told by cause, most first', () => {
  const t = new FailureTally();
  t.add(new InputError('a', 'no publication date: pass --published'));
  t.add(new InputError('b', 'publication date "Dec 17, 2016" is not a date'));
  t.add(new InputError('c', 'publication date "11/28/2016" is not a date'));
  assert.equal(t.total, 3);
  assert.equal(
    String(t),
    'failed by cause: 2 publication date "…" is not a date | 1 no publication date: pass --published',
  );
  assert.equal(String(new FailureTally()), '');
});

test('the exit rule: a batch fails when nothing was processed or more than half failed', () => {
  assert.equal(batchFailed(0, 0), true);
  assert.equal(batchFailed(0, 3), true);
  assert.equal(batchFailed(26, 92), true);
  assert.equal(batchFailed(2, 2), false);
  assert.equal(batchFailed(5, 1), false);
});
