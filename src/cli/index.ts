#!/usr/bin/env node
// The `observatory` command: extract, geoparse, ingest, serve, demo, and the stored record
// (events, tracks, agreements, sources). Each top-level command is one file in commands/; this
// one only composes them, in the order `--help` lists them.
// The store, the server, the importer and the evaluations are loaded by the commands that use
// them, so that `extract` and `geoparse` start fast.
import { Command } from 'commander';
import { addAgreementsCommand } from './commands/agreements.js';
import { addAuditCommand } from './commands/audit.js';
import { addBackupCommand } from './commands/backup.js';
import { addDemoCommand } from './commands/demo.js';
import { addEvalCommand } from './commands/eval.js';
import { addEventsCommand } from './commands/events.js';
import { addExportCommand } from './commands/export.js';
import { addExtractCommand } from './commands/extract.js';
import { addGazetteerCommand } from './commands/gazetteer.js';
import { addGeoparseCommand } from './commands/geoparse.js';
import { addImportCommand } from './commands/import.js';
import { addIngestCommand } from './commands/ingest.js';
import { addRestoreCommand } from './commands/restore.js';
import { addServeCommand } from './commands/serve.js';
import { addSourcesCommand } from './commands/sources.js';
import { addTrainCommand } from './commands/train.js';
import { addTracksCommand } from './commands/tracks.js';
import { addUsersCommand } from './commands/users.js';
import { addWatchCommand } from './commands/watch.js';
import { addWorkerCommand } from './commands/worker.js';
import { warn } from './io.js';
import { addModelOption } from './model-option.js';

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

for (const add of [
  addExtractCommand,
  addGeoparseCommand,
  addIngestCommand,
  addServeCommand,
  addDemoCommand,
  addGazetteerCommand,
  addEvalCommand,
  addEventsCommand,
  addExportCommand,
  addTracksCommand,
  addAgreementsCommand,
  addSourcesCommand,
  addImportCommand,
  addWatchCommand,
  addAuditCommand,
  addBackupCommand,
  addRestoreCommand,
  addUsersCommand,
  addWorkerCommand,
  addTrainCommand,
])
  add(program);
addModelOption(program);

program.parseAsync().catch((e: unknown) => {
  warn(e as Error);
  process.exit(1);
});
