// `observatory gazetteer import`: places added to the gazetteer from GeoNames dumps, or to the
// local layer from coded event tables (UCDP GED, ACLED).
import type { Command } from 'commander';
import { defaultGazetteerPath } from '../../geo/gazetteer.js';
import { countLines } from '../inputs.js';
import { warn } from '../io.js';
import { choiceOption } from '../options.js';
import { progress, type Progress } from '../progress.js';

type ImportOptions = { format: 'geonames' | 'ucdp' | 'acled'; gazetteer?: string; layer?: string };

export function addGazetteerCommand(program: Command): void {
  const gazetteerCommand = program
    .command('gazetteer')
    .description('Manage the gazetteer places are resolved against.');
  gazetteerCommand
    .command('import')
    .description(
      'Add places to the gazetteer in one transaction, bad rows reported by file:line. --format geonames (the default): GeoNames dumps (SY.txt, allCountries.txt, cities*.txt, admin1CodesASCII.txt, admin2Codes.txt, alternateNamesV2.txt) into the gazetteer file; --format ucdp|acled: the places of coded event tables into the local layer ($OBSERVATORY_LOCAL_GAZETTEER or ./observatory-places.sqlite), counted once per row however often imported.',
    )
    .argument('<files...>', 'GeoNames dump files (unzipped), or UCDP GED / ACLED CSV files')
    .addOption(
      choiceOption('--format <format>', 'what the files are', ['geonames', 'ucdp', 'acled'], 'geonames'),
    )
    .option(
      '--gazetteer <path>',
      'gazetteer file to import GeoNames dumps into (default: $OBSERVATORY_GAZETTEER or the built one)',
    )
    .option(
      '--layer <path>',
      'local layer to add table places to (default: $OBSERVATORY_LOCAL_GAZETTEER or ./observatory-places.sqlite)',
    )
    .action(async (files: string[], opts: ImportOptions) => {
      try {
        if (opts.format !== 'geonames') await importPlacesOfTables(files, opts.format, opts.layer);
        else await importGeonamesDumps(files, opts.gazetteer ?? defaultGazetteerPath());
      } catch (e) {
        warn(e as Error);
        process.exitCode = 1;
      }
    });
}

/** GeoNames dumps into the gazetteer file, each file's rows and bad rows told. */
async function importGeonamesDumps(files: string[], target: string): Promise<void> {
  const { importGeonames } = await import('../../geo/import.js');
  let bar: Progress | undefined;
  const reports = importGeonames(target, files, (done, total) => {
    bar ??= progress('gazetteer import', { unit: 'lines', total });
    bar.update(done);
  });
  bar?.stop();
  for (const r of reports) {
    for (const e of r.errors.slice(0, 20)) warn(e);
    if (r.errors.length > 20) warn(`${r.file}: ${r.errors.length - 20} more bad rows not shown`);
    process.stderr.write(`${r.file}: ${r.kind}, ${r.rows} rows imported, ${r.errors.length} rows skipped\n`);
  }
}

/** The places of UCDP or ACLED tables into the local layer; exit 1 when a file added nothing readable. */
async function importPlacesOfTables(
  files: string[],
  format: 'ucdp' | 'acled',
  layer?: string,
): Promise<void> {
  const { importTablePlaces } = await import('../../geo/layer-import.js');
  const { Gazetteer } = await import('../../geo/gazetteer.js');
  const gazetteer = Gazetteer.open(defaultGazetteerPath(), { layer: false });
  try {
    for (const file of files) {
      const lines = await countLines(file).catch(() => 0);
      const bar = progress(`gazetteer import ${file}`, { unit: 'lines', total: Math.max(0, lines - 1) });
      const r = await importTablePlaces(
        file,
        format,
        (c) => gazetteer.countryCodeOf(c),
        layer,
        (line) => bar.update(line - 1),
      );
      bar.stop();
      for (const e of r.errors.slice(0, 20)) warn(e);
      if (r.errors.length > 20) warn(`${file}: ${r.errors.length - 20} more bad rows not shown`);
      process.stderr.write(
        `${file}: ${r.rows} rows read, ${r.added} places added, ${r.seen} seen again, ${r.duplicate} already imported, ${r.regional} regional or unplaced, ${r.errors.length} bad rows\n`,
      );
      if (r.rows === 0) process.exitCode = 1;
    }
  } finally {
    gazetteer.close();
  }
}
