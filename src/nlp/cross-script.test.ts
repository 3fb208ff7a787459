import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arabicCrossKeys,
  arabicNameOf,
  indexKeys,
  latinCrossKey,
  mayNameAcrossScripts,
  placeCueBefore,
} from './cross-script.js';

test('a Latin transliteration and the Arabic name share one consonant key', () => {
  const pairs: Array<[string, string]> = [
    ['Kafr Nabl', 'كفرنبل'],
    ['Kafr Nabl', 'كفر نبل'],
    ['Deir ez-Zor', 'دير الزور'],
    ['Jisr al-Shughur', 'جسر الشغور'],
    ['Jisr ash-Shoughour', 'جسر الشغور'],
    ['Saraqeb', 'سراقب'],
    ['Ar Rastan', 'الرستن'],
    ['Tell Rifaat', 'تل رفعت'],
    ['Khirbet al-Jouz', 'خربة الجوز'],
    ['Maarat al-Numan', 'معرة النعمان'],
    ['Cheikh Maskine', 'الشيخ مسكين'],
  ];
  for (const [latin, arabic] of pairs)
    assert.ok(arabicCrossKeys(arabic).includes(latinCrossKey(latin)!), `${latin} / ${arabic}`);
});

test('different names keep different keys, and short ones get none', () => {
  assert.notEqual(latinCrossKey('Kafr Nabl'), latinCrossKey('Kafr Nabudah'));
  assert.ok(!arabicCrossKeys('سراقب').includes(latinCrossKey('Sarmada')!));
  assert.equal(latinCrossKey('Aleppo'), undefined, 'two consonants tell too little');
  assert.deepEqual(arabicCrossKeys('حلب x'), [], 'mixed scripts');
});

test('only names another writer used get a cross-script key, and only where asked', () => {
  const cross = (name: string, on: boolean) => indexKeys(name, on).filter(([, k]) => k.startsWith('~'));
  assert.deepEqual(cross('Kafr Nabl', true), [[2, '~kfrnbl']]);
  assert.deepEqual(cross('Kafr Nabl', false), []);
  assert.deepEqual(cross('kfrnbl', true), [], 'a machine romanisation of the Arabic name');
  assert.deepEqual(cross('كفرنبل', true), [], 'an Arabic name is found by its own keys');
});

test('a span across scripts needs a word saying a place follows, and no particle inside', () => {
  for (const w of ['بلدة', 'ببلدة', 'وقرية', 'مدينة', 'حي', 'مخيم']) assert.ok(placeCueBefore(w), w);
  for (const w of ['على', 'قصف', undefined]) assert.ok(!placeCueBefore(w), String(w));
  assert.ok(mayNameAcrossScripts('كفر نبل'));
  assert.ok(!mayNameAcrossScripts('نبل في'));
  assert.ok(!mayNameAcrossScripts('بريف'));
});

test('a place’s Arabic name is the alternate that writes its Latin name, else the first in Arabic letters', () => {
  assert.equal(arabicNameOf(['Kafr Nabl'], ['Kafranbel', 'كفر عويد', 'كفرنبل']), 'كفرنبل');
  assert.equal(arabicNameOf(['Zakhu'], ['Zakho', 'زاخۆ', 'زاخو']), 'زاخو', 'Kurdish letters are not Arabic');
  assert.equal(arabicNameOf(['Somewhere'], ['Elsewhere', 'مكان']), 'مكان');
  assert.equal(arabicNameOf(['Somewhere'], ['Elsewhere']), undefined);
});
