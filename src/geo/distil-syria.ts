// Distils the Syria layer of the default gazetteer (data/syria-places.json) from CC BY data in
// ../shared: OpenSyria's governorates, districts and sub-districts (English and Arabic names,
// aliases, OCHA P-codes), UCDP GED's event places (the places a monitor codes), and GeoNames'
// admin code tables (the crosswalk from GeoNames admin codes to P-codes).
// Run: node dist/geo/distil-syria.js [SHARED_DIR] (the file it writes is committed).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold, skeleton } from '../nlp/normalize.js';
import { haversineKm } from './distance.js';
import { readUcdpPlaces, type UcdpPlaceRow } from './ucdp-places.js';

export interface AdminUnit {
  pcode: string;
  level: 1 | 2 | 3;
  name: string;
  ar?: string;
  aliases: string[];
  lat: number;
  lon: number;
  admin1_pcode: string;
  admin2_pcode?: string;
  geonameid?: number;
  population?: number;
}

/** A place UCDP coded events at, merged over its spellings. */
export interface LayerPlace {
  name: string;
  aliases: string[];
  lat: number;
  lon: number;
  /** village, town, city, suburb, or the kind of site ("airport", "dam"). */
  kind: string;
  /** UCDP's where_prec (1 exact, 2 near). */
  prec: number;
  admin1_pcode?: string;
  admin2_pcode?: string;
  /** How many events were coded at it. */
  events: number;
}

export interface SyriaLayer {
  about: string;
  admin: AdminUnit[];
  places: LayerPlace[];
  /** GeoNames admin codes ("SY.07", "SY.07.1234") to OCHA P-codes. */
  geonames_pcodes: Record<string, string>;
}

interface OpenSyriaUnit {
  id: string;
  governorateId?: string;
  districtId?: string;
  name: { en: string; ar?: string };
  aliases?: Array<{ value: string }>;
  centroid?: { latitude: number; longitude: number } | null;
  population?: { value: number } | null;
  externalIds?: { geonames?: string; ochaPcode?: string };
}

const items = (path: string) => {
  const d = JSON.parse(readFileSync(path, 'utf8')) as { items?: OpenSyriaUnit[] } | OpenSyriaUnit[];
  return Array.isArray(d) ? d : (d.items ?? []);
};

// Words that say what kind of unit a name is, not which one.
const UNIT_WORDS =
  /\s+(governorate|province|district|subdistrict|sub-district|nahiya|nahiyah|mantiqat|muhafazat)$/i;
const unitKey = (s: string) =>
  skeleton(fold(s.replace(UNIT_WORDS, '').replace(/^(mintaqat|nahiyat)\s+/i, '')));

/** OpenSyria's units as admin units with P-codes and their parents' P-codes. */
export function adminUnits(dir: string): AdminUnit[] {
  const out: AdminUnit[] = [];
  const pcodeOf = new Map<string, string>();
  for (const [file, level] of [
    ['governorates.json', 1],
    ['districts.json', 2],
    ['subdistricts.json', 3],
  ] as const) {
    for (const u of items(join(dir, file))) {
      const pcode = u.externalIds?.ochaPcode;
      if (!pcode || !u.centroid) continue;
      pcodeOf.set(u.id, pcode);
      const aliases = [...new Set((u.aliases ?? []).map((a) => a.value))].filter(
        (a) => a !== u.name.en && a !== u.name.ar,
      );
      out.push({
        pcode,
        level,
        name: u.name.en,
        ...(u.name.ar ? { ar: u.name.ar } : {}),
        aliases,
        lat: u.centroid.latitude,
        lon: u.centroid.longitude,
        admin1_pcode: level === 1 ? pcode : (pcodeOf.get(u.governorateId ?? '') ?? pcode.slice(0, 4)),
        ...(level === 3 ? { admin2_pcode: pcodeOf.get(u.districtId ?? '') ?? pcode.slice(0, 6) } : {}),
        ...(level === 2 ? { admin2_pcode: pcode } : {}),
        ...(u.externalIds?.geonames ? { geonameid: Number(u.externalIds.geonames) } : {}),
        ...(u.population?.value ? { population: u.population.value } : {}),
      });
    }
  }
  return out;
}

