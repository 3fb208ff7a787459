// ACLED's vocabulary as the model holds it: real dates only, and the file columns split between
// those the coding holds and those kept from an imported row, none lost and none twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACLED_COLUMNS, ACLED_FILE_COLUMNS, ACLED_ROW_COLUMNS, EVENT_TYPES, validDate } from './acled.js';

test('validDate: YYYY-MM-DD of a day that exists', () => {
  for (const ok of ['2020-03-02', '2024-02-29', '1999-12-31']) assert.ok(validDate(ok), ok);
  for (const bad of [
    '2023-02-29',
    '2020-02-31',
    '2020-13-01',
    '2020-00-10',
    '2020-3-2',
    '02/03/2020',
    '2020-03-02T00:00',
  ])
    assert.ok(!validDate(bad), bad);
});

test("every coded column is one of ACLED's file columns; the rest are the row's own", () => {
  const file = new Set<string>(ACLED_FILE_COLUMNS);
  for (const c of ACLED_COLUMNS) assert.ok(file.has(c), c);
  assert.deepEqual(
    [...ACLED_COLUMNS, ...ACLED_ROW_COLUMNS].sort(),
    [...ACLED_FILE_COLUMNS].sort(),
    'each file column is coded or kept, exactly once',
  );
  assert.ok(ACLED_ROW_COLUMNS.includes('event_id_cnty') && !ACLED_ROW_COLUMNS.includes('event_type'));
});

test("ACLED's six event types, each with its sub-event types, none shared between two", () => {
  assert.equal(Object.keys(EVENT_TYPES).length, 6);
  const subs = Object.values(EVENT_TYPES).flat();
  assert.equal(new Set(subs).size, subs.length);
  assert.ok((EVENT_TYPES.Battles as readonly string[]).includes('Armed clash'));
});
