import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from './extract.js';
import { loadResources } from './resources.js';

const res = loadResources();
const events = (text: string, published = '2020-05-01', source = 'Test Wire') =>
  extract({ id: 't', text, published, source }, res).events;

test('negation, hypotheticals and generic statements code no event', () => {
  assert.deepEqual(events('The coalition did not carry out air strikes on the convoy.'), []);
  assert.deepEqual(events('Turkey threatened to launch air strikes on Kobani.'), []);
  assert.deepEqual(events('The army could shell the town if talks fail.'), []);
});

test('past background is not a new event; a stated recent date is', () => {
  assert.deepEqual(events('The town was the site of clashes in 2014.'), []);
  const [e] = events('Clashes broke out between the SDF and Turkish forces near Ain Issa on 28 April.');
  assert.equal(e?.sub_event_type, 'Armed clash');
  assert.equal(e?.event_date, '2020-04-28');
  assert.equal(e?.time_precision, 1);
});

test('one event per what, where and when; several in one report', () => {
  const ev = events(
    'Turkish drones struck a car near Qamishli on Monday, killing two fighters. On Tuesday, protesters rallied in Beirut.',
  );
  assert.deepEqual(ev.map((e) => e.sub_event_type).sort(), ['Air/drone strike', 'Peaceful protest']);
  const strike = ev.find((e) => e.sub_event_type === 'Air/drone strike')!;
  assert.equal(strike.fatalities, 2);
  assert.equal(strike.actor1, 'Military Forces of Turkey (2016-)');
  assert.equal(strike.location, 'Al Qamishli');
  assert.equal(strike.geo_precision, 2, 'near a town');
  assert.equal(strike.plover, 'ASSAULT');
  const protest = ev.find((e) => e.sub_event_type === 'Peaceful protest')!;
  assert.equal(protest.actor1, 'Protesters (Lebanon)');
  assert.equal(protest.fatalities, 0);
  assert.equal(protest.interaction, 60);
});

test('people moved and captured are never fatalities', () => {
  const [e] = events(
    'Around 300 fighters and their families were evacuated on 20 buses from Arsal under the agreement reached on Sunday.',
  );
  assert.ok(e);
  for (const x of events(
    'Around 300 fighters and their families were evacuated on 20 buses from Arsal under the agreement reached on Sunday.',
  )) {
    assert.equal(x.fatalities, 0);
  }
});

test('the most conservative figure is coded when a report gives two', () => {
  const [e] = events(
    'An air strike hit the market in Ariha on Sunday, killing 12 civilians, SOHR said. Local medics said an air strike on Ariha on Sunday killed 15 people.',
  );
  assert.equal(e?.sub_event_type, 'Air/drone strike');
  assert.equal(e?.fatalities, 12);
  assert.equal(e?.details.counts.fatalities?.high, 15);
});

test('attribution: who says it and through whom', () => {
  const [e] = events(
    'Shelling hit Kafr Nabl on Friday, a rebel commander told Reuters.',
    '2020-05-01',
    'Newsweek',
  );
  assert.deepEqual(e?.attribution, [
    { source: 'a rebel commander', via: ['Reuters', 'Newsweek'], span: e?.attribution[0]?.span },
  ]);
  const [s] = events(
    'Regime forces shelled Kafr Nabl on Friday, the Syrian Observatory for Human Rights said.',
    '2020-05-01',
    'AFP',
  );
  assert.equal(s?.attribution[0]?.source, 'SOHR');
  assert.deepEqual(s?.attribution[0]?.via, ['AFP']);
  assert.equal(s?.source, 'SOHR; AFP');
});

test('hedged reports are kept with lower confidence; absurd counts are flagged', () => {
  const [plain] = events('Regime forces shelled Kafr Nabl on Friday.');
  const [hedged] = events('Regime forces reportedly shelled Kafr Nabl on Friday.');
  assert.equal(hedged?.hedged, true);
  assert.ok(hedged!.confidence < plain!.confidence);
  const [absurd] = events('Shelling on Idlib on Friday killed a billion people.');
  assert.ok(absurd?.flags.includes('implausible_killed'));
  assert.ok(absurd!.confidence <= 0.2);
});

