#!/usr/bin/env node
// The `observatory` command: extract, geoparse, ingest, serve, demo, and the stored record
// (events, tracks, agreements, sources).
import { Command } from 'commander';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultGazetteerPath, localGazetteerPath } from '../geo/gazetteer.js';
import { extract } from '../extract/extract.js';
import { acledHeader, acledRows } from '../formats/acled-csv.js';
import {
  COLLECTION_CLOSE,
  COLLECTION_OPEN,
  extractedEventFeature,
  featureSeparator,
} from '../formats/geojson.js';
import { jsonlLine } from '../formats/jsonl.js';
import { loadResources, type Resources } from '../extract/resources.js';
import { InputError, toDocument } from '../ingest/read.js';
// The store, the server, the importer and the evaluations are loaded by the commands that use
// them, so that `extract` and `geoparse` start fast.
import { countInputs, countLines, documentWithOptionalDate, gatherInputs } from './inputs.js';
import type { Document } from '../model/index.js';
import { latestStatedDate } from '../nlp/dates.js';
import { geoparseLine } from '../geo/geoparse-line.js';
import { progress, type Progress } from './progress.js';
import { batchFailed, FailureTally } from './summary.js';
import {
  choiceOption,
  countOption,
  dateOption,
  numberOption,
  portOption,
  secondsOption,
  sizeOption,
} from './options.js';
import { addRecordCommands, openRecord } from './records.js';
import { addSourceCommands } from './sources.js';
import { addCustodyCommands } from './custody.js';
import { addUserCommands } from './users.js';
import { addWorkerCommands } from './worker.js';
import { addModelOption, addTrainCommand, evalEvents, type EvalEventsOptions } from './train.js';

const out = (s: string) => process.stdout.write(s);
const warn = (e: Error | string) =>
  process.stderr.write(`observatory: ${typeof e === 'string' ? e : e.message}\n`);

function load(): Resources {
  try {
    return loadResources();
  } catch (e) {
    warn(e as Error);
    process.exit(2);
  }
}

interface DocOptions {
  input?: string;
  published?: string;
  source?: string;
}

/**
 * Runs `fn` on every readable document; returns how many were processed and what failed.
 * With `dates: 'optional'` a document without a readable publication date is still read
 * (`dated` false), its unreadable date reported.
 */
async function eachDocument(
  files: string[],
  opts: DocOptions,
  fn: (doc: Document, dated: boolean) => void,
  dates: 'required' | 'optional' = 'required',
) {
  let ok = 0;
  const failures = new FailureTally();
  const fail = (e: Error) => {
    failures.add(e);
    warn(e);
  };
  for await (const item of gatherInputs(files, opts.input)) {
    if (item instanceof Error) {
      fail(item);
      continue;
    }
    try {
      if (dates === 'optional') {
        const { doc, dated } = documentWithOptionalDate(item, opts, warn);
        fn(doc, dated);
      } else fn(toDocument(item, opts), true);
      ok++;
    } catch (e) {
      fail(e instanceof InputError ? e : new InputError(item.id, (e as Error).message));
    }
  }
  return { ok, failures };
}

/** The end of a batch: the failures by cause, and exit status 1 by the rule in summary.ts. */
function finish(ok: number, failures: FailureTally): void {
  if (ok + failures.total === 0)
    warn('no documents given: name files or directories, or pass --input DOCS.jsonl (- for stdin)');
  if (failures.total > 0) warn(`${ok} of ${ok + failures.total} documents processed; ${failures}`);
  if (batchFailed(ok, failures.total)) process.exitCode = 1;
}

// A reader that stops early (`observatory export | head`) closes the pipe: the output ends there,
// quietly, as it does for other tools.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

const program = new Command();
program
  .name('observatory')
  .description('Turn reports about armed conflict into sourced, mapped events (ACLED taxonomy).')
  .version('0.1.0');

