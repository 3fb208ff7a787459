// `observatory watch`: RSS and Atom feeds polled with conditional GET, their new items ingested;
// the feeds' validators kept in a state file beside the record.
import type { Command } from 'commander';
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Coder } from '../../ingest/coder.js';
import type { FeedState } from '../../ingest/feeds.js';
import type { OutboundPolicy } from '../../ingest/outbound.js';
import { InputError } from '../../ingest/read.js';
import type { Store } from '../../store/store.js';
import { load, warn } from '../io.js';
import { secondsOption } from '../options.js';
import { dbOption, openRecord } from '../record.js';
import { summaryLine } from '../summary.js';

interface WatchOptions {
  interval: number;
  timeout: number;
  once?: boolean;
  source?: string;
  state?: string;
  db?: string;
  allowHosts?: string;
}

/** The state file of the feeds watched for a database: validators and when each was last read. */
export const feedStatePath = (db: string) => `${db}.feeds.json`;

export function addWatchCommand(program: Command): void {
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
    .action(watch);
}

/** Why the command line cannot be watched (exit 2), or undefined when it can. */
function refusal(urls: string[], opts: WatchOptions): Error | string | undefined {
  for (const u of urls) {
    let ok: boolean;
    try {
      ok = ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok) return new InputError(u, 'not an http(s) address');
  }
  if (!(opts.interval > 0) || !(opts.timeout > 0))
    return '--interval and --timeout must be positive numbers of seconds';
  return undefined;
}

async function watch(urls: string[], opts: WatchOptions): Promise<void> {
  const { outboundPolicy } = await import('../../ingest/outbound.js');
  const policy = outboundPolicy(opts.allowHosts?.split(','));
  const { resolveDb } = await import('../../store/open.js');
  const refused = refusal(urls, opts);
  if (refused) {
    warn(refused);
    process.exitCode = 2;
    return;
  }
  const res = load();
  const store = await openRecord(res, opts.db);
  const { CoderPool } = await import('../../ingest/coder.js');
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
      for (const url of urls)
        if (!(await pollFeed(url, state, { store, coder, policy, opts }))) failedRound = true;
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
}

/**
 * One feed, once: its new items ingested and its validators kept in `state`. False when the
 * round failed for it (unreachable, unreadable, or an item not stored).
 */
async function pollFeed(
  url: string,
  state: Record<string, FeedState>,
  { store, coder, policy, opts }: { store: Store; coder: Coder; policy: OutboundPolicy; opts: WatchOptions },
): Promise<boolean> {
  const { feedItems, fetchFeed } = await import('../../ingest/feeds.js');
  const { ingestAll } = await import('../../ingest/pipeline.js');
  const fetchedOn = new Date().toISOString().slice(0, 10);
  try {
    const got = await fetchFeed(url, state[url] ?? {}, opts.timeout * 1000, policy);
    if (got.status === 'not_modified') {
      state[url] = got.state;
      process.stderr.write(`${url}: not modified\n`);
      return true;
    }
    const { items } = feedItems(got.body, url, { fetchedOn, source: opts.source });
    const summary = await ingestAll(items, store, coder, {
      onError: (e) => warn(e),
      onWarning: (e) => warn(e),
    });
    process.stderr.write(summaryLine(url, summary));
    // An item that could not be stored is fetched again next round (the feed's validators are
    // kept as they were); what was stored is known by its hash.
    if (summary.unstored > 0) return false;
    state[url] = got.state;
    return true;
  } catch (e) {
    warn(e as Error);
    return false;
  }
}

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
