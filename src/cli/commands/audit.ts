// `observatory audit verify | log`: the chain of custody, an append-only log of every change,
// checked against the documents, reviews and grades it recorded.
import type { Command } from 'commander';
import { headProblems, HEAD_HELP, parseHead } from '../custody.js';
import { load, out, warn } from '../io.js';
import { choiceOption, numberOption } from '../options.js';
import { dbOption, openRecord } from '../record.js';
import { table } from '../table.js';

export function addAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description(
      'The chain of custody: an append-only log of every change, each entry chained to the last by hash.',
    );

  audit
    .command('verify')
    .description(
      'Check the log’s hashes and numbering, every document’s original bytes against their SHA-256 and the entry ' +
        'that recorded them, and reviews and source grades against theirs. Exits 1 if anything was altered or removed.',
    )
    .option(
      '--expect-head <seq:hash>',
      'the head printed by an earlier verify, kept elsewhere: entries cut off the end are found too',
    )
    .option(...dbOption)
    .action(async (opts: { expectHead?: string; db?: string }) => {
      const store = await openRecord(load(), opts.db, { mustExist: true });
      try {
        if (opts.expectHead && !parseHead(opts.expectHead)) {
          warn(HEAD_HELP);
          process.exitCode = 2;
          return;
        }
        const report = await store.verifyAudit();
        const problems = [...report.problems, ...(await headProblems(store, opts.expectHead))];
        for (const p of problems) out(`${p}\n`);
        const head = report.head ? `${report.head.seq}:${report.head.hash}` : 'none';
        out(
          `${problems.length ? 'ALTERED' : 'intact'}: ${report.entries} audit entries, ${report.documents} documents; head ${head}\n`,
        );
        if (problems.length) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  audit
    .command('log')
    .description('List audit entries, oldest first.')
    .option(
      '--after <seq>',
      'entries after this sequence number',
      numberOption(0, 2 ** 53 - 1, 'a whole number'),
      0,
    )
    .option('--limit <n>', 'at most this many', numberOption(1, 1_000_000, 'a whole number'), 100)
    .addOption(choiceOption('--format <format>', 'output format', ['table', 'json'], 'table'))
    .option(...dbOption)
    .action(async (opts: { after: number; limit: number; format: string; db?: string }) => {
      const store = await openRecord(load(), opts.db, { mustExist: true });
      try {
        const entries = await store.auditLog(opts.after, opts.limit);
        if (opts.format === 'json') out(`${JSON.stringify(entries, null, 2)}\n`);
        else
          out(
            table(
              ['seq', 'at', 'action', 'actor', 'subject', 'hash'],
              entries.map((e) => [e.seq, e.at, e.action, e.actor, e.subject, e.hash.slice(0, 16)]),
            ),
          );
      } finally {
        await store.close();
      }
    });
}