program
  .command('extract')
  .description('Extract events from documents and print them; stateless, no database.')
  .argument('[files...]', 'documents (.txt, .md, .html); each file is one document, its path is doc_id')
  .option(
    '--input <docs.jsonl>',
    'JSON Lines of {"id","text","published","source","url"?,"title"?}; - for stdin',
  )
  .option('--published <date>', 'publication date (YYYY-MM-DD) for documents that lack one', dateOption)
  .option('--source <name>', 'publisher for documents that lack one')
  .addOption(choiceOption('--format <format>', 'output format', ['jsonl', 'acled', 'geojson'], 'jsonl'))
  .addHelpText(
    'after',
    '\nExample:\n  observatory extract report.txt --published 2017-09-13 --source Newsweek --format jsonl',
  )
  .action(async (files: string[], opts: DocOptions & { format: 'jsonl' | 'acled' | 'geojson' }) => {
    const res = load();
    if (opts.format === 'acled') out(acledHeader());
    let first = true;
    if (opts.format === 'geojson') out(COLLECTION_OPEN);
    const { ok, failures } = await eachDocument(
      files,
      opts,
      ({ id, text, published: given, publisher: source }, dated) => {
        // Undated: the events are dated by the text's own dates, read against the latest day it states.
        const published = dated ? given : latestStatedDate(text);
        if (published === undefined)
          throw new InputError(
            id,
            'no publication date, and the text states no full date (day, month and year) to date its events by: pass --published or a "published" field',
          );
        if (!dated)
          warn(
            `${id}: no publication date; events are dated by the text's own dates, read against ${published}, the latest day it states`,
          );
        let result;
        try {
          result = extract({ id, text, published, source }, res);
        } catch (e) {
          throw new InputError(id, `extraction failed: ${(e as Error).message}`);
        }
        const { events, language } = result;
        for (const w of result.warnings) warn(`${id}: ${w}`);
        if (opts.format === 'jsonl') out(`${jsonlLine(id, events, language)}\n`);
        else if (opts.format === 'acled') out(acledRows(id, events));
        else
          for (const e of events) {
            out(`${featureSeparator(first)}${JSON.stringify(extractedEventFeature(id, e))}`);
            first = false;
          }
      },
      'optional',
    );
    if (opts.format === 'geojson') out(COLLECTION_CLOSE);
    finish(ok, failures);
  });

program
  .command('geoparse')
  .description('Find and resolve place names in documents; stateless, no database.')
  .argument('[files...]', 'documents (.txt, .md, .html)')
  .option('--input <docs.jsonl>', 'JSON Lines of {"id","text",...}; - for stdin')
  .addOption(choiceOption('--format <format>', 'output format', ['jsonl'], 'jsonl'))
  .option('--explain', "each toponym's candidates with the resolver's scores")
  .action(async (files: string[], opts: DocOptions & { explain?: boolean }) => {
    const res = load();
    // Geoparsing needs no date: an unreadable one is reported and the document read all the same.
    const { ok, failures } = await eachDocument(
      files,
      opts,
      (doc, dated) => {
        const result = res.geoparser.parse(doc.text, { explain: opts.explain });
        const line = geoparseLine({ ...doc, dated }, result, (cc) => res.gazetteer.countryName(cc));
        out(`${JSON.stringify(line)}\n`);
      },
      'optional',
    );
    finish(ok, failures);
  });

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
  .action(
    async (paths: string[], opts: DocOptions & { db?: string; queue?: boolean; jobTimeout: number }) => {
      const { isPostgres, resolveDb } = await import('../store/open.js');
      if (opts.queue && isPostgres(resolveDb(opts.db))) {
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
          process.stderr.write(
            `queued: ${queued} documents, ${failed} failed; ${await queue.pending()} waiting\n`,
          );
        } finally {
          await queue.stop();
        }
        if (queued === 0) process.exitCode = 1;
        return;
      }
      // On SQLite the queue runs in process: queueing is ingesting.
      const summary = await runIngest(paths, opts);
      // Bad documents fail the command by the batch rule; a readable document that could not be
      // stored is lost work, and always does.
      if (batchFailed(summary.new + summary.duplicate, summary.failed) || summary.unstored > 0)
        process.exitCode = 1;
    },
  );

