// The query parameters the API and OGC routes share, read one at a time: bbox and datetime parsed
// or refused naming the parameter, review_status as the filter takes it, a schema's refusal in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../ingest/read.js';
import { parseBbox, parseDatetime, schemaRefusal, statusesOf } from './query.js';

test('parseBbox: four numbers, or six with heights dropped; anything else refused naming the field', () => {
  assert.deepEqual(parseBbox('35.5,32,37.25,34'), [35.5, 32, 37.25, 34]);
  assert.deepEqual(parseBbox('-180,-90,180,90'), [-180, -90, 180, 90]);
  assert.deepEqual(parseBbox('35,32,-10,37,34,500'), [35, 32, 37, 34]);
  for (const bad of [
    '',
    '1,2,3',
    '1,2,3,4,5',
    '37,32,35,34',
    '35,34,37,32',
    '35,,37,34',
    '0,-91,1,0',
    'a,b,c,d',
  ])
    assert.throws(
      () => parseBbox(bad, 'box'),
      (e: unknown) => e instanceof InputError && e.where === 'box' && /west <= east/.test(e.message),
      bad,
    );
});

test('parseDatetime: an instant is that day; an interval is inclusive days, either end open', () => {
  assert.deepEqual(parseDatetime('2020-03-02'), { start: '2020-03-02', end: '2020-03-02' });
  assert.deepEqual(parseDatetime('2020-03-02T23:59:59Z'), { start: '2020-03-02', end: '2020-03-02' });
  assert.deepEqual(parseDatetime('2020-03-01T10:00:00+03:00/2020-03-31'), {
    start: '2020-03-01',
    end: '2020-03-31',
  });
  assert.deepEqual(parseDatetime('../2020-03-31'), { end: '2020-03-31' });
  assert.deepEqual(parseDatetime('2020-03-01/'), { start: '2020-03-01' });
  assert.deepEqual(parseDatetime('../..'), {});
  const refused = (value: string, why: RegExp) =>
    assert.throws(
      () => parseDatetime(value),
      (e: unknown) => e instanceof InputError && e.where.startsWith('datetime') && why.test(e.message),
      value,
    );
  refused('..', /instant cannot be open/);
  refused('2020-03-31/2020-03-01', /ends before it starts/);
  refused('2020-03-01/2020-03-02/2020-03-03', /instant or start\/end/);
  refused('March 2020', /not a date/);
  refused('2020-02-30x', /not a date/);
});

test('statusesOf: any, one status, or the distinct statuses of a list', () => {
  assert.equal(statusesOf('any'), 'any');
  assert.equal(statusesOf('pending'), 'pending');
  assert.deepEqual(statusesOf('accepted,corrected,accepted'), ['accepted', 'corrected']);
});

test('schemaRefusal: names the unknown parameter or field, or the value and what was wrong', () => {
  assert.equal(schemaRefusal({}), undefined, 'not a validation error');
  assert.equal(
    schemaRefusal({
      validation: [{ keyword: 'additionalProperties', params: { additionalProperty: 'colour' } }],
      validationContext: 'querystring',
    }),
    'unknown parameter "colour": not taken here',
  );
  assert.equal(
    schemaRefusal({
      validation: [
        { keyword: 'additionalProperties', instancePath: '/place', params: { additionalProperty: 'lat' } },
      ],
      validationContext: 'body',
    }),
    'unknown field "lat" in place: not taken here',
  );
  assert.equal(
    schemaRefusal({
      validation: [{ keyword: 'maximum', instancePath: '/place/latitude', message: 'must be <= 90' }],
      validationContext: 'body',
    }),
    'field "place.latitude" must be <= 90',
  );
  assert.equal(
    schemaRefusal({
      validation: [
        {
          keyword: 'required',
          params: { missingProperty: 'text' },
          message: "must have required property 'text'",
        },
      ],
      validationContext: 'body',
    }),
    `field "text" must have required property 'text'`,
  );
});
