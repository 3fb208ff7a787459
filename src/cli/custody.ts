// `observatory audit verify | log` (the chain of custody) and `observatory backup | restore`.
import type { Command } from 'commander';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { Resources } from '../extract/resources.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openRecord, table } from './records.js';
import { choiceOption, numberOption } from './options.js';

const isPostgres = (db: string) => /^postgres(ql)?:\/\//.test(db);
/** The engines' modules, loaded when a command needs them rather than at every start. */
const engines = async () => ({
  ...(await import('../store/open.js')),
  SqliteStore: (await import('../store/sqlite/sqlite-store.js')).SqliteStore,
  Database: (await import('better-sqlite3')).default,
  pg: (await import('pg')).default,
});

const exec = promisify(execFile);
const hidePassword = (url: string) => url.replace(/:[^:@/]*@/, ':***@');

/** A PostgreSQL location as a server address and the schema the record is in (public by default). */
async function pgTarget(db: string): Promise<{ url: string; schema: string }> {
  const { url, schema } = (await engines()).pgLocation(db);
  return { url, schema: schema ?? 'public' };
}

const pgError = (e: unknown) =>
  ((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n').slice(-3).join(' ');

/**
 * Restores a pg_dump of one schema: the schema in use is renamed aside, the dump restored, and
 * its chain of custody checked; if the check fails the restored schema is dropped and the one in
 * use put back.
 */
async function restorePostgres(
  file: string,
  db: string,
  h: CustodyHelpers,
  expectHead: string | undefined,
): Promise<void> {
  const { url, schema } = await pgTarget(db);
  try {
    const { stdout } = await exec('pg_restore', ['--list', file]);
    if (!stdout.includes(` ${schema} `)) {
      h.warn(
        `${file}: holds no schema ${schema}; restore it with --db ...?schema=<the schema it was taken from>`,
      );
      process.exitCode = 1;
      return;
    }
  } catch (e) {
    h.warn(`${file}: not a backup pg_restore can read (${pgError(e)})`);
    process.exitCode = 1;
    return;
  }
  const { pg, openStore } = await engines();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const aside = `${schema}_replaced_${Date.now().toString(36)}`;
  try {
    const exists = (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount;
    if (exists) await client.query(`ALTER SCHEMA ${schema} RENAME TO ${aside}`);
    if (schema === 'public') await client.query('CREATE SCHEMA public');
    const putBack = async (why: string) => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      if (exists) await client.query(`ALTER SCHEMA ${aside} RENAME TO ${schema}`);
      h.warn(why);
      process.exitCode = 1;
    };
    try {
      await exec('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${url}`, file]);
    } catch (e) {
      await putBack(`${file}: restore failed (${pgError(e)}); the schema in use is back in place`);
      return;
    }
    const store = await openStore(`${url}${url.includes('?') ? '&' : '?'}schema=${schema}`);
    const report = await store.verifyAudit();
    const problems = [...report.problems, ...(await headProblems(store, expectHead))];
    await store.close();
    if (problems.length) {
      for (const p of problems) h.out(`${p}\n`);
      await putBack(`${file}: its chain of custody is broken; not restored`);
      return;
    }
    if (exists) h.out(`the schema it replaces is kept as ${aside}\n`);
    h.out(
      `restored ${file} to schema ${schema}: ${report.documents} documents, ${report.entries} audit entries, intact\n`,
    );
  } finally {
    await client.end();
  }
}

const HEAD_HELP = '--expect-head takes the "seq:hash" an earlier verify or backup printed';
const parseHead = (head: string) => {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(head);
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
};

/**
 * What an expected head, kept elsewhere, finds: entries cut off the end of the log, or a log
 * rewritten from some entry on (its chain is then consistent, but not the one published).
 */
async function headProblems(
  store: { auditLog: (after: number, limit: number) => Promise<Array<{ seq: number; hash: string }>> },
  expected: string | undefined,
): Promise<string[]> {
  const head = expected ? parseHead(expected) : null;
  if (!head) return [];
  const entry = (await store.auditLog(head.seq - 1, 1))[0];
  if (!entry) return [`audit entry ${head.seq}, the head expected, is missing: the log was cut short`];
  if (entry.hash !== head.hash) return [`audit entry ${head.seq} is not the entry the expected head names`];
  return [];
}

/** The log's last entry as `seq:hash` (what --expect-head takes), or "none". */
async function lastEntry(store: {
  auditLog: (after: number, limit: number) => Promise<Array<{ seq: number; hash: string }>>;
}): Promise<string> {
  let last: { seq: number; hash: string } | undefined;
  for (let after = 0; ;) {
    const page = await store.auditLog(after, 10_000);
    if (page.length === 0) break;
    last = page[page.length - 1]!;
    after = last.seq;
  }
  return last ? `${last.seq}:${last.hash}` : 'none';
}

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
      const store = await openRecord(h.load(), opts.db, { mustExist: true });
      try {
        if (opts.expectHead && !parseHead(opts.expectHead)) {
          h.warn(HEAD_HELP);
          process.exitCode = 2;
          return;
        }
        const report = await store.verifyAudit();
        const problems = [...report.problems, ...(await headProblems(store, opts.expectHead))];
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
      const store = await openRecord(h.load(), opts.db, { mustExist: true });
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
      const { resolveDb, SqliteStore } = await engines();
      const db = resolveDb(opts.db);
      if (isPostgres(db)) {
        const { url, schema } = await pgTarget(db);
        const partial = `${file}.partial-${process.pid}`;
        // The head before the dump: the dump holds at least that entry, so it anchors a restore.
        const anchor = await openRecord(h.load(), opts.db);
        const head = await lastEntry(anchor);
        await anchor.close();
        try {
          await exec('pg_dump', [
            '--format=custom',
            '--no-owner',
            `--schema=${schema}`,
            `--file=${partial}`,
            url,
          ]);
          await rename(partial, file);
        } catch (e) {
          await rm(partial, { force: true });
          h.warn(`backup of ${hidePassword(db)} failed: ${pgError(e)}`);
          process.exitCode = 1;
          return;
        }
        h.out(
          `backed up schema ${schema} of ${hidePassword(url)} to ${file} (${((await stat(file)).size / 1048576).toFixed(1)} MB); head ${head}\n`,
        );
        return;
      }
      const store = await openRecord(h.load(), opts.db, { mustExist: true });
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
        const { Database } = await engines();
        const copy = new Database(file, { readonly: true });
        const last = copy.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
          { seq: number; hash: string } | undefined;
        copy.close();
        const head = last ? `${last.seq}:${last.hash}` : 'none';
        h.out(
          `backed up ${resolveDb(opts.db)} to ${file} (${((await stat(file)).size / 1048576).toFixed(1)} MB); head ${head}\n`,
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
    .option(
      '--expect-head <seq:hash>',
      'the head `backup` (or a verify) printed, kept elsewhere: a backup whose log was cut short or rewritten is refused',
    )
    .option(...dbOption)
    .action(async (file: string, opts: { db?: string; expectHead?: string }) => {
      const { resolveDb, SqliteStore, Database } = await engines();
      const target = resolveDb(opts.db);
      if (opts.expectHead && !parseHead(opts.expectHead)) {
        h.warn(HEAD_HELP);
        process.exitCode = 2;
        return;
      }
      if (isPostgres(target)) {
        await restorePostgres(file, target, h, opts.expectHead);
        return;
      }
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
        const problems = [...report.problems, ...(await headProblems(store, opts.expectHead))];
        await store.close();
        if (problems.length) {
          for (const p of problems) h.out(`${p}\n`);
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
