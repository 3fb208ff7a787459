// `observatory geoparse`: the place names in documents and the places they resolve to; stateless,
// no database.
import type { Command } from 'commander';
import { geoparseLine } from '../../geo/geoparse-line.js';
import { eachDocument, finish, type DocOptions } from '../documents.js';
import { load, out } from '../io.js';
import { choiceOption } from '../options.js';

export function addGeoparseCommand(program: Command): void {
  program
    .command('geoparse')
    .description('Find and resolve place names in documents; stateless, no database.')
    .argument('[files...]', 'documents (.txt, .md, .html)')
    .option('--input <docs.jsonl>', 'JSON Lines of {"id","text",...}; - for stdin')
    .addOption(choiceOption('--format <format>', 'output format', ['jsonl'], 'jsonl'))
    .option('--explain', "each toponym's candidates with the resolver's scores")
    .action(async (files: string[], opts: DocOptions & { explain?: boolean }) => {
      const res = load();
      // Geoparsing needs no date: an unreadable one is reported and the document read all the same.
      const { ok, failures } = await eachDocument(
        files,
        opts,
        (doc, dated) => {
          const result = res.geoparser.parse(doc.text, { explain: opts.explain });
          const line = geoparseLine({ ...doc, dated }, result, (cc) => res.gazetteer.countryName(cc));
          out(`${JSON.stringify(line)}\n`);
        },
        'optional',
      );
      finish(ok, failures);
    });
}
