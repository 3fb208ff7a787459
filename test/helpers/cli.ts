// Runs the built `observatory` command as a user would, in a child process.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));
/** Evaluation data beside the project; evaluations read it, tests never need it. */
export const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
export const SEED = `${SHARED}/seeds/000_495bb80c6dc11c00.txt`;
/** Inputs written for the project's tests. */
export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));
/**
 * A long-form report written for the tests in the project's own words, telling the same kind of
 * story as the seed article: a convoy deal with a broker and terms, its journey, air strikes on
 * its road, and attributed claims among background facts.
 */
export const CONVOY_ARTICLE = `${FIXTURES}/convoy-article.txt`;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(
  args: string[],
  opts: { stdin?: string | Buffer; env?: Record<string, string>; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: opts.cwd ?? ROOT,
      // Each run has a local gazetteer layer of its own unless the test names one, so places one
      // command imports never reach another test's commands.
      env: {
        OBSERVATORY_LOCAL_GAZETTEER: join(tmpdir(), `obs-layer-${randomUUID()}.sqlite`),
        ...process.env,
        ...opts.env,
      },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.end(opts.stdin ?? '');
  });
}
