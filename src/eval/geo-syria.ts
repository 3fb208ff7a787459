// Syrian places coded by a monitor (UCDP GED): each place in a sentence ("Warplanes struck <place>
// in <governorate> province, Syria."), in Latin and in Arabic script, scored within 5 km; SOHR's
// headlines scored on the coded event's governorate and within 25 km. UCDP's places are in the
// shipped gazetteer, so the honest figure is k-fold: each fold is scored with a layer built
// without it; the shipped layer's figure is in-sample and labelled so.
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { haversineKm } from '../geo/distance.js';
import { insertLayerPlaces, type AddNames } from '../geo/build-syria.js';
import { layerPlaces, type LayerPlace, type SyriaLayer } from '../geo/distil-syria.js';
import { GAZETTEER_SCHEMA, Gazetteer, defaultGazetteerPath } from '../geo/gazetteer.js';
import { cities500Path } from '../geo/build-gazetteer.js';
import type { Geoparser, Toponym } from '../geo/geoparse.js';
import { readUcdpPlaces, ucdpPlaceName } from '../geo/ucdp-places.js';
import { indexKeys } from '../nlp/cross-script.js';
import { fold, skeleton } from '../nlp/normalize.js';

export const FOLDS = 5;

/** A place of the test with the fold it belongs to (places within 5 km of each other share one). */
export interface TestPlace extends LayerPlace {
  fold: number;
  governorate: string;
  governorateAr?: string;
  arabic?: string;
}

/** Folds by groups of places near each other, so a fold's place never has a twin in the others. */
export function assignFolds(places: LayerPlace[], folds = FOLDS): number[] {
  const parent = places.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const order = places.map((_, i) => i).sort((a, b) => places[a]!.lat - places[b]!.lat);
  for (let x = 0; x < order.length; x++) {
    const a = places[order[x]!]!;
    for (let y = x + 1; y < order.length; y++) {
      const b = places[order[y]!]!;
      if (b.lat - a.lat > 0.05) break;
      if (haversineKm(a.lat, a.lon, b.lat, b.lon) < 5) parent[find(order[x]!)] = find(order[y]!);
    }
  }
  // A group's fold from its root's position: deterministic, and spread over the country.
  const roots = [...new Set(places.map((_, i) => find(i)))].sort((a, b) => a - b);
  const foldOf = new Map(roots.map((r, i) => [r, (i * 7919) % folds]));
  return places.map((_, i) => foldOf.get(find(i))!);
}

/** An in-memory local layer holding these places (a fold's training places). */
export function layerDatabase(places: LayerPlace[], layer: SyriaLayer): Database.Database {
  const db = new Database(':memory:');
  db.exec(GAZETTEER_SCHEMA);
  const insName = db.prepare('INSERT OR IGNORE INTO names (key, kind, place_id) VALUES (?, ?, ?)');
  const addNames: AddNames = (id, names, latinToArabic = false) => {
    for (const n of names) for (const [kind, key] of indexKeys(n, latinToArabic)) insName.run(key, kind, id);
  };
  const unit = new Map(layer.admin.map((a) => [a.pcode, a.name]));
  insertLayerPlaces(db, addNames, places, (p) => (p ? (unit.get(p) ?? null) : null), 'ucdp');
  return db;
}

/** Arabic names of places near a point, from GeoNames' alternate names and OpenSyria's units. */
export interface ArabicName {
  lat: number;
  lon: number;
  latin: string[];
  arabic: string;
}

const ARABIC = /^[\p{Script=Arabic}\s]+$/u;

