// A small ACLED CSV written for the tests: events of every type in Syria and Iraq over six
// months, spelled as ACLED spells places (Idleb, Deir-ez-Zor), with a fixed pattern, no ACLED rows.
import { EVENT_TYPES } from '../../src/model/index.js';

const PLACES = [
  { country: 'Syria', admin1: 'Idleb', admin2: 'Ariha', location: 'Ariha', lat: 35.81, lon: 36.61 },
  { country: 'Syria', admin1: 'Idleb', admin2: 'Idleb', location: 'Saraqab', lat: 35.86, lon: 36.8 },
  {
    country: 'Syria',
    admin1: 'Deir-ez-Zor',
    admin2: 'Al Mayadin',
    location: 'Al Mayadin',
    lat: 35.02,
    lon: 40.45,
  },
  { country: 'Syria', admin1: 'Aleppo', admin2: 'Afrin', location: 'Afrin', lat: 36.51, lon: 36.87 },
  { country: 'Iraq', admin1: 'Ninewa', admin2: 'Mosul', location: 'Mosul', lat: 36.34, lon: 43.13 },
  { country: 'Iraq', admin1: 'Al Anbar', admin2: 'Ramadi', location: 'Ramadi', lat: 33.42, lon: 43.3 },
];
const ACTORS = ['Military Forces of Syria (2000-)', 'HTS: Hayat Tahrir al Sham', 'Islamic State (Iraq)'];
const HEADER =
  'event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,country,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities';

/** `n` rows, the i-th on day i mod 180 from 2021-01-01; ids FIX1..FIXn (or another prefix). */
export function acledFixture(n: number, prefix = 'FIX'): string {
  const types = Object.keys(EVENT_TYPES) as Array<keyof typeof EVENT_TYPES>;
  const rows = [HEADER];
  for (let i = 0; i < n; i++) {
    const type = types[i % types.length]!;
    const subs = EVENT_TYPES[type];
    const sub = subs[Math.floor(i / types.length) % subs.length]!;
    const p = PLACES[Math.floor(i / types.length) % PLACES.length]!;
    const date = new Date(Date.UTC(2021, 0, 1) + ((i * 37) % 180) * 86_400_000).toISOString().slice(0, 10);
    const actor = ACTORS[i % ACTORS.length]!;
    const inter1 = type === 'Protests' ? 6 : 1;
    const inter2 = type === 'Violence against civilians' ? 7 : type === 'Battles' ? 2 : 0;
    const interaction = inter2 ? Math.min(inter1, inter2) * 10 + Math.max(inter1, inter2) : inter1 * 10;
    const fatalities = (i * 5) % 9;
    // Spread each place a little so the points do not sit on one another.
    const lat = (p.lat + ((i % 10) - 5) * 0.01).toFixed(4);
    const lon = (p.lon + ((Math.floor(i / 10) % 10) - 5) * 0.01).toFixed(4);
    const notes = `On ${date}, ${actor} ${sub.toLowerCase()} in ${p.location} (${p.admin1}), ${fatalities} killed.`;
    rows.push(
      [
        `${prefix}${i + 1}`,
        date,
        1,
        type,
        sub,
        `"${actor}"`,
        '',
        inter1,
        inter2 ? 'Civilians (Syria)' : '',
        '',
        inter2,
        interaction,
        p.country,
        p.admin1,
        p.admin2,
        p.location,
        lat,
        lon,
        1,
        'Fixture Monitor',
        `"${notes}"`,
        fatalities,
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
