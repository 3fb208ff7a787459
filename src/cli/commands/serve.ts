// `observatory serve`: the HTTP API and the web app over the record, in one process or several
// sharing the port.
import type { Command } from 'commander';
import { localGazetteerPath } from '../../geo/gazetteer.js';
import { load, warn } from '../io.js';
import { countOption, numberOption, portOption, sizeOption } from '../options.js';
import { openRecord } from '../record.js';

export interface ServeOptions {
  db?: string;
  port: number;
  host: string;
  auth?: boolean;
  holdTracks?: number;
  cache?: number;
  workers?: number;
  codeBudget?: number;
  trustProxy?: boolean | string;
  allowHosts?: string;
}

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API and the web app.')
    .option('--db <path>', 'database (default: $OBSERVATORY_DB or ./observatory.db)')
    .option('--port <n>', 'port', portOption, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--auth',
      'require accounts even on loopback (the default on any other address; or OBSERVATORY_AUTH=required)',
    )
    .option(
      '--hold-tracks <days>',
      'keep movements seen in the last N days from viewers and contributors',
      numberOption(0, 3650, 'a number of days'),
    )
    .option(
      '--cache <MB>',
      'keep up to this many MB of event-query answers while the data is unchanged (default 256; 0 for none)',
      sizeOption,
    )
    .option(
      '--workers <n>',
      'server processes sharing the port, each with its own connection to the store (default 1)',
      countOption,
    )
    .option(
      '--trust-proxy [addresses]',
      'behind a reverse proxy: trust its X-Forwarded-For/-Proto/-Host (from any address, or only these, comma-separated)',
    )
    .option(
      '--allow-hosts <hosts>',
      'hosts webhooks may be sent to besides public addresses, comma-separated (also $OBSERVATORY_ALLOW_HOSTS)',
    )
    .option(
      '--code-budget <seconds>',
      'seconds a document sent in may take to code; past it, it is stored uncoded, saying so (default 30, or $OBSERVATORY_CODE_BUDGET)',
      numberOption(0.01, 3600, 'a number of seconds', true),
    )
    .action(serve);
}

export async function serve(opts: ServeOptions) {
  const res = load();
  const { resolveDb } = await import('../../store/open.js');
  const db = resolveDb(opts.db);
  // Accounts are required unless the server listens on loopback only (one trusted local user).
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(opts.host);
  const required = opts.auth ?? (process.env.OBSERVATORY_AUTH === 'required' || !loopback);
  const said = `observatory: serving ${db.replace(/:[^:@/]*@/, ':***@')}`;
  const how = required ? 'accounts required' : 'open to this machine only';
  const workers = opts.workers ?? 1;
  const cluster = (await import('node:cluster')).default;
  if (workers > 1 && cluster.isPrimary) {
    // Several processes share the port, each with its own connection to the store: the store is
    // opened (and migrated) once here first, so that they do not race to migrate it.
    await (await openRecord(res, opts.db)).close();
    await servePool(cluster, workers, (address) =>
      process.stderr.write(`${said} at ${address}/ (${how}; ${workers} processes)\n`),
    );
    return;
  }
  const { buildApp } = await import('../../server/app.js');
  const { contactKey } = await import('../../server/contacts.js');
  const store = await openRecord(res, opts.db);
  // Of several processes, only the first sends webhooks; each tells its own live streams.
  const first = !cluster.isWorker || process.env.OBSERVATORY_WORKER === '0';
  const app = await buildApp({
    store,
    resources: res,
    auth: { mode: required ? 'required' : 'off' },
    contactKey: contactKey(process.env, db),
    holdTracksDays: opts.holdTracks,
    codeBudgetSeconds: opts.codeBudget,
    host: opts.host,
    allowHosts: opts.allowHosts?.split(','),
    analystLayer: localGazetteerPath(),
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy === true ? true : opts.trustProxy.split(',') } : {}),
    ...(opts.cache !== undefined ? { cacheBytes: opts.cache * 1024 * 1024 } : {}),
    ...(first ? {} : { notify: { webhooks: false } }),
  });
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    // Requests in hand are finished and documents being coded given up (their senders are told
    // 503); whatever holds up the rest, the process is gone within 5 s of the signal.
    setTimeout(() => {
      warn('stopping took over 4 s; ending now');
      process.exit(1);
    }, 4_000).unref();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  const address = await app.listen({ port: opts.port, host: opts.host });
  if (!cluster.isWorker) process.stderr.write(`${said} at ${address}/ (${how})\n`);
}

/**
 * Runs `count` server processes on one port (Node's cluster module hands them the connections in
 * turn). A process that dies is started again; SIGINT or SIGTERM stops them all, each finishing
 * its requests.
 */
async function servePool(
  cluster: typeof import('node:cluster').default,
  count: number,
  ready: (address: string) => void,
): Promise<void> {
  let stopping = false;
  let listening = 0;
  const start = (index: number) => {
    const worker = cluster.fork({ OBSERVATORY_WORKER: String(index) });
    let up = false;
    worker.once('listening', (a) => {
      up = true;
      if (++listening === count) ready(`http://${a.address}:${a.port}`);
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (!up) {
        // It never started (its error is above): starting it again would fail the same way.
        warn(`server process ${index} could not start (${signal ?? code}); stopping`);
        process.exitCode = 1;
        stop();
        return;
      }
      listening--;
      warn(`server process ${index} ended (${signal ?? code}); starting it again`);
      start(index);
    });
  };
  for (let i = 0; i < count; i++) start(i);
  function stop(): void {
    if (stopping) return;
    stopping = true;
    const all = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    let left = all.length;
    if (left === 0) process.exit();
    // A process that does not end in time is ended: the whole pool is gone within 5 s.
    setTimeout(() => {
      for (const w of all) if (!w!.isDead()) w!.process.kill('SIGKILL');
      process.exit(1);
    }, 4_500).unref();
    for (const w of all) {
      w!.once('exit', () => {
        if (--left === 0) process.exit();
      });
      w!.process.kill('SIGTERM');
    }
  }
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
