// The places of a UCDP GED table: UCDP's own wording of each ("Teir Maaleh village", "Al-Rai
// town (Choban Bey)") turned into a name, its other names and a kind, with its point and counts.
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';

export interface UcdpPlaceRow {
  name: string;
  aliases: string[];
  /** village, town, city, suburb, or the kind of site ("airport", "dam"); "place" when unstated. */
  kind: string;
  /** UCDP's where_prec: 1 the place itself, 2 within about 25 km of it. */
  prec: number;
  lat: number;
  lon: number;
  adm1: string;
  adm2: string;
  events: number;
  /** The first line of the file it was read from. */
  line: number;
}

// The word UCDP puts after a settlement's name; dropped from the name, kept as its kind.
const SETTLEMENT = /\s+(village|town|city|suburb|neighbou?rhood|mountain|hill|area)$/i;
// Wordings that describe a stretch or a part of a region rather than name one place.
const NOT_ONE_PLACE =
  /^(northern|southern|eastern|western|north|south|east|west|central|road|between|outskirts|countryside)\b|\broad\b|\bborder\b|\bbetween\b| - | – |\btriangle\b|\bof\b/i;
const SITE =
  /\b(airport|airbase|air base|base|dam|field|camp|farms?|complex|plant|checkpoint|prison|hospital|bridge|crossing|station)\b/i;

/** Splits UCDP's wording into a name, other names and a kind; undefined for what is no one place. */
export function ucdpPlaceName(
  wording: string,
): { name: string; aliases: string[]; kind: string } | undefined {
  let w = wording.replace(/\s+/g, ' ').trim();
  const aliases: string[] = [];
  w = w.replace(/\s*\(([^)]*)\)\s*/g, (_m, inner: string) => {
    if (inner.trim().length > 2) aliases.push(inner.trim());
    return ' ';
  });
  w = w.trim();
  if (w === '' || NOT_ONE_PLACE.test(w) || /governorate$|district$|^syria$/i.test(w)) return undefined;
  let kind = 'place';
  const settlement = SETTLEMENT.exec(w);
  if (settlement) {
    kind = settlement[1]!.toLowerCase().replace('neighborhood', 'neighbourhood');
    w = w.slice(0, settlement.index).trim();
  } else {
    const site = SITE.exec(w);
    if (site) kind = site[1]!.toLowerCase().replace(/s$/, '');
  }
  // "Palmyra/Tadmur": two names of one place.
  const [name, ...others] = w
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!name || name.length < 2) return undefined;
  return { name, aliases: [...others, ...aliases], kind };
}

interface GedRow {
  where_coordinates?: string;
  where_prec?: string;
  latitude?: string;
  longitude?: string;
  adm_1?: string;
  adm_2?: string;
}

/** The named places of a UCDP GED CSV at precision 1-2, one per wording and point, with event counts. */
export function readUcdpPlaces(path: string): UcdpPlaceRow[] {
  const records = parse(readFileSync(path, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  }) as Array<{ record: GedRow; info: { lines: number } }>;
  const byKey = new Map<string, UcdpPlaceRow>();
  for (const { record: r, info } of records) {
    const prec = Number(r.where_prec);
    const lat = Number(r.latitude);
    const lon = Number(r.longitude);
    if (!(prec === 1 || prec === 2) || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    const named = ucdpPlaceName(r.where_coordinates ?? '');
    if (!named) continue;
    const key = `${named.name}|${lat}|${lon}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.events++;
      seen.prec = Math.min(seen.prec, prec);
      continue;
    }
    byKey.set(key, {
      ...named,
      prec,
      lat,
      lon,
      adm1: (r.adm_1 ?? '').trim(),
      adm2: (r.adm_2 ?? '').trim(),
      events: 1,
      line: info.lines,
    });
  }
  return [...byKey.values()];
}
