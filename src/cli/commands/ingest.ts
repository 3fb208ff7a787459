// `observatory ingest`: documents stored with their extracted events, here, or queued for
// `observatory worker` processes beside a PostgreSQL record.
import type { Command } from 'commander';
import type { DocOptions } from '../documents.js';
import { countInputs, gatherInputs } from '../inputs.js';
import { load, warn } from '../io.js';
import { dateOption, secondsOption } from '../options.js';
import { progress } from '../progress.js';
import { openRecord } from '../record.js';
import { batchFailed, FailureTally } from '../summary.js';

type IngestOptions = DocOptions & { db?: string; queue?: boolean; jobTimeout: number };

export function addIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('Store documents with their extracted events in the database.')
    .argument('[paths...]', 'files or directories of documents (.txt, .md, .html, .jsonl)')
    .option('--input <docs.jsonl>', 'JSON Lines of documents; - for stdin')
    .option('--published <date>', 'publication date for documents that lack one', dateOption)
    .option('--source <name>', 'publisher for documents that lack one')
    .option('--db <path>', 'database (default: $OBSERVATORY_DB or ./observatory.db)')
    .option(
      '--queue',
      'queue the documents for `observatory worker` processes (PostgreSQL) instead of ingesting here',
    )
    .option(
      '--job-timeout <seconds>',
      'with --queue: how long a worker may hold a job before another takes it',
      secondsOption,
      300,
    )
    .action(async (paths: string[], opts: IngestOptions) => {
      const { isPostgres, resolveDb } = await import('../../store/open.js');
      if (opts.queue && isPostgres(resolveDb(opts.db))) {
        await queueInputs(paths, opts);
        return;
      }
      // On SQLite the queue runs in process: queueing is ingesting.
      const summary = await runIngest(paths, opts);
      // Bad documents fail the command by the batch rule; a readable document that could not be
      // stored is lost work, and always does.
      if (batchFailed(summary.new + summary.duplicate, summary.failed) || summary.unstored > 0)
        process.exitCode = 1;
    });
}

/** `ingest --queue` on PostgreSQL: the documents go to the job queue; exit 1 when none did. */
async function queueInputs(paths: string[], opts: IngestOptions): Promise<void> {
  const { resolveDb } = await import('../../store/open.js');
  const { queueFor } = await import('./worker.js');
  const queue = await queueFor(resolveDb(opts.db), opts.jobTimeout);
  let queued = 0;
  let failed = 0;
  try {
    for await (const item of gatherInputs(paths, opts.input)) {
      if (item instanceof Error) {
        failed++;
        warn(item);
      } else {
        // What the command line says of documents that do not say it themselves goes with them.
        await queue.enqueue({
          ...item,
          published: item.published ?? opts.published,
          source: item.source ?? opts.source,
        });
        queued++;
      }
    }
    process.stderr.write(`queued: ${queued} documents, ${failed} failed; ${await queue.pending()} waiting\n`);
  } finally {
    await queue.stop();
  }
  if (queued === 0) process.exitCode = 1;
}

/** Ingests the documents given, telling progress and, at the end, what failed by cause. */
export async function runIngest(paths: string[], opts: DocOptions & { db?: string }) {
  // Each document is read and coded in a thread, within a time budget (OBSERVATORY_CODE_BUDGET);
  // the thread loads its resources while this one opens the record.
  const { CoderPool } = await import('../../ingest/coder.js');
  const coder = new CoderPool({ size: 1, eager: true });
  const res = load();
  const { ingestAll } = await import('../../ingest/pipeline.js');
  const store = await openRecord(res, opts.db).catch(async (e: unknown) => {
    await coder.close();
    throw e;
  });
  const counts = { new: 0, duplicate: 0, failed: 0 };
  const failures = new FailureTally();
  const bar = progress('ingest', { unit: 'documents', total: await countInputs(paths, opts.input) });
  const tell = () =>
    bar.update(
      counts.new + counts.duplicate + counts.failed,
      `${counts.new} new, ${counts.duplicate} duplicate, ${counts.failed} failed`,
    );
  try {
    const summary = await ingestAll(gatherInputs(paths, opts.input), store, coder, {
      published: opts.published,
      source: opts.source,
      onWarning: (e) => warn(e),
      onError: (e) => {
        counts.failed++;
        failures.add(e);
        warn(e);
        tell();
      },
      onDone: (o) => {
        counts[o.status]++;
        tell();
      },
    });
    bar.stop();
    process.stderr.write(
      `ingested: ${summary.new} new, ${summary.duplicate} duplicate, ${summary.failed} failed documents; ${summary.events} events\n`,
    );
    if (failures.total > 0) warn(`${failures}`);
    if (summary.unstored > 0)
      warn(
        `${summary.unstored} readable documents could not be stored (see above); run the same command again to store them`,
      );
    if (summary.new + summary.duplicate + summary.failed === 0) warn('no documents given');
    return summary;
  } finally {
    bar.stop();
    await coder.close();
    await store.close();
  }
}
