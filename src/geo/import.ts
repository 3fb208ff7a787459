// Imports standard GeoNames dumps into a gazetteer file so a team can add village-level coverage:
// the geoname table (a country file such as SY.txt, allCountries.txt, cities*.txt),
// admin1CodesASCII.txt, admin2Codes.txt and alternateNamesV2.txt. All files of one run go in
// one transaction: a wrong-format or truncated file leaves the gazetteer as it was.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ARABIC_WRITING_COUNTRIES, indexKeys } from '../nlp/cross-script.js';
import { fold } from '../nlp/normalize.js';
import { GAZETTEER_SCHEMA } from './gazetteer.js';
import { GeonamesFormatError, parseGeonameLine } from './geonames.js';

export type DumpKind = 'geoname' | 'admin1' | 'admin2' | 'alternateNames';

export interface ImportReport {
  file: string;
  kind: DumpKind;
  rows: number;
  /** Rows that could not be read, by file and line; the rest of the file was imported. */
  errors: GeonamesFormatError[];
}

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

// Alternate-name "languages" that are codes or links, not names.
const NOT_NAMES = new Set([
  'link',
  'post',
  'iata',
  'icao',
  'faac',
  'fr_1793',
  'wkdt',
  'unlc',
  'phon',
  'piny',
]);

/** Decides what kind of dump a file is from its name, then checks its first row agrees. */
export function dumpKind(path: string, firstLine: string): DumpKind {
  const name = basename(path).toLowerCase();
  const cols = firstLine.split('\t').length;
  let kind: DumpKind;
  if (name.startsWith('admin1codes')) kind = 'admin1';
  else if (name.startsWith('admin2codes')) kind = 'admin2';
  else if (name.startsWith('alternatenames')) kind = 'alternateNames';
  else kind = 'geoname';
  const [min, max] = (
    { admin1: [4, 4], admin2: [4, 4], alternateNames: [4, 10], geoname: [19, 19] } as const
  )[kind];
  if (cols < min || cols > max) {
    throw new ImportError(
      `${path}: does not look like a GeoNames ${kind} file (first row has ${cols} tab-separated columns, expected ${min === max ? min : `${min}-${max}`}); nothing was imported`,
    );
  }
  return kind;
}

const usefulName = (n: string) => n.length >= 2 && !/\d/.test(n) && !/^[A-Z]{2,4}$/.test(n);

/**
 * Imports the given files into the gazetteer at `gazetteerPath` in one transaction;
 * `onProgress` is told of the lines read so far of all the files' lines.
 */
export function importGeonames(
  gazetteerPath: string,
  files: string[],
  onProgress?: (done: number, total: number) => void,
): ImportReport[] {
  const texts = files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new ImportError(
        `${f}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing was imported`,
      );
    }
    if (text.includes('\u0000'))
      throw new ImportError(`${f}: is binary, not a GeoNames text dump; nothing was imported`);
    const first = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
    if (first === undefined) throw new ImportError(`${f}: is empty; nothing was imported`);
    const kind = dumpKind(f, first);
    // GeoNames dumps end with a newline; a last row cut short means the download was cut short.
    if (!text.endsWith('\n')) {
      const lines = text.split('\n');
      const last = lines[lines.length - 1]!;
      const need = { admin1: 4, admin2: 4, alternateNames: 4, geoname: 19 }[kind];
      if (last.split('\t').length < need) {
        throw new ImportError(
          `${f}:${lines.length}: file is truncated (its last row is incomplete); nothing was imported`,
        );
      }
    }
    return { file: f, kind, text };
  });

  const db = new Database(gazetteerPath);
  db.pragma('journal_mode = DELETE');
  db.exec(GAZETTEER_SCHEMA);
  const reports: ImportReport[] = [];
  const insName = db.prepare('INSERT OR IGNORE INTO names (key, kind, place_id) VALUES (?, ?, ?)');
  const addNames = (placeId: number | bigint, names: Iterable<string>, latinToArabic = false) => {
    for (const n of names)
      for (const [kind, key] of indexKeys(n, latinToArabic)) insName.run(key, kind, placeId);
  };
  let total = 0;
  for (const t of texts) for (let i = t.text.indexOf('\n'); i >= 0; i = t.text.indexOf('\n', i + 1)) total++;
  let done = 0;
  const run = db.transaction(() => {
    // Geoname rows first, so admin names and alternate names can attach to them.
    const order: DumpKind[] = ['admin1', 'admin2', 'geoname', 'alternateNames'];
    for (const kind of order) {
      for (const { file, text } of texts.filter((t) => t.kind === kind)) {
        const report: ImportReport = { file, kind, rows: 0, errors: [] };
        reports.push(report);
        text.split('\n').forEach((line, i) => {
          onProgress?.(++done, total);
          if (line.trim() === '' || line.startsWith('#')) return;
          try {
            importRow(db, kind, line, file, i + 1, addNames);
            report.rows++;
          } catch (e) {
            if (e instanceof GeonamesFormatError) report.errors.push(e);
            else throw e;
          }
        });
      }
    }
    // Admin names from code tables reach every place carrying those codes.
    db.exec(`UPDATE places SET admin1 = (SELECT name FROM admin_codes a WHERE a.code = places.country_code || '.' || places.admin1_code)
             WHERE admin1_code IS NOT NULL AND EXISTS (SELECT 1 FROM admin_codes a WHERE a.code = places.country_code || '.' || places.admin1_code)`);
    db.exec(`UPDATE places SET admin2 = (SELECT name FROM admin_codes a WHERE a.code = places.country_code || '.' || places.admin1_code || '.' || places.admin2_code)
             WHERE admin2_code IS NOT NULL AND EXISTS (SELECT 1 FROM admin_codes a WHERE a.code = places.country_code || '.' || places.admin1_code || '.' || places.admin2_code)`);
  });
  try {
    run();
  } finally {
    db.close();
  }
  return reports;
}

