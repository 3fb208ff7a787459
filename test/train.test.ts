// `observatory train` from ACLED-format gold, and `--model` on the commands that code documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-train-'));
const gold = join(ROOT, 'test', 'fixtures', 'gold', 'notes.csv');
const model = join(dir, 'model.json');
let trained: ReturnType<typeof run> | undefined;
const train = () =>
  (trained ??= run(['train', '--gold', gold, '--output', model], {
    env: { OBSERVATORY_PROGRESS_DELAY: '0' },
  }));

test('train: a model from ACLED-format gold, the bad row reported by file:line, byte-identical on a rerun', async () => {
  const r = await train();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /notes\.csv:14: no notes; row left out/);
  assert.match(r.stderr, /wrote .*model\.json \(12 notes/);
  // Off a terminal, reading the items (the slow part) is told at each tenth, with the total.
  const told = [...r.stderr.matchAll(/train: reading: (\d+)% \((\d+) of (\d+) items/g)];
  assert.ok(told.length >= 3, r.stderr);
  const total = Number(told[0]![3]);
  assert.ok(total > 12, 'the notes and the labelled sentences are counted');
  const done = told.map((m) => Number(m[2]));
  assert.deepEqual(
    [...done].sort((a, b) => a - b),
    done,
    'counts only grow',
  );
  assert.ok(done.every((d) => d <= total));
  assert.match(r.stderr, /fitting the heads/);
  const again = join(dir, 'again.json');
  const r2 = await run(['train', '--gold', gold, '--output', again]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.equal(readFileSync(again, 'utf8'), readFileSync(model, 'utf8'));
  const stored = JSON.parse(readFileSync(model, 'utf8')) as {
    periods: Record<string, Record<string, number>>;
  };
  assert.deepEqual(
    stored.periods.KE,
    { 'state-military': 2013 },
    "the year in Kenya's forces' names, from the gold",
  );
});

test('extract --model codes with the model given; a bad model file is refused naming it', async () => {
  await train();
  const doc = join(dir, 'report.txt');
  writeFileSync(
    doc,
    'On Monday, soldiers clashed with Al Shabaab fighters near Mandera, killing two militants.',
  );
  const r = await run(['extract', doc, '--published', '2021-05-10', '--model', model]);
  assert.equal(r.code, 0, r.stderr);
  const [e] = (
    JSON.parse(r.stdout) as {
      events: Array<{ event_type: string; actor1: string; details: { fieldConfidence?: object } }>;
    }
  ).events;
  assert.ok(e, r.stdout);
  assert.ok(e.details.fieldConfidence, 'each field carries its confidence');
  const cut = join(dir, 'cut.json');
  writeFileSync(cut, readFileSync(model, 'utf8').slice(0, 500));
  const bad = await run(['extract', doc, '--published', '2021-05-10', '--model', cut]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cut\.json: not a complete JSON file \(truncated\?\).*npm run train/);
  const missing = await run(['extract', doc, '--published', '2021-05-10', '--model', join(dir, 'nope.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.json: no such model file/);
});

test('train without gold or data says what to pass', async () => {
  const r = await run(['train', '--data', join(dir, 'nowhere')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no training data at .*nowhere: pass --gold FILE\.\.\. or --data DIR/);
});
