import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidates } from './candidates.js';
import { readDocument } from './extract.js';
import { readSentence } from './reading.js';
import { loadResources } from './resources.js';

const res = loadResources();
function groups(text: string): string[][] {
  const s = readDocument({ id: 't', text, published: '2020-05-01' }, res).sentences[0]!;
  return candidates(s, readSentence(s, text, '2020-05-01')).map((c) => [
    c.main.rule.sub_event_type,
    ...c.triggers.map((t) => t.span.text),
    ...(c.reference ? ['(reference)'] : []),
  ]);
}

test('triggers of one sub-event type make one candidate; others their own', () => {
  assert.deepEqual(
    groups('Clashes and fighting broke out near Daraa, and protesters rallied in Beirut.'),
    [
      ['Armed clash', 'Clashes', 'fighting'],
      ['Peaceful protest', 'protesters rallied'.split(' ')[1]!],
    ].map((g) => g.filter(Boolean)),
  );
});

test('negated and hypothetical triggers make no candidate; back-references are marked', () => {
  assert.deepEqual(groups('The army did not shell the town.'), []);
  assert.deepEqual(
    groups('Officials defended the deal on Sunday.').find((g) => g[0] === 'Agreement'),
    ['Agreement', 'deal', '(reference)'],
  );
});

test("a strike's destruction is the strike's, not an event of its own", () => {
  const g = groups('Air strikes set fire to houses near Idlib.');
  assert.deepEqual(
    g.map((x) => x[0]),
    ['Air/drone strike'],
  );
});
