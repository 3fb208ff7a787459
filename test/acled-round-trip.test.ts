// An ACLED file imported and exported again comes back as it went in: every ACLED column with the
// same values (ids, every source, admin3, source_scale, iso, region, timestamp, notes with their
// quotes, line breaks and Arabic), then the record's own columns after them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { acledDate } from '../src/ingest/tables/acled.js';
import { ACLED_FILE_COLUMNS } from '../src/model/index.js';
import { FIXTURES, run } from './helpers/cli.js';

const ACLED = join(FIXTURES, 'acled-round-trip.csv');
const dir = mkdtempSync(join(tmpdir(), 'obs-roundtrip-'));
type Row = Record<string, string>;
const NUMERIC = new Set(['latitude', 'longitude']);

/** Two values of a column are the same value: dates as days, coordinates as numbers, the rest as written. */
function same(column: string, a: string, b: string): boolean {
  if (column === 'event_date') return acledDate(a) === acledDate(b);
  if (NUMERIC.has(column)) return Number(a) === Number(b);
  return a === b;
}

test('ACLED CSV in, ACLED CSV out: every column of every row with the same value, then the record’s own', async () => {
  const db = join(dir, 'rt.db');
  const imported = await run(['import', '--format', 'acled', ACLED, '--db', db]);
  assert.equal(imported.code, 0, imported.stderr);
  const input = parse(readFileSync(ACLED, 'utf8'), { columns: true }) as Row[];
  const inputColumns = Object.keys(input[0]!);
  const out = join(dir, 'out.csv');
  const exported = await run(['export', '--db', db, '--output', out]);
  assert.equal(exported.code, 0, exported.stderr);
  const text = readFileSync(out, 'utf8');
  const [header] = parse(text, { to_line: 1 }) as string[][];
  assert.deepEqual(
    header!.slice(0, ACLED_FILE_COLUMNS.length),
    [...ACLED_FILE_COLUMNS],
    'ACLED’s columns first',
  );
  assert.deepEqual(header!.slice(ACLED_FILE_COLUMNS.length), [
    'event_id',
    'credibility',
    'reports',
    'contested',
    'review_status',
  ]);
  for (const c of inputColumns) assert.ok(header!.includes(c), `the file's column ${c} is exported`);

  const output = parse(text, { columns: true }) as Row[];
  assert.equal(output.length, input.length);
  for (const row of input) {
    const back = output.find((r) => r.event_id_cnty === row.event_id_cnty);
    assert.ok(back, `row ${row.event_id_cnty} comes back under its ACLED id`);
    for (const c of inputColumns)
      assert.ok(
        same(c, row[c]!, back[c]!),
        `${row.event_id_cnty} ${c}: ${JSON.stringify(row[c])} came back as ${JSON.stringify(back[c])}`,
      );
    assert.match(back.event_id!, /^ev_/, 'the record’s own id after');
  }
  // The hard cases by name, so a regression says what it broke.
  const several = output.find((r) => r.event_id_cnty === 'SYR90002')!;
  assert.equal(several.source, 'SOHR; Step News Agency; Syria Call');
  const quoted = output.find((r) => r.event_id_cnty === 'LBN90003')!;
  assert.match(quoted.notes!, /\n/, 'a line break inside the notes stays');
  assert.match(quoted.notes!, /"revolution"/);
  assert.equal(output.find((r) => r.event_id_cnty === 'SYR90007')!.location, 'رأس العين');

  // HXL: the same columns with a tag row under the header.
  const hxl = await run(['export', '--db', db, '--format', 'hxl']);
  const [, tags] = parse(hxl.stdout, { to_line: 2 }) as string[][];
  assert.equal(tags![header!.indexOf('event_id_cnty')], '#event+code+acled');
  assert.equal(tags![header!.indexOf('admin3')], '#adm3+name');
  assert.ok(tags!.every((t) => t.startsWith('#')));
});

test('an event coded from a report exports the year of its date and its notes on one line', async () => {
  const db = join(dir, 'coded.db');
  const r = await run(['ingest', '--input', '-', '--db', db], {
    stdin: JSON.stringify({
      id: 'two-lines',
      published: '2020-05-02',
      text: 'Turkish drones struck PKK positions near Qandil on Friday,\nkilling three militants, Anadolu Agency reported.',
    }),
  });
  assert.equal(r.code, 0, r.stderr);
  const csv = (await run(['export', '--db', db])).stdout;
  const [row] = parse(csv, { columns: true }) as Row[];
  assert.equal(row!.year, '2020');
  assert.equal(row!.event_id_cnty, '', 'no ACLED id is made up');
  assert.doesNotMatch(row!.notes!, /\n/);
});
