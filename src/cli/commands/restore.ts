// `observatory restore`: a backup put in place of the record, checked first (SQLite's integrity,
// then the chain of custody, on a copy); what it replaces is kept aside.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import {
  engines,
  exec,
  headProblems,
  HEAD_HELP,
  isPostgres,
  parseHead,
  pgError,
  pgTarget,
} from '../custody.js';
import { out, warn } from '../io.js';
import { dbOption } from '../record.js';

export function addRestoreCommand(program: Command): void {
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
      const { resolveDb } = await engines();
      const target = resolveDb(opts.db);
      if (opts.expectHead && !parseHead(opts.expectHead)) {
        warn(HEAD_HELP);
        process.exitCode = 2;
        return;
      }
      if (isPostgres(target)) await restorePostgres(file, target, opts.expectHead);
      else if (await sqliteIntact(file)) await restoreSqlite(file, target, opts.expectHead);
    });
}

/** Whether a file is an SQLite database that passes its integrity check; if not, said, and exit 1. */
async function sqliteIntact(file: string): Promise<boolean> {
  const { Database } = await engines();
  let integrity: string;
  try {
    const check = new Database(file, { readonly: true, fileMustExist: true });
    try {
      integrity = (check.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
    } finally {
      check.close();
    }
  } catch (e) {
    warn(`${file}: not a readable SQLite database (${(e as Error).message})`);
    process.exitCode = 1;
    return false;
  }
  if (integrity !== 'ok') {
    warn(`${file}: fails SQLite's integrity check: ${integrity}`);
    process.exitCode = 1;
    return false;
  }
  return true;
}

/** Checked on a copy, so that the backup itself is never migrated or written to; then renamed in. */
async function restoreSqlite(file: string, target: string, expectHead: string | undefined): Promise<void> {
  const { SqliteStore } = await engines();
  const staged = `${target}.restoring-${process.pid}`;
  await copyFile(file, staged);
  try {
    const store = new SqliteStore(staged);
    await store.migrate();
    const report = await store.verifyAudit();
    const problems = [...report.problems, ...(await headProblems(store, expectHead))];
    await store.close();
    if (problems.length) {
      for (const p of problems) out(`${p}\n`);
      warn(`${file}: its chain of custody is broken; not restored`);
      process.exitCode = 1;
      await rm(staged, { force: true });
      return;
    }
    if (existsSync(target)) {
      const aside = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(target, aside);
      for (const suffix of ['-wal', '-shm']) await rm(`${target}${suffix}`, { force: true });
      out(`the database it replaces is kept as ${aside}\n`);
    }
    await rename(staged, target);
    out(
      `restored ${file} to ${target}: ${report.documents} documents, ${report.entries} audit entries, intact\n`,
    );
  } finally {
    await rm(staged, { force: true });
    for (const suffix of ['-wal', '-shm']) await rm(`${staged}${suffix}`, { force: true });
  }
}

/** Whether a pg_dump holds the schema to restore into; if not, said, and exit 1. */
async function dumpHoldsSchema(file: string, schema: string): Promise<boolean> {
  try {
    const { stdout } = await exec('pg_restore', ['--list', file]);
    if (stdout.includes(` ${schema} `)) return true;
    warn(
      `${file}: holds no schema ${schema}; restore it with --db ...?schema=<the schema it was taken from>`,
    );
  } catch (e) {
    warn(`${file}: not a backup pg_restore can read (${pgError(e)})`);
  }
  process.exitCode = 1;
  return false;
}

/**
 * Restores a pg_dump of one schema: the schema in use is renamed aside, the dump restored, and
 * its chain of custody checked; if the check fails the restored schema is dropped and the one in
 * use put back.
 */
async function restorePostgres(file: string, db: string, expectHead: string | undefined): Promise<void> {
  const { url, schema } = await pgTarget(db);
  if (!(await dumpHoldsSchema(file, schema))) return;
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
      warn(why);
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
      for (const p of problems) out(`${p}\n`);
      await putBack(`${file}: its chain of custody is broken; not restored`);
      return;
    }
    if (exists) out(`the schema it replaces is kept as ${aside}\n`);
    out(
      `restored ${file} to schema ${schema}: ${report.documents} documents, ${report.entries} audit entries, intact\n`,
    );
  } finally {
    await client.end();
  }
}