test('a report that only says "central Syria" is never a precise point', () => {
  const [e] = events('Coalition air strikes hit the desert road in central Syria on Wednesday.');
  assert.equal(e?.sub_event_type, 'Air/drone strike');
  assert.equal(e?.geo_precision, 3);
});

test('every evidence span equals its slice of the text', () => {
  const text =
    'On 27 April, unidentified gunmen shot dead a man in Daraa, SOHR reported. اشتباكات — Two IEDs exploded near Mosul on Sunday.';
  for (const e of events(text)) for (const s of e.evidence) assert.equal(text.slice(s.start, s.end), s.text);
});

test('statements that condemn or defend are coded with the speaker as actor1', () => {
  const coded = events('The Syrian government condemned the Turkish air strikes near Qamishli on Sunday.');
  const statement = coded.find((x) => x.details.category === 'statement');
  assert.ok(coded.length > 0);
  assert.equal(statement?.sub_event_type, 'Other');
  assert.equal(statement?.plover, 'ACCUSE');
  assert.equal(statement?.actor1, 'Military Forces of Syria (2000-)');
});

test('quotations and durations are kept as structured details', () => {
  const [q] = events('"Our forces shelled the positions near Saraqib on Friday," the commander said.');
  assert.equal(q?.details.quoted, true);
  const coded = events(
    'The convoy was stranded near al-Sukhnah for two weeks after air strikes hit the road on 30 August.',
    '2017-09-13',
  );
  assert.ok(coded.length > 0);
  assert.deepEqual(coded.find((x) => x.details.duration)?.details.duration, {
    text: 'for two weeks',
    days: 14,
  });
});

test('each coded field points to the words it rests on', () => {
  const text = 'Turkish drones struck a car near Qamishli on Monday, killing two fighters, SOHR said.';
  const [e] = events(text);
  const f = e!.details.fieldEvidence;
  // The type rests on its trigger and on the words whose features weighed most for it.
  assert.ok(
    f.event_type?.some((s) => s.text === 'drones struck'),
    JSON.stringify(f.event_type),
  );
  assert.ok(f.event_type!.length <= 4);
  assert.deepEqual(
    f.location?.map((s) => s.text),
    ['Qamishli'],
  );
  assert.deepEqual(
    f.event_date?.map((s) => s.text),
    ['on Monday'],
  );
  assert.deepEqual(
    f.fatalities?.map((s) => s.text),
    ['killing two'],
  );
  assert.deepEqual(
    f.source?.map((s) => s.text),
    ['SOHR'],
  );
  for (const spans of Object.values(f))
    for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
});

test('a sentence that cannot be read is skipped with a warning; the rest of the document is coded', () => {
  const finder = res.attributionFinder;
  const failing = Object.create(finder) as typeof finder;
  failing.find = (sentence, previous) => {
    if (sentence.text.includes('unreadable')) throw new Error('recogniser failed');
    return finder.find(sentence, previous);
  };
  const out = extract(
    {
      id: 'w',
      text: 'An unreadable sentence about shelling. Turkish drones struck a car near Qamishli on Monday.',
      published: '2020-05-01',
    },
    { ...res, attributionFinder: failing },
  );
  assert.equal(out.events.length, 1);
  assert.equal(out.events[0]?.sub_event_type, 'Air/drone strike');
  assert.match(
    out.warnings[0] ?? '',
    /sentence at offset 0 could not be read \(recogniser failed\); skipped/,
  );
});

test('generic actors take the country the text is about when the place does not say', () => {
  const [e] = events(
    'Protesters blocked the main road in Qwertyville on Friday against rising prices, Naharnet reported.',
  );
  assert.equal(e?.sub_event_type, 'Peaceful protest');
  assert.equal(e?.actor1, 'Protesters (Lebanon)');
});

test('one demonstration told as a protest and as a riot is one event, coded at its worst', () => {
  const ev = events(
    'Protesters rallied in Beirut on Friday against the banks. Later the rioters threw stones at the police in Beirut.',
  );
  assert.equal(ev.length, 1);
  assert.equal(ev[0]?.sub_event_type, 'Violent demonstration');
  assert.equal(ev[0]?.actor1, 'Rioters (Lebanon)');
  const arrested = events(
    'Protesters rallied in Beirut on Friday. Police arrested five protesters in Beirut.',
  );
  assert.deepEqual(
    arrested.map((e) => e.sub_event_type),
    ['Protest with intervention'],
  );
});
