// What the benchmarks that load a running server share: the store filled with synthetic events,
// `observatory serve` started as a process of its own, its CPU time read from /proc, and random
// map views over the synthetic corpus's part of Syria.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../src/store/store.js';
import { syntheticEvents } from './synthetic.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'cli', 'index.js');

/**
 * Adds synthetic events (one document each, seed 11) until the store holds `target`; returns how
 * many it holds. Says what it fills, and with `timed` how long it took.
 */
export async function fillSynthetic(
  store: Store,
  target: number,
  label: string,
  opts: { timed?: boolean } = {},
): Promise<number> {
  let have = (await store.counts()).events;
  if (have >= target) return have;
  console.log(`filling ${label} to ${target} events (one document each)...`);
  const t0 = performance.now();
  let i = 0;
  for (const e of syntheticEvents(target, 11)) {
    if (i++ < have) continue;
    const bytes = Buffer.from(`${e.notes} (${i})`);
    await store.ingest(
      {
        id: `synthetic-${i}`,
        text: bytes.toString(),
        published: e.event_date,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        capturedAt: new Date().toISOString(),
        captureMethod: 'file',
        publisher: 'Synthetic',
      },
      [e],
      bytes,
    );
  }
  have = (await store.counts()).events;
  if (opts.timed) console.log(`filled in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return have;
}

/** `observatory serve` with these arguments, once it says where it listens. */
export async function startServer(args: string[]): Promise<{ server: ChildProcess; base: string }> {
  const server = spawn(process.execPath, [cli, 'serve', ...args], { cwd: root });
  const base = await new Promise<string>((resolve, reject) => {
    server.stderr!.on('data', (d: Buffer) => {
      const m = /serving .* at (http:\/\/\S+?)\/ /.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  return { server, base };
}

/** A process's CPU time so far, user and system, in seconds (Linux). */
export const cpuOf = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** Random days of the synthetic corpus (2015 to 2019) and 1° boxes over western Syria, from `r`. */
export function randomViews(r: () => number) {
  const day = () =>
    new Date(Date.parse('2015-01-01') + Math.floor(r() * 1790) * 86_400_000).toISOString().slice(0, 10);
  const plus = (d: string, n: number) => new Date(Date.parse(d) + n * 86_400_000).toISOString().slice(0, 10);
  const box = () => {
    const lon = 36 + r() * 7;
    const lat = 32.5 + r() * 4.5;
    return `${lon.toFixed(3)},${lat.toFixed(3)},${(lon + 1).toFixed(3)},${(lat + 1).toFixed(3)}`;
  };
  return { day, plus, box };
}
