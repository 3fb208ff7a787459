import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage } from './language.js';

test('English is recognised even in one short sentence', () => {
  assert.equal(
    detectLanguage('Turkish drones struck PKK positions near Qandil on Monday, killing three militants.')
      .code,
    'eng',
  );
});

test('Arabic and Turkish reports are named, not taken for English', () => {
  assert.equal(
    detectLanguage('قصف على مدينة دير الزور وريف إدلب وقتل خمسة مدنيين في الغارات الجوية اليوم').code,
    'arb',
  );
  assert.equal(
    detectLanguage(
      'Türk insansız hava araçları Pazartesi günü Kandil yakınlarındaki PKK mevzilerini vurdu ve üç militanı öldürdü.',
    ).code,
    'tur',
  );
});

test('a text too short to tell is undetermined', () => {
  assert.equal(detectLanguage('Idlib').code, 'und');
});
