import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameStem } from './build-gazetteer.js';

test('qualifying words of a place name are dropped to give the name reports use', () => {
  assert.equal(nameStem('Nabatîyé et Tahta'), 'Nabatiye');
  assert.equal(nameStem('Tell Abyad Gharbi'), 'Tell Abyad');
  assert.equal(nameStem('Aleppo'), undefined);
  assert.equal(nameStem('Al Kabir'), undefined, 'a qualifier alone is not stripped to nothing');
});
