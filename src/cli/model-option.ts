// `--model FILE` on the commands that code documents. The path travels in OBSERVATORY_MODEL, so
// that the server's and the ingest's worker processes load the same model.
import type { Command } from 'commander';
import { resolve } from 'node:path';

export function addModelOption(program: Command): void {
  for (const name of ['extract', 'ingest', 'serve', 'worker', 'demo']) {
    const c = program.commands.find((x) => x.name() === name);
    c?.option(
      '--model <file>',
      'event model to code with (default: $OBSERVATORY_MODEL or the shipped data/event-model.json)',
    );
  }
  program.hook('preAction', (_root, action) => {
    const file = (action.opts() as { model?: string }).model;
    if (file) process.env.OBSERVATORY_MODEL = resolve(file);
  });
}
