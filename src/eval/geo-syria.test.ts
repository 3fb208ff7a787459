import { test } from 'node:test';
import assert from 'node:assert/strict';
import { otherLetterForms } from './geo-syria.js';
import { loadResources } from '../extract/resources.js';

test('an Arabic name written with other letter forms still resolves to its place', () => {
  assert.equal(otherLetterForms('إدلب'), 'الـادلب');
  assert.equal(otherLetterForms('الرقة'), 'رقـه');
  const { geoparser } = loadResources();
  const lead = 'قصفت الطائرات الحربية ';
  for (const [name, governorate] of [
    ['حماة', 'حماة'],
    ['الرقة', 'الرقة'],
    ['سراقب', 'إدلب'],
  ]) {
    const text = `${lead}${otherLetterForms(name!)} في محافظة ${governorate}، سوريا.`;
    const found = geoparser.parse(text).toponyms;
    // "الحربية" (military) is not taken for a Turkish town.
    assert.equal(found.filter((x) => x.span.end <= lead.length).length, 0, text);
    const t = found.find((x) => x.span.start === lead.length);
    assert.equal(t?.place.countryCode, 'SY', name);
    assert.equal(t?.featureClass, 'P', `${name}: the town, not its province`);
  }
});
