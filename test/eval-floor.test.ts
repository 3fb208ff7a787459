// Regression floors on the development evaluation sets, well below the measured scores
// (docs/evaluation.md): a change that breaks geoparsing fails CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readGeoWebNews } from '../src/eval/datasets.js';
import { crossValidate, prepare } from '../src/eval/events.js';
import { accuracy, noEventRate } from '../src/eval/events-report.js';
import { readTrainingData } from '../src/eval/training-data.js';
import { predictRaw, scoreAcledLocations, scoreEndToEnd, scoreGivenSpans } from '../src/eval/geo.js';
import { loadResources } from '../src/extract/resources.js';
import { SHARED } from './helpers/cli.js';

const EVAL = join(SHARED, 'eval');
const skip = existsSync(join(EVAL, 'geoparse', 'GWN.xml')) ? false : 'evaluation data is not in ../shared';

test('GeoWebNews: resolution given gold spans and end to end stay above their floors', { skip }, () => {
  const res = loadResources();
  const docs = readGeoWebNews(join(EVAL, 'geoparse'));
  const given = scoreGivenSpans(docs, res.geoparser);
  assert.ok(given.acc161 >= 0.62, `given spans acc@161km ${given.acc161}`);
  const e2e = scoreEndToEnd(docs, predictRaw(docs, res.geoparser));
  assert.ok(e2e.acc161 >= 0.58, `end-to-end acc@161km ${e2e.acc161}`);
  assert.ok(e2e.precision >= 0.68, `span precision ${e2e.precision}`);
});

test('ACLED notes: event location within 25 km stays above its floor', { skip }, () => {
  const s = scoreAcledLocations(
    join(EVAL, 'acled', 'acled_2020-04-27_2020-05-02_syr_irq_lbn_tur.csv'),
    loadResources(),
  );
  assert.ok(s.share >= 0.5, `within 25 km: ${s.share}`);
});

test('ACLED notes: the coder, cross-validated, stays above its floors', { skip }, () => {
  // Three folds without calibration: every figure is on notes and sentences the fold's model never saw.
  const res = loadResources({ model: false });
  const r = crossValidate(prepare(readTrainingData(EVAL), res), res, { folds: 3, calibrate: false });
  const floors = { event_type: 0.78, sub_event_type: 0.72, fatalities: 0.75, event_date: 0.9 } as const;
  for (const [field, floor] of Object.entries(floors)) {
    const got = accuracy(r, field as keyof typeof floors);
    assert.ok(got >= floor, `${field}: ${got} < ${floor}`);
  }
  assert.ok(noEventRate(r) <= 0.08, `no event: ${noEventRate(r)}`);
  assert.ok(
    r.eventsCoded / r.rows.length <= 1.4,
    `over-coding: ${r.eventsCoded} events for ${r.rows.length} rows`,
  );
  for (const n of r.negatives.filter((x) => !x.corpus.includes('written')))
    assert.ok(n.coded / n.sentences <= 0.06, `${n.corpus}: ${n.coded} of ${n.sentences} coded`);
  assert.ok(
    r.headlines.coded / r.headlines.sentences >= 0.9,
    `SOHR headlines: ${r.headlines.coded} of ${r.headlines.sentences}`,
  );
});
