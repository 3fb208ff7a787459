import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../resources.js';
import { readDocument } from '../extract.js';

const res = loadResources();
const read = (text: string, source?: string) =>
  readDocument({ id: 't', text, published: '2020-05-01', source }, res).sentences;

test('"it said" after a quote is the last speaker; otherwise the actor just named', () => {
  const s = read('Shelling hit Idlib, SOHR said. "Ten died," it said.');
  assert.equal(s[1]!.speaker?.name, 'SOHR');
  assert.deepEqual(s[1]!.attribution, { source: 'SOHR', via: [], span: s[1]!.speaker!.span });
  const t = read('Hezbollah fighters crossed the border, and they said two fighters died.');
  assert.equal(t[0]!.speaker?.name, 'Hezbollah');
  assert.equal(t[0]!.speaker?.span?.text, 'they');
});

test('a bare actor name as subject speaks as that actor and is not a party', () => {
  const [s] = read('The coalition said its aircraft struck the bridge.', 'Newsweek');
  assert.equal(s!.speaker?.name, 'US-led coalition');
  assert.equal(s!.speakerActor?.actor.id, 'coalition');
  assert.deepEqual(s!.parties, []);
  assert.deepEqual(s!.attribution?.via, ['Newsweek']);
});

test('relative pronouns never speak', () => {
  const [s] = read('Clashes broke out near the dam, which said nothing.');
  assert.equal(s!.speaker, undefined);
});
