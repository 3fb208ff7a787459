// `observatory backup`: a consistent copy of the record (SQLite's online backup, or pg_dump of its
// schema), written beside the target and renamed into place, with the log's head to anchor a restore.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { engines, exec, hidePassword, isPostgres, lastEntry, pgError, pgTarget } from '../custody.js';
import { load, out, warn } from '../io.js';
import { dbOption, openRecord } from '../record.js';

export function addBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('Copy the database, consistent even while it is being written to, to a new file.')
    .argument('<file>', 'where the copy goes (must not exist)')
    .option(...dbOption)
    .action(async (file: string, opts: { db?: string }) => {
      if (existsSync(file)) {
        warn(`${file}: exists; a backup never overwrites`);
        process.exitCode = 2;
        return;
      }
      const { resolveDb } = await engines();
      const db = resolveDb(opts.db);
      if (isPostgres(db)) await backupPostgres(file, db, opts.db);
      else await backupSqlite(file, opts.db);
    });
}

async function backupPostgres(file: string, db: string, given: string | undefined): Promise<void> {
  const { url, schema } = await pgTarget(db);
  const partial = `${file}.partial-${process.pid}`;
  // The head before the dump: the dump holds at least that entry, so it anchors a restore.
  const anchor = await openRecord(load(), given);
  const head = await lastEntry(anchor);
  await anchor.close();
  try {
    await exec('pg_dump', ['--format=custom', '--no-owner', `--schema=${schema}`, `--file=${partial}`, url]);
    await rename(partial, file);
  } catch (e) {
    await rm(partial, { force: true });
    warn(`backup of ${hidePassword(db)} failed: ${pgError(e)}`);
    process.exitCode = 1;
    return;
  }
  out(
    `backed up schema ${schema} of ${hidePassword(url)} to ${file} (${((await stat(file)).size / 1048576).toFixed(1)} MB); head ${head}\n`,
  );
}

async function backupSqlite(file: string, given: string | undefined): Promise<void> {
  const { resolveDb, SqliteStore, Database } = await engines();
  const store = await openRecord(load(), given, { mustExist: true });
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
    const copy = new Database(file, { readonly: true });
    const last = copy.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    copy.close();
    const head = last ? `${last.seq}:${last.hash}` : 'none';
    out(
      `backed up ${resolveDb(given)} to ${file} (${((await stat(file)).size / 1048576).toFixed(1)} MB); head ${head}\n`,
    );
  } finally {
    await store.close();
  }
}
