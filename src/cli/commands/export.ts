// `observatory export`: the stored events as ACLED CSV, GeoJSON or HXL CSV, streamed in constant
// memory, to stdout or to a file written whole and then renamed into place.
import type { Command } from 'commander';
import type { EventFilter, ExportRow, Store } from '../../store/store.js';
import { addFilterOptions, filterOf, type FilterOptions } from '../filters.js';
import { choiceOption, dateOption } from '../options.js';
import { progress } from '../progress.js';
import { dbOption, withStore } from '../record.js';

type Format = 'acled' | 'geojson' | 'hxl';
type ExportOptions = FilterOptions & { db?: string; raw?: boolean; format: Format; output?: string };

export function addExportCommand(program: Command): void {
  addFilterOptions(
    program
      .command('export')
      .description(
        'Write the stored events as ACLED CSV, GeoJSON or HXL CSV, in constant memory (rejected events only with --review).',
      )
      .option(...dbOption)
      .addOption(choiceOption('--format <format>', 'output format', ['acled', 'geojson', 'hxl'], 'acled'))
      .option('--output <file>', 'write here (written whole, then renamed into place) instead of stdout')
      .option(
        '--raw',
        "CSV cells exactly as stored: without it a cell starting with = + - @, a tab or CR gets a leading ' so that no spreadsheet runs it",
      ),
    dateOption,
  ).action(async (o: ExportOptions) => {
    const { exportChunks } = await import('../../server/export.js');
    await withStore(o.db, async (s, res) => {
      const filter = filterOf(o, res.gazetteer);
      if (!o.output) {
        for await (const c of exportChunks(s.exportRows(filter), o.format, { raw: o.raw }))
          if (!process.stdout.write(c)) await new Promise((r) => process.stdout.once('drain', r));
        return;
      }
      await exportToFile(s, filter, o, o.output);
    });
  });
}

/** The export to a file: the rows written told as they go, against the count when it is exact. */
async function exportToFile(s: Store, filter: EventFilter, o: ExportOptions, output: string) {
  const { exportChunks } = await import('../../server/export.js');
  const page = await s.listEvents({ ...filter, limit: 1 });
  const bar = progress(`export ${output}`, {
    unit: 'events',
    total: page.totalExact ? page.total : undefined,
  });
  let written = 0;
  const counted = async function* (batches: AsyncIterable<ExportRow[]>) {
    for await (const rows of batches) {
      yield rows;
      written += rows.length;
      bar.update(written);
    }
  };
  const chunks = exportChunks(counted(s.exportRows(filter)), o.format, { raw: o.raw });
  // An interrupted export leaves no half-written file: write beside it, then rename.
  const { createWriteStream, renameSync, rmSync } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  const { Readable } = await import('node:stream');
  const partial = `${output}.partial-${process.pid}`;
  try {
    await pipeline(Readable.from(chunks), createWriteStream(partial));
    renameSync(partial, output);
    bar.stop();
    process.stderr.write(`exported ${written} events to ${output}\n`);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}
