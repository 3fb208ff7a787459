// Regression floors on the development evaluation sets, well below the measured scores
// (docs/evaluation.md): a change that breaks geoparsing fails CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readGeoWebNews } from '../src/eval/datasets.js';
import { scoreEvents } from '../src/eval/events.js';
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

test('ACLED notes: event coding accuracy stays above its floors', { skip }, () => {
  const s = scoreEvents(
    join(EVAL, 'acled', 'acled_2020-04-27_2020-05-02_syr_irq_lbn_tur.csv'),
    loadResources(),
  );
  const floors = {
    event_type: 0.85,
    sub_event_type: 0.8,
    actor1: 0.55,
    fatalities: 0.85,
    event_date: 0.9,
    location_25km: 0.5,
  } as const;
  for (const [field, floor] of Object.entries(floors)) {
    assert.ok(
      s.accuracy[field as keyof typeof floors] >= floor,
      `${field}: ${s.accuracy[field as keyof typeof floors]} < ${floor}`,
    );
  }
  assert.ok(s.eventsCoded / s.rows <= 1.6, `over-coding: ${s.eventsCoded} events for ${s.rows} rows`);
});
