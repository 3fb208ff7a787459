import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftFor } from '../../../test/helpers/extract.js';
import { date } from './date.js';

test('the date nearest the act, with its precision and its words', () => {
  const { f } = draftFor('Clashes broke out near Daraa on 28 April, a week after talks on 20 April.', [date]);
  assert.deepEqual([f.eventDate, f.timePrecision, f.dateInferred], ['2020-04-28', 1, false]);
  assert.deepEqual(
    f.fieldEvidence.event_date?.map((s) => s.text),
    ['on 28 April'],
  );
});

test('no date in the sentence: the publication date at month precision, marked inferred', () => {
  const { f } = draftFor('Clashes broke out near Daraa.', [date], { published: '2020-05-01' });
  assert.deepEqual([f.eventDate, f.timePrecision, f.dateInferred], ['2020-05-01', 3, true]);
  assert.equal(f.fieldEvidence.event_date, undefined);
});

test('a year alone does not date an event', () => {
  const { f } = draftFor('Clashes broke out near Daraa in 2020.', [date]);
  assert.equal(f.dateInferred, true);
});
