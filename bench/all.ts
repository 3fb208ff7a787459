// Every benchmark, one after another, each in a process of its own, and their figures appended to
// bench/RESULTS.md under the machine, the date and the commands: `npm run bench`. The 1M-event
// SQLite store is built once (bench/cluster.ts, fixed seed) and reused; the PostgreSQL parts (the
// same events copied in, their queries, workers, load) run when the server answers
// (OBSERVATORY_TEST_PG or 127.0.0.1:5432/test); a synthetic corpus of
// 100,000 reports (bench/corpus.ts, fixed seed) is generated and ingested. BENCH_QUICK=1 runs at
// 100,000 events and 10,000 reports for a first look.
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = !!process.env.BENCH_QUICK;
const events = quick ? 100_000 : 1_000_000;
const env = { ...process.env, BENCH_EVENTS: String(events) };

async function step(label: string, script: string, extra: Record<string, string> = {}): Promise<string> {
  process.stdout.write(
    `\n== ${label}: node --import tsx bench/${script} ${Object.entries(extra)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
  const t0 = performance.now();
  const out = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('bench', script)], {
      cwd: root,
      env: { ...env, ...extra },
    });
    const chunks: string[] = [];
    const keep = (d: Buffer) => {
      process.stdout.write(d);
      chunks.push(d.toString());
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code) => resolve(`${chunks.join('').trim()}${code ? `\n(exited ${code})` : ''}`));
  });
  const lines = out
    .split('\n')
    .filter((l) => !/DeprecationWarning|trace-deprecation|^\s*$/.test(l))
    .join('\n');
  return `### ${label}\n\n\`${['npm run bench:' + script.replace('.ts', ''), ...Object.entries(extra).map(([k, v]) => `${k}=${v}`)].join(' ')}\` (${((performance.now() - t0) / 1000).toFixed(0)} s)\n\n\`\`\`\n${lines}\n\`\`\`\n`;
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: process.env.OBSERVATORY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    return 'unknown';
  }
}

// BENCH_ONLY=load,pg (any of pipeline, cluster, corpus, queries, export, load, pg) runs those alone.
const only = process.env.BENCH_ONLY?.split(',');
const runs = (group: string) => !only || only.includes(group);
const sections: string[] = [];
if (runs('pipeline'))
  sections.push(
    await step('Pipeline: documents per second on one core, with a baseline in the same run', 'pipeline.ts'),
  );
if (runs('cluster'))
  sections.push(
    await step(
      `Bulk insert and incremental clustering at ${events.toLocaleString('en')} events`,
      'cluster.ts',
    ),
  );
if (runs('corpus'))
  sections.push(
    await step(`A synthetic corpus of ${quick ? '10,000' : '100,000'} reports, ingested`, 'corpus.ts', {
      BENCH_DOCS: quick ? '10000' : '100000',
    }),
  );
if (runs('queries'))
  sections.push(await step(`Query latency at ${events.toLocaleString('en')} events (SQLite)`, 'queries.ts'));
if (runs('export'))
  sections.push(
    await step(`Export of ${events.toLocaleString('en')} events, ACLED CSV`, 'export.ts', {
      BENCH_FORMAT: 'acled',
    }),
  );
const sqliteDb = join(tmpdir(), `obs-bench-cluster-${events}.db`);
const loads: Record<string, [string, Record<string, string>]> = {
  full: ['pages of 100 full events, every request a new box and window', {}],
  full2: [
    'pages of 100 full events, every request a new box and window, 2 server processes',
    { BENCH_WORKERS: '2' },
  ],
  web: [
    "the workspace's list (200 events, 7 fields), every request a new box and window",
    { BENCH_FIELDS: 'web' },
  ],
  web2: [
    "the workspace's list (200 events, 7 fields), every request a new box and window, 2 server processes",
    { BENCH_FIELDS: 'web', BENCH_WORKERS: '2' },
  ],
  warm: [
    'pages of 100 full events, 500 views asked in Zipf proportions, each asked once before',
    { BENCH_VIEWS: '500' },
  ],
  cold: [
    'pages of 100 full events, 500 views asked in Zipf proportions, from cold',
    { BENCH_VIEWS: '500', BENCH_WARM: '0' },
  ],
};
const load = (engine: string, db: string, [what, extra]: [string, Record<string, string>]) =>
  step(`Load on ${engine}: the map list at 1,000 requests/s for 60 s; ${what}`, 'load.ts', {
    BENCH_DB: db,
    BENCH_RATE: '1000',
    BENCH_SECONDS: '60',
    ...extra,
  });
if (runs('load')) for (const l of Object.values(loads)) sections.push(await load('SQLite', sqliteDb, l));
if (runs('pg') && (await postgresAnswers())) {
  const pgDb = `${process.env.OBSERVATORY_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test'}?schema=bench_1m`;
  sections.push(
    await step(
      `Bulk insert into PostgreSQL: the ${events.toLocaleString('en')} events copied`,
      'pg-fill.ts',
      {
        BENCH_PG: pgDb,
      },
    ),
  );
  sections.push(
    await step(`Query latency at ${events.toLocaleString('en')} events (PostgreSQL)`, 'queries.ts', {
      BENCH_DB: pgDb,
    }),
  );
  sections.push(await step('Workers on PostgreSQL: 1 and 8', 'workers.ts'));
  for (const l of [loads.full!, loads.web2!, loads.warm!])
    sections.push(await load(`PostgreSQL (${events.toLocaleString('en')} events)`, pgDb, l));
} else if (runs('pg')) sections.push('### PostgreSQL\n\nNot run: no server answered.\n');

const header = `## npm run bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n\nMachine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; commit \`${commit()}\`. Each step ran in a process of its own, one after another${only ? ` (only ${only.join(', ')})` : ''}.\n`;
appendFileSync(join(root, 'bench', 'RESULTS.md'), `\n${header}\n${sections.join('\n')}`);
console.log('\nappended to bench/RESULTS.md');
