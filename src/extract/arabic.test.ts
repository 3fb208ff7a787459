import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract, readDocument } from './extract.js';
import { loadResources } from './resources.js';

const res = loadResources();
const PUBLISHED = '2024-10-14'; // a Monday
const coded = (text: string, source?: string) =>
  extract({ id: 't', text, published: PUBLISHED, source }, res);
const only = (text: string) => {
  const r = coded(text);
  assert.equal(r.events.length, 1, `one event in: ${text} (${r.warnings.join('; ')})`);
  return r.events[0]!;
};

test('an Arabic report is coded to ACLED fields with English values', () => {
  const e = only(
    'قُتل 3 مدنيين، بينهم طفلان، وأصيب 5 آخرون جراء قصف مدفعي لقوات النظام على مدينة إدلب، بحسب المرصد السوري لحقوق الإنسان.',
  );
  assert.equal(e.event_type, 'Explosions/Remote violence');
  assert.equal(e.sub_event_type, 'Shelling/artillery/missile attack');
  assert.equal(e.actor1, 'Military Forces of Syria (2000-)');
  assert.equal(e.actor2, 'Civilians (Syria)');
  assert.equal(e.fatalities, 3, '"بينهم طفلان" says who the three were, not two more');
  assert.equal(e.admin1, 'Idlib');
  assert.equal(e.source, 'SOHR');
});

test('evidence spans are offsets into the Arabic text, on the Arabic words', () => {
  const text = 'شنت طائرات حربية روسية فجر اليوم غارات جوية على بلدة كفرنبل بريف إدلب، ما أدى لمقتل طفل.';
  const r = coded(text);
  const e = r.events[0]!;
  assert.equal(e.sub_event_type, 'Air/drone strike');
  assert.equal(e.actor1, 'Military Forces of Russia (2000-)');
  assert.equal(e.fatalities, 1, 'a noun alone is one');
  assert.equal(e.event_date, PUBLISHED);
  const ev = e.details.fieldEvidence;
  for (const s of e.evidence) assert.equal(text.slice(s.start, s.end), s.text);
  assert.ok(ev.event_type?.some((s) => s.text === 'غارات جوية'));
  assert.ok(ev.actor1?.some((s) => s.text === 'طائرات حربية روسية'));
});

test('counts: Arabic-Indic digits, number words with their tens, duals, vague plurals', () => {
  assert.equal(only('قتل ٤ مدنيين بقصف صاروخي لقوات النظام على مدينة أريحا.').fatalities, 4);
  assert.equal(only('أسفر قصف جوي روسي على سوق في مدينة أريحا عن مقتل خمسة وعشرين مدنيا.').fatalities, 25);
  assert.equal(only('قتل عنصران من قسد بهجوم لخلايا داعش في بلدة البصيرة.').fatalities, 2);
  assert.equal(
    only('وثق المرصد مقتل عشرات العناصر من قوات النظام بهجوم لتنظيم الدولة في بادية تدمر.').fatalities,
    10,
  );
  assert.equal(only('أصيب 4 عناصر من الجيش الوطني بقصف مدفعي لقوات النظام على بلدة تادف.').fatalities, 0);
});

test('dates: relative words, weekdays, Levantine and Egyptian month names, Hijri dates', () => {
  assert.equal(only('اعتقلت قوات النظام شابين في مدينة درعا أمس.').event_date, '2024-10-13');
  assert.equal(only('تظاهر المئات في مدينة السويداء يوم الجمعة.').event_date, '2024-10-11');
  assert.equal(
    only('اعتقلت قوات النظام 5 شبان في مدينة درعا يوم السبت 12 تشرين الأول/أكتوبر 2024.').event_date,
    '2024-10-12',
  );
  assert.equal(only('شنت طائرات روسية غارات على مدينة جسر الشغور في 8 أكتوبر.').event_date, '2024-10-08');
  assert.equal(
    only('اندلعت اشتباكات بين قسد وداعش في 9 ربيع الآخر 1446 هـ قرب مدينة الحسكة.').event_date,
    '2024-10-12',
  );
});

test('negated, planned and denied acts code no event', () => {
  assert.deepEqual(coded('لم تسجل أي اشتباكات على محاور ريف إدلب خلال الساعات الماضية.').events, []);
  assert.deepEqual(coded('نفت وزارة الدفاع وقوع أي غارات على المنطقة.').events, []);
  assert.deepEqual(coded('تعتزم قوات النظام شن هجوم على ريف إدلب الجنوبي خلال الأيام المقبلة.').events, []);
});

test('attribution and hedges are read in Arabic', () => {
  const { sentences } = readDocument(
    {
      id: 't',
      text: 'أفادت مصادر محلية بأنباء عن مقتل مدني برصاص مجهولين في مدينة طفس.',
      published: PUBLISHED,
    },
    res,
  );
  assert.equal(sentences[0]!.speaker?.name, 'local sources');
  assert.equal(sentences[0]!.hedged, true);
  const e = only('قالت وكالة سانا نقلاً عن المرصد السوري إن اشتباكات اندلعت في مدينة جاسم.');
  assert.equal(e.attribution[0]?.source, 'SOHR', 'the one quoted is the source');
  assert.deepEqual(e.attribution[0]?.via.slice(0, 1), ['SANA'], 'the one quoting carries it');
});

test('a bilingual text is read sentence by sentence in the language of each', () => {
  const r = coded(
    'Activists reported heavy fighting in the region on Monday. اعتقلت قوات النظام 5 شبان في مدينة درعا أمس. Protesters rallied in Beirut on Sunday.',
  );
  assert.equal(r.language, 'mixed');
  const types = r.events.map((e) => e.sub_event_type).sort();
  assert.ok(types.includes('Arrests'), types.join(', '));
  assert.ok(types.includes('Peaceful protest'), types.join(', '));
  const arrest = r.events.find((e) => e.sub_event_type === 'Arrests')!;
  assert.equal(arrest.actor1, 'Military Forces of Syria (2000-)');
  assert.ok(arrest.details.fieldEvidence.event_type?.some((s) => s.text === 'اعتقلت'));
});

test('another Arabic-script language, Arabizi and broken encodings are reported and not coded', () => {
  const persian = coded('نیروهای دولتی روز دوشنبه به روستا حمله کردند و چند نفر کشته شدند');
  assert.deepEqual(persian.events, []);
  assert.equal(persian.language, 'fas');
  const arabizi = coded('el jaysh 2asaf el 7ay w 3adad kbir mn el shabab ma3 el 3askar');
  assert.deepEqual(arabizi.events, []);
  assert.match(arabizi.warnings.join(' '), /Arabizi/);
  const broken = coded(Buffer.from('قصفت قوات النظام بلدة كفرنبل في ريف إدلب', 'utf8').toString('latin1'));
  assert.deepEqual(broken.events, []);
  assert.match(broken.warnings.join(' '), /broken encoding \(UTF-8 read as Latin-1/);
});

test('without the Arabic lexicons Arabic is reported, not coded', () => {
  const bare = loadResources({ arabic: false });
  const r = extract({ id: 't', text: 'قصفت قوات النظام مدينة إدلب أمس.', published: PUBLISHED }, bare);
  assert.deepEqual(r.events, []);
  assert.match(r.warnings.join(' '), /no Arabic lexicons/);
});
