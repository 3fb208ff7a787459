// `observatory import` (ACLED and UCDP GED CSV files as event sources) and `observatory watch`
// (RSS and Atom feeds polled with conditional GET, new items ingested).
import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Resources } from '../extract/resources.js';
import type { FeedState } from '../ingest/feeds.js';
import type { IngestSummary } from '../ingest/pipeline.js';
import type { TableFormat } from '../ingest/tables.js';
import { InputError } from '../ingest/read.js';
import { openRecord } from './records.js';
import { choiceOption, secondsOption } from './options.js';
import { countLines } from './inputs.js';
import { progress } from './progress.js';
import { batchFailed, FailureTally } from './summary.js';

export interface SourceHelpers {
  load: () => Resources;
  warn: (e: Error | string) => void;
}

const dbOption = ['--db <path>', 'database (default: $OBSERVATORY_DB or ./observatory.db)'] as const;

const said = (what: string, s: IngestSummary) =>
  `${what}: ${s.new} new, ${s.duplicate} duplicate, ${s.failed} failed; ${s.events} events\n`;

/** The plover code of the first extraction rule for a sub-event type: imports code alike. */
function ploverOf(res: Resources): (sub: string) => string {
  const bySub = new Map<string, string>();
  for (const r of res.rules) if (!bySub.has(r.sub_event_type)) bySub.set(r.sub_event_type, r.plover);
  return (sub) => bySub.get(sub) ?? '';
}

/** The state file of the feeds watched for a database: validators and when each was last read. */
export const feedStatePath = (db: string) => `${db}.feeds.json`;

async function readState(path: string): Promise<Record<string, FeedState>> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, FeedState>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError(
      path,
      `the feed state is unreadable (${(e as Error).message}); move it aside to start afresh`,
    );
  }
}

/** Written whole, then renamed: an interrupted write never leaves half a state file. */
async function writeState(path: string, state: Record<string, FeedState>): Promise<void> {
  const partial = `${path}.partial-${process.pid}`;
  await writeFile(partial, `${JSON.stringify(state, null, 2)}\n`);
  await rename(partial, path);
}

