import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadResources } from '../extract/resources.js';

const { geoparser } = loadResources();
const names = (text: string) =>
  geoparser.parse(text).toponyms.map((t) => `${t.span.text}=${t.place.asciiName}/${t.place.countryCode}`);

test('transliterations and article forms resolve to one place', () => {
  assert.deepEqual(names('Shelling hit Deir Ezzor, then Dayr az Zawr again.'), [
    'Deir Ezzor=Deir ez-Zor/SY',
    'Dayr az Zawr=Deir ez-Zor/SY',
  ]);
  assert.deepEqual(names('The convoy passed al-Sukna toward Albukamal.'), [
    'al-Sukna=As Sukhnah/SY',
    'Albukamal=Albu Kamal/SY',
  ]);
});

test('actors and people that look like places are kept out', () => {
  assert.deepEqual(names('Hezbollah leader Hassan Nasrallah spoke as Islamic State fighters left.'), []);
  assert.deepEqual(names('President Bashar al-Assad visited Aleppo.'), ['Aleppo=Aleppo/SY']);
});

test('demonyms are associative, not locations, but set the country focus', () => {
  const r = geoparser.parse('Syrian and Lebanese officials met. Clashes were reported in Tripoli.');
  assert.deepEqual(
    r.demonyms.map((d) => d.countryCode),
    ['SY', 'LB'],
  );
  assert.equal(r.toponyms[0]?.place.countryCode, 'LB', 'Tripoli in Lebanon, not Libya');
});

test('province, region and "near" qualifiers coarsen the precision', () => {
  const r = geoparser.parse(
    'Fighting in Idlib province, shelling near Saraqib, a strike in Saraqib, and raids in the Bekaa Valley.',
  );
  const by = Object.fromEntries(r.toponyms.map((t) => [t.span.text, t]));
  assert.equal(by['Idlib']?.place.featureCode, 'ADM1');
  assert.equal(by['Idlib']?.precision, 3);
  assert.equal(
    r.toponyms
      .filter((t) => t.span.text === 'Saraqib')
      .map((t) => t.precision)
      .join(','),
    '2,1',
  );
  assert.equal(by['Bekaa Valley']?.precision, 3);
});

test('a name with no plausible reading is left unresolved rather than guessed', () => {
  assert.deepEqual(names('Fighters of the Qwertyuiop Brigade advanced.'), []);
});

test('place names in Arabic script are found in Arabic text', () => {
  const r = geoparser.parse('قصف على مدينة دير الزور وريف إدلب');
  assert.deepEqual(
    r.toponyms.map((t) => t.place.asciiName),
    ['Deir ez-Zor', 'Idlib'],
  );
});

test('a surname seen in a full name, or a word the text also uses in lower case, is not a place', () => {
  const r = geoparser.parse('Ryan Kelly spoke in Aleppo. Kelly said the park was closed. The Park reopened.');
  assert.deepEqual(
    r.toponyms.map((t) => t.span.text),
    ['Aleppo'],
  );
});

test('a state or province named in the text favours the places inside it', () => {
  const place = (text: string) =>
    geoparser.parse(text).toponyms.find((t) => t.span.text === 'Springfield')?.place.admin1;
  assert.equal(
    place('Flooding hit Springfield on Monday, and Illinois officials asked for help.'),
    'Illinois',
  );
  assert.equal(
    place('Flooding hit Springfield on Monday, and Missouri officials asked for help.'),
    'Missouri',
  );
});

test('multi-word names are found whole, a state named as such is the state', () => {
  const r = geoparser.parse(
    'They voted in West Virginia and North Carolina, and officials met in New York state.',
  );
  assert.deepEqual(
    r.toponyms.map((t) => `${t.span.text}=${t.place.featureCode}`),
    ['West Virginia=ADM1', 'North Carolina=ADM1', 'New York=ADM1'],
  );
  assert.deepEqual(names('Clashes near Ras al-Ain and on Jabal al-Zawiya.'), [
    "Ras al-Ain=Ra's al `Ayn/SY",
    'Jabal al-Zawiya=Jabal al-Zawiya/SY',
  ]);
});

test('the countryside or a part of a division is the division at precision 2', () => {
  const r = geoparser.parse('Shelling in the Idlib countryside, rural Damascus and eastern Deir ez-Zor.');
  assert.deepEqual(
    r.toponyms.map((t) => `${t.place.name}/${t.place.featureCode}/${t.precision}`),
    ['Idlib/ADM1/2', 'Rif Dimashq/ADM1/2', 'Deir ez-Zor/ADM1/2'],
  );
  assert.equal(r.toponyms[0]?.place.admin1Pcode, 'SY07');
});

test('a place name that is also a surname needs context to be a place', () => {
  assert.deepEqual(names('Ahmed Homs told reporters. Homs was not reached.'), []);
  assert.deepEqual(names('Shelling hit Homs.'), ['Homs=Homs/SY']);
  // The division written after a name says which of its namesakes it is.
  const paris = geoparser.parse('A storm hit Paris, Texas.').toponyms[0];
  assert.equal(paris?.place.countryCode, 'US');
});

test('a country name followed by a division of another country is not that country', () => {
  // Turkey, Texas is a town too small for the gazetteer: nothing is better than the wrong country.
  assert.deepEqual(names('The parade in Turkey, Texas drew crowds.'), ['Texas=Texas/US']);
  assert.deepEqual(names('Troops from Turkey, Syria and Iraq met.'), [
    'Turkey=Turkey/TR',
    'Syria=Syria/SY',
    'Iraq=Iraq/IQ',
  ]);
});

test('"ريف إدلب", "ريف دمشق الغربي": the countryside of a division is the division, at precision 2', () => {
  const at = (text: string) =>
    geoparser.parse(text, ['SY']).toponyms.map((t) => [t.place.name, t.place.featureCode, t.precision]);
  assert.deepEqual(at('قصف مدفعي على ريف إدلب الجنوبي'), [['Idlib', 'ADM1', 2]]);
  assert.deepEqual(at('اشتباكات في ريف دمشق الغربي'), [['Rif Dimashq', 'ADM1', 2]]);
  assert.deepEqual(at('غارات بريف حلب'), [['Aleppo', 'ADM1', 2]]);
  // A town in the countryside is the town, at its own precision.
  const town = geoparser.parse('قصف على بلدة سراقب في ريف إدلب', ['SY']).toponyms;
  assert.equal(town[0]?.place.admin1, 'Idlib');
  assert.equal(town[0]?.precision, 1);
});

test('common Arabic nouns the gazetteer has as places elsewhere are not read as places alone', () => {
  const found = geoparser.parse('انفجرت دراجة نارية مفخخة في سوق مدينة عفرين يوم الجمعة', ['SY']).toponyms;
  // "مدينة عفرين", the city of Afrin: the town, not the district of its name.
  assert.deepEqual(
    found.map((t) => [t.place.name, t.place.featureCode]),
    [['‘Afrīn', 'PPLA2']],
  );
});
