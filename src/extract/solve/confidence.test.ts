import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftFor } from '../../../test/helpers/extract.js';
import { ACLED_RULES } from '../acled/index.js';
import { confidence } from './confidence.js';
import { country } from './country.js';
import { date } from './date.js';
import { place } from './place.js';
import { roles } from './roles/index.js';
import { tallies } from './tallies.js';

const SOLVERS = [place, date, country, roles, ...ACLED_RULES, tallies, confidence];
const conf = (text: string) => draftFor(text, SOLVERS).f.confidence;

test('stated place, date, actor and source raise it; hedging lowers it', () => {
  const full = conf('Regime forces shelled Kafr Nabl on Friday, SOHR said.');
  const bare = conf('Shelling was heard.');
  const hedged = conf('Regime forces reportedly shelled Kafr Nabl on Friday, SOHR said.');
  assert.ok(full > bare, `${full} > ${bare}`);
  assert.ok(hedged < full);
  assert.ok(full <= 0.99 && bare >= 0.05);
});

test('an implausible count caps it', () => {
  assert.ok(conf('Shelling on Idlib on Friday killed a billion people.') <= 0.2);
});
