// The shipped model through the decoder, on sentences written for this test (none of them is in
// its training data).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract, readDocument } from '../extract.js';
import { readSentence } from '../reading.js';
import { loadResources } from '../resources.js';
import { reportsEvent, scoreSentence, typeEvidence, WITH_TRIGGER, WITHOUT_TRIGGER } from './decoder.js';

const res = loadResources();
const model = res.model!;
const score = (text: string) => {
  const { ctx, sentences } = readDocument({ id: 't', text, published: '2021-06-01' }, res);
  const s = sentences[0]!;
  return scoreSentence(model, s, ctx, readSentence(s, text, '2021-06-01').readings);
};

test('the bars: low with a trigger of an act, high with none, higher beside a movement or deal', () => {
  const sc = { ...score('Militants ambushed a patrol near the river crossing.'), pNew: 1 };
  for (const p of [0.05, 0.3, 0.72, 0.99]) {
    const x = { ...sc, pEvent: p };
    assert.equal(reportsEvent(model, x, 'act'), p >= Math.min(model.threshold, WITH_TRIGGER));
    assert.equal(reportsEvent(model, x, 'none'), p >= Math.max(model.threshold, WITHOUT_TRIGGER));
  }
  assert.equal(reportsEvent(model, { ...sc, pEvent: 0.99, pNew: 0.1 }, 'act'), false, 'clearly not new');
});

test('events of the wordings rules never met; no event for disasters, sport and diplomacy', () => {
  const coded = (t: string) => extract({ id: 't', text: t, published: '2021-06-01' }, res).events;
  const shooting = coded(
    'Two men on a motorcycle sprayed bullets at a police car in the town centre, wounding an officer.',
  );
  assert.equal(shooting[0]?.event_type, 'Battles', JSON.stringify(shooting));
  const pots = coded('Residents banged saucepans on their balconies in protest against the curfew.');
  assert.equal(pots[0]?.event_type, 'Protests', JSON.stringify(pots));
  for (const t of [
    'A mudslide swept away a dozen houses after a night of heavy rain, killing seven people.',
    'The home side won the derby 2-0 in front of a packed stadium.',
    'The two foreign ministers agreed to reopen their embassies next month.',
  ])
    assert.deepEqual(coded(t), [], t);
});

test("the type's evidence: the words that weighed most, inside the sentence", () => {
  const text = 'Gunmen shot dead a shopkeeper outside his store on Friday.';
  const sc = score(text);
  const spans = typeEvidence(model, sc);
  assert.ok(spans.length >= 1 && spans.length <= 3);
  for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
  const [e] = extract({ id: 't', text, published: '2021-06-01' }, res).events;
  const c = e!.details.fieldConfidence!;
  for (const field of ['event_type', 'sub_event_type', 'actor1', 'event_date'] as const)
    assert.ok(c[field]! >= 0 && c[field]! <= 1, field);
  assert.ok(c.event_type! >= c.sub_event_type!, 'a type is at least as sure as its sub-type');
});
