// Output formats of `observatory extract`: JSON Lines, ACLED-style CSV, GeoJSON.
import { stringify } from 'csv-stringify/sync';
import type { ExtractedEvent } from '../extract/extract.js';
import { spreadsheetCast } from '../formats/spreadsheet.js';
import { ACLED_COLUMNS } from '../model/index.js';

export function jsonlLine(docId: string, events: ExtractedEvent[], language?: string): string {
  return JSON.stringify(language ? { doc_id: docId, language, events } : { doc_id: docId, events });
}

export function acledHeader(): string {
  return stringify([[...ACLED_COLUMNS, 'doc_id']]);
}

export function acledRows(docId: string, events: ExtractedEvent[]): string {
  return stringify(
    events.map((e) => [...ACLED_COLUMNS.map((c) => e[c] ?? ''), docId]),
    spreadsheetCast(),
  );
}

/** One RFC 7946 Feature per event; events with no place get a null geometry. */
export function geojsonFeature(docId: string, e: ExtractedEvent) {
  const { latitude, longitude, ...properties } = e;
  return {
    type: 'Feature' as const,
    geometry:
      latitude !== null && longitude !== null
        ? { type: 'Point' as const, coordinates: [longitude, latitude] }
        : null,
    properties: { doc_id: docId, ...properties, latitude, longitude },
  };
}
