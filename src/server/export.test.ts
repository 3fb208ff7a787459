// The export writer behind GET /api/export and `observatory export`: any text survives the round
// trip through its ACLED CSV and GeoJSON, safe or raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { rng } from '../eval/dedup.js';
import { spreadsheetCell } from '../formats/spreadsheet.js';
import { EXPORT_COLUMNS } from '../store/store.js';
import { exportChunks } from './export.js';

test('CSV and GeoJSON writers: any text survives the round trip (quotes, commas, line breaks, edge spaces, Arabic)', async () => {
  const random = rng(11);
  const pieces = ['a', ' ', '"', ',', '\n', '\r\n', 'دير الزور', 'x""y', '\t', 'ḥ', "'", ';', '=1+2'];
  const text = () =>
    Array.from({ length: Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join(
      '',
    );
  const rows = Array.from({ length: 300 }, (_, i) =>
    EXPORT_COLUMNS.map((c) =>
      c === 'latitude' || c === 'longitude'
        ? i % 7 === 0
          ? null
          : random() * 50
        : c === 'fatalities'
          ? i
          : text(),
    ),
  );
  async function* batches() {
    yield rows.slice(0, 120);
    yield rows.slice(120);
  }
  for (const raw of [true, false]) {
    let csv = '';
    for await (const chunk of exportChunks(batches(), 'acled', { raw })) csv += chunk;
    const back = parse(csv, { relax_column_count: false }) as string[][];
    assert.deepEqual(back[0], [...EXPORT_COLUMNS]);
    assert.deepEqual(
      back.slice(1),
      rows.map((r) =>
        r.map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : spreadsheetCell(v, raw))),
      ),
      raw ? 'raw: exactly as stored' : 'safe: exactly as stored, a formula behind an apostrophe',
    );
  }
  let json = '';
  for await (const chunk of exportChunks(batches(), 'geojson')) json += chunk;
  const fc = JSON.parse(json) as {
    features: Array<{ geometry: unknown; properties: Record<string, unknown> }>;
  };
  assert.equal(fc.features.length, rows.length);
  fc.features.forEach((f, i) => {
    assert.deepEqual(Object.values(f.properties), rows[i]);
    assert.equal(f.geometry === null, rows[i]![EXPORT_COLUMNS.indexOf('latitude')] === null);
  });
});
