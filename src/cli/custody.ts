// `observatory audit verify | log` (the chain of custody) and `observatory backup | restore`.
import { Option, type Command } from 'commander';
import Database from 'better-sqlite3';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { Resources } from '../extract/resources.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { resolveDb } from '../store/open.js';
import { openRecord, table } from './records.js';

export interface CustodyHelpers {
  load: () => Resources;
  out: (s: string) => void;
  warn: (e: Error | string) => void;
}

const dbOption = ['--db <path>', 'database (default: $OBSERVATORY_DB or ./observatory.db)'] as const;

export function addCustodyCommands(program: Command, h: CustodyHelpers): void {
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
      const store = await openRecord(h.load(), opts.db);
      try {
        const report = await store.verifyAudit();
        const problems = [...report.problems];
        if (opts.expectHead) {
          const m = /^(\d+):([0-9a-f]{64})$/.exec(opts.expectHead);
          if (!m) {
            h.warn('--expect-head takes the "seq:hash" an earlier verify printed');
            process.exitCode = 2;
            return;
          }
          const seq = Number(m[1]);
          const entry = (await store.auditLog(seq - 1, 1))[0];
          if (!entry)
            problems.push(`audit entry ${seq}, the head expected, is missing: the log was cut short`);
          else if (entry.hash !== m[2])
            problems.push(`audit entry ${seq} is not the entry the expected head names`);
        }
        for (const p of problems) h.out(`${p}\n`);
        const head = report.head ? `${report.head.seq}:${report.head.hash}` : 'none';
        h.out(
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
    .option('--after <seq>', 'entries after this sequence number', (v) => Number(v), 0)
    .option('--limit <n>', 'at most this many', (v) => Number(v), 100)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option(...dbOption)
    .action(async (opts: { after: number; limit: number; format: string; db?: string }) => {
      const store = await openRecord(h.load(), opts.db);
      try {
        const entries = await store.auditLog(opts.after, opts.limit);
        if (opts.format === 'json') h.out(`${JSON.stringify(entries, null, 2)}\n`);
        else
          h.out(
            table(
              ['seq', 'at', 'action', 'actor', 'subject', 'hash'],
              entries.map((e) => [e.seq, e.at, e.action, e.actor, e.subject, e.hash.slice(0, 16)]),
            ),
          );
      } finally {
        await store.close();
      }
    });

  program
    .command('backup')
    .description('Copy the database, consistent even while it is being written to, to a new file.')
    .argument('<file>', 'where the copy goes (must not exist)')
    .option(...dbOption)
    .action(async (file: string, opts: { db?: string }) => {
      if (existsSync(file)) {
        h.warn(`${file}: exists; a backup never overwrites`);
        process.exitCode = 2;
        return;
      }
      const store = await openRecord(h.load(), opts.db);
      try {
        if (!(store instanceof SqliteStore)) throw new Error('backup of this engine is not available');
        const partial = `${file}.partial-${process.pid}`;
        try {
          await store.backup(partial);
          await rename(partial, file);
        } catch (e) {
          await rm(partial, { force: true });
          throw e;
        }
        h.out(
          `backed up ${resolveDb(opts.db)} to ${file} (${((await stat(file)).size / 1048576).toFixed(1)} MB)\n`,
        );
      } finally {
        await store.close();
      }
    });

  program
    .command('restore')
    .description(
      'Put a backup in place of the database: the backup is checked first (SQLite integrity, then the chain of ' +
        'custody); the database it replaces is kept beside it as <db>.replaced-<time>.',
    )
    .argument('<file>', 'a file made by `observatory backup`')
    .option(...dbOption)
    .action(async (file: string, opts: { db?: string }) => {
      const target = resolveDb(opts.db);
      let integrity: string;
      try {
        const check = new Database(file, { readonly: true, fileMustExist: true });
        try {
          integrity = (check.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
        } finally {
          check.close();
        }
      } catch (e) {
        h.warn(`${file}: not a readable SQLite database (${(e as Error).message})`);
        process.exitCode = 1;
        return;
      }
      if (integrity !== 'ok') {
        h.warn(`${file}: fails SQLite's integrity check: ${integrity}`);
        process.exitCode = 1;
        return;
      }
      // Checked on a copy, so that the backup itself is never migrated or written to.
      const staged = `${target}.restoring-${process.pid}`;
      await copyFile(file, staged);
      try {
        const store = new SqliteStore(staged);
        await store.migrate();
        const report = await store.verifyAudit();
        await store.close();
        if (report.problems.length) {
          for (const p of report.problems) h.out(`${p}\n`);
          h.warn(`${file}: its chain of custody is broken; not restored`);
          process.exitCode = 1;
          await rm(staged, { force: true });
          return;
        }
        if (existsSync(target)) {
          const aside = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
          await rename(target, aside);
          for (const suffix of ['-wal', '-shm']) await rm(`${target}${suffix}`, { force: true });
          h.out(`the database it replaces is kept as ${aside}\n`);
        }
        await rename(staged, target);
        h.out(
          `restored ${file} to ${target}: ${report.documents} documents, ${report.entries} audit entries, intact\n`,
        );
      } finally {
        await rm(staged, { force: true });
        for (const suffix of ['-wal', '-shm']) await rm(`${staged}${suffix}`, { force: true });
      }
    });
}
