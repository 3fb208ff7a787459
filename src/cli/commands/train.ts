// `observatory train`: the event coder trained from ACLED-format gold (and, by default, the
// evaluation data in ../shared), written as a model file.
import { renameSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { GoldNote } from '../../extract/learn/gold.js';
import type { TrainingItems } from '../../extract/learn/train.js';
import type { Resources } from '../../extract/resources.js';
import { warn } from '../io.js';
import { projectPath, sharedEval } from '../paths.js';

interface TrainOptions {
  gold?: string[];
  output?: string;
  data?: string;
  seed: number;
  family: 'logistic' | 'perceptron';
}

const positive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected ${what}`);
  return n;
};

/** Writes whole, then renames: a file a reader finds is never half-written. */
function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export function addTrainCommand(program: Command): void {
  program
    .command('train')
    .description(
      'Train the event coder. With --gold, from ACLED-format CSVs with notes (an ACLED export, GET /api/reviews/export.csv); without, the shipped model from ../shared/eval.',
    )
    .option(
      '--gold <files...>',
      'ACLED-format CSV files with a notes column, in English or Arabic (bad rows are reported by file:line and left out)',
    )
    .option('--output <file>', 'where to write the model (default: data/event-model.json, the shipped one)')
    .option(
      '--data <dir>',
      'evaluation data folder to add (default with no --gold: ../shared/eval beside the project)',
    )
    .option(
      '--seed <n>',
      'seed (the same inputs and seed give the same file, byte for byte)',
      positive('a whole number'),
      2017,
    )
    .addOption(
      new Option('--family <family>', 'model family').choices(['logistic', 'perceptron']).default('logistic'),
    )
    .action(train);
}

async function train(opts: TrainOptions): Promise<void> {
  const t0 = performance.now();
  const { loadResources } = await import('../../extract/resources.js');
  const dir = opts.data ?? (opts.gold ? undefined : sharedEval());
  if (dir && !existsSync(dir)) {
    warn(`no training data at ${dir}: pass --gold FILE... or --data DIR`);
    process.exitCode = 2;
    return;
  }
  let res;
  try {
    res = loadResources({ model: false });
  } catch (e) {
    warn(e as Error);
    process.exitCode = 2;
    return;
  }
  const { notes, labelled, sources } = await trainingSet(opts.gold ?? [], dir);
  if (notes.length === 0) {
    warn('no gold notes to train on: pass --gold FILE... (ACLED-format CSV with notes)');
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`training on ${sources.join('; ')}\n`);
  const model = await fit({ notes, labelled }, res, opts);
  const { serialiseModel } = await import('../../extract/learn/model.js');
  const output = resolve(opts.output ?? projectPath('data/event-model.json'));
  writeAtomically(output, serialiseModel(model));
  process.stderr.write(
    `wrote ${output} (${notes.length} notes; threshold ${model.threshold}; ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
  );
}

/** The gold files' notes (bad rows told), the evaluation folder's, and the project's own sentences. */
async function trainingSet(gold: string[], dir: string | undefined) {
  const { byNote, readGold } = await import('../../extract/learn/gold.js');
  const { readTrainingData, readWritten } = await import('../../eval/training-data.js');
  const notes: GoldNote[] = [];
  const labelled: TrainingItems['labelled'] = [];
  const sources: string[] = [];
  for (const file of gold) {
    try {
      const g = readGold(file);
      for (const e of g.errors.slice(0, 20)) warn(e);
      if (g.errors.length > 20) warn(`${file}: ${g.errors.length - 20} more bad rows not shown`);
      notes.push(...byNote(g.rows));
      sources.push(`${file}: ${g.rows.length} rows`);
    } catch (e) {
      warn(e as Error);
      process.exitCode = 1;
    }
  }
  if (dir) {
    const d = readTrainingData(dir);
    for (const e of d.errors.slice(0, 20)) warn(e);
    notes.push(...d.notes.map((n) => n.note));
    labelled.push(...d.headlines, ...d.negatives);
    sources.push(
      `${dir}: ${d.notes.length} ACLED notes, ${d.headlines.length} SOHR headlines, ${d.negatives.length} non-event sentences`,
    );
  }
  // The project's own sentences (non-events, negated, hypothetical and background readings, wordings of events).
  labelled.push(...readWritten().map((w) => ({ ...w, weight: 3 })));
  return { notes, labelled, sources };
}

/** The model fitted on the set, with a progress bar while the items are read. */
async function fit({ notes, labelled }: TrainingItems, res: Resources, opts: TrainOptions) {
  const { trainFrom } = await import('../../extract/learn/train.js');
  const { progress } = await import('../progress.js');
  const bar = progress('train: reading', { unit: 'items', total: notes.length + labelled.length });
  return trainFrom({ notes, labelled }, res, {
    onRead: (done, total) => {
      if (done % 50 === 0 || done === total) bar.update(done);
      if (done === total) {
        bar.stop();
        process.stderr.write('train: fitting the heads and calibrating them on inner folds\n');
      }
    },
    seed: opts.seed,
    family: opts.family,
    about: {
      what: 'Observatory event coder: weights and calibration fitted on ACLED-format gold (see the README for the data it was trained on and its terms).',
    },
  });
}