/** GeoNames admin1/admin2 codes of Syria to P-codes, through the GeoNames ids OpenSyria records. */
export function geonamesPcodes(
  admin: AdminUnit[],
  admin1File: string,
  admin2File: string,
): Record<string, string> {
  const byGeonameid = new Map(admin.filter((a) => a.geonameid).map((a) => [a.geonameid!, a.pcode]));
  const out: Record<string, string> = {};
  for (const file of [admin1File, admin2File]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [code, , , id] = line.split('\t');
      if (!code?.startsWith('SY.')) continue;
      const pcode = byGeonameid.get(Number(id));
      if (pcode) out[code] = pcode;
    }
  }
  return out;
}

/** Finds the admin unit of a level a UCDP name ("Hamah Governorate", "Ar Rastan district") means. */
function unitNamed(admin: AdminUnit[], level: 1 | 2, name: string, within?: string): AdminUnit | undefined {
  if (!name || name === 'NA') return undefined;
  const key = unitKey(name);
  return admin.find(
    (a) =>
      a.level === level &&
      (within === undefined || a.admin1_pcode === within) &&
      [a.name, ...a.aliases].some((n) => unitKey(n) === key),
  );
}

/** Merges UCDP's place rows into places: one per name skeleton within 5 km, spellings kept. */
export function layerPlaces(rows: UcdpPlaceRow[], admin: AdminUnit[]): LayerPlace[] {
  const out: Array<LayerPlace & { key: string }> = [];
  for (const r of rows) {
    const key = skeleton(fold(r.name));
    const same = out.find((p) => p.key === key && haversineKm(p.lat, p.lon, r.lat, r.lon) < 5);
    if (same) {
      same.events += r.events;
      for (const n of [r.name, ...r.aliases])
        if (n !== same.name && !same.aliases.includes(n)) same.aliases.push(n);
      continue;
    }
    const gov = unitNamed(admin, 1, r.adm1);
    const dist = gov ? unitNamed(admin, 2, r.adm2, gov.pcode) : undefined;
    out.push({
      key,
      name: r.name,
      aliases: r.aliases.filter((a) => a !== r.name),
      lat: r.lat,
      lon: r.lon,
      kind: r.kind,
      prec: r.prec,
      ...(gov ? { admin1_pcode: gov.pcode } : {}),
      ...(dist ? { admin2_pcode: dist.pcode } : {}),
      events: r.events,
    });
  }
  return out.map(({ key: _k, ...p }) => p).sort((a, b) => a.name.localeCompare(b.name) || a.lat - b.lat);
}

export function distilSyria(shared: string): SyriaLayer {
  const admin = adminUnits(join(shared, 'gazetteer', 'opensyria'));
  const geo = join(shared, 'gazetteer', 'geonames');
  return {
    about:
      "Syria's governorates, districts and sub-districts (OpenSyria; OCHA, CC BY 4.0) and the places UCDP GED 19.1 coded events at in 2016-2017 (UCDP, CC BY 4.0; Sundberg & Melander 2013), distilled by src/geo/distil-syria.ts: names, coordinates, P-codes, event counts.",
    admin,
    places: layerPlaces(readUcdpPlaces(join(shared, 'eval', 'ucdp', 'ged191_syria_2016-2017.csv')), admin),
    geonames_pcodes: geonamesPcodes(
      admin,
      join(geo, 'admin1CodesASCII.txt'),
      join(geo, 'admin2Codes_SY_IQ_LB_JO_TR.txt'),
    ),
  };
}

export const SYRIA_LAYER_PATH = fileURLToPath(new URL('../../data/syria-places.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const shared = process.argv[2] ?? fileURLToPath(new URL('../../../shared', import.meta.url));
  if (!existsSync(join(shared, 'gazetteer', 'opensyria'))) {
    console.log(`no OpenSyria data under ${shared}: nothing distilled (data/syria-places.json is kept)`);
  } else {
    const layer = distilSyria(shared);
    writeFileSync(
      `${SYRIA_LAYER_PATH}.tmp`,
      `${JSON.stringify(layer, null, 0).replace(/\},\{/g, '},\n{')}\n`,
    );
    renameSync(`${SYRIA_LAYER_PATH}.tmp`, SYRIA_LAYER_PATH);
    console.log(
      `wrote ${SYRIA_LAYER_PATH}: ${layer.admin.length} admin units, ${layer.places.length} places, ${Object.keys(layer.geonames_pcodes).length} GeoNames codes`,
    );
  }
}
