// A synthetic record with a fixed seed: conflict events spread over Syria and Iraq for five
// years, in ACLED's shape, with the type and precision mix of ACLED's own rows. For benchmarks only.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Claim } from '../src/model/index.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { rng } from '../src/eval/dedup.js';
import { EVENT_TYPES, type EventType } from '../src/model/index.js';

const SYLLABLES = [
  'kafr',
  'tal',
  'deir',
  'ain',
  'jisr',
  'maarat',
  'khan',
  'qasr',
  'bab',
  'suq',
  'ras',
  'beit',
];
const ROOTS = [
  'nabl',
  'zawi',
  'shugh',
  'hamd',
  'sukn',
  'rumm',
  'qamish',
  'bukam',
  'hasak',
  'tadm',
  'salq',
  'manb',
];
const ENDINGS = ['a', 'iya', 'an', 'el', 'un', 'i', 'at', 'ur'];
const ACTORS = [
  'Military Forces of Syria (2000-)',
  'Islamic State (Syria)',
  'HTS: Hayat Tahrir al Sham',
  'QSD: Syrian Democratic Forces',
  'Military Forces of Turkey (2016-)',
  'Military Forces of Russia (2000-)',
  'Unidentified Armed Group (Syria)',
  'Civilians (Syria)',
  'Protesters (Syria)',
  'Islamic State (Iraq)',
  'Military Forces of Iraq (2018-)',
  'PMF: Popular Mobilization Forces',
];
const PROVINCES = [
  'Idlib',
  'Aleppo',
  'Deir ez-Zor',
  'Homs',
  'Hama',
  'Raqqa',
  'Hasakah',
  'Anbar',
  'Nineveh',
  'Diyala',
];
const TYPES = Object.keys(EVENT_TYPES) as EventType[];
// In EVENT_TYPES order: Battles, Violence against civilians, Explosions/Remote violence, Protests,
// Riots, Strategic developments; shares and the precision mix below as counted in the ACLED sample
// in ../shared/eval/acled (357 rows: geo_precision 73/25/2%, time_precision 94/4.5/1.5%).
const TYPE_WEIGHTS = [0.12, 0.07, 0.21, 0.37, 0.12, 0.11];

export interface SyntheticPlace {
  name: string;
  latitude: number;
  longitude: number;
  province: string;
}

export function syntheticPlaces(n: number, seed: number): SyntheticPlace[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const name = `${pick(SYLLABLES)} ${pick(ROOTS)}${pick(ENDINGS)}`.replace(/^\w/, (c) => c.toUpperCase());
    return {
      name: `${name} ${i}`,
      latitude: 32 + r() * 5.5,
      longitude: 36 + r() * 8,
      province: PROVINCES[i % PROVINCES.length]!,
    };
  });
}

/** `n` events from day 0 = 2015-01-01 over `days` days. */
export function* syntheticEvents(n: number, seed: number, days = 1826): Generator<Claim> {
  const r = rng(seed);
  const places = syntheticPlaces(5000, seed + 1);
  const start = Date.parse('2015-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    let x = r();
    let t = 0;
    while (t < TYPES.length - 1 && x > TYPE_WEIGHTS[t]!) x -= TYPE_WEIGHTS[t++]!;
    const eventType = TYPES[t]!;
    const subs = EVENT_TYPES[eventType];
    const sub = subs[Math.floor(r() * subs.length)]!;
    const place = places[Math.floor(r() * places.length)]!;
    const date = new Date(start + Math.floor(r() * days) * 86_400_000).toISOString().slice(0, 10);
    const g = r();
    const gp = g < 0.73 ? 1 : g < 0.98 ? 2 : 3;
    const tt = r();
    const tp = tt < 0.94 ? 1 : tt < 0.985 ? 2 : 3;
    const actor1 = ACTORS[Math.floor(r() * ACTORS.length)]!;
    const actor2 = r() < 0.6 ? ACTORS[Math.floor(r() * ACTORS.length)]! : '';
    const fatalities = r() < 0.6 ? 0 : Math.floor(r() * 12);
    const notes = `On ${date}, ${actor1} ${sub.toLowerCase()} in ${gp === 3 ? place.province : place.name} in ${place.province}${fatalities ? `, ${fatalities} killed` : ''}.`;
    yield {
      event_date: date,
      time_precision: tp as 1 | 2 | 3,
      event_type: eventType,
      sub_event_type: sub,
      actor1,
      assoc_actor_1: '',
      inter1: 1,
      actor2,
      assoc_actor_2: '',
      inter2: actor2 ? 2 : 0,
      interaction: actor2 ? 12 : 10,
      country: place.longitude > 42 ? 'Iraq' : 'Syria',
      admin1: place.province,
      admin2: '',
      location: gp === 3 ? place.province : place.name,
      latitude: place.latitude,
      longitude: place.longitude,
      geo_precision: gp as 1 | 2 | 3,
      fatalities,
      notes,
      source: 'Synthetic',
      plover: 'ASSAULT',
      details: {
        category: 'synthetic',
        plover: 'ASSAULT',
        counts: fatalities ? { fatalities: { low: fatalities, best: fatalities, high: fatalities } } : {},
        fieldEvidence: tp === 1 ? { event_date: [{ start: 3, end: 13, text: date }] } : {},
      },
      evidence: [{ start: 0, end: notes.length, text: notes }],
      attribution: [{ source: 'Synthetic', via: [] }],
      hedged: false,
      flags: [],
      confidence: 0.7,
    };
  }
}

/** Where `bench/cluster.ts` keeps its store of `stored` synthetic events. */
export function benchStorePath(stored: number): string {
  return join(tmpdir(), `obs-bench-cluster-${stored}.db`);
}

/** The store `bench/cluster.ts` built (BENCH_EVENTS events), for the benchmarks that read it. */
export async function openBenchStore(): Promise<SqliteStore> {
  const path = benchStorePath(Number(process.env.BENCH_EVENTS ?? 1_000_000));
  if (!existsSync(path)) {
    console.log(`no store at ${path}: run "npm run bench:cluster" first (it builds it)`);
    process.exit(1);
  }
  const store = new SqliteStore(path);
  await store.migrate();
  return store;
}
