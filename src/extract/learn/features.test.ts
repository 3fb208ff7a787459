import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDocument } from '../extract.js';
import { readSentence } from '../reading.js';
import { loadResources } from '../resources.js';
import { sentenceFeatures } from './features.js';
import { hash } from './words.js';

const res = loadResources({ model: false });
function featuresOf(text: string) {
  const { ctx, sentences } = readDocument({ id: 't', text, published: '2020-05-01' }, res);
  const s = sentences[0]!;
  return sentenceFeatures(s, ctx, readSentence(s, text, '2020-05-01').readings);
}
const has = (f: ReturnType<typeof featuresOf>, name: string) => f.ids.includes(hash(name));

test('words, pairs of words, and what the recognisers found', () => {
  const f = featuresOf('Gunmen shot dead two civilians near Daraa on Monday.');
  for (const name of [
    'w:gunmen',
    'b:shot_dead',
    't:vac-attack',
    't:vac-attack:event',
    'a:unidentified',
    'a:civilians:after',
    'c:killed',
  ])
    assert.ok(has(f, name), name);
});

test('place names and dates are not read as words; negation is read through the rules', () => {
  const f = featuresOf('The army did not carry out air strikes on Daraa on 3 May 2020.');
  assert.ok(has(f, 'w:@place') && !has(f, 'w:daraa'));
  assert.ok(!has(f, 'w:mai') && !has(f, 'w:#'));
  assert.ok(has(f, 'r:negated'));
  assert.ok(has(f, 'pre:not'));
});

test('each word feature knows the words it came from', () => {
  const text = 'Protesters rallied in Beirut.';
  const f = featuresOf(text);
  const spans = f.spans.get(hash('b:protest_ralli'))!;
  assert.deepEqual(
    spans.map((s) => s.text),
    ['Protesters rallied'],
  );
  assert.equal(text.slice(spans[0]!.start, spans[0]!.end), spans[0]!.text);
});
