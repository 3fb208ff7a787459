// The gazetteer: places and the name keys they are found under, in a SQLite file opened read-only.
// Lookups are indexed by key, so opening costs nothing and memory stays flat however large it grows.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { detached, fold, nameKeys, type KeyKind } from '../nlp/normalize.js';
import { lookupCrossKeys } from '../nlp/cross-script.js';
import {
  ARABIC_KEY,
  candidateOf,
  loadPoints,
  standInArea,
  type Candidate,
  type PlaceRow,
  type PointTable,
} from './gazetteer-candidates.js';

export {
  LAYER_AREA_KM,
  POINTS_PATH,
  loadPoints,
  pointKey,
  precisionOf,
  type Candidate,
  type PointTable,
} from './gazetteer-candidates.js';

export const GAZETTEER_SCHEMA = `
CREATE TABLE IF NOT EXISTS places (
  id INTEGER PRIMARY KEY,
  geonameid INTEGER,
  name TEXT NOT NULL,
  ascii_name TEXT NOT NULL,
  latitude REAL NOT NULL,
  longitude REAL NOT NULL,
  country_code TEXT NOT NULL,
  admin1 TEXT,
  admin2 TEXT,
  admin1_code TEXT,
  admin2_code TEXT,
  feature_class TEXT NOT NULL,
  feature_code TEXT NOT NULL,
  population INTEGER NOT NULL DEFAULT 0,
  precision INTEGER,
  source TEXT NOT NULL,
  admin1_pcode TEXT,
  admin2_pcode TEXT,
  seen INTEGER NOT NULL DEFAULT 0,
  name_ar TEXT
);
CREATE TABLE IF NOT EXISTS names (
  key TEXT NOT NULL,
  kind INTEGER NOT NULL,
  place_id INTEGER NOT NULL REFERENCES places(id),
  PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS countries (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  latitude REAL,
  longitude REAL
);
CREATE INDEX IF NOT EXISTS places_geonameid ON places(geonameid);
CREATE INDEX IF NOT EXISTS places_position ON places(latitude, longitude);
CREATE TABLE IF NOT EXISTS admin_codes (code TEXT PRIMARY KEY, name TEXT NOT NULL, ascii_name TEXT NOT NULL, geonameid INTEGER);
CREATE TABLE IF NOT EXISTS demonyms (key TEXT PRIMARY KEY, country_code TEXT NOT NULL, place_id INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** A gazetteer entry as a candidate for a name, with how loosely the name matched. */
/** The default gazetteer file, built from registry packages by `npm run build:gazetteer`. */
export function defaultGazetteerPath(): string {
  return (
    process.env.OBSERVATORY_GAZETTEER ??
    fileURLToPath(new URL('../../data/gazetteer.sqlite', import.meta.url))
  );
}

/**
 * The local layer: places the team's own record adds (imported UCDP or ACLED rows, places analysts
 * pick or correct), searched with the default gazetteer. `$OBSERVATORY_LOCAL_GAZETTEER`, else
 * ./observatory-places.sqlite beside the database's default.
 */
export function localGazetteerPath(): string {
  return process.env.OBSERVATORY_LOCAL_GAZETTEER ?? 'observatory-places.sqlite';
}

export interface GazetteerOptions {
  /** The local layer's file (default localGazetteerPath(), used when it exists); false for none. */
  layer?: string | false;
  /** An open layer database instead (an evaluation's fold). */
  layerDb?: Database.Database;
  /** Sources of the default gazetteer to leave out ("ucdp": the gazetteer before the UCDP layer). */
  excludeSources?: string[];
  /**
   * Points for countries ("US") and first-level divisions ("US.Texas") where GeoNames puts them;
   * by default data/geonames-points.json, when it exists.
   */
  points?: PointTable;
  /**
   * false: names in Arabic script find only countries and first-level divisions; other places are
   * found through the cross-script keys of their Latin names (an evaluation of how Arabic text
   * finds places the gazetteer knows only in Latin letters).
   */
  arabicNames?: boolean;
}

export class GazetteerMissingError extends Error {
  constructor(path: string) {
    super(`gazetteer not found at ${path}: run "npm run build:gazetteer" (or set OBSERVATORY_GAZETTEER)`);
    this.name = 'GazetteerMissingError';
  }
}

export class Gazetteer {
  private readonly db: Database.Database;
  private readonly byKey: Database.Statement<[string], PlaceRow>;
  private readonly cache = new Map<string, Candidate[]>();
  /** The same surface form is looked up again and again across documents. */
  private readonly bySurface = new Map<string, Candidate[]>();
  private readonly countryNames = new Map<string, string>();
  private readonly demonymCountry = new Map<string, string>();
  private readonly demonymRegion = new Map<string, Candidate>();
  private readonly countryPlaces = new Map<string, Candidate>();
  private readonly layerDb?: Database.Database;
  private readonly layerByKey?: Database.Statement<[string], PlaceRow>;
  private readonly excluded: Set<string>;
  private readonly points: PointTable;
  private readonly arabicNames: boolean;

  private constructor(
    db: Database.Database,
    layerDb?: Database.Database,
    exclude: string[] = [],
    points: PointTable = {},
    arabicNames = true,
  ) {
    this.db = db;
    this.arabicNames = arabicNames;
    this.points = points;
    this.layerDb = layerDb;
    this.excluded = new Set(exclude);
    if (layerDb) {
      layerDb.exec(GAZETTEER_SCHEMA);
      this.layerByKey = layerDb.prepare(`
        SELECT p.*, n.kind AS kind, NULL AS country_name FROM names n JOIN places p ON p.id = n.place_id
        WHERE n.key = ?`);
    }
    this.byKey = db.prepare(`
      SELECT p.*, n.kind AS kind, c.name AS country_name
      FROM names n JOIN places p ON p.id = n.place_id LEFT JOIN countries c ON c.code = p.country_code
      WHERE n.key = ?`);
    for (const r of db.prepare('SELECT code, name FROM countries').all() as Array<{
      code: string;
      name: string;
    }>) {
      this.countryNames.set(r.code, r.name);
    }
    const placeById = db.prepare('SELECT p.*, 0 AS kind, NULL AS country_name FROM places p WHERE p.id = ?');
    const demonymRows = db.prepare('SELECT key, country_code, place_id FROM demonyms').all() as Array<{
      key: string;
      country_code: string;
      place_id: number | null;
    }>;
    for (const r of demonymRows) {
      if (r.country_code) this.demonymCountry.set(r.key, r.country_code);
      else if (r.place_id !== null) {
        const row = placeById.get(r.place_id) as PlaceRow | undefined;
        if (row) this.demonymRegion.set(r.key, this.toCandidate(row, 0));
      }
    }
    const countries = db
      .prepare(
        `SELECT p.*, 0 AS kind, c.name AS country_name FROM places p JOIN countries c ON c.code = p.country_code
         WHERE p.feature_code = 'PCLI' AND p.source = 'country'`,
      )
      .all() as PlaceRow[];
    for (const r of countries) this.countryPlaces.set(r.country_code, this.toCandidate(r, 0));
  }

  static open(path = defaultGazetteerPath(), options: GazetteerOptions = {}): Gazetteer {
    if (!existsSync(path)) throw new GazetteerMissingError(path);
    const layerPath = options.layer ?? localGazetteerPath();
    const layerDb =
      options.layerDb ??
      (layerPath !== false && existsSync(layerPath)
        ? new Database(layerPath, { readonly: true, fileMustExist: true })
        : undefined);
    return new Gazetteer(
      new Database(path, { readonly: true, fileMustExist: true }),
      layerDb,
      options.excludeSources,
      options.points ?? loadPoints(),
      options.arabicNames ?? true,
    );
  }

  /** The same default gazetteer file with another layer or exclusions (evaluations). */
  static reopen(path: string, options: GazetteerOptions): Gazetteer {
    return Gazetteer.open(path, { layer: false, ...options });
  }

  /** Whether a local layer is searched. */
  hasLayer(): boolean {
    return this.layerDb !== undefined;
  }

  close(): void {
    this.db.close();
    this.layerDb?.close();
  }

  /** The country a nationality word refers to ("Syrian" -> SY), if any. */
  demonym(word: string): string | undefined {
    return this.demonymCountry.get(fold(word));
  }

  /** The place a nationality or regional adjective refers to: a country, or a region ("European"). */
  demonymPlace(word: string): Candidate | undefined {
    const cc = this.demonym(word);
    return cc ? this.country(cc) : this.demonymRegion.get(fold(word));
  }

  /** A country as a place. */
  country(code: string): Candidate | undefined {
    return this.countryPlaces.get(code);
  }

  /** The ISO code of a country named in any of its spellings ("Syria", "Syrian Arab Republic"). */
  countryCodeOf(name: string): string | undefined {
    const c = this.lookup(name.replace(/\s*\(.*\)$/, '')).find(
      (x) => x.featureCode === 'PCLI' && x.matchKind === 0,
    );
    return c?.countryCode;
  }

  countryName(code: string): string {
    return this.countryNames.get(code) ?? code;
  }

  /** Every place a surface form may name, loosest matches included, best-known first. */
  lookup(surface: string): Candidate[] {
    const seen = this.bySurface.get(surface);
    if (seen) return seen;
    const result = this.lookupKeys(surface);
    if (this.bySurface.size > 100_000) this.bySurface.clear();
    this.bySurface.set(detached(surface), result);
    return result;
  }

  private lookupKeys(surface: string): Candidate[] {
    return this.candidatesFor(nameKeys(surface));
  }

  /**
   * The places an Arabic surface form may name that the gazetteer knows in Latin letters only
   * ("كفرنبل" for a record's "Kafr Nabl"), matched on the consonants both scripts write; none
   * for a Latin surface. Looser than `lookup`: a reader tries it where `lookup` finds nothing.
   */
  lookupAcrossScripts(surface: string): Candidate[] {
    const keys = lookupCrossKeys(surface);
    return keys.length ? this.candidatesFor(keys.map((k): [KeyKind, string] => [2, k])) : [];
  }

  private candidatesFor(keys: Array<[KeyKind, string]>): Candidate[] {
    const cacheKey = keys.map(([, k]) => k).join('|');
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const found = new Map<string, Candidate>();
    for (const [queryKind, key] of keys) {
      // Held out, a name in Arabic script finds only countries and first-level divisions.
      const heldOut = !this.arabicNames && ARABIC_KEY.test(key);
      for (const row of this.byKey.all(key)) {
        if (this.excluded.has(row.source)) continue;
        if (heldOut && row.feature_code !== 'PCLI' && row.feature_code !== 'ADM1') continue;
        const kind = Math.max(queryKind, row.kind) as KeyKind;
        const prev = found.get(`d${row.id}`);
        if (!prev || kind < prev.matchKind) found.set(`d${row.id}`, this.toCandidate(row, kind));
      }
      for (const row of this.layerByKey?.all(key) ?? []) {
        if (heldOut) continue;
        const kind = Math.max(queryKind, row.kind) as KeyKind;
        const prev = found.get(`l${row.id}`);
        if (!prev || kind < prev.matchKind) found.set(`l${row.id}`, this.toCandidate(row, kind, true));
      }
    }
    const result = standInArea([...found.values()]).sort(
      (a, b) => a.matchKind - b.matchKind || (b.population ?? 0) - (a.population ?? 0),
    );
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(cacheKey, result);
    return result;
  }

  /**
   * Places inside a box ([west, south, east, north]), in a stable order, a page at a time, with how
   * many there are: the gazetteer browsed as a map layer.
   */
  within(
    bbox: [number, number, number, number] | undefined,
    limit: number,
    offset: number,
  ): { total: number; places: Candidate[] } {
    const [w, s, e, n] = bbox ?? [-180, -90, 180, 90];
    const where = 'p.latitude BETWEEN ? AND ? AND p.longitude BETWEEN ? AND ?';
    const args = [s, n, w, e];
    const { total } = this.db
      .prepare(`SELECT count(*) AS total FROM places p WHERE ${where}`)
      .get(...args) as {
      total: number;
    };
    const rows = this.db
      .prepare(
        `SELECT p.*, 0 AS kind, c.name AS country_name FROM places p LEFT JOIN countries c ON c.code = p.country_code
         WHERE ${where} ORDER BY p.id LIMIT ? OFFSET ?`,
      )
      .all(...args, limit, offset) as PlaceRow[];
    return { total, places: rows.map((r) => this.toCandidate(r, 0)) };
  }

  /**
   * The most populous places inside a box, largest first: what a map labels at a town's zoom.
   * Countries and regions are left out (the basemap draws them).
   */
  largestWithin(bbox: [number, number, number, number], limit: number): Candidate[] {
    const [w, s, e, n] = bbox;
    return (
      this.db
        .prepare(
          `SELECT p.*, 0 AS kind, c.name AS country_name FROM places p LEFT JOIN countries c ON c.code = p.country_code
           WHERE p.latitude BETWEEN ? AND ? AND p.longitude BETWEEN ? AND ? AND p.feature_class = 'P'
           ORDER BY p.population DESC, p.id LIMIT ?`,
        )
        .all(s, n, w, e, limit) as PlaceRow[]
    ).map((r) => this.toCandidate(r, 0));
  }

  /**
   * Every exact name key (folded, as `nameKeys` makes them) of a place by its id: the spellings it
   * is known under in every language the gazetteer holds, what a search widens a place name to.
   */
  nameKeysOf(id: string): string[] {
    const m = /^([a-z0-9_-]+):(\d+)$/i.exec(id);
    if (!m) return [];
    return (
      this.db
        .prepare(
          `SELECT n.key FROM names n JOIN places p ON p.id = n.place_id
           WHERE p.source = ? AND coalesce(p.geonameid, p.id) = ? AND n.kind = 0`,
        )
        .all(m[1], Number(m[2])) as Array<{ key: string }>
    ).map((r) => r.key);
  }

  /** A place by the id `lookup` and `within` give it (source:number), or undefined. */
  place(id: string): Candidate | undefined {
    const m = /^([a-z0-9_-]+):(\d+)$/i.exec(id);
    if (!m) return undefined;
    if (m[1] === 'local') {
      const row = this.layerDb
        ?.prepare('SELECT p.*, 0 AS kind, NULL AS country_name FROM places p WHERE p.id = ?')
        .get(Number(m[2])) as PlaceRow | undefined;
      return row ? this.toCandidate(row, 0, true) : undefined;
    }
    const row = this.db
      .prepare(
        `SELECT p.*, 0 AS kind, c.name AS country_name FROM places p LEFT JOIN countries c ON c.code = p.country_code
         WHERE p.source = ? AND coalesce(p.geonameid, p.id) = ? LIMIT 1`,
      )
      .get(m[1], Number(m[2])) as PlaceRow | undefined;
    return row ? this.toCandidate(row, 0) : undefined;
  }

  private toCandidate(row: PlaceRow, matchKind: KeyKind, local = false): Candidate {
    return candidateOf(row, matchKind, local, this.points, this.countryNames);
  }
}