export function addSourceCommands(program: Command, h: SourceHelpers): void {
  program
    .command('import')
    .description(
      'Import coded events from ACLED CSV exports or UCDP GED CSV files: one claim per row, the dataset’s ' +
        'coding and id kept, its precision codes mapped to ACLED’s. Bad rows are reported by line and skipped.',
    )
    .argument('<files...>', 'CSV files')
    .addOption(
      choiceOption('--format <format>', 'which dataset the files are from', [
        'acled',
        'ucdp',
      ] as const).makeOptionMandatory(),
    )
    .option(...dbOption)
    .option(
      '--pending',
      'put the imported events in the review queue (by default they arrive accepted: their coder reviewed them)',
    )
    .action(async (files: string[], opts: { format: TableFormat; db?: string; pending?: boolean }) => {
      const { importAll } = await import('../ingest/pipeline.js');
      const { readTable } = await import('../ingest/tables.js');
      const res = h.load();
      const store = await openRecord(res, opts.db);
      const total: IngestSummary = { new: 0, duplicate: 0, failed: 0, unstored: 0, events: 0 };
      const failures = new FailureTally();
      try {
        const plover = ploverOf(res);
        for (const file of files) {
          // Lines, not rows, are counted ahead (a note may run over several): the bar is a guide.
          const lines = await countLines(file).catch(() => 0);
          const bar = progress(`import ${file}`, { unit: 'lines', total: Math.max(0, lines - 1) });
          let rows = 0;
          let failed = 0;
          const tell = (line?: number) =>
            bar.update(Math.max(0, (line ?? rows + failed + 1) - 1), `${rows} rows stored, ${failed} failed`);
          const summary = await importAll(
            readTable(createReadStream(file), opts.format, file, { plover, pending: opts.pending }),
            store,
            {
              onError: (e) => {
                failed++;
                failures.add(e);
                h.warn(e);
                tell();
              },
              onDone: (o) => {
                rows++;
                tell(o.line);
              },
            },
          );
          bar.stop();
          for (const k of Object.keys(total) as Array<keyof IngestSummary>) total[k] += summary[k];
          process.stderr.write(said(`imported ${file}`, summary));
          // The rows' places also go to the local gazetteer layer, so reports naming them resolve there.
          const { addTablePlacesToLayer } = await import('../geo/layer-import.js');
          process.stderr.write(await addTablePlacesToLayer(file, opts.format, res.gazetteer));
        }
      } finally {
        await store.close();
      }
      if (failures.total > 0) h.warn(`${failures}`);
      if (batchFailed(total.new + total.duplicate, total.failed) || total.unstored > 0) process.exitCode = 1;
    });

  program
    .command('watch')
    .description(
      'Poll RSS or Atom feeds and ingest their new items. Each request sends the last ETag and ' +
        'Last-Modified, so an unchanged feed costs a 304; a feed that does not answer in time is skipped until the next round.',
    )
    .argument('<urls...>', 'feed addresses (http or https)')
    .option('--interval <seconds>', 'seconds between rounds', secondsOption, 300)
    .option('--timeout <seconds>', 'seconds to wait for a feed', secondsOption, 30)
    .option('--once', 'one round, then exit (for cron)')
    .option(
      '--allow-hosts <hosts>',
      'hosts feeds (and their redirects) may be fetched from besides public addresses, comma-separated (also $OBSERVATORY_ALLOW_HOSTS)',
    )
    .option('--source <name>', 'publisher for the items (default: the feed’s title)')
    .option('--state <path>', 'where validators are kept (default: <db>.feeds.json)')
    .option(...dbOption)
    .action(
      async (
        urls: string[],
        opts: {
          interval: number;
          timeout: number;
          once?: boolean;
          source?: string;
          state?: string;
          db?: string;
          allowHosts?: string;
        },
      ) => {
        const { feedItems, fetchFeed } = await import('../ingest/feeds.js');
        const { outboundPolicy } = await import('../ingest/outbound.js');
        const policy = outboundPolicy(opts.allowHosts?.split(','));
        const { ingestAll } = await import('../ingest/pipeline.js');
        const { resolveDb } = await import('../store/open.js');
        for (const u of urls) {
          let ok: boolean;
          try {
            ok = ['http:', 'https:'].includes(new URL(u).protocol);
          } catch {
            ok = false;
          }
          if (!ok) {
            h.warn(new InputError(u, 'not an http(s) address'));
            process.exitCode = 2;
            return;
          }
        }
        if (!(opts.interval > 0) || !(opts.timeout > 0)) {
          h.warn('--interval and --timeout must be positive numbers of seconds');
          process.exitCode = 2;
          return;
        }
        const res = h.load();
        const store = await openRecord(res, opts.db);
        const { CoderPool } = await import('../ingest/coder.js');
        const coder = new CoderPool({ size: 1, eager: true });
        const statePath = opts.state ?? feedStatePath(resolveDb(opts.db));
        let stopping = false;
        let wake: (() => void) | undefined;
        const stop = () => {
          stopping = true;
          wake?.();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        let failedRound = false;
        try {
          const state = await readState(statePath);
          while (!stopping) {
            failedRound = false;
            for (const url of urls) {
              const fetchedOn = new Date().toISOString().slice(0, 10);
              try {
                const got = await fetchFeed(url, state[url] ?? {}, opts.timeout * 1000, policy);
                if (got.status === 'not_modified') {
                  state[url] = got.state;
                  process.stderr.write(`${url}: not modified\n`);
                  continue;
                }
                const { items } = feedItems(got.body, url, { fetchedOn, source: opts.source });
                const summary = await ingestAll(items, store, coder, {
                  onError: (e) => h.warn(e),
                  onWarning: (e) => h.warn(e),
                });
                process.stderr.write(said(url, summary));
                // An item that could not be stored is fetched again next round (the feed's
                // validators are kept as they were); what was stored is known by its hash.
                if (summary.unstored > 0) failedRound = true;
                else state[url] = got.state;
              } catch (e) {
                failedRound = true;
                h.warn(e as Error);
              }
            }
            await writeState(statePath, state);
            if (opts.once) break;
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, opts.interval * 1000);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          }
        } finally {
          await coder.close();
          await store.close();
        }
        if (failedRound && opts.once) process.exitCode = 1;
      },
    );
}
