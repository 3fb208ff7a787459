// `observatory train` (a model from ACLED-format gold), `--model FILE` on the commands that code
// documents, and `observatory eval events` (k-fold cross-validation of the coder).
import { renameSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';

const SHARED_EVAL = () => fileURLToPath(new URL('../../../shared/eval', import.meta.url));
const SHIPPED = () => fileURLToPath(new URL('../../data/event-model.json', import.meta.url));

interface Helpers {
  out: (s: string) => void;
  warn: (e: Error | string) => void;
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

export function addTrainCommand(program: Command, { warn }: Helpers): void {
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
    .action(
      async (opts: {
        gold?: string[];
        output?: string;
        data?: string;
        seed: number;
        family: 'logistic' | 'perceptron';
      }) => {
        const t0 = performance.now();
        const { loadResources } = await import('../extract/resources.js');
        const { byNote, readGold } = await import('../extract/learn/gold.js');
        const { trainFrom } = await import('../extract/learn/train.js');
        const { serialiseModel } = await import('../extract/learn/model.js');
        const { readTrainingData, readWritten } = await import('../eval/training-data.js');
        const dir = opts.data ?? (opts.gold ? undefined : SHARED_EVAL());
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
        const notes = [];
        const labelled = [];
        const sources: string[] = [];
        for (const file of opts.gold ?? []) {
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
        if (notes.length === 0) {
          warn('no gold notes to train on: pass --gold FILE... (ACLED-format CSV with notes)');
          process.exitCode = 1;
          return;
        }
        process.stderr.write(`training on ${sources.join('; ')}\n`);
        const { progress } = await import('./progress.js');
        const bar = progress('train: reading', { unit: 'items', total: notes.length + labelled.length });
        const model = trainFrom({ notes, labelled }, res, {
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
        const output = resolve(opts.output ?? SHIPPED());
        writeAtomically(output, serialiseModel(model));
        process.stderr.write(
          `wrote ${output} (${notes.length} notes; threshold ${model.threshold}; ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
        );
      },
    );
}

/**
 * `--model FILE` on the commands that code documents. The path travels in OBSERVATORY_MODEL, so
 * that the server's and the ingest's worker processes load the same model.
 */
export function addModelOption(program: Command): void {
  for (const name of ['extract', 'ingest', 'serve', 'worker', 'demo']) {
    const c = program.commands.find((x) => x.name() === name);
    c?.option(
      '--model <file>',
      'event model to code with (default: $OBSERVATORY_MODEL or the shipped data/event-model.json)',
    );
  }
  program.hook('preAction', (_root, action) => {
    const file = (action.opts() as { model?: string }).model;
    if (file) process.env.OBSERVATORY_MODEL = resolve(file);
  });
}

export interface EvalEventsOptions {
  data?: string;
  lang: string;
  examples: number;
  folds: number;
  quick?: boolean;
}

/** `observatory eval events`: k-fold figures by note and by country, with the perceptron beside. */
export async function evalEvents(opts: EvalEventsOptions, { out, warn }: Helpers): Promise<void> {
  if (opts.lang === 'ar') return evalArabic(opts, { out, warn });
  if (opts.lang !== 'en') {
    warn(`--lang ${opts.lang}: the evaluations are "en" (ACLED notes in ../shared) and "ar" (eval/arabic)`);
    process.exitCode = 2;
    return;
  }
  const dir = opts.data ?? SHARED_EVAL();
  if (!existsSync(dir)) {
    warn(`no evaluation data at ${dir}: pass --data DIR`);
    process.exitCode = 2;
    return;
  }
  const { loadResources } = await import('../extract/resources.js');
  const { readTrainingData } = await import('../eval/training-data.js');
  const { crossValidate, cvReport, errorExamples, prepare } = await import('../eval/events.js');
  const res = loadResources({ model: false });
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const prepared = prepare(readTrainingData(dir), res);
  log(
    `read ${prepared.data.notes.length} notes, ${prepared.data.headlines.length} headlines, ${prepared.data.negatives.length} non-event sentences`,
  );
  const runs = opts.quick
    ? [crossValidate(prepared, res, { folds: opts.folds, by: 'note', calibrate: false, log })]
    : [
        crossValidate(prepared, res, { folds: opts.folds, by: 'note', log }),
        crossValidate(prepared, res, { folds: opts.folds, by: 'country', log }),
        crossValidate(prepared, res, { folds: opts.folds, by: 'note', family: 'perceptron', log }),
      ];
  out(`${cvReport(runs)}\n`);
  if (opts.examples > 0) out(`\n${errorExamples(runs[0]!, opts.examples)}\n`);
}

/**
 * `observatory eval events --lang ar`: the Arabic bulletins of eval/arabic (or --data FILE)
 * coded with the model in use, trained on English gold, so none of them was fitted on.
 */
async function evalArabic(opts: EvalEventsOptions, { out, warn }: Helpers): Promise<void> {
  const file = opts.data ?? fileURLToPath(new URL('../../eval/arabic/bulletins.jsonl', import.meta.url));
  if (!existsSync(file)) {
    warn(`no Arabic reports at ${file}: pass --data FILE`);
    process.exitCode = 2;
    return;
  }
  const { loadResources } = await import('../extract/resources.js');
  const { arabicReport, readArabicReports, scoreArabic } = await import('../eval/events-arabic.js');
  out(`${arabicReport(scoreArabic(readArabicReports(file), loadResources()), opts.examples)}\n`);
}
