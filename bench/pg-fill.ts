// Bulk insert into PostgreSQL: the 1,000,000-event store `bench/cluster.ts` builds in SQLite is
// copied, table by table, into a PostgreSQL schema (BENCH_PG, default the test database, schema
// bench_1m), in batches of BENCH_BATCH rows through json_populate_recordset, with each event's
// search vector and reach box computed as the store computes them. Prints rows per second per
// table; the schema is then what `BENCH_DB=<BENCH_PG> npm run bench:queries` reads. Not a test.
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore, pgLocation } from '../src/store/open.js';
import { benchStorePath } from './synthetic.js';

const stored = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const location =
  process.env.BENCH_PG ??
  `${process.env.OBSERVATORY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test'}?schema=bench_1m`;
const batch = Number(process.env.BENCH_BATCH ?? 5000);
const { url, schema } = pgLocation(location);
if (!schema) throw new Error(`BENCH_PG needs ?schema=: ${location}`);

const lite = new Database(benchStorePath(stored), { readonly: true, fileMustExist: true });
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
// The store's own migrations make the schema, as `observatory serve` would.
await (await openStore(location)).close();
await client.query(`SET search_path TO ${schema}`);

/** Columns both engines have for a table, in PostgreSQL's order, less those computed here. */
async function shared(table: string, computed: string[]): Promise<string[]> {
  const mine = new Set(
    (lite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map(
      (r) => r.name,
    ),
  );
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2
     ORDER BY ordinal_position`,
    [schema, table],
  );
  return rows.map((r) => r.column_name).filter((c) => mine.has(c) && !computed.includes(c) && c !== 'seq');
}

/**
 * Copies one table, streaming its rows. `extra` maps a PostgreSQL column to the SQL that computes it
 * from the batch's record `r`; `select` may add SQLite columns to each row for it.
 */
async function copy(
  table: string,
  extra: Record<string, string> = {},
  select = `SELECT t.* FROM ${table} t`,
): Promise<void> {
  const columns = await shared(table, Object.keys(extra));
  const all = [...columns, ...Object.keys(extra)];
  const exprs = [...columns.map((c) => `r.${c}`), ...Object.values(extra)];
  const total = (lite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const insert = (rows: unknown[]) =>
    client.query(
      `INSERT INTO ${table} (${all.join(', ')})
       SELECT ${exprs.join(', ')} FROM json_populate_recordset(NULL::${table}_load, $1::json) r`,
      [JSON.stringify(rows)],
    );
  const t0 = performance.now();
  let copied = 0;
  let rows: unknown[] = [];
  for (const row of lite.prepare(select).iterate()) {
    rows.push(row);
    if (rows.length < batch) continue;
    await insert(rows);
    copied += rows.length;
    rows = [];
  }
  if (rows.length) await insert(rows);
  copied += rows.length;
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${table}: ${copied} of ${total} rows in ${s.toFixed(1)} s = ${(copied / s).toFixed(0)} rows/s`,
  );
}

/** A loose record type for a table's batch: its own columns, plus the extra ones named. */
async function loadType(table: string, more: string[] = []): Promise<void> {
  const { rows } = await client.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
    [schema, table],
  );
  const cols = [
    ...rows
      .filter((r) => !['tsvector', 'box', 'bytea'].includes(r.data_type))
      .map((r) => `${r.column_name} ${r.data_type}`),
    ...more,
  ];
  await client.query(`CREATE TYPE ${table}_load AS (${cols.join(', ')})`);
}

const t0 = performance.now();
for (const t of ['event_history', 'event_documents']) await loadType(t);
await loadType('documents', ['original_hex text']);
await loadType('claims', ['signature_hex text']);
await loadType('events', ['west float8', 'east float8', 'south float8', 'north float8']);
await copy(
  'documents',
  { search: 'observatory_words(r.text)', original: "decode(r.original_hex, 'hex')" },
  'SELECT t.*, hex(t.original) AS original_hex FROM documents t',
);
await copy(
  'events',
  {
    search:
      "observatory_words(r.notes || ' ' || concat_ws(' ', r.actor1, r.assoc_actor_1, r.actor2, r.assoc_actor_2) || ' ' || concat_ws(' ', r.location, r.admin1, r.country))",
    first_day: 'r.first_day',
    last_day: 'r.last_day',
    reach: 'CASE WHEN r.west IS NULL THEN NULL ELSE box(point(r.east, r.north), point(r.west, r.south)) END',
  },
  `SELECT t.*, x.west, x.east, x.south, x.north, x.first_day, x.last_day
   FROM events t LEFT JOIN events_reach x ON x.id = t.rowid`,
);
await copy(
  'claims',
  { signature: "decode(r.signature_hex, 'hex')" },
  'SELECT t.*, hex(t.signature) AS signature_hex FROM claims t',
);
await copy('event_history');
await copy('event_documents');
for (const t of ['documents', 'claims', 'event_history', 'event_documents', 'events'])
  await client.query(`DROP TYPE ${t}_load`);
const a = performance.now();
await client.query('ANALYZE');
console.log(`ANALYZE in ${((performance.now() - a) / 1000).toFixed(1)} s`);
console.log(`copied into ${schema} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
await client.end();
lite.close();
