// The Syria layer of the default gazetteer, from the committed data/syria-places.json: OpenSyria's
// governorates, districts and sub-districts with P-codes and Arabic names, and UCDP's coded places.
import type Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import type { LayerPlace, SyriaLayer } from './distil-syria.js';

export function readSyriaLayer(path: string): SyriaLayer | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SyriaLayer) : undefined;
}

// GeoNames feature classes and codes for the kinds of place UCDP names.
const FEATURE: Record<string, [string, string]> = {
  city: ['P', 'PPL'],
  town: ['P', 'PPL'],
  village: ['P', 'PPL'],
  suburb: ['P', 'PPLX'],
  neighbourhood: ['P', 'PPLX'],
  airport: ['S', 'AIRP'],
  airbase: ['S', 'AIRB'],
  'air base': ['S', 'AIRB'],
  base: ['S', 'MILB'],
  dam: ['S', 'DAM'],
  field: ['L', 'OILF'],
  camp: ['S', 'CMP'],
  farm: ['S', 'FRM'],
  mountain: ['T', 'MT'],
  hill: ['T', 'HLL'],
  area: ['L', 'AREA'],
};

/** The GeoNames class and code standing for a kind of layer place. */
export function featureOf(kind: string): [string, string] {
  return FEATURE[kind] ?? ['S', 'LCTY'];
}

/** Indexes a place's names; `latinToArabic` adds the cross-script keys of its Latin names. */
export type AddNames = (placeId: number | bigint, names: Iterable<string>, latinToArabic?: boolean) => void;

/** Inserts a record's places (UCDP's, or a local layer's) into a gazetteer database. */
export function insertLayerPlaces(
  db: Database.Database,
  addNames: AddNames,
  places: LayerPlace[],
  admin1Name: (pcode: string | undefined) => string | null,
  source: string,
): void {
  const ins = db.prepare(`INSERT INTO places
    (geonameid, name, ascii_name, latitude, longitude, country_code, admin1, admin2, feature_class, feature_code,
     population, precision, source, admin1_pcode, admin2_pcode, seen)
    VALUES (NULL, ?, ?, ?, ?, 'SY', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)`);
  for (const p of places) {
    const [cls, code] = featureOf(p.kind);
    const id = ins.run(
      p.name,
      p.name.normalize('NFD').replace(/\p{M}/gu, ''),
      p.lat,
      p.lon,
      admin1Name(p.admin1_pcode),
      admin1Name(p.admin2_pcode),
      cls,
      code,
      cls === 'L' ? 2 : 1,
      source,
      p.admin1_pcode ?? null,
      p.admin2_pcode ?? null,
      p.events,
    ).lastInsertRowid;
    addNames(id, new Set([p.name, ...p.aliases]), true);
  }
}

/** Adds the Syria layer: admin units first (their names are the admin names of everything else). */
export function addSyriaLayer(db: Database.Database, addNames: AddNames, layer: SyriaLayer): void {
  const unitName = new Map(layer.admin.map((a) => [a.pcode, a.name]));
  const nameOf = (pcode: string | undefined) => (pcode ? (unitName.get(pcode) ?? null) : null);
  const ins = db.prepare(`INSERT INTO places
    (geonameid, name, ascii_name, latitude, longitude, country_code, admin1, admin2, feature_class, feature_code,
     population, precision, source, admin1_pcode, admin2_pcode)
    VALUES (?, ?, ?, ?, ?, 'SY', ?, ?, 'A', ?, ?, ?, 'opensyria', ?, ?)`);
  for (const a of layer.admin) {
    const id = ins.run(
      a.geonameid ?? null,
      a.name,
      a.name.normalize('NFD').replace(/\p{M}/gu, ''),
      a.lat,
      a.lon,
      nameOf(a.admin1_pcode),
      nameOf(a.admin2_pcode),
      ['ADM1', 'ADM2', 'ADM3'][a.level - 1]!,
      a.population ?? 0,
      a.level === 1 ? 3 : 2,
      a.admin1_pcode,
      a.admin2_pcode ?? null,
    ).lastInsertRowid;
    addNames(id, new Set([a.name, ...(a.ar ? [a.ar] : []), ...a.aliases]), true);
    if (a.ar) db.prepare('UPDATE places SET name_ar = ? WHERE id = ?').run(a.ar, id);
  }
  insertLayerPlaces(db, addNames, layer.places, nameOf, 'ucdp');
  // GeoNames' Syrian places get the P-codes and names of their divisions.
  const codes = db.prepare(
    `SELECT id, admin1_code AS a1, admin2_code AS a2 FROM places WHERE country_code = 'SY' AND source = 'geonames'`,
  );
  const set = db.prepare(
    'UPDATE places SET admin1 = ?, admin2 = ?, admin1_pcode = ?, admin2_pcode = ? WHERE id = ?',
  );
  for (const r of codes.all() as Array<{ id: number; a1: string | null; a2: string | null }>) {
    const p1 = r.a1 ? layer.geonames_pcodes[`SY.${r.a1}`] : undefined;
    const p2 = r.a1 && r.a2 ? layer.geonames_pcodes[`SY.${r.a1}.${r.a2}`] : undefined;
    if (p1) set.run(nameOf(p1), nameOf(p2), p1, p2 ?? null, r.id);
  }
}

/**
 * Every Syrian place still without a governorate P-code (curated regions, places GeoNames gives
 * no admin code) gets the one of the governorate its admin1 names; run after all are inserted.
 */
export function assignSyrianPcodes(db: Database.Database, layer: SyriaLayer): void {
  const set = db.prepare(
    `UPDATE places SET admin1_pcode = ? WHERE country_code = 'SY' AND admin1_pcode IS NULL AND lower(admin1) = lower(?)`,
  );
  for (const a of layer.admin.filter((u) => u.level === 1))
    for (const name of [a.name, ...a.aliases.filter((n) => /^[\p{Script=Latin}\s'-]+$/u.test(n))])
      set.run(a.pcode, name);
}
