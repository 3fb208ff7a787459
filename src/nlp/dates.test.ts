import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findDates, mayHoldDate, parseDates } from './dates.js';

const one = (text: string, published: string) => {
  const d = findDates(text, published);
  assert.equal(d.length, 1, `one date in "${text}", got ${JSON.stringify(d)}`);
  return d[0]!;
};

test('a weekday resolves to the latest such day not after publication', () => {
  assert.equal(one('the group said on Wednesday', '2017-09-13').date, '2017-09-13');
  assert.equal(one('shelling on Friday', '2017-09-13').date, '2017-09-08');
});

test('a month and day without a year take the publication year, or the year before', () => {
  const d = one('the August 28 deal', '2017-09-13');
  assert.equal(d.date, '2017-08-28');
  assert.equal(d.precision, 1);
  assert.equal(one('on 20 December', '2017-09-13').date, '2016-12-20');
});

test('offsets point into the enclosing document', () => {
  const d = findDates('xx on 27 April', '2020-05-01', 100)[0]!;
  assert.equal(d.span.start, 103);
  assert.equal(d.span.text, 'on 27 April');
});

test('vague dates get coarser precision; durations are not dates', () => {
  assert.equal(one('in a speech last month', '2017-09-13').precision, 3);
  assert.equal(one('fighting last week', '2017-09-13').precision, 2);
  assert.deepEqual(findDates('stranded for two weeks', '2017-09-13'), []);
});

test('a bare year is marked year-only; a future year is dropped', () => {
  const d = one('soldiers captured in 2014', '2017-09-13');
  assert.equal(d.yearOnly, true);
  assert.equal(d.span.text, '2014');
  assert.deepEqual(findDates('plans for 2030', '2017-09-13'), []);
});

test('a month word that is not a date is left alone', () => {
  assert.deepEqual(findDates('a march was held in the town', '2020-05-01'), []);
  assert.deepEqual(findDates('supporters of the October revolution gathered', '2020-05-01'), []);
  assert.equal(findDates('fighting resumed in March', '2020-05-01')[0]?.date, '2020-03-01');
  assert.equal(findDates('shelling yesterday', '2020-05-01')[0]?.date, '2020-04-30');
});

test('the pre-test lets through every phrasing chrono-node reads as a date, and skips text with none', async () => {
  const chrono = await import('chrono-node');
  const pub = new Date('2020-05-02T12:00:00Z');
  const phrasings = [
    'shelling on Friday',
    'on Sat. the army moved',
    'clashes yesterday',
    'killed tonight',
    'an attack this morning',
    'raids overnight and at noon',
    'struck three days ago',
    'a week later the town fell',
    'within a few hours',
    'over the last month',
    'the strike last week',
    'it lasts',
    'the 1st of Sept.',
    'at 5pm',
    '2020-04-30',
    '28/04/2020',
    'since the end of the month',
    'a couple of weeks earlier',
  ];
  const show = (rs: ReturnType<typeof chrono.parse>) =>
    rs.map((r) => [r.index, r.text, r.start.date().toISOString(), r.end?.date().toISOString()]);
  const ref = { instant: pub, timezone: 0 };
  for (const text of phrasings) {
    const all = chrono.parse(text, ref, { forwardDate: false });
    if (all.length)
      assert.ok(mayHoldDate(text), `chrono reads a date in "${text}"; the pre-test must let it through`);
    // Only the parsers that may match run, and they find what all of them together find.
    assert.deepEqual(show(parseDates(text, ref, { forwardDate: false })), show(all), text);
    const longer = `${text}, and on Monday 3 May`;
    assert.deepEqual(show(parseDates(longer, ref)), show(chrono.parse(longer, ref)), longer);
  }
  assert.ok(phrasings.filter((t) => parseDates(t, ref).length > 0).length >= 15);
  assert.ok(mayHoldDate('shelling on Friday') && mayHoldDate('clashes yesterday'));
  // Words that only contain a date word are not dates ("Monastery", "security", "demonstrators").
  for (const text of [
    'Protesters gathered outside the Monastery',
    'Security forces arrested demonstrators',
  ]) {
    assert.equal(mayHoldDate(text), false, text);
    assert.deepEqual(findDates(text, '2020-05-02'), []);
  }
});