/** Arabic names of Syrian places: GeoNames cities500's Arabic alternates and OpenSyria's units. */
export function arabicNames(layer: SyriaLayer): ArabicName[] {
  const out: ArabicName[] = [];
  const file = cities500Path();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = line.split('\t');
    if (f[8] !== 'SY') continue;
    const alt = (f[3] ?? '').split(',');
    const latin = [f[1]!, f[2]!, ...alt.filter((a) => /^[\p{Script=Latin}\s'’‘ʿʾ-]+$/u.test(a))];
    for (const a of alt.filter((x) => ARABIC.test(x)))
      out.push({ lat: Number(f[4]), lon: Number(f[5]), latin, arabic: a.trim() });
  }
  // A district or sub-district is named after its seat ("مركز الحسكة", the seat's own sub-district).
  for (const a of layer.admin)
    if (a.ar && a.level >= 2)
      out.push({
        lat: a.lat,
        lon: a.lon,
        latin: [a.name, ...a.aliases],
        arabic: a.ar.replace(/^(مركز|منطقة|ناحية)\s+/, ''),
      });
  return out;
}

/** The test places: the UCDP places, with governorate names in both scripts and an Arabic name where one is known. */
export function testPlaces(ucdpCsv: string, layer: SyriaLayer, arabicNames: ArabicName[]): TestPlace[] {
  const places = layerPlaces(readUcdpPlaces(ucdpCsv), layer.admin);
  const folds = assignFolds(places);
  const gov = new Map(layer.admin.filter((a) => a.level === 1).map((a) => [a.pcode, a]));
  return places.flatMap((p, i) => {
    const g = p.admin1_pcode ? gov.get(p.admin1_pcode) : undefined;
    if (!g) return [];
    const sk = new Set([p.name, ...p.aliases].map((n) => skeleton(fold(n))));
    const ar = arabicNames.find(
      (a) => haversineKm(a.lat, a.lon, p.lat, p.lon) < 5 && a.latin.some((n) => sk.has(skeleton(fold(n)))),
    );
    return [
      {
        ...p,
        fold: folds[i]!,
        governorate: g.name,
        ...(g.ar ? { governorateAr: g.ar.replace(/^محافظة\s+/, '') } : {}),
        ...(ar ? { arabic: ar.arabic } : {}),
      },
    ];
  });
}

/**
 * The same Arabic name as another writer may type it: bare alef for hamza forms, haa for taa
 * marbuta, yaa for alef maqsura, a tatweel, and the article added or dropped.
 */
export function otherLetterForms(name: string): string {
  const letters = name.replace(/[أإآ]/g, 'ا').replace(/ة/g, 'ه').replace(/ى/g, 'ي');
  const toggled = letters.startsWith('ال') ? letters.slice(2) : `ال${letters}`;
  return toggled.replace(/^(\p{Script=Arabic}{2})/u, '$1ـ');
}

export interface WithinScores {
  n: number;
  within: number;
  notFound: number;
  /** Toponyms found in the sentence's other words (not the place, its governorate or "Syria"). */
  falseToponyms: number;
}

const CLASSES = ['village', 'town', 'city', 'other'] as const;
export type PlaceClass = (typeof CLASSES)[number];
const classOf = (p: LayerPlace): PlaceClass =>
  p.kind === 'village' || p.kind === 'town' || p.kind === 'city' ? p.kind : 'other';

/** The toponym a sentence gives for the span of the place's name, if any. */
function toponymAt(toponyms: Toponym[], start: number, end: number): Toponym | undefined {
  return toponyms.find((t) => t.span.start < end && start < t.span.end);
}

/** Scores each place in its sentence, by class: within 5 km of UCDP's point, or not found at all. */
export function scorePlaces(
  places: TestPlace[],
  geoparserFor: (fold: number) => Geoparser,
  script: 'latin' | 'arabic' | 'arabic-variant' | 'arabic-cue',
): Record<PlaceClass | 'all', WithinScores> {
  const out = Object.fromEntries(
    [...CLASSES, 'all'].map((c) => [c, { n: 0, within: 0, notFound: 0, falseToponyms: 0 }]),
  ) as Record<PlaceClass | 'all', WithinScores>;
  for (const p of places) {
    let text: string;
    let start: number;
    let end: number;
    if (script === 'latin') {
      const lead = 'Warplanes struck ';
      text = `${lead}${p.name} in ${p.governorate} province, Syria.`;
      start = lead.length;
      end = start + p.name.length;
    } else {
      if (!p.arabic || !p.governorateAr) continue;
      const name = script === 'arabic-variant' ? otherLetterForms(p.arabic) : p.arabic;
      // "arabic-cue": the name after the word for a town, as bulletins write it ("بلدة كفرنبل").
      const lead = script === 'arabic-cue' ? 'قصفت الطائرات الحربية بلدة ' : 'قصفت الطائرات الحربية ';
      text = `${lead}${name} في محافظة ${p.governorateAr}، سوريا.`;
      start = lead.length;
      end = start + name.length;
    }
    const all = geoparserFor(p.fold).parse(text).toponyms;
    const t = toponymAt(all, start, end);
    // Everything before the place is the verb and its subject; after it, only the governorate and the country.
    const extra = all.filter((x) => x.span.end <= start).length;
    for (const k of [classOf(p), 'all'] as const) {
      const s = out[k];
      s.n++;
      s.falseToponyms += extra;
      if (!t) s.notFound++;
      else if (haversineKm(t.place.latitude, t.place.longitude, p.lat, p.lon) <= 5) s.within++;
    }
  }
  return out;
}

/** The trivial baseline: every place put at its governorate's centroid, which the sentence names. */
export function governorateBaseline(places: TestPlace[], layer: SyriaLayer): number {
  const gov = new Map(layer.admin.filter((a) => a.level === 1).map((a) => [a.pcode, a]));
  const hits = places.filter((p) => {
    const g = gov.get(p.admin1_pcode!);
    return g && haversineKm(g.lat, g.lon, p.lat, p.lon) <= 5;
  }).length;
  return places.length ? hits / places.length : 0;
}

export interface Headline {
  text: string;
  lat: number;
  lon: number;
  admin1Pcode: string;
  fold: number;
}

/** SOHR's headlines with the coded event's point and governorate, each in the fold of its place. */
export function readHeadlines(ucdpCsv: string, layer: SyriaLayer, places: TestPlace[]): Headline[] {
  const rows = parse(readFileSync(ucdpCsv, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  const govKey = new Map<string, string>();
  for (const a of layer.admin.filter((u) => u.level === 1))
    for (const n of [a.name, ...a.aliases])
      govKey.set(skeleton(fold(n.replace(/\s+governorate$/i, ''))), a.pcode);
  const seen = new Set<string>();
  const out: Headline[] = [];
  for (const r of rows) {
    const text = (r.source_headline ?? '').trim();
    if (!text || !/SOHR/.test(r.source_office ?? '')) continue;
    const pcode = govKey.get(skeleton(fold((r.adm_1 ?? '').replace(/\s+governorate$/i, ''))));
    const lat = Number(r.latitude);
    const lon = Number(r.longitude);
    if (!pcode || !Number.isFinite(lat)) continue;
    const key = `${text}|${lat}|${lon}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // The fold of the coded place: the test place within 5 km of the point, else by position.
    const named = ucdpPlaceName(r.where_coordinates ?? '');
    const place =
      (named && places.find((p) => p.name === named.name && haversineKm(p.lat, p.lon, lat, lon) < 5)) ||
      places.find((p) => haversineKm(p.lat, p.lon, lat, lon) < 5);
    out.push({ text, lat, lon, admin1Pcode: pcode, fold: place ? place.fold : out.length % FOLDS });
  }
  return out;
}

export interface HeadlineScores {
  n: number;
  admin1: number;
  within25: number;
  unplaced: number;
}

/** The most precise toponym of each headline, against the coded event's governorate and point. */
export function scoreHeadlines(
  headlines: Headline[],
  geoparserFor: (fold: number) => Geoparser,
  admin1PcodeOf: (t: Toponym) => string | undefined,
): HeadlineScores {
  const s = { n: headlines.length, admin1: 0, within25: 0, unplaced: 0 };
  for (const h of headlines) {
    const ts = geoparserFor(h.fold)
      .parse(h.text)
      .toponyms.filter((t) => t.place.countryCode === 'SY' && t.place.featureCode !== 'PCLI');
    const best = [...ts].sort((a, b) => a.precision - b.precision)[0];
    if (!best) {
      s.unplaced++;
      continue;
    }
    if (admin1PcodeOf(best) === h.admin1Pcode) s.admin1++;
    if (haversineKm(best.place.latitude, best.place.longitude, h.lat, h.lon) <= 25) s.within25++;
  }
  return s;
}

/** The share of headlines whose coded governorate is the most common one: the trivial baseline. */
export function commonestGovernorate(headlines: Headline[]): number {
  const counts = new Map<string, number>();
  for (const h of headlines) counts.set(h.admin1Pcode, (counts.get(h.admin1Pcode) ?? 0) + 1);
  return headlines.length ? Math.max(...counts.values()) / headlines.length : 0;
}

/** Gazetteers for each fold (built without it), for the gazetteer before the layer, and as shipped. */
export function foldGazetteers(
  places: TestPlace[],
  layer: SyriaLayer,
  path = defaultGazetteerPath(),
  arabicNames = true,
) {
  const folds = Array.from({ length: FOLDS }, (_, f) =>
    Gazetteer.reopen(path, {
      arabicNames,
      excludeSources: ['ucdp'],
      layerDb: layerDatabase(
        places.filter((p) => p.fold !== f),
        layer,
      ),
    }),
  );
  const before = Gazetteer.reopen(path, { arabicNames, excludeSources: ['ucdp'] });
  const shipped = Gazetteer.reopen(path, { arabicNames });
  return { folds, before, shipped, close: () => [...folds, before, shipped].forEach((g) => g.close()) };
}
