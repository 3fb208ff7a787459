// How often PostgreSQL placements would wait on each other's cell locks: the claims of the
// synthetic record (bench/synthetic.ts: Syria and Iraq over five years, ACLED's type and precision
// mix), each given the locks postgres-locks.ts takes for it, and then placed BENCH_WORKERS at a
// time (default 32) in date order, as a monitor's stream arrives. Prints how the locks spread over
// cells and the chance that two concurrent placements share one. Not a test.
// `node --import tsx bench/locks.ts` (BENCH_CLAIMS claims, default 100,000).
import { CELL, claimLocks, LOCK_CLASS, type CellLock } from '../src/store/postgres/postgres-locks.js';
import { reach } from '../src/corroborate/cluster.js';
import { rng } from '../src/eval/dedup.js';
import { syntheticEvents } from './synthetic.js';

const n = Number(process.env.BENCH_CLAIMS ?? 100_000);
const workers = Number(process.env.BENCH_WORKERS ?? 32);

const claims = [...syntheticEvents(n, 1)].sort((a, b) => a.event_date.localeCompare(b.event_date));
const locks = claims.map((c) => claimLocks(c));
const boxes = claims.map((c) => reach(c)!);

/** Whether two claims' reaches meet: the pairs any correct lock scheme must keep apart. */
function meet(i: number, j: number): boolean {
  const a = boxes[i]!;
  const b = boxes[j]!;
  return (
    a.west <= b.east &&
    b.west <= a.east &&
    a.south <= b.north &&
    b.south <= a.north &&
    a.from <= b.to &&
    b.from <= a.to
  );
}

/** Whether two placements wait on each other: a key both hold, not both shared. */
function conflict(a: CellLock[], b: CellLock[]): boolean {
  for (const x of a)
    for (const y of b) if (x.cls === y.cls && x.key === y.key && !(x.shared && y.shared)) return true;
  return false;
}

const name = Object.fromEntries(Object.entries(LOCK_CLASS).map(([k, v]) => [v, k]));
const perClaim = locks.map((l) => l.length).sort((a, b) => a - b);
const coarse = locks.filter((l) => l.some((k) => k.cls === LOCK_CLASS.coarse && !k.shared)).length;
const fineUse = new Map<number, number>();
for (const l of locks)
  for (const k of l) if (k.cls === LOCK_CLASS.fine) fineUse.set(k.key, (fineUse.get(k.key) ?? 0) + 1);
const busiest = [...fineUse.values()].sort((a, b) => b - a);
const q = (p: number) => perClaim[Math.min(perClaim.length - 1, Math.floor(p * perClaim.length))];
console.log(
  `${n} claims over ${claims[0]!.event_date} to ${claims.at(-1)!.event_date}; cells of ${CELL.degrees} degree x ${CELL.days} days, coarse ${CELL.coarse}x, at most ${CELL.maxFine} fine cells a claim`,
);
console.log(
  `locks a claim takes: median ${q(0.5)}, p90 ${q(0.9)}, p99 ${q(0.99)}, max ${perClaim.at(-1)}; ${((100 * coarse) / n).toFixed(1)}% take coarse cells`,
);
console.log(
  `fine cells used: ${fineUse.size}; claims in the busiest: ${busiest.slice(0, 3).join(', ')}; mean claims a fine cell ${(
    [...fineUse.values()].reduce((s, x) => s + x, 0) / fineUse.size
  ).toFixed(1)}`,
);

// Placements at once: each block of `workers` consecutive claims in date order.
let pairs = 0;
let clashes = 0;
let meeting = 0;
let waited = 0;
const byClass = new Map<string, number>();
for (let start = 0; start + workers <= n; start += workers) {
  const block = locks.slice(start, start + workers);
  const waits = new Array<boolean>(workers).fill(false);
  for (let i = 0; i < workers; i++)
    for (let j = i + 1; j < workers; j++) {
      pairs++;
      if (meet(start + i, start + j)) meeting++;
      if (!conflict(block[i]!, block[j]!)) continue;
      clashes++;
      waits[j] = true;
      const shared = block[i]!.find((x) =>
        block[j]!.some((y) => y.cls === x.cls && y.key === x.key && !(x.shared && y.shared)),
      )!;
      byClass.set(name[shared.cls]!, (byClass.get(name[shared.cls]!) ?? 0) + 1);
    }
  waited += waits.filter(Boolean).length;
}
const blocks = Math.floor(n / workers);
console.log(
  `${workers} placements at once, in date order: two of them share a lock with p = ${(clashes / pairs).toFixed(4)}; a placement waits on at least one earlier of its ${workers - 1} companions with p = ${(waited / (blocks * workers)).toFixed(3)}; shared locks by kind: ${[...byClass].map(([k, v]) => `${k} ${((100 * v) / clashes).toFixed(0)}%`).join(', ')}`,
);
console.log(
  `  of which their reaches meet (the floor for any lock on reach): p = ${(meeting / pairs).toFixed(4)}`,
);

// Two placements drawn from anywhere in the record (a backfill of old reports).
const r = rng(7);
let far = 0;
const draws = 200_000;
for (let i = 0; i < draws; i++) if (conflict(locks[Math.floor(r() * n)]!, locks[Math.floor(r() * n)]!)) far++;
console.log(`two placements drawn from the whole record share a lock with p = ${(far / draws).toFixed(5)}`);
