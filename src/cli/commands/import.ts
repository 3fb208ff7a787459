// `observatory import`: ACLED and UCDP GED CSV files as event sources, one claim per row coded
// as the dataset coded it; the rows' places also go to the local gazetteer layer.
import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import type { Resources } from '../../extract/resources.js';
import type { IngestSummary } from '../../ingest/pipeline.js';
import type { TableFormat } from '../../ingest/tables/rows.js';
import type { Store } from '../../store/store.js';
import { countLines } from '../inputs.js';
import { load, warn } from '../io.js';
import { choiceOption } from '../options.js';
import { progress } from '../progress.js';
import { dbOption, openRecord } from '../record.js';
import { batchFailed, FailureTally, summaryLine } from '../summary.js';

type ImportOptions = { format: TableFormat; db?: string; pending?: boolean };

export function addImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'Import coded events from ACLED CSV exports or UCDP GED CSV files: one claim per row, the dataset’s ' +
        'coding and id kept, its precision codes mapped to ACLED’s. Bad rows are reported by line and skipped.',
    )
    .argument('<files...>', 'CSV files')
    .addOption(
      choiceOption('--format <format>', 'which dataset the files are from', [
        'acled',
        'ucdp',
      ] as const).makeOptionMandatory(),
    )
    .option(...dbOption)
    .option(
      '--pending',
      'put the imported events in the review queue (by default they arrive accepted: their coder reviewed them)',
    )
    .action(async (files: string[], opts: ImportOptions) => {
      const res = load();
      const store = await openRecord(res, opts.db);
      const total: IngestSummary = { new: 0, duplicate: 0, failed: 0, unstored: 0, events: 0 };
      const failures = new FailureTally();
      try {
        const plover = ploverOf(res);
        for (const file of files) {
          const summary = await importFile(file, store, opts, plover, failures);
          for (const k of Object.keys(total) as Array<keyof IngestSummary>) total[k] += summary[k];
          process.stderr.write(summaryLine(`imported ${file}`, summary));
          // The rows' places also go to the local gazetteer layer, so reports naming them resolve there.
          const { addTablePlacesToLayer } = await import('../../geo/layer-import.js');
          process.stderr.write(await addTablePlacesToLayer(file, opts.format, res.gazetteer));
        }
      } finally {
        await store.close();
      }
      if (failures.total > 0) warn(`${failures}`);
      if (batchFailed(total.new + total.duplicate, total.failed) || total.unstored > 0) process.exitCode = 1;
    });
}

/** The plover code of the first extraction rule for a sub-event type: imports code alike. */
function ploverOf(res: Resources): (sub: string) => string {
  const bySub = new Map<string, string>();
  for (const r of res.rules) if (!bySub.has(r.sub_event_type)) bySub.set(r.sub_event_type, r.plover);
  return (sub) => bySub.get(sub) ?? '';
}

/** One file's rows into the store, with a progress bar and every bad row told. */
async function importFile(
  file: string,
  store: Store,
  opts: ImportOptions,
  plover: (sub: string) => string,
  failures: FailureTally,
): Promise<IngestSummary> {
  const { importAll } = await import('../../ingest/pipeline.js');
  const { readTable } = await import('../../ingest/tables/read-table.js');
  // Lines, not rows, are counted ahead (a note may run over several): the bar is a guide.
  const lines = await countLines(file).catch(() => 0);
  const bar = progress(`import ${file}`, { unit: 'lines', total: Math.max(0, lines - 1) });
  let rows = 0;
  let failed = 0;
  const tell = (line?: number) =>
    bar.update(Math.max(0, (line ?? rows + failed + 1) - 1), `${rows} rows stored, ${failed} failed`);
  const summary = await importAll(
    readTable(createReadStream(file), opts.format, file, { plover, pending: opts.pending }),
    store,
    {
      onError: (e) => {
        failed++;
        failures.add(e);
        warn(e);
        tell();
      },
      onDone: (o) => {
        rows++;
        tell(o.line);
      },
    },
  );
  bar.stop();
  return summary;
}
