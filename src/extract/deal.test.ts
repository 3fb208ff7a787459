import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDocument } from './extract.js';
import { loadResources } from './resources.js';
import { readDeal } from './deal.js';

let res: ReturnType<typeof loadResources> | undefined;
const read = (text: string, published: string) => {
  const { ctx, sentences } = readDocument(
    { id: 't', text, published, source: 'Test Wire' },
    (res ??= loadResources()),
  );
  return readDeal(sentences, ctx);
};

test('brokers from the words; the day a deal was reached, not the day it was reported', () => {
  const d = read(
    'The truce between the rebels and the Syrian government was reached late Tuesday under the auspices of Egypt, officials said on Thursday. It was guaranteed by Jordan and the United Nations.',
    '2017-07-13',
  );
  assert.ok(d);
  assert.deepEqual(d.brokers.map((b) => b.name).sort(), ['Egypt', 'Jordan', 'United Nations']);
  assert.deepEqual(d.parties.map((p) => p.id).sort(), ['opposition-rebels', 'syria-military']);
  const reached = d.life.find((o) => o.status === 'reached');
  assert.equal(reached?.date, '2017-07-11');
  assert.equal(reached?.timePrecision, 1);
});

test('a step with no date is placed on the publication day and says so; never in another year', () => {
  const d = read(
    'The rebels and the Syrian army agreed to a ceasefire, but there were still clashes.',
    '2016-12-15',
  );
  const reached = d?.life.find((o) => o.status === 'reached');
  assert.equal(reached?.date, '2016-12-15');
  assert.equal(reached?.timePrecision, 2);
});

test('terms as what-for-what, with places and counts; nested counts are not added', () => {
  const d = read(
    'Under the deal between Hezbollah and Hayat Tahrir al-Sham, about 3,000 fighters and 4,000 civilians are to leave Arsal for Idlib, while the group is to release 1,200 prisoners in return for the bodies of its commanders.',
    '2017-07-30',
  );
  const move = d?.terms.find((t) => t.kind === 'evacuation');
  assert.equal(move?.from, 'Arsal');
  assert.equal(move?.to, 'Idlib');
  assert.equal(move?.people?.best, 7000);
  const release = d?.terms.find((t) => t.kind === 'release');
  assert.match(release?.forWhat ?? '', /bodies of its commanders/);
  const nested = read(
    'Under the agreement between the rebels and the Syrian government, 5,000 people, among them 800 fighters, are to be taken from Daraya to Idlib.',
    '2016-08-26',
  );
  assert.equal(nested?.terms.find((t) => t.kind === 'evacuation')?.people?.best, 5000);
});

test('a denial is a step of its own, by the side that denies', () => {
  const d = read(
    'Jaysh al-Islam denied on Monday that it had agreed to any deal with the Syrian government.',
    '2018-04-03',
  );
  const denied = d?.life.find((o) => o.status === 'denied');
  assert.equal(denied?.by, 'jaysh-al-islam');
  assert.equal(denied?.date, '2018-04-02');
});

test('business and sports agreements are no deals', () => {
  assert.equal(
    read('The two banks agreed a merger worth 4 billion dollars, subject to regulators.', '2019-01-10'),
    undefined,
  );
  assert.equal(read('The club reached a deal with the striker over his wages.', '2019-01-10'), undefined);
});