/** Ingests the documents given, telling progress and, at the end, what failed by cause. */
async function runIngest(paths: string[], opts: DocOptions & { db?: string }) {
  // Each document is read and coded in a thread, within a time budget (OBSERVATORY_CODE_BUDGET);
  // the thread loads its resources while this one opens the record.
  const { CoderPool } = await import('../ingest/coder.js');
  const coder = new CoderPool({ size: 1, eager: true });
  const res = load();
  const { ingestAll } = await import('../ingest/pipeline.js');
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

interface ServeOptions {
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

async function serve(opts: ServeOptions) {
  const res = load();
  const { resolveDb } = await import('../store/open.js');
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
  const { buildApp } = await import('../server/app.js');
  const { contactKey } = await import('../server/contacts.js');
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

program
  .command('demo')
  .description('Build a database from the shipped sample corpus, then serve it.')
  .option('--db <path>', 'database to build', './observatory-demo.db')
  .option('--port <n>', 'port', portOption, 8080)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--no-serve', 'only build the database')
  .action(async (opts: { db: string; port: number; host: string; serve: boolean }) => {
    const corpus = fileURLToPath(new URL('../../samples/corpus.jsonl', import.meta.url));
    await runIngest([], { db: opts.db, input: corpus });
    if (opts.serve) await serve(opts);
  });

const gazetteerCommand = program
  .command('gazetteer')
  .description('Manage the gazetteer places are resolved against.');
gazetteerCommand
  .command('import')
  .description(
    'Add places to the gazetteer in one transaction, bad rows reported by file:line. --format geonames (the default): GeoNames dumps (SY.txt, allCountries.txt, cities*.txt, admin1CodesASCII.txt, admin2Codes.txt, alternateNamesV2.txt) into the gazetteer file; --format ucdp|acled: the places of coded event tables into the local layer ($OBSERVATORY_LOCAL_GAZETTEER or ./observatory-places.sqlite), counted once per row however often imported.',
  )
  .argument('<files...>', 'GeoNames dump files (unzipped), or UCDP GED / ACLED CSV files')
  .addOption(
    choiceOption('--format <format>', 'what the files are', ['geonames', 'ucdp', 'acled'], 'geonames'),
  )
  .option(
    '--gazetteer <path>',
    'gazetteer file to import GeoNames dumps into (default: $OBSERVATORY_GAZETTEER or the built one)',
  )
  .option(
    '--layer <path>',
    'local layer to add table places to (default: $OBSERVATORY_LOCAL_GAZETTEER or ./observatory-places.sqlite)',
  )
  .action(
    async (
      files: string[],
      opts: { format: 'geonames' | 'ucdp' | 'acled'; gazetteer?: string; layer?: string },
    ) => {
      const target = opts.gazetteer ?? defaultGazetteerPath();
      try {
        if (opts.format !== 'geonames') {
          await importPlacesOfTables(files, opts.format, opts.layer);
          return;
        }
        const { importGeonames } = await import('../geo/import.js');
        let bar: Progress | undefined;
        const reports = importGeonames(target, files, (done, total) => {
          bar ??= progress('gazetteer import', { unit: 'lines', total });
          bar.update(done);
        });
        bar?.stop();
        for (const r of reports) {
          for (const e of r.errors.slice(0, 20)) warn(e);
          if (r.errors.length > 20) warn(`${r.file}: ${r.errors.length - 20} more bad rows not shown`);
          process.stderr.write(
            `${r.file}: ${r.kind}, ${r.rows} rows imported, ${r.errors.length} rows skipped\n`,
          );
        }
      } catch (e) {
        warn(e as Error);
        process.exitCode = 1;
      }
    },
  );

/** The places of UCDP or ACLED tables into the local layer; exit 1 when a file added nothing readable. */
async function importPlacesOfTables(
  files: string[],
  format: 'ucdp' | 'acled',
  layer?: string,
): Promise<void> {
  const { importTablePlaces } = await import('../geo/layer-import.js');
  const { Gazetteer } = await import('../geo/gazetteer.js');
  const gazetteer = Gazetteer.open(defaultGazetteerPath(), { layer: false });
  try {
    for (const file of files) {
      const lines = await countLines(file).catch(() => 0);
      const bar = progress(`gazetteer import ${file}`, { unit: 'lines', total: Math.max(0, lines - 1) });
      const r = await importTablePlaces(
        file,
        format,
        (c) => gazetteer.countryCodeOf(c),
        layer,
        (line) => bar.update(line - 1),
      );
      bar.stop();
      for (const e of r.errors.slice(0, 20)) warn(e);
      if (r.errors.length > 20) warn(`${file}: ${r.errors.length - 20} more bad rows not shown`);
      process.stderr.write(
        `${file}: ${r.rows} rows read, ${r.added} places added, ${r.seen} seen again, ${r.duplicate} already imported, ${r.regional} regional or unplaced, ${r.errors.length} bad rows\n`,
      );
      if (r.rows === 0) process.exitCode = 1;
    }
  } finally {
    gazetteer.close();
  }
}

const evalCommand = program
  .command('eval')
  .description('Score the geoparser or the extractor on evaluation data.');
evalCommand
  .command('geo')
  .description(
    'Geoparsing: resolution given gold spans (the learned resolver k-fold), end to end, Syrian places coded by UCDP and SOHR headlines (with and without the UCDP layer), event location on ACLED notes.',
  )
  .option('--data <dir>', 'evaluation data folder (default: ../shared/eval beside the project)')
  .option(
    '--calibrate',
    'refit the confidence weights on GeoWebNews and LGL and write data/geo-calibration.json',
  )
  .option(
    '--train',
    "write the resolver's weights and GeoNames' country and division points fitted on all the sets (data/geo-resolver.json, data/geonames-points.json)",
  )
  .action(async (opts: { data?: string; calibrate?: boolean; train?: boolean }) => {
    const dir = opts.data ?? fileURLToPath(new URL('../../../shared/eval', import.meta.url));
    if (!existsSync(dir)) {
      warn(`no evaluation data at ${dir}: pass --data DIR`);
      process.exitCode = 2;
      return;
    }
    const res = load();
    const t = Date.now();
    const geoEval = await import('../eval/geo.js');
    const { runGeoEvaluation } = geoEval;
    const report = runGeoEvaluation(dir, res, (s) => process.stderr.write(`${s}\n`));
    out(`${report}\n\n(${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
    const { lastFit, lastResolverFit } = geoEval;
    if (opts.train && lastResolverFit) {
      const { writeResolverFiles } = await import('../eval/geo-train.js');
      for (const p of writeResolverFiles(lastResolverFit)) process.stderr.write(`wrote ${p}\n`);
    }
    if (opts.calibrate && lastFit) {
      const path = fileURLToPath(new URL('../../data/geo-calibration.json', import.meta.url));
      const body = {
        about:
          'Logistic weights turning the geoparser score and margin into a probability that a resolved toponym is within 161 km of the truth. Written by `observatory eval geo --calibrate` from the GeoWebNews and LGL development sets; delete the file to fall back to the defaults.',
        fitted_on: lastFit.samples,
        weights: lastFit.weights,
      };
      writeFileSync(`${path}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
      renameSync(`${path}.tmp`, path);
      process.stderr.write(`wrote ${path}\n`);
    }
  });

/** The ACLED evaluation file under --data (or ../shared/eval); undefined, reported, when absent. */
function acledCsv(data?: string): string | undefined {
  const dir = data ?? fileURLToPath(new URL('../../../shared/eval', import.meta.url));
  const csv = join(dir, 'acled', 'acled_2020-04-27_2020-05-02_syr_irq_lbn_tur.csv');
  if (existsSync(csv)) return csv;
  warn(`no ACLED evaluation file at ${csv}: pass --data DIR`);
  process.exitCode = 2;
  return undefined;
}

evalCommand
  .command('events')
  .description(
    'Event coding on ACLED notes, k-fold cross-validated (by note and by country): every field, by country and type, confusion matrix, non-events, calibration.',
  )
  .option(
    '--data <dir>',
    'evaluation data folder (default: ../shared/eval beside the project); with --lang ar, the reports file (default: eval/arabic/bulletins.jsonl)',
  )
  .option(
    '--lang <code>',
    '"en": ACLED notes, cross-validated; "ar": the Arabic bulletins, coded by the model',
    'en',
  )
  .option('--folds <n>', 'folds', (v) => Number(v), 5)
  .option('--quick', 'one run (folds by note), without calibration')
  .option(
    '--examples <n>',
    'print up to n examples of each kind of error (they quote the notes)',
    numberOption(0, 1000, 'a whole number'),
    0,
  )
  .action(async (opts: EvalEventsOptions) => evalEvents(opts, { out, warn }));

evalCommand
  .command('dedup')
  .description(
    'Deduplication on ACLED notes: each note and a paraphrase of it stored, pairwise precision and recall of the clustering.',
  )
  .option('--data <dir>', 'evaluation data folder (default: ../shared/eval beside the project)')
  .option('--seed <n>', 'paraphrase seed', numberOption(0, 2 ** 31 - 1, 'a whole number'), 2017)
  .action(async (opts: { data?: string; seed: number }) => {
    const csv = acledCsv(opts.data);
    if (!csv) return;
    const { dedupReport, scoreDedup } = await import('../eval/dedup.js');
    out(`${dedupReport(await scoreDedup(csv, load(), opts.seed))}\n`);
  });

evalCommand
  .command('deals')
  .description(
    'Deals field by field (parties, brokers, terms, dated steps, reached date, tracks, non-conflict news) on the hand-coded fixtures, beside a trivial baseline.',
  )
  .option('--data <dir>', 'folder of deal fixtures (default: test/fixtures/deals in the project)')
  .option('--quiet', 'the table only, without what each deal missed')
  .action(async (opts: { data?: string; quiet?: boolean }) => {
    const dir = opts.data ?? fileURLToPath(new URL('../../test/fixtures/deals', import.meta.url));
    if (!existsSync(dir)) {
      warn(`no deal fixtures at ${dir}: pass --data DIR`);
      process.exitCode = 2;
      return;
    }
    const { dealsReport, scoreDeals } = await import('../eval/deals.js');
    const { coded, baseline } = await scoreDeals(dir, load());
    out(`${dealsReport(coded, baseline, !opts.quiet)}\n`);
  });

addRecordCommands(program, { load, out, dateOption });
addSourceCommands(program, { load, warn });
addCustodyCommands(program, { load, out, warn });
addUserCommands(program, { load, out, warn });
addWorkerCommands(program, { load, warn });
addTrainCommand(program, { out, warn });
addModelOption(program);

program.parseAsync().catch((e: unknown) => {
  warn(e as Error);
  process.exit(1);
});
