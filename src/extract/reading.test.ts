// The modality judge, pelias-style: a sentence and the reading of its first trigger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDocument } from './extract.js';
import { readSentence, readTrigger, type Reading } from './reading.js';
import { loadResources } from './resources.js';

const res = loadResources();

/** Asserts the reading of the trigger `word` (the first trigger when not given). */
function reads(text: string, expected: Reading, word?: string, published = '2020-05-01'): void {
  const { sentences } = readDocument({ id: 't', text, published }, res);
  const s = sentences[0]!;
  const t = word ? s.triggers.find((x) => x.span.text === word) : s.triggers[0];
  assert.ok(t, `a trigger in: ${text}`);
  assert.equal(readTrigger(text, s.span, t, s.dates, published), expected, text);
}

test('negated, hypothetical and generic acts are not news', () => {
  reads('The coalition did not carry out air strikes on the convoy.', 'negated');
  reads('The army denied shelling the village.', 'negated');
  reads('The army could launch air strikes on the town if talks fail.', 'irrealis');
  reads('Turkey threatened to launch air strikes on Kobani.', 'irrealis');
  reads('Rebels are preparing to attack the base.', 'irrealis');
  reads('Officials said they arrest any smugglers at the border.', 'generic', 'arrest');
});

test('an act that began is news, not a hypothesis', () => {
  reads('Residents began to protest in the square on Monday.', 'event');
});

test('background: long-standing, relative and long-past acts', () => {
  reads('The town was the site of clashes in 2014.', 'background');
  reads('The group, which has long clashed with the army, moved south.', 'background');
  reads('Clashes erupted near the dam on 3 March 2018.', 'background');
  reads('Earlier clashes had left the road closed.', 'background');
  reads('The previous clashes had left the road closed.', 'background');
});

test('nouns after "after" or "the" are context or back-references', () => {
  reads('After clashes with the army, the fighters withdrew to the hills.', 'context');
  reads('Officials defended the deal on Sunday.', 'reference', 'deal');
  reads('A deal was signed in Beirut on Sunday.', 'event', 'deal');
  reads('Clashes broke out between the SDF and Turkish forces near Ain Issa on 28 April.', 'event');
});

test('casualties during clashes with nothing else reported: the clashes are promoted to news', () => {
  const text = 'Two soldiers were killed during clashes near Daraa.';
  const { sentences } = readDocument({ id: 't', text, published: '2020-05-01' }, res);
  const { readings, promoted } = readSentence(sentences[0]!, text, '2020-05-01');
  assert.equal(promoted?.rule.category, 'battle');
  assert.equal(readings.get(promoted!), 'event');
  const other = 'The army withdrew after clashes near Daraa.';
  const s2 = readDocument({ id: 't', text: other, published: '2020-05-01' }, res).sentences[0]!;
  assert.equal(readSentence(s2, other, '2020-05-01').promoted, undefined, 'no casualties, no promotion');
});
