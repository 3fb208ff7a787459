// The page's address and the filters it sends: good values kept, bad ones set aside in words, and
// every filter the page sends one the API's event routes take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventQuery } from '../server/query.js';
import { interactionName } from './colours.js';
import { FILTER_KEYS, apiQuery, badValue, readAddress } from './state.js';

test('readAddress keeps good filters and the view, and names what it set aside', () => {
  const s = readAddress(
    '?event_type=Battles&start=2020-03-01&end=2020-02-30&view=table&page=2&sort=-fatalities&event=ev_abc&colour=red&min_grade=G',
  );
  assert.deepEqual(s.filters, { event_type: 'Battles', start: '2020-03-01' });
  assert.equal(s.view, 'table');
  assert.equal(s.page, 2);
  assert.equal(s.sort, '-fatalities');
  assert.equal(s.event, 'ev_abc');
  assert.deepEqual(s.notices, [
    'end=2020-02-30: not a date (YYYY-MM-DD)',
    'colour=red: not a filter this page knows',
    'min_grade=G: not a grade A-F',
  ]);
  const odd = readAddress('?view=globe&event=../x&page=-1&sort=a;b&maxpoints=9');
  assert.equal(odd.view, 'map');
  assert.equal(odd.event, null);
  assert.equal(odd.page, 0);
  assert.equal(odd.sort, '');
  assert.deepEqual(odd.notices, [
    'view=globe: not a view (map, table, charts, agreements)',
    'event=../x: not an event id',
  ]);
});

test("badValue: ACLED's types and codes, real days, statuses", () => {
  assert.equal(badValue('sub_event_type', 'Armed clash'), undefined);
  assert.equal(badValue('sub_event_type', 'Skirmish'), "not one of ACLED's sub-event types");
  assert.equal(badValue('event_type', 'Battle'), "not one of ACLED's event types");
  assert.equal(badValue('review_status', 'accepted,pending'), undefined);
  assert.match(badValue('review_status', 'accepted,') ?? '', /not pending/);
  assert.equal(badValue('interaction', '12'), undefined);
  assert.match(badValue('interaction', '123') ?? '', /two digits/);
  assert.equal(badValue('q', 'x'.repeat(501)), 'too long');
});

test('every filter the page sends is a parameter the event routes take', () => {
  const taken = new Set(Object.keys(eventQuery.properties));
  for (const k of FILTER_KEYS) assert.ok(taken.has(k), `${k} is refused by the API`);
  assert.equal(
    apiQuery({ event_type: 'Riots', country: '' }, { limit: 5 }).toString(),
    'event_type=Riots&limit=5',
  );
});

test('interactionName: two actor types, or one alone', () => {
  assert.equal(interactionName(12), 'state forces v. rebel groups');
  assert.equal(interactionName(70), 'civilians alone');
  assert.equal(interactionName(99), '9 v. 9');
});
