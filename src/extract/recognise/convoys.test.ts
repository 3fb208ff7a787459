import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../resources.js';
import { documentContext } from '../extract.js';
import { emptySentence } from '../sentence.js';
import { actors } from './actors.js';
import { convoys } from './convoys.js';

const res = loadResources();

test('a convoy of named fighters is remembered for the sentences after it', () => {
  const text = 'A convoy of ISIS fighters left Qalamoun. It reached the desert on Monday.';
  const ctx = documentContext({ id: 't', text, published: '2020-05-01' }, res);
  const first = emptySentence({ start: 0, end: 40, text: text.slice(0, 40) });
  actors(first, ctx);
  convoys(first, ctx);
  assert.equal(ctx.convoyActor?.id, 'islamic-state');
});

test('a convoy with no actor named after it, or an actor far after, remembers nothing', () => {
  for (const text of [
    'A convoy left the town.',
    'A convoy of trucks and buses loaded with goods and people, then ISIS came.',
  ]) {
    const ctx = documentContext({ id: 't', text, published: '2020-05-01' }, res);
    const s = emptySentence({ start: 0, end: text.length, text });
    actors(s, ctx);
    convoys(s, ctx);
    assert.equal(ctx.convoyActor, undefined, text);
  }
});
