// `observatory eval geo | events | dedup | deals`: the evaluations, which read ../shared/eval (or
// --data) and print scores beside their baselines.
import type { Command } from 'commander';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, out, warn } from '../io.js';
import { numberOption } from '../options.js';
import { projectPath, sharedEval } from '../paths.js';

export function addEvalCommand(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description('Score the geoparser or the extractor on evaluation data.');
  addEvalGeo(evalCommand);
  addEvalEvents(evalCommand);
  addEvalDedup(evalCommand);
  addEvalDeals(evalCommand);
}

function addEvalGeo(evalCommand: Command): void {
  evalCommand
    .command('geo')
    .description(
      'Geoparsing: resolution given gold spans (the learned resolver k-fold), end to end, Syrian places coded by UCDP and SOHR headlines (with and without the UCDP layer), event location on ACLED notes.',
    )
    .option('--data <dir>', 'evaluation data folder (default: ../shared/eval beside the project)')
    .option(
      '--calibrate',
      'refit the confidence weights on GeoWebNews and LGL and write data/geo-calibration.json',
    )
    .option(
      '--train',
      "write the resolver's weights and GeoNames' country and division points fitted on all the sets (data/geo-resolver.json, data/geonames-points.json)",
    )
    .action(async (opts: { data?: string; calibrate?: boolean; train?: boolean }) => {
      const dir = opts.data ?? sharedEval();
      if (!existsSync(dir)) {
        warn(`no evaluation data at ${dir}: pass --data DIR`);
        process.exitCode = 2;
        return;
      }
      const res = load();
      const t = Date.now();
      const geoEval = await import('../../eval/geo.js');
      const { runGeoEvaluation } = geoEval;
      const report = runGeoEvaluation(dir, res, (s) => process.stderr.write(`${s}\n`));
      out(`${report}\n\n(${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
      const { lastFit, lastResolverFit } = geoEval;
      if (opts.train && lastResolverFit) {
        const { writeResolverFiles } = await import('../../eval/geo-train.js');
        for (const p of writeResolverFiles(lastResolverFit)) process.stderr.write(`wrote ${p}\n`);
      }
      if (opts.calibrate && lastFit) writeCalibration(lastFit);
    });
}

/** data/geo-calibration.json, written whole then renamed into place. */
function writeCalibration(fit: { samples: unknown; weights: unknown }): void {
  const path = projectPath('data/geo-calibration.json');
  const body = {
    about:
      'Logistic weights turning the geoparser score and margin into a probability that a resolved toponym is within 161 km of the truth. Written by `observatory eval geo --calibrate` from the GeoWebNews and LGL development sets; delete the file to fall back to the defaults.',
    fitted_on: fit.samples,
    weights: fit.weights,
  };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  process.stderr.write(`wrote ${path}\n`);
}

export interface EvalEventsOptions {
  data?: string;
  lang: string;
  examples: number;
  folds: number;
  quick?: boolean;
}

function addEvalEvents(evalCommand: Command): void {
  evalCommand
    .command('events')
    .description(
      'Event coding on ACLED notes, k-fold cross-validated (by note and by country): every field, by country and type, confusion matrix, non-events, calibration.',
    )
    .option(
      '--data <dir>',
      'evaluation data folder (default: ../shared/eval beside the project); with --lang ar, the reports file (default: eval/arabic/bulletins.jsonl)',
    )
    .option(
      '--lang <code>',
      '"en": ACLED notes, cross-validated; "ar": the Arabic bulletins, coded by the model',
      'en',
    )
    .option('--folds <n>', 'folds', (v) => Number(v), 5)
    .option('--quick', 'one run (folds by note), without calibration')
    .option(
      '--examples <n>',
      'print up to n examples of each kind of error (they quote the notes)',
      numberOption(0, 1000, 'a whole number'),
      0,
    )
    .action(async (opts: EvalEventsOptions) => evalEvents(opts));
}

/** `observatory eval events`: k-fold figures by note and by country, with the perceptron beside. */
async function evalEvents(opts: EvalEventsOptions): Promise<void> {
  if (opts.lang === 'ar') return evalArabic(opts);
  if (opts.lang !== 'en') {
    warn(`--lang ${opts.lang}: the evaluations are "en" (ACLED notes in ../shared) and "ar" (eval/arabic)`);
    process.exitCode = 2;
    return;
  }
  const dir = opts.data ?? sharedEval();
  if (!existsSync(dir)) {
    warn(`no evaluation data at ${dir}: pass --data DIR`);
    process.exitCode = 2;
    return;
  }
  const { loadResources } = await import('../../extract/resources.js');
  const { readTrainingData } = await import('../../eval/training-data.js');
  const { crossValidate, prepare } = await import('../../eval/events.js');
  const { cvReport, errorExamples } = await import('../../eval/events-report.js');
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
async function evalArabic(opts: EvalEventsOptions): Promise<void> {
  const file = opts.data ?? projectPath('eval/arabic/bulletins.jsonl');
  if (!existsSync(file)) {
    warn(`no Arabic reports at ${file}: pass --data FILE`);
    process.exitCode = 2;
    return;
  }
  const { loadResources } = await import('../../extract/resources.js');
  const { arabicReport, readArabicReports, scoreArabic } = await import('../../eval/events-arabic.js');
  out(`${arabicReport(scoreArabic(readArabicReports(file), loadResources()), opts.examples)}\n`);
}

/** The ACLED evaluation file under --data (or ../shared/eval); undefined, reported, when absent. */
function acledCsv(data?: string): string | undefined {
  const dir = data ?? sharedEval();
  const csv = join(dir, 'acled', 'acled_2020-04-27_2020-05-02_syr_irq_lbn_tur.csv');
  if (existsSync(csv)) return csv;
  warn(`no ACLED evaluation file at ${csv}: pass --data DIR`);
  process.exitCode = 2;
  return undefined;
}

function addEvalDedup(evalCommand: Command): void {
  evalCommand
    .command('dedup')
    .description(
      'Deduplication on ACLED notes: each note and a paraphrase of it stored, pairwise precision and recall of the clustering.',
    )
    .option('--data <dir>', 'evaluation data folder (default: ../shared/eval beside the project)')
    .option('--seed <n>', 'paraphrase seed', numberOption(0, 2 ** 31 - 1, 'a whole number'), 2017)
    .action(async (opts: { data?: string; seed: number }) => {
      const csv = acledCsv(opts.data);
      if (!csv) return;
      const { dedupReport, scoreDedup } = await import('../../eval/dedup.js');
      out(`${dedupReport(await scoreDedup(csv, load(), opts.seed))}\n`);
    });
}

function addEvalDeals(evalCommand: Command): void {
  evalCommand
    .command('deals')
    .description(
      'Deals field by field (parties, brokers, terms, dated steps, reached date, tracks, non-conflict news) on the hand-coded fixtures, beside a trivial baseline.',
    )
    .option('--data <dir>', 'folder of deal fixtures (default: test/fixtures/deals in the project)')
    .option('--quiet', 'the table only, without what each deal missed')
    .action(async (opts: { data?: string; quiet?: boolean }) => {
      const dir = opts.data ?? projectPath('test/fixtures/deals');
      if (!existsSync(dir)) {
        warn(`no deal fixtures at ${dir}: pass --data DIR`);
        process.exitCode = 2;
        return;
      }
      const { dealsReport, scoreDeals } = await import('../../eval/deals.js');
      const { coded, baseline } = await scoreDeals(dir, load());
      out(`${dealsReport(coded, baseline, !opts.quiet)}\n`);
    });
}
