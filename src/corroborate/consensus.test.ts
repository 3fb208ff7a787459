import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Reliability } from '../model/index.js';
import { credibility, voicesOf } from './consensus.js';
import { signature } from './text.js';

const grades: Record<string, Reliability> = { SOHR: 'B', AFP: 'A', Blog: 'E' };
const grade = (s: string) => grades[s] ?? 'F';

test('credibility follows independent voices and their grades', () => {
  assert.equal(credibility([['SOHR'], ['AFP'], ['Blog']], grade, false), 1, 'three voices confirm');
  assert.equal(credibility([['SOHR'], ['Blog']], grade, false), 1, 'two, one of them reliable');
  assert.equal(credibility([['Blog'], ['Unknown']], grade, false), 2, 'two voices of doubtful sources');
  assert.equal(credibility([['SOHR']], grade, false), 3);
  assert.equal(credibility([['Blog']], grade, false), 4);
  assert.equal(credibility([['Blog']], grade, true), 5, 'hedged throughout: one step lower');
  assert.equal(credibility([['Unknown']], grade, false), 6, 'cannot be judged');
  assert.equal(
    credibility([['SOHR', 'Newsweek']], grade, false),
    3,
    'a group is one voice, judged by its best source',
  );
});

test('claims in copied words are one voice whatever name they carry', () => {
  const text = 'Regime forces shelled the town of Saraqib on Tuesday, killing three civilians.';
  const voices = voicesOf([
    { root: 'SOHR', signature: signature(text) },
    { root: 'Daily Example', signature: signature(`${text} The paper said.`) },
    { root: 'AFP', signature: signature('Three civilians died when shells hit Saraqib, according to AFP.') },
  ]);
  assert.deepEqual(voices.map((v) => v.join('+')).sort(), ['AFP', 'Daily Example+SOHR']);
});
