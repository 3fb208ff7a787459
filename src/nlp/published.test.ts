import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PublicationDateError, readPublicationDate } from './published.js';
import { latestStatedDate } from './dates.js';

test('publication dates as feeds and sites write them read to the publisher’s own day', () => {
  const cases: Array<[string, string]> = [
    ['Tue, 13 Dec 2016 08:46:00 +0000', '2016-12-13'],
    ['Tue, 13 Dec 2016 23:46:00 -0500', '2016-12-13'],
    ['24 November 2016', '2016-11-24'],
    ['Dec 17, 2016 8:46 AM ET', '2016-12-17'],
    ['Dec 17, 2016 11:46 PM ET', '2016-12-17'],
    ['2016-12-19 05:40 ET', '2016-12-19'],
    ['2016-12-14T02:54:00-05:00', '2016-12-14'],
    ['2016-12-14T22:54:00Z', '2016-12-14'],
    ['DEC. 14, 2016, 2:54 AM EST', '2016-12-14'],
    ['Updated 9:31 PM ET, Wed December 14, 2016', '2016-12-14'],
    ['2016-12-19', '2016-12-19'],
    ['11/28/2016', '2016-11-28'],
    ['28/11/2016', '2016-11-28'],
    ['2016/11/28', '2016-11-28'],
  ];
  for (const [s, want] of cases) {
    const r = readPublicationDate(s);
    assert.equal(r.date, want, s);
    assert.equal(r.asWritten, s);
    assert.equal(r.ambiguous, undefined, s);
  }
});

test('an all-numeric day/month that reads both ways follows the stated rule and is flagged', () => {
  const us = readPublicationDate('03/04/2016');
  assert.equal(us.date, '2016-03-04');
  assert.match(us.ambiguous ?? '', /month\/day\/year/);
  const eu = readPublicationDate('03.04.2016');
  assert.equal(eu.date, '2016-04-03');
  assert.ok(eu.ambiguous);
  // The same number twice is no ambiguity.
  assert.equal(readPublicationDate('05/05/2016').ambiguous, undefined);
});

test('a string with no day in it is refused, naming the string', () => {
  for (const s of ['', 'yesterday', 'December 2016', '31/31/2016', '2016-02-30', 'soon'])
    assert.throws(
      () => readPublicationDate(s),
      (e: unknown) => e instanceof PublicationDateError && e.message.includes(`"${s}"`),
      s,
    );
});

test('a text without a publication date is dated by the latest day it states in full', () => {
  assert.equal(
    latestStatedDate('On 3 December 2016 shelling hit the town; by December 14, 2016 it had stopped.'),
    '2016-12-14',
  );
  assert.equal(latestStatedDate('Shelling hit the town on Tuesday.'), undefined);
});
