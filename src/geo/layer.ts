// Writing the local gazetteer layer: the places a team's own record names (imported UCDP or ACLED
// rows, places analysts pick or correct), each with its source and how often it was seen. Every
// sighting has a key, so the same row imported twice is counted once.
import Database from 'better-sqlite3';
import { ARABIC_WRITING_COUNTRIES, indexKeys } from '../nlp/cross-script.js';
import { fold, nameKeys } from '../nlp/normalize.js';
import { haversineKm } from './distance.js';
import { GAZETTEER_SCHEMA, localGazetteerPath } from './gazetteer.js';

const LAYER_SCHEMA = `
CREATE TABLE IF NOT EXISTS sightings (key TEXT PRIMARY KEY, place_id INTEGER NOT NULL, source TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS places_name ON places(ascii_name);
`;

/** A place as the record names it. */
export interface RecordPlace {
  /** The name as written ("Kafr Nabl", "Teir Maaleh"). */
  name: string;
  latitude: number;
  longitude: number;
  countryCode: string;
  admin1?: string;
  admin2?: string;
  admin1Pcode?: string;
  admin2Pcode?: string;
  /** ACLED geo_precision: 1 the place itself, 2 near it. */
  precision: 1 | 2;
  featureClass?: string;
  featureCode?: string;
  /** ucdp, acled, analyst, ... */
  source: string;
  /** What this sighting is (a row's id, a review's id): the same key is counted once. */
  key?: string;
}

/** Within this distance a sighting under the same name is the same place (km). */
const SAME_PLACE_KM = 2;

/** Opens (creating) a local layer file for writing. */
export function openLayer(path = localGazetteerPath()): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = DELETE');
  db.exec(GAZETTEER_SCHEMA);
  db.exec(LAYER_SCHEMA);
  return db;
}

/**
 * Adds one sighting of a place to an open layer; returns 'new' (a place added), 'seen' (a known
 * place seen again) or 'duplicate' (this key was already counted). Callers wrap many in one transaction.
 */
export function addSighting(db: Database.Database, p: RecordPlace): 'new' | 'seen' | 'duplicate' {
  if (p.key && db.prepare('SELECT 1 FROM sightings WHERE key = ?').get(p.key)) return 'duplicate';
  const key0 = nameKeys(p.name)[0]?.[1];
  if (!key0) throw new Error(`place name "${p.name}" has no letters`);
  const near = db
    .prepare(
      `SELECT p.id, p.latitude, p.longitude FROM names n JOIN places p ON p.id = n.place_id
       WHERE n.key = ? AND n.kind = 0 AND p.latitude BETWEEN ? AND ?`,
    )
    .all(key0, p.latitude - 0.05, p.latitude + 0.05) as Array<{
    id: number;
    latitude: number;
    longitude: number;
  }>;
  const same = near.find(
    (r) => haversineKm(r.latitude, r.longitude, p.latitude, p.longitude) < SAME_PLACE_KM,
  );
  let id: number | bigint;
  let outcome: 'new' | 'seen';
  if (same) {
    db.prepare('UPDATE places SET seen = seen + 1 WHERE id = ?').run(same.id);
    id = same.id;
    outcome = 'seen';
  } else {
    id = db
      .prepare(
        `INSERT INTO places (geonameid, name, ascii_name, latitude, longitude, country_code, admin1, admin2, feature_class,
           feature_code, population, precision, source, admin1_pcode, admin2_pcode, seen)
         VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, 1)`,
      )
      .run(
        p.name,
        p.name.normalize('NFD').replace(/\p{M}/gu, ''),
        p.latitude,
        p.longitude,
        p.countryCode,
        p.admin1 || null,
        p.admin2 || null,
        p.featureClass ?? 'P',
        p.featureCode ?? 'PPL',
        p.precision,
        p.source,
        p.admin1Pcode ?? null,
        p.admin2Pcode ?? null,
      ).lastInsertRowid;
    outcome = 'new';
  }
  const insName = db.prepare('INSERT OR IGNORE INTO names (key, kind, place_id) VALUES (?, ?, ?)');
  for (const [kind, key] of indexKeys(p.name, ARABIC_WRITING_COUNTRIES.has(p.countryCode)))
    insName.run(key, kind, id);
  if (p.key)
    db.prepare('INSERT INTO sightings (key, place_id, source) VALUES (?, ?, ?)').run(p.key, id, p.source);
  return outcome;
}

/**
 * The name an analyst used for a point (a place picked for a field report, or a corrected event
 * place) added to the local layer, so the next report naming it resolves there. `ref` (the review
 * or submission id) makes a repeat of the same decision count once.
 */
export function addAnalystPlace(
  place: Omit<RecordPlace, 'source' | 'key' | 'precision'> & { precision?: 1 | 2; ref?: string },
  path = localGazetteerPath(),
): 'new' | 'seen' | 'duplicate' {
  if (fold(place.name) === '') throw new Error('a place needs a name with letters');
  const db = openLayer(path);
  try {
    return db.transaction(() =>
      addSighting(db, {
        ...place,
        precision: place.precision ?? 1,
        source: 'analyst',
        ...(place.ref ? { key: `analyst:${place.ref}` } : {}),
      }),
    )();
  } finally {
    db.close();
  }
}
