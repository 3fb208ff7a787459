import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../resources.js';
import { findTriggers } from './triggers.js';

const res = loadResources();
const rules = (text: string) =>
  findTriggers({ start: 10, end: 10 + text.length, text }, res).map((t) => [
    t.span.text,
    t.rule.id,
    t.span.start,
  ]);

test('triggers are found on word boundaries, offsets into the document, in text order', () => {
  assert.deepEqual(rules('Air strikes hit the town, and clashes followed.'), [
    ['Air strikes', 'air-strike', 10],
    ['clashes', 'clash', 40],
  ]);
  assert.deepEqual(rules('The shellfish market reopened.'), []);
});

test('the first rule to match a stretch of text wins it', () => {
  assert.deepEqual(
    rules('A suicide bomb killed two.').map((r) => r[1]),
    ['suicide'],
  );
});
