// Each writer against its fixtures, in Turf's way: test/fixtures/formats/in/<input>.json is read,
// written in the format, and compared byte for byte with test/fixtures/formats/out/<output>.
// After a deliberate change to a format, `REGEN=1 node --import tsx --test src/formats/formats.test.ts`
// rewrites the outputs; the diff of out/ is then the change to review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { csvLines, acledCsvChunks, acledHeader, acledRows, goldCsv } from './acled-csv.js';
import {
  COLLECTION_CLOSE,
  COLLECTION_OPEN,
  eventFeature,
  extractedEventFeature,
  featureSeparator,
  flatTrackFeature,
  geojsonChunks,
  placeFeature,
  trackFeature,
} from './geojson.js';
import { hxlChunks } from './hxl.js';
import { jsonlLine } from './jsonl.js';
import { EXPORT_COLUMNS, type ExportRow } from '../store/store.js';

const dir = (d: string) => fileURLToPath(new URL(`../../test/fixtures/formats/${d}/`, import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are the writers' own input types, read from JSON
const input = (name: string): any => JSON.parse(readFileSync(`${dir('in')}${name}.json`, 'utf8'));

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

/** The export rows in two batches, so that a writer's joins between batches are tested too. */
async function* batches(): AsyncGenerator<ExportRow[]> {
  const rows = input('export-rows') as ExportRow[];
  yield rows.slice(0, 1);
  yield rows.slice(1);
}

const cases: Array<[output: string, write: () => string | Promise<string>]> = [
  [
    'extracted.jsonl',
    () => {
      const x = input('extracted');
      return `${jsonlLine(x.docId, x.events, x.language)}\n`;
    },
  ],
  [
    'extracted.acled.csv',
    () => {
      const x = input('extracted');
      return acledHeader() + acledRows(x.docId, x.events);
    },
  ],
  [
    'extracted.geojson',
    () => {
      const x = input('extracted');
      const features = x.events.map(
        (e: never, i: number) =>
          featureSeparator(i === 0) + JSON.stringify(extractedEventFeature(x.docId, e)),
      );
      return COLLECTION_OPEN + features.join('') + COLLECTION_CLOSE;
    },
  ],
  ['export.acled.csv', () => text(acledCsvChunks(EXPORT_COLUMNS, batches()))],
  ['export.raw.csv', () => text(acledCsvChunks(EXPORT_COLUMNS, batches(), { raw: true }))],
  ['export.hxl.csv', () => text(hxlChunks(EXPORT_COLUMNS, batches()))],
  ['export.geojson', () => text(geojsonChunks(EXPORT_COLUMNS, batches()))],
  [
    'stored-event.ogc.json',
    () => `${JSON.stringify(eventFeature(input('stored-event'), 'http://localhost:8080'))}\n`,
  ],
  ['track.geojson', () => `${JSON.stringify(trackFeature(input('track')))}\n`],
  ['track.ogc.json', () => `${JSON.stringify(flatTrackFeature(input('track')))}\n`],
  ['place.ogc.json', () => `${JSON.stringify(placeFeature(input('place')))}\n`],
  ['gold.csv', () => goldCsv(input('gold'))],
  ['gold.raw.csv', () => goldCsv(input('gold'), true)],
];

for (const [output, write] of cases)
  test(`formats: ${output} is written as its fixture`, async () => {
    const got = await write();
    const file = `${dir('out')}${output}`;
    if (process.env.REGEN) writeFileSync(file, got);
    assert.equal(got, readFileSync(file, 'utf8'));
  });

test('formats: a CSV cell is quoted only when it must be, and a formula is neutralised unless raw', () => {
  assert.equal(
    csvLines([['plain', 3, null, 'a,b', 'say "x"', ' edge', 'two\nlines']]),
    'plain,3,,"a,b","say ""x"""," edge","two\nlines"\n',
  );
  assert.equal(csvLines([['=1+1', '-2']]), "'=1+1,'-2\n");
  assert.equal(csvLines([['=1+1']], true), '=1+1\n');
});
