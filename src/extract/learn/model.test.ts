import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitRanker, fitSoftmax } from './fit.js';
import {
  loadModel,
  ModelError,
  READINGS,
  ROLES,
  serialiseModel,
  SUB_EVENT_TYPES,
  type EventModel,
} from './model.js';
import { hash } from './words.js';

const x = (...names: string[]) => Uint32Array.from(names, hash);
const head = (classes: number) =>
  fitSoftmax(
    Array.from({ length: 6 }, (_, i) => ({ x: x('a', `b${i % 2}`), y: i % classes })),
    classes,
  );
const model: EventModel = {
  event: head(2),
  type: head(SUB_EVENT_TYPES.length),
  reading: head(READINGS.length),
  role: head(ROLES.length),
  place: fitRanker([{ candidates: [x('a'), x('b')], gold: 0 }], { minCount: 1 }),
  date: fitRanker([{ candidates: [x('a'), x('b')], gold: 1 }], { minCount: 1 }),
  threshold: 0.42,
  periods: { MX: { 'state-police': 2018 } },
  about: { note: 'a test model' },
};
const dir = mkdtempSync(join(tmpdir(), 'obs-model-'));
const file = join(dir, 'model.json');
writeFileSync(file, serialiseModel(model));

test('a model file loads back as it was written, byte for byte when written again', () => {
  const m = loadModel(file);
  assert.equal(m.threshold, 0.42);
  assert.deepEqual(m.periods, { MX: { 'state-police': 2018 } });
  assert.deepEqual([...m.type.weights], [...model.type.weights]);
  assert.equal(serialiseModel(m), readFileSync(file, 'utf8'));
});

test('a missing, truncated, edited, other-version or other-features file is refused with what to do', () => {
  const text = readFileSync(file, 'utf8');
  const cases: Array<[string, string, RegExp]> = [
    ['truncated.json', text.slice(0, text.length / 2), /not a complete JSON file \(truncated\?\)/],
    [
      'version.json',
      text.replace('"version": 1', '"version": 99'),
      /model version 99, this build reads version 1/,
    ],
    [
      'features.json',
      text.replace(/"features": "[^"]+"/, '"features": "other-features"'),
      /trained on features "other-features"/,
    ],
    ['edited.json', text.replace('"threshold": 0.42', '"threshold": 0.1'), /do not match its checksum/],
    ['other.json', '{"format": "something else"}', /not an event model/],
  ];
  for (const [name, body, message] of cases) {
    const path = join(dir, name);
    writeFileSync(path, body);
    assert.throws(
      () => loadModel(path),
      (e: Error) =>
        e instanceof ModelError &&
        message.test(e.message) &&
        e.message.startsWith(path) &&
        /npm run train/.test(e.message),
      name,
    );
  }
  assert.throws(() => loadModel(join(dir, 'absent.json')), /absent\.json: no such model file; retrain it/);
});
