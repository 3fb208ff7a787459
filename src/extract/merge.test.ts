import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from './extract.js';
import { mergeClaims } from './merge.js';
import { loadResources } from './resources.js';

const res = loadResources();
const claimsOf = (text: string, published = '2020-05-01') =>
  extract({ id: 't', text, published }, res).claims;

test('findings of one what, where and when merge; their evidence is kept whole, in text order', () => {
  const text =
    'An air strike hit the market in Ariha on Sunday, killing 12 civilians. Medics said an air strike on Ariha on Sunday killed 15 people.';
  const claims = claimsOf(text);
  assert.equal(claims.length, 2);
  const [e] = mergeClaims(claims);
  assert.equal(mergeClaims(claims).length, 1);
  assert.equal(e!.fatalities, 12, 'the most conservative figure');
  assert.deepEqual(e!.details.counts.fatalities, { low: 12, best: 12, high: 15 });
  const all = claims.flatMap((c) => c.evidence);
  const key = (s: { start: number; end: number }) => `${s.start}:${s.end}`;
  assert.deepEqual(new Set(e!.evidence.map(key)), new Set(all.map(key)));
  assert.equal(e!.evidence.length, new Set(all.map(key)).size, 'each span once');
  assert.deepEqual(
    e!.evidence.map((s) => s.start),
    e!.evidence.map((s) => s.start).sort((a, b) => a - b),
  );
  assert.deepEqual(
    e!.details.fieldEvidence.fatalities?.map((s) => s.text),
    ['killing 12', 'killed 15'],
  );
  assert.equal(
    claims[0]!.evidence.length < e!.evidence.length,
    true,
    'the findings themselves are unchanged',
  );
});

test('different days, places or kinds stay apart', () => {
  const ev = mergeClaims(
    claimsOf(
      'Shelling hit Ariha on 27 April. Shelling hit Ariha on 30 April. Protesters rallied in Beirut on 30 April.',
    ),
  );
  assert.deepEqual(
    ev.map((e) => [e.subEventType, e.eventDate]),
    [
      ['Shelling/artillery/missile attack', '2020-04-27'],
      ['Shelling/artillery/missile attack', '2020-04-30'],
      ['Peaceful protest', '2020-04-30'],
    ],
  );
});

test('a back-reference joins its event and adds no attribution of its own', () => {
  const claims = claimsOf(
    'Hezbollah and ISIS reached a deal on 28 April, SOHR said. Officials later defended the deal, Reuters said.',
  );
  const deal = mergeClaims(claims).find((e) => e.subEventType === 'Agreement')!;
  assert.deepEqual(
    deal.attribution.map((a) => a.source),
    ['SOHR'],
  );
  assert.equal(deal.reference, false);
});

test('one sentence told four thousand times is one event, each span once', () => {
  const sentence = 'Turkish drones struck a car near Qamishli on Monday, killing two fighters.';
  const [one] = claimsOf(sentence);
  const claims = Array.from({ length: 4000 }, () => one!);
  const merged = mergeClaims(claims);
  assert.equal(merged.length, 1);
  assert.deepEqual(merged[0]!.evidence, one!.evidence);
  assert.deepEqual(merged[0]!.details.fieldEvidence, one!.details.fieldEvidence);
  assert.equal(merged[0]!.fatalities, 2);
});
