// `observatory worker` (takes queued documents and ingests them; run as many as you like, on as
// many machines) and queueing documents with `observatory ingest --queue`.
import type { Command } from 'commander';
import type { Resources } from '../../extract/resources.js';
import type { Coder } from '../../ingest/coder.js';
import type { WorkQueue } from '../../ingest/queue.js';
import { InputError, type RawInput } from '../../ingest/read.js';
import type { Store } from '../../store/store.js';
import { load, warn } from '../io.js';
import { countOption } from '../options.js';
import { openRecord } from '../record.js';

/** The queue for a database: pg-boss beside a PostgreSQL record, in process for SQLite. */
export async function queueFor(db: string, jobTimeoutSeconds?: number): Promise<WorkQueue> {
  const { isPostgres, pgLocation } = await import('../../store/open.js');
  const { LocalQueue, PgQueue } = await import('../../ingest/queue.js');
  if (!isPostgres(db)) return new LocalQueue();
  const { url, schema } = pgLocation(db);
  return new PgQueue(url, { schema, jobTimeoutSeconds });
}

/**
 * What a worker does with a job: ingest it. A document that can never be stored (not UTF-8, too
 * large) is reported and dropped; anything else (the database away) is thrown, so the job is tried
 * again later.
 */
export function ingestJob(store: Store, coder: Coder | Resources, warn: (e: Error) => void) {
  return async (input: RawInput): Promise<void> => {
    const { ingestOne } = await import('../../ingest/pipeline.js');
    try {
      const { outcome } = await ingestOne(input, store, coder, { onWarning: warn });
      process.stderr.write(`${input.id}: ${outcome.status}, ${outcome.events} events\n`);
    } catch (e) {
      if (e instanceof InputError) {
        warn(e);
        return;
      }
      throw e;
    }
  };
}

export function addWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Take documents queued with `ingest --queue` and ingest them, until stopped (SIGTERM finishes the jobs in hand). ' +
        'Needs a PostgreSQL database; run any number of workers on any number of machines.',
    )
    .option('--concurrency <n>', 'jobs worked on at once in this process', countOption, 1)
    .option('--db <url>', 'database (default: $OBSERVATORY_DB)')
    .action(async (opts: { concurrency: number; db?: string }) => {
      const { isPostgres, resolveDb } = await import('../../store/open.js');
      const db = resolveDb(opts.db);
      if (!isPostgres(db)) {
        warn('a worker takes jobs from a PostgreSQL database; with SQLite, `ingest` works in process');
        process.exitCode = 2;
        return;
      }
      if (!(opts.concurrency >= 1)) {
        warn('--concurrency must be 1 or more');
        process.exitCode = 2;
        return;
      }
      const res = load();
      const store = await openRecord(res, db);
      const queue = await queueFor(db);
      // Documents are coded in threads, within a time budget each: the job's lease is renewed and
      // a stop is heard whatever a document holds.
      const { CoderPool } = await import('../../ingest/coder.js');
      const coder = new CoderPool({ size: opts.concurrency, eager: true });
      await queue.work(ingestJob(store, coder, warn), opts.concurrency);
      process.stderr.write(`observatory worker: taking jobs (${opts.concurrency} at a time)\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      // Documents still being coded are given up (their jobs are taken again later).
      await coder.close();
      await queue.stop();
      await store.close();
      process.stderr.write('observatory worker: stopped\n');
    });
}
