// `observatory extract`: documents in, their events out as JSON Lines, ACLED CSV or GeoJSON;
// stateless, no database.
import type { Command } from 'commander';
import { extract } from '../../extract/extract.js';
import type { Resources } from '../../extract/resources.js';
import { acledHeader, acledRows } from '../../formats/acled-csv.js';
import {
  COLLECTION_CLOSE,
  COLLECTION_OPEN,
  extractedEventFeature,
  featureSeparator,
} from '../../formats/geojson.js';
import { jsonlLine } from '../../formats/jsonl.js';
import { InputError } from '../../ingest/read.js';
import type { Document } from '../../model/index.js';
import { latestStatedDate } from '../../nlp/dates.js';
import { eachDocument, finish, type DocOptions } from '../documents.js';
import { load, out, warn } from '../io.js';
import { choiceOption, dateOption } from '../options.js';

type Format = 'jsonl' | 'acled' | 'geojson';

export function addExtractCommand(program: Command): void {
  program
    .command('extract')
    .description('Extract events from documents and print them; stateless, no database.')
    .argument('[files...]', 'documents (.txt, .md, .html); each file is one document, its path is doc_id')
    .option(
      '--input <docs.jsonl>',
      'JSON Lines of {"id","text","published","source","url"?,"title"?}; - for stdin',
    )
    .option('--published <date>', 'publication date (YYYY-MM-DD) for documents that lack one', dateOption)
    .option('--source <name>', 'publisher for documents that lack one')
    .addOption(choiceOption('--format <format>', 'output format', ['jsonl', 'acled', 'geojson'], 'jsonl'))
    .addHelpText(
      'after',
      '\nExample:\n  observatory extract report.txt --published 2017-09-13 --source Newsweek --format jsonl',
    )
    .action(async (files: string[], opts: DocOptions & { format: Format }) => {
      const res = load();
      if (opts.format === 'acled') out(acledHeader());
      if (opts.format === 'geojson') out(COLLECTION_OPEN);
      const write = writer(opts.format);
      const { ok, failures } = await eachDocument(
        files,
        opts,
        (doc, dated) => write(doc.id, extractOne(doc, dated, res)),
        'optional',
      );
      if (opts.format === 'geojson') out(COLLECTION_CLOSE);
      finish(ok, failures);
    });
}

/** One document's extraction, dated by the text itself when the document carries no date. */
function extractOne(
  { id, text, published: given, publisher: source }: Document,
  dated: boolean,
  res: Resources,
): ReturnType<typeof extract> {
  // Undated: the events are dated by the text's own dates, read against the latest day it states.
  const published = dated ? given : latestStatedDate(text);
  if (published === undefined)
    throw new InputError(
      id,
      'no publication date, and the text states no full date (day, month and year) to date its events by: pass --published or a "published" field',
    );
  if (!dated)
    warn(
      `${id}: no publication date; events are dated by the text's own dates, read against ${published}, the latest day it states`,
    );
  let result;
  try {
    result = extract({ id, text, published, source }, res);
  } catch (e) {
    throw new InputError(id, `extraction failed: ${(e as Error).message}`);
  }
  for (const w of result.warnings) warn(`${id}: ${w}`);
  return result;
}

/** Writes each document's events in the chosen format (GeoJSON's Features comma-separated across documents). */
function writer(format: Format): (id: string, result: ReturnType<typeof extract>) => void {
  let first = true;
  return (id, { events, language }) => {
    if (format === 'jsonl') out(`${jsonlLine(id, events, language)}\n`);
    else if (format === 'acled') out(acledRows(id, events));
    else
      for (const e of events) {
        out(`${featureSeparator(first)}${JSON.stringify(extractedEventFeature(id, e))}`);
        first = false;
      }
  };
}
