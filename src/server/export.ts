// Exports of the stored record in the field's formats, as streams of text chunks so that any
// number of events is written in constant memory: ACLED-compatible CSV, GeoJSON (RFC 7946) and
// HXL-tagged CSV, each written by its module in formats/ from the store's export rows, which hold
// only what is written.
import { acledCsvChunks } from '../formats/acled-csv.js';
import { geojsonChunks } from '../formats/geojson.js';
import { hxlChunks } from '../formats/hxl.js';
import { EXPORT_COLUMNS, type ExportRow } from '../store/store.js';

export type ExportFormat = 'acled' | 'geojson' | 'hxl';

/** The export as chunks of text, one batch of rows at a time. */
export function exportChunks(
  batches: AsyncIterable<ExportRow[]>,
  format: ExportFormat,
  /** CSV cells exactly as stored, formulas and all (see formats/spreadsheet.ts). */
  opts: { raw?: boolean } = {},
): AsyncGenerator<string> {
  if (format === 'geojson') return geojsonChunks(EXPORT_COLUMNS, batches);
  if (format === 'hxl') return hxlChunks(EXPORT_COLUMNS, batches, opts);
  return acledCsvChunks(EXPORT_COLUMNS, batches, opts);
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  acled: 'text/csv; charset=utf-8',
  hxl: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json',
};
