import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { choice, dateOption, EVENT_TYPE_NAMES, numberOption } from './options.js';

test('numbers: within the range, whole unless fractions are allowed; anything else refused', () => {
  const limit = numberOption(1, 1000, 'a whole number');
  assert.equal(limit('25'), 25);
  for (const bad of ['abc', '', ' ', '0', '1001', '2.5', '1e9', 'NaN'])
    assert.throws(() => limit(bad), InvalidArgumentError, bad);
  assert.equal(numberOption(0, 10, 'a size', true)('2.5'), 2.5);
});

test('choices: any case gives the value as written; others are refused with the list', () => {
  const type = choice(EVENT_TYPE_NAMES);
  assert.equal(type('battles'), 'Battles');
  assert.equal(type(' VIOLENCE AGAINST CIVILIANS '), 'Violence against civilians');
  assert.throws(() => type('fights'), /expected one of "Battles", .*"Strategic developments"/);
});

test('dates: real days in YYYY-MM-DD only', () => {
  assert.equal(dateOption('2020-02-29'), '2020-02-29');
  assert.throws(() => dateOption('2019-02-29'), InvalidArgumentError);
  assert.throws(() => dateOption('13/09/2017'), InvalidArgumentError);
});
