import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCounts, parseNumber } from './counts.js';

test('number words, digits, ranges and ACLED vague plurals', () => {
  assert.deepEqual(parseNumber('Seventeen'), [17, 17]);
  assert.deepEqual(parseNumber('around 300'), [300, 300]);
  assert.deepEqual(parseNumber('twenty-five'), [25, 25]);
  assert.deepEqual(parseNumber('between 43 and 52'), [43, 52]);
  assert.deepEqual(parseNumber('dozens of'), [12, 12]);
  assert.deepEqual(parseNumber('tens of'), [10, 10]);
  assert.deepEqual(parseNumber('hundreds of'), [100, 100]);
  assert.deepEqual(parseNumber('1,200'), [1200, 1200]);
  assert.equal(parseNumber('convoy'), null);
});

test('deaths are counted, people moved are not deaths', () => {
  const c = findCounts('Shelling killed three civilians. Around 300 fighters were transported on 17 buses.');
  const killed = c.filter((x) => x.kind === 'killed');
  assert.equal(killed.length, 1);
  assert.equal(killed[0]!.best, 3);
  assert.equal(c.find((x) => x.kind === 'people')?.best, 300);
  assert.equal(c.find((x) => x.kind === 'vehicles')?.best, 17);
});

test('a range codes its lowest figure; an absurd figure is flagged', () => {
  const [r] = findCounts('between 43 and 52 persons were killed');
  assert.equal(r!.low, 43);
  assert.equal(r!.best, 43);
  assert.equal(r!.high, 52);
  assert.equal(findCounts('a billion people were killed')[0]!.implausible, true);
});

test('offsets into the document are exact', () => {
  const text = 'xx. Two soldiers were killed.';
  const [c] = findCounts(text.slice(4), 4);
  assert.equal(text.slice(c!.span.start, c!.span.end), c!.span.text);
});

test('a year after a date is not a count; a lone victim counts one', () => {
  const c = findCounts('On 2 May 2020, a police officer was shot dead. On 1 May 2020, a child was killed.');
  assert.deepEqual(
    c.filter((x) => x.kind === 'killed').map((x) => x.best),
    [1, 1],
  );
  assert.deepEqual(parseNumber('1,200'), [1200, 1200]);
});
