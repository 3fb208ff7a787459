// The heaviest allowed document under coding: `observatory serve` (a process of its own) is sent a
// 9 MB report (one event sentence repeated with its village, day and toll varied) while /health is
// asked every 20 ms; prints how long /health took while the report was coded, what became of the
// report (coded, or stored uncoded past the budget, BENCH_BUDGET seconds, default 30), and how long
// SIGTERM took to end the server while a second such report was being coded. Not a test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './serve.js';

const budget = process.env.BENCH_BUDGET ?? '30';
const db = join(mkdtempSync(join(tmpdir(), 'obs-bench-heavy-')), 'heavy.db');

function heavy(mb: number, seed: number): string {
  const villages = ['Khan Shaykhun', 'Maarat al-Numan', 'Saraqib', 'Ariha', 'Jisr al-Shughur'];
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const s = `Government forces shelled ${villages[(i + seed) % 5]} on ${(i % 28) + 1} March, killing ${(i % 9) + 1} civilians, SOHR said. `;
    out.push(s);
    size += s.length;
  }
  return out.join('');
}

const post = (base: string, text: string) =>
  fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, published: '2019-04-01', source: 'SOHR' }),
  });

const { server, base } = await startServer(['--db', db, '--port', '0', '--code-budget', budget]);
await (await fetch(`${base}/health`)).json();
const text = heavy(9, 0);
const t0 = performance.now();
let done = false;
const answer = post(base, text).then(async (r) => {
  done = true;
  return { status: r.status, body: (await r.json()) as { events: number; notCoded?: string } };
});
const times: number[] = [];
while (!done) {
  const t = performance.now();
  await (await fetch(`${base}/health`)).arrayBuffer();
  times.push(performance.now() - t);
  await new Promise((r) => setTimeout(r, 20));
}
const { status, body } = await answer;
const took = (performance.now() - t0) / 1000;
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
const second = post(base, heavy(9, 1)).catch(() => undefined);
await new Promise((r) => setTimeout(r, 3000));
const t1 = performance.now();
server.kill('SIGTERM');
const code = await new Promise<number | null>((r) => server.once('exit', (c) => r(c)));
const stop = performance.now() - t1;
await second;
console.log(
  `a ${(text.length / 1048576).toFixed(1)} MB report, budget ${budget} s: answered ${status} after ${took.toFixed(1)} s ` +
    `(${body.notCoded ?? `${body.events} events coded`}); /health asked ${times.length} times meanwhile: ` +
    `p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${times.at(-1)!.toFixed(1)} ms; ` +
    `SIGTERM while a second such report was coded: ended in ${stop.toFixed(0)} ms (exit ${code})`,
);
