// The advisory locks of a PostgreSQL placement, taken before it reads anything.
//
// Two placements must run one after the other when one could see the event the other writes: when
// their reaches overlap (the boxes and days of cluster.ts `reach`), or when either has no place
// and both are in one country and month. Each placement takes, before it reads anything, the
// advisory locks of the space-time cells its claims' reaches cover, in one sorted order (so no two
// wait on each other in a ring); overlapping reaches share a cell, far-apart ones share none.
// A reach over many cells (a province-level or month-level claim) takes the few coarse cells that
// hold it instead, and fine-cell holders take their coarse cell shared, so the two levels still
// exclude each other where they meet. The record-wide WRITE_LOCK is taken shared by placements and
// exclusively by every other write (reviews, merges, splits, re-runs, accounts), as before.
import type pg from 'pg';
import { dayNumber, reach, TIME_WINDOW_DAYS } from '../../corroborate/cluster.js';
import type { Reach } from '../../corroborate/placement.js';
import type { Claim } from '../../model/index.js';

/**
 * A fine cell: 0.5° (about 55 km) by 8 days; a coarse cell: 8 by 8 fine cells by 8 periods (4°,
 * 64 days), taken by a claim whose reach covers more than `maxFine` fine cells, and by every claim
 * of a document whose claims would otherwise take more than `maxDocument` locks (PostgreSQL's lock
 * table holds about 64 a connection). bench/locks.ts weighs these sizes on the synthetic record.
 */
export const CELL = {
  degrees: 0.5,
  days: 8,
  coarse: 8,
  maxFine: 64,
  maxDocument: 128,
  countryDays: 32,
} as const;
/** Key classes of the two-number advisory locks (a space apart from the one-number WRITE_LOCK). */
export const LOCK_CLASS = {
  fine: 7_262_018,
  coarse: 7_262_019,
  country: 7_262_020,
  document: 7_262_021,
  tail: 7_262_022,
};

export interface CellLock {
  cls: number;
  key: number;
  shared: boolean;
}

function mix(a: number, b: number, c: number): number {
  return (Math.imul(a, 73_856_093) ^ Math.imul(b, 19_349_663) ^ Math.imul(c, 83_492_791)) | 0;
}

function stringKey(s: string): number {
  // FNV-1a, 32 bits: a collision only makes two unrelated placements wait, never meet.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The cells (x, y, t) a box and day span covers, at `degrees` and `days` per cell. */
function cellsOf(r: Reach, degrees: number, days: number): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let x = Math.floor(r.west / degrees); x <= Math.floor(r.east / degrees); x++)
    for (let y = Math.floor(r.south / degrees); y <= Math.floor(r.north / degrees); y++)
      for (let t = Math.floor(r.from / days); t <= Math.floor(r.to / days); t++) out.push([x, y, t]);
  return out;
}

/** The locks one claim needs to be placed as if alone (see above); `coarse` for coarse cells only. */
export function claimLocks(
  c: Pick<
    Claim,
    | 'event_date'
    | 'time_precision'
    | 'latitude'
    | 'longitude'
    | 'geo_precision'
    | 'sub_event_type'
    | 'country'
  >,
  coarse = false,
): CellLock[] {
  const day = dayNumber(c.event_date);
  const country = (bucket: number, shared: boolean) => ({
    cls: LOCK_CLASS.country,
    key: stringKey(`${c.country}|${bucket}`),
    shared,
  });
  const r = reach(c);
  if (!r) {
    // Unplaced: every event of its country within the widest window is a candidate.
    const w = TIME_WINDOW_DAYS[3]!;
    const out: CellLock[] = [];
    for (let b = Math.floor((day - w) / CELL.countryDays); b <= Math.floor((day + w) / CELL.countryDays); b++)
      out.push(country(b, false));
    return out;
  }
  // A placed claim meets the unplaced ones of its country through its day's period.
  const out: CellLock[] = [country(Math.floor(day / CELL.countryDays), true)];
  const fine = cellsOf(r, CELL.degrees, CELL.days);
  const k = CELL.coarse;
  if (coarse || fine.length > CELL.maxFine) {
    for (const [x, y, t] of cellsOf(r, CELL.degrees * k, CELL.days * k))
      out.push({ cls: LOCK_CLASS.coarse, key: mix(x, y, t), shared: false });
    return out;
  }
  const parents = new Set<number>();
  for (const [x, y, t] of fine) {
    out.push({ cls: LOCK_CLASS.fine, key: mix(x, y, t), shared: false });
    parents.add(mix(Math.floor(x / k), Math.floor(y / k), Math.floor(t / k)));
  }
  for (const key of parents) out.push({ cls: LOCK_CLASS.coarse, key, shared: true });
  return out;
}

/**
 * The locks a document's placement takes, in the order it takes them: each key once (exclusive if
 * any claim needs it so), sorted by class and key. The document's own key keeps two workers from
 * storing the same bytes twice.
 */
export function placementLocks(sha256: string, events: Claim[], coarse = false): CellLock[] {
  const byKey = new Map<string, CellLock>();
  const all = [
    { cls: LOCK_CLASS.document, key: parseInt(sha256.slice(0, 8), 16) | 0, shared: false },
    ...events.flatMap((e) => claimLocks(e, coarse)),
  ];
  for (const l of all) {
    const id = `${l.cls}:${l.key}`;
    const had = byKey.get(id);
    if (!had || (had.shared && !l.shared)) byKey.set(id, l);
  }
  if (byKey.size > CELL.maxDocument && !coarse) return placementLocks(sha256, events, true);
  return [...byKey.values()].sort((a, b) => a.cls - b.cls || a.key - b.key);
}

/** Takes the locks, in their order, until the transaction ends. */
export async function lockPlacement(q: pg.PoolClient, locks: CellLock[]): Promise<void> {
  await q.query(
    `SELECT CASE WHEN s THEN pg_advisory_xact_lock_shared(c, k) ELSE pg_advisory_xact_lock(c, k) END
     FROM unnest($1::int[], $2::int[], $3::bool[]) AS t(c, k, s)`,
    [locks.map((l) => l.cls), locks.map((l) => l.key), locks.map((l) => l.shared)],
  );
}

/**
 * The end of a placement, one at a time: what every document's storing touches alike (the
 * sources' counts, the audit chain's last link, the day and cell counts kept at commit) is written
 * by one transaction at a time, after the parallel part.
 */
export async function lockTail(q: pg.PoolClient): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK_CLASS.tail]);
}
