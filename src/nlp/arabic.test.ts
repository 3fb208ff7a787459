import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arabicTokens,
  detectMojibake,
  hijriToGregorian,
  looksArabizi,
  normaliseArabic,
  scriptLanguage,
  splitArabicSentences,
} from './arabic.js';
import { splitSentences } from './sentences.js';
import { readableLanguage } from './language.js';

test('letters written several ways normalise to one: hamza forms, taa marbuta, alef maqsura, tatweel, diacritics, digits', () => {
  assert.equal(normaliseArabic('أإآٱا'), 'ااااا');
  assert.equal(normaliseArabic('قريةٌ'), 'قريه');
  assert.equal(normaliseArabic('مستشفى'), 'مستشفي');
  assert.equal(normaliseArabic('اشتبـــاكات'), 'اشتباكات');
  assert.equal(normaliseArabic('قُتِلَ'), 'قتل');
  assert.equal(normaliseArabic('١٢ و۳'), '12 و3');
});

test('clitics and the article split off, each stem with its offset in the original text', () => {
  const text = 'قالوا: وبالقصفِ للنظام';
  const [, wa, lil] = arabicTokens(text);
  const bare = wa!.readings.find((r) => r.stem === 'قصف')!;
  assert.deepEqual(bare.prefixes, ['و', 'ب', 'ال']);
  assert.equal(
    text.slice(bare.start, wa!.end),
    'قصفِ',
    'the stem starts after و ب ال; the diacritic stays in the span',
  );
  const regime = lil!.readings.find((r) => r.stem === 'النظام')!;
  assert.equal(
    text.slice(regime.start, lil!.end),
    'لنظام',
    'لل is ل with the article: its stem is the article form',
  );
  assert.ok(lil!.readings.some((r) => r.stem === 'نظام'));
  // A word that only looks like a clitic and a stem keeps its own reading first.
  assert.equal(arabicTokens('وادي')[0]!.readings[0]!.stem, 'وادي');
});

test('Arabic sentences end at . ؟ ! ؛ and line breaks, not at the Arabic comma; offsets index the input', () => {
  const text = 'قصف على إدلب، ومقتل مدني. هل انتهت الاشتباكات؟ مظاهرة في درعا؛ اعتقال شابين\nوقفة احتجاجية';
  const spans = splitArabicSentences(text);
  assert.deepEqual(
    spans.map((s) => s.text),
    ['قصف على إدلب، ومقتل مدني.', 'هل انتهت الاشتباكات؟', 'مظاهرة في درعا؛', 'اعتقال شابين', 'وقفة احتجاجية'],
  );
  for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
  assert.equal(splitArabicSentences('بلغت النسبة 3.5 بالمئة').length, 1, 'a decimal point is no stop');
});

test('a bilingual text is split as each language is written', () => {
  const text = 'Clashes broke out in Idlib on Monday. قصفت قوات النظام بلدة سرمين؟ اشتباكات في حلب';
  const spans = splitSentences(text);
  assert.deepEqual(
    spans.map((s) => s.text),
    ['Clashes broke out in Idlib on Monday.', 'قصفت قوات النظام بلدة سرمين؟', 'اشتباكات في حلب'],
  );
  for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
});

test('Hijri (Umm al-Qura) dates convert to Gregorian; impossible ones do not', () => {
  assert.equal(hijriToGregorian(1445, 9, 1), '2024-03-11'); // 1 Ramadan 1445
  assert.equal(hijriToGregorian(1446, 1, 1), '2024-07-07'); // 1 Muharram 1446
  assert.equal(hijriToGregorian(1444, 10, 1), '2023-04-21'); // Eid al-Fitr 1444
  assert.equal(hijriToGregorian(1445, 13, 1), undefined);
});

test('Persian, Urdu and Kurdish in Arabic script are told from Arabic', () => {
  assert.equal(scriptLanguage('نیروهای دولتی روز دوشنبه به روستا حمله کردند و چند نفر کشته شدند'), 'persian');
  assert.equal(scriptLanguage('فوج نے گاؤں پر حملہ کیا اور کئی لوگ ہلاک ہوگئے'), 'urdu');
  assert.equal(scriptLanguage('هێزەکانی حکومەت هێرشیان کردە سەر گوندەکە'), 'kurdish');
  assert.equal(scriptLanguage('قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي'), 'arabic');
  const refused = readableLanguage('نیروهای دولتی روز دوشنبه به روستا حمله کردند و چند نفر کشته شدند', true);
  assert.equal(refused.language, 'fas');
  assert.match(refused.refusal ?? '', /Persian in Arabic script, not Arabic/);
});

test('Arabizi is reported as unsupported, English is not mistaken for it', () => {
  assert.ok(looksArabizi('el jaysh 2asaf el 7ay w 3adad kbir mn el shabab ma3 el 3askar'));
  assert.ok(!looksArabizi('The army shelled the town on 3 May, killing 7 people in 2 villages.'));
  assert.match(
    readableLanguage('el jaysh 2asaf el 7ay w 3adad kbir mn el shabab', true).refusal ?? '',
    /Arabizi/,
  );
});

test('Arabic read in the wrong encoding is detected and named, with what it should have read', () => {
  const arabic = 'قصفت قوات النظام بلدة كفرنبل في ريف إدلب';
  // Windows-1256 bytes of the text, read as Latin-1.
  const cp1256 = new TextDecoder('windows-1256');
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(cp1256.decode(Uint8Array.of(b)), b);
  const latin1 = Buffer.from([...arabic].map((c) => byteOf.get(c)!)).toString('latin1');
  assert.deepEqual(detectMojibake(latin1), { encoding: 'Windows-1256 read as Latin-1', repaired: arabic });
  const utf8AsLatin1 = Buffer.from(arabic, 'utf8').toString('latin1');
  assert.equal(detectMojibake(utf8AsLatin1)?.encoding, 'UTF-8 read as Latin-1/Windows-1252');
  assert.equal(detectMojibake('Café au lait à Paris, déjà vu, façade et naïveté.'), undefined);
  assert.equal(detectMojibake(arabic), undefined);
  assert.match(readableLanguage(latin1, true).refusal ?? '', /Windows-1256 read as Latin-1/);
});