type AddNames = (id: number | bigint, names: Iterable<string>, latinToArabic?: boolean) => void;

function importRow(
  db: Database.Database,
  kind: DumpKind,
  line: string,
  file: string,
  lineNo: number,
  addNames: AddNames,
): void {
  if (kind === 'admin1' || kind === 'admin2') importAdminCode(db, kind, line, file, lineNo);
  else if (kind === 'alternateNames') importAlternateName(db, line, file, lineNo, addNames);
  else importPlace(db, line, file, lineNo, addNames);
}

/** A row of admin1CodesASCII.txt or admin2Codes.txt: a division's code and name. */
function importAdminCode(
  db: Database.Database,
  kind: 'admin1' | 'admin2',
  line: string,
  file: string,
  lineNo: number,
): void {
  const [code, name, ascii, id] = line.split('\t');
  const parts = (code ?? '').split('.');
  if (!code || parts.length !== (kind === 'admin1' ? 2 : 3) || !name) {
    throw new GeonamesFormatError(
      `expected CODE<TAB>name<TAB>asciiname<TAB>geonameid with a ${kind === 'admin1' ? 'CC.ADM1' : 'CC.ADM1.ADM2'} code`,
      file,
      lineNo,
    );
  }
  db.prepare(
    'INSERT OR REPLACE INTO admin_codes (code, name, ascii_name, geonameid) VALUES (?, ?, ?, ?)',
  ).run(code, name, ascii || name, Number(id) || null);
}

/** A row of alternateNames.txt: one more name of a place already imported. */
function importAlternateName(
  db: Database.Database,
  line: string,
  file: string,
  lineNo: number,
  addNames: AddNames,
): void {
  const f = line.split('\t');
  const geonameid = Number(f[1]);
  const lang = f[2] ?? '';
  const name = f[3] ?? '';
  if (!Number.isInteger(geonameid) || geonameid <= 0 || name === '') {
    throw new GeonamesFormatError(
      'expected alternateNameId<TAB>geonameid<TAB>language<TAB>name...',
      file,
      lineNo,
    );
  }
  if (NOT_NAMES.has(lang) || f[7] === '1' || !usefulName(name)) return; // codes, links, historic names
  const place = db.prepare('SELECT id, country_code FROM places WHERE geonameid = ?').get(geonameid) as
    { id: number; country_code: string } | undefined;
  if (place) addNames(place.id, [name], ARABIC_WRITING_COUNTRIES.has(place.country_code));
}

/** A row of a GeoNames dump of places: inserted, or updated when the place is already there. */
function importPlace(
  db: Database.Database,
  line: string,
  file: string,
  lineNo: number,
  addNames: AddNames,
): void {
  const r = parseGeonameLine(line, file, lineNo);
  if (r.featureClass === '' || r.countryCode === '')
    throw new GeonamesFormatError('feature class or country code is empty', file, lineNo);
  const admin1 = db
    .prepare('SELECT name FROM admin_codes WHERE code = ?')
    .get(`${r.countryCode}.${r.admin1Code}`) as { name: string } | undefined;
  const admin2 = db
    .prepare('SELECT name FROM admin_codes WHERE code = ?')
    .get(`${r.countryCode}.${r.admin1Code}.${r.admin2Code}`) as { name: string } | undefined;
  const existing = db.prepare('SELECT id, admin1 FROM places WHERE geonameid = ?').get(r.geonameid) as
    { id: number; admin1: string | null } | undefined;
  const values = [
    r.name,
    r.asciiname || r.name,
    r.latitude,
    r.longitude,
    r.countryCode,
    admin1?.name ?? existing?.admin1 ?? null,
    admin2?.name ?? null,
    r.admin1Code || null,
    r.admin2Code || null,
    r.featureClass,
    r.featureCode,
    r.population,
  ];
  let id: number | bigint;
  if (existing) {
    db.prepare(
      `UPDATE places SET name = ?, ascii_name = ?, latitude = ?, longitude = ?, country_code = ?, admin1 = ?, admin2 = ?, admin1_code = ?, admin2_code = ?,
       feature_class = ?, feature_code = ?, population = ? WHERE id = ?`,
    ).run(...values, existing.id);
    id = existing.id;
  } else {
    id = db
      .prepare(
        `INSERT INTO places (geonameid, name, ascii_name, latitude, longitude, country_code, admin1, admin2, admin1_code, admin2_code, feature_class, feature_code, population, precision, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'geonames')`,
      )
      .run(r.geonameid, ...values).lastInsertRowid;
  }
  addNames(
    id,
    new Set([r.name, r.asciiname, ...r.alternatenames.filter(usefulName)].filter((n) => n && fold(n) !== '')),
    ARABIC_WRITING_COUNTRIES.has(r.countryCode),
  );
}
