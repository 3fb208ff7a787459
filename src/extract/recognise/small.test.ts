// Hedges, durations, quotations, dates and toponyms: the small recognisers, table by table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../resources.js';
import { readDocument } from '../extract.js';
import { findDuration } from './durations.js';
import { HEDGES } from './hedges.js';
import { insideQuote } from './quotes.js';

test('hedged wording', () => {
  for (const [text, hedged] of [
    ['Regime forces reportedly shelled the town.', true],
    ['It was not clear who fired.', true],
    ['The claim could not be independently verified.', true],
    ['Regime forces shelled the town.', false],
    ['The reporter said so.', false],
  ] as const)
    assert.equal(HEDGES.test(text), hedged, text);
});

test('durations in days', () => {
  assert.deepEqual(findDuration('stranded for two weeks'), { text: 'for two weeks', days: 14 });
  assert.deepEqual(findDuration('held over the past 10 days'), { text: 'over the past 10 days', days: 10 });
  assert.deepEqual(findDuration('for several months'), { text: 'for several months', days: 90 });
  assert.equal(findDuration('for the people'), undefined);
});

test('inside a quotation or not', () => {
  const s = '"We shelled them," he said, adding that “they fled” at dawn.';
  assert.equal(insideQuote(s, 5), true);
  assert.equal(insideQuote(s, 25), false);
  assert.equal(insideQuote(s, 45), true);
  assert.equal(insideQuote(s, 58), false);
});

test("a sentence's dates and toponyms, not those of the speaker's name", () => {
  const res = loadResources();
  const text = 'Shelling hit Idlib on Monday, the governor of Hatay said. Protesters rallied in Beirut.';
  const { sentences } = readDocument({ id: 't', text, published: '2020-05-01' }, res);
  assert.deepEqual(
    sentences[0]!.dates.map((d) => [d.span.text, d.date]),
    [['on Monday', '2020-04-27']],
  );
  assert.deepEqual(
    sentences.map((s) => s.toponyms.map((t) => t.span.text)),
    [['Idlib'], ['Beirut']],
  );
  for (const s of sentences)
    for (const t of s.toponyms) assert.equal(text.slice(t.span.start, t.span.end), t.span.text);
});
