// The places of coded event tables (UCDP GED, ACLED exports) added to the local gazetteer layer:
// each row's place as written, its point, divisions and precision, counted once per row id.
// Bad rows are reported by file:line; the rest of a file go in one transaction.
import { createReadStream } from 'node:fs';
import { readTable } from '../ingest/tables/read-table.js';
import type { TableFormat } from '../ingest/tables/rows.js';
import type { InputError } from '../ingest/read.js';
import { localGazetteerPath } from './gazetteer.js';
import { addSighting, openLayer, type RecordPlace } from './layer.js';
import { ucdpPlaceName } from './ucdp-places.js';

export interface LayerImportReport {
  file: string;
  rows: number;
  /** Places new to the layer, places seen again, rows already counted by an earlier import. */
  added: number;
  seen: number;
  duplicate: number;
  /** Rows whose place is a whole region or no one place ("Northern Hama"), not added. */
  regional: number;
  errors: InputError[];
}

/**
 * Adds the places of one table to the local layer at `layerPath` in one transaction.
 * `countryCode` turns the table's country name into an ISO code.
 */
export async function importTablePlaces(
  file: string,
  format: TableFormat,
  countryCode: (country: string) => string | undefined,
  layerPath = localGazetteerPath(),
  /** Told of the line each row ended on. */
  onRow?: (line: number) => void,
): Promise<LayerImportReport> {
  const report: LayerImportReport = {
    file,
    rows: 0,
    added: 0,
    seen: 0,
    duplicate: 0,
    regional: 0,
    errors: [],
  };
  const places: RecordPlace[] = [];
  for await (const r of readTable(createReadStream(file), format, file, { plover: () => '' })) {
    if (!('event' in r)) {
      report.errors.push(r);
      continue;
    }
    report.rows++;
    onRow?.(r.line);
    const e = r.event;
    const named = format === 'ucdp' ? ucdpPlaceName(e.location) : { name: e.location.trim() };
    const cc = countryCode(e.country);
    if (
      !named ||
      !named.name ||
      e.geo_precision === 3 ||
      e.latitude === null ||
      e.longitude === null ||
      !cc
    ) {
      report.regional++;
      continue;
    }
    places.push({
      name: named.name,
      latitude: e.latitude,
      longitude: e.longitude,
      countryCode: cc,
      admin1: e.admin1.replace(/\s+governorate$/i, '') || undefined,
      admin2: e.admin2.replace(/\s+district$/i, '') || undefined,
      precision: e.geo_precision === 1 ? 1 : 2,
      source: format,
      key: r.doc.id,
    });
  }
  if (places.length === 0) return report;
  const db = openLayer(layerPath);
  try {
    db.transaction(() => {
      for (const p of places) {
        const outcome = addSighting(db, p);
        if (outcome === 'new') report.added++;
        else if (outcome === 'seen') report.seen++;
        else report.duplicate++;
      }
    })();
  } finally {
    db.close();
  }
  return report;
}

/**
 * The hook of `observatory import`: a table's places into the local layer once its events are
 * stored (its bad rows were already reported there). Returns the line to print.
 */
export async function addTablePlacesToLayer(
  file: string,
  format: TableFormat,
  gazetteer: { countryCodeOf(name: string): string | undefined },
  layerPath = localGazetteerPath(),
): Promise<string> {
  try {
    const r = await importTablePlaces(file, format, (c) => gazetteer.countryCodeOf(c), layerPath);
    return `${file}: local gazetteer layer ${layerPath}: ${r.added} places added, ${r.seen} seen again, ${r.duplicate} already counted\n`;
  } catch (e) {
    // The events are stored whatever happens here; the places can be added later by
    // `observatory gazetteer import --format`.
    return `observatory: ${file}: places not added to the local gazetteer layer ${layerPath}: ${(e as Error).message}\n`;
  }
}
