// `observatory demo`: a record built from the shipped sample corpus, then served.
import type { Command } from 'commander';
import { portOption } from '../options.js';
import { projectPath } from '../paths.js';
import { runIngest } from './ingest.js';
import { serve } from './serve.js';

export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Build a database from the shipped sample corpus, then serve it.')
    .option('--db <path>', 'database to build', './observatory-demo.db')
    .option('--port <n>', 'port', portOption, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--no-serve', 'only build the database')
    .action(async (opts: { db: string; port: number; host: string; serve: boolean }) => {
      await runIngest([], { db: opts.db, input: projectPath('samples/corpus.jsonl') });
      if (opts.serve) await serve(opts);
    });
}
