import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../resources.js';
import { readDocument } from '../extract.js';
import { actorName } from './actors.js';

const res = loadResources();
const found = (text: string) =>
  res.actorMatcher.find(text).map((m) => [m.span.text, m.actor.id, m.coreferent]);

test('aliases are found anywhere; acronyms only in capitals', () => {
  assert.deepEqual(found('The SDF said IS fighters attacked; this is not a name.'), [
    ['SDF', 'sdf', false],
    ['IS', 'islamic-state', false],
  ]);
});

test('the longest overlapping name wins', () => {
  assert.deepEqual(found('Russian military police patrolled the road.'), [
    ['Russian military police', 'russia-military-police', false],
  ]);
});

test('a description refers back to the last actor it can describe, never forward', () => {
  assert.deepEqual(
    found('The jihadists fled. ISIS fighters then attacked and the jihadist group withdrew.'),
    [
      ['ISIS', 'islamic-state', false],
      ['the jihadist group', 'islamic-state', true],
    ],
  );
  assert.deepEqual(found('HTS and the SDF fought; the group lost ten men.'), [
    ['HTS', 'hts', false],
    ['SDF', 'sdf', false],
    ['the group', 'sdf', true],
  ]);
});

test('ACLED names depend on the country and the date of the event', () => {
  const is = res.actors.find((a) => a.id === 'islamic-state')!;
  assert.equal(actorName(is, 'IQ', 'Iraq', '2020-05-01').name, 'Islamic State (Iraq)');
  assert.equal(actorName(is, 'SY', 'Syria', '2020-05-01').name, 'Islamic State (Syria)');
  const protesters = res.actors.find((a) => a.id === 'protesters')!;
  assert.deepEqual(actorName(protesters, 'LB', 'Lebanon', '2020-05-01'), {
    name: 'Protesters (Lebanon)',
    inter: 6,
  });
  assert.equal(actorName(protesters, '', '', '2020-05-01').name, 'Protesters (International)');
});

test('each sentence gets the mentions inside it', () => {
  const { sentences } = readDocument(
    {
      id: 't',
      text: 'The SDF shelled a village. Hezbollah fighters crossed the border.',
      published: '2020-05-01',
    },
    res,
  );
  assert.deepEqual(
    sentences.map((s) => s.actors.map((a) => a.actor.id)),
    [['sdf'], ['hezbollah']],
  );
});
