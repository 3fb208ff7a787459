import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../resources.js';
import { chain } from './attribution.js';

const res = loadResources();
const whole = (text: string) => ({ start: 0, end: text.length, text });
const find = (text: string, previous?: { name: string; role: 'original' }) =>
  res.attributionFinder.find(whole(text), previous);

test('who says it: "X said", "according to", "told", inverted after a quote', () => {
  assert.equal(find('Shelling hit the town, SOHR said.').speaker?.name, 'SOHR');
  assert.equal(find('According to the Syrian Observatory for Human Rights, ten died.').speaker?.name, 'SOHR');
  const told = find('Shelling hit the town, a rebel commander told Reuters.');
  assert.equal(told.speaker?.name, 'a rebel commander');
  assert.equal(told.medium?.name, 'Reuters');
  assert.equal(told.medium?.role, 'reported_by');
  assert.equal(find('"The town was shelled," said the Observatory.').speaker?.name, 'SOHR');
});

test('a pronoun speaks as the previous speaker', () => {
  assert.equal(find('It said ten people died.', { name: 'SANA', role: 'original' }).speaker?.name, 'SANA');
  assert.equal(find('It said ten people died.').speaker, undefined);
});

test('every source named in a text, and sources by alias', () => {
  assert.deepEqual(
    res.attributionFinder
      .sourcesIn('Reuters and AFP reported it; Reuters again.')
      .map((s) => s.name)
      .sort(),
    ['AFP', 'Reuters'],
  );
  assert.equal(res.attributionFinder.byName('Agence France-Presse')?.name, 'AFP');
});

test('the chain runs from the speaker through the medium to the publisher', () => {
  assert.deepEqual(
    chain('Newsweek', { name: 'a commander', role: 'original' }, { name: 'Reuters', role: 'reported_by' }),
    {
      source: 'a commander',
      via: ['Reuters', 'Newsweek'],
    },
  );
  assert.deepEqual(chain('Newsweek', undefined, { name: 'Reuters', role: 'reported_by' }), {
    source: 'Reuters',
    via: ['Newsweek'],
  });
  assert.deepEqual(chain('Newsweek'), { source: 'Newsweek', via: [] });
  assert.equal(chain(undefined), undefined);
});
