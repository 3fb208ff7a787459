// `observatory events | tracks | agreements | sources`: the corroborated record in a store,
// listed and shown as a table or JSON, and the analyst's merges, splits and source grades.
import type { Command } from 'commander';
import type { Resources } from '../extract/resources.js';
import type { Agreement, RegisteredSource, Reliability, Track } from '../model/index.js';
import { distance } from 'fastest-levenshtein';
import type { ExportRow, Store, StoredEvent } from '../store/store.js';
import { addFilterOptions, filterOf, type FilterOptions } from './filters.js';
import { progress, type Progress } from './progress.js';
import { featureCollection, trackFeature } from '../formats/geojson.js';
import { choice, choiceOption, numberOption } from './options.js';

export interface RecordHelpers {
  load: () => Resources;
  out: (s: string) => void;
  dateOption: (v: string) => string;
}

/** Columns padded to their widest cell; the last column runs free. */
export function table(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = header.map((_, i) => Math.min(48, Math.max(...cells.map((r) => (r[i] ?? '').length))));
  const clip = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);
  return `${cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : clip(c, widths[i]!).padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

const formatOption = (choices: string[]) =>
  choiceOption('--format <format>', 'output format', choices, 'table');
const dbOption = ['--db <path>', 'database (default: $OBSERVATORY_DB or ./observatory.db)'] as const;

/** A command that reads a record was given a database file that does not exist. */
export class NoRecordError extends Error {
  constructor(readonly path: string) {
    super(
      `no database at ${path}: check the path, or make one with \`observatory ingest FILES --db ${path}\` ` +
        '(or `observatory demo` for the sample record)',
    );
    this.name = 'NoRecordError';
  }
}

/**
 * The store at --db (or $OBSERVATORY_DB), migrated, with the shipped sources registered. With
 * `mustExist`, a database file that is not there is refused rather than made empty: a typo in a
 * path must not read as "no events".
 */
export async function openRecord(
  res: Resources,
  db: string | undefined,
  opts: { mustExist?: boolean } = {},
): Promise<Store> {
  const { openStore, resolveDb, isPostgres } = await import('../store/open.js');
  const location = resolveDb(db);
  if (opts.mustExist && !isPostgres(location)) {
    const { existsSync } = await import('node:fs');
    if (!existsSync(location)) throw new NoRecordError(location);
  }
  const { registryEntries } = await import('../corroborate/sources.js');
  return openStore(location, { sources: registryEntries(res.sources) });
}

async function withStore<T>(
  h: RecordHelpers,
  db: string | undefined,
  fn: (s: Store, r: Resources) => Promise<T>,
) {
  const res = h.load();
  const store = await openRecord(res, db, { mustExist: true });
  try {
    return await fn(store, res);
  } finally {
    await store.close();
  }
}

function eventRow(e: StoredEvent) {
  return [
    e.id,
    e.event_date,
    e.sub_event_type,
    [e.location, e.country].filter(Boolean).join(', ') || '(unplaced)',
    e.actor1,
    e.fatalitiesRange && e.fatalitiesRange[0] !== e.fatalitiesRange[1]
      ? `${e.fatalities} (${e.fatalitiesRange[0]}-${e.fatalitiesRange[1]})`
      : e.fatalities,
    e.claimCount,
    e.credibility,
    Object.keys(e.contested).join(',') || '',
  ];
}
const EVENT_HEADER = [
  'id',
  'date',
  'sub_event_type',
  'location',
  'actor1',
  'fatalities',
  'claims',
  'cred',
  'contested',
];

async function derived(store: Store, res: Resources): Promise<{ tracks: Track[]; agreements: Agreement[] }> {
  const { tracksAndAgreements } = await import('../store/derived.js');
  return tracksAndAgreements(store, res.actors);
}

function notFound(what: string, id: string): never {
  process.stderr.write(`observatory: no ${what} ${id}\n`);
  process.exit(1);
}

export function addRecordCommands(program: Command, h: RecordHelpers): void {
  const events = program
    .command('events')
    .description('Corroborated events: list, show, merge, split, recluster.');
  addFilterOptions(
    events
      .command('list')
      .description('List events, newest first (or --sort), under the same filters as the API.')
      .option(...dbOption),
    h.dateOption,
  )
    .option('--limit <n>', 'at most this many', numberOption(1, 1_000_000, 'a whole number'), 100)
    .option('--offset <n>', 'skip this many first', numberOption(0, 100_000_000, 'a whole number'), 0)
    .option('--sort <field>', 'order by this field (as the API names it), - before it for descending')
    .addOption(formatOption(['table', 'json']))
    .action(
      async (
        o: FilterOptions & { db?: string; limit: number; offset: number; sort?: string; format: string },
      ) => {
        const page = await withStore(h, o.db, (s, res) =>
          s.listEvents({ ...filterOf(o, res.gazetteer), limit: o.limit, offset: o.offset, sort: o.sort }),
        );
        if (o.format === 'json') h.out(`${JSON.stringify(page, null, 2)}\n`);
        else
          h.out(
            table(EVENT_HEADER, page.events.map(eventRow)) +
              `${page.events.length} of ${page.total} events\n`,
          );
      },
    );
  events
    .command('show <id>')
    .description('One event with every claim behind it, contested values and history.')
    .option(...dbOption)
    .addOption(formatOption(['table', 'json']))
    .action(async (id: string, o: { db?: string; format: string }) => {
      const e = await withStore(h, o.db, (s) => s.getEvent(id));
      if (!e) notFound('event', id);
      if (o.format === 'json') return h.out(`${JSON.stringify(e, null, 2)}\n`);
      h.out(table(EVENT_HEADER, [eventRow(e)]));
      h.out(`\nvoices: ${e.voices.map((v) => v.join(' / ')).join('; ')}\n`);
      for (const [field, values] of Object.entries(e.contested))
        h.out(
          `contested ${field}: ${(values as Array<{ value: unknown; sources: string[] }>).map((v) => `${String(v.value)} (${v.sources.join(', ')})`).join(' vs ')}\n`,
        );
      h.out('\nclaims:\n');
      h.out(
        table(
          ['claim', 'document', 'source', 'date', 'location', 'fatalities', 'words'],
          e.claims.map((c) => [c.id, c.documentId, c.root, c.event_date, c.location, c.fatalities, c.notes]),
        ),
      );
      h.out('\nhistory:\n');
      h.out(
        table(
          ['version', 'at', 'action', 'by', 'changes'],
          e.history.map((x) => [
            x.version,
            x.at,
            x.action,
            x.by ?? x.documentId ?? '',
            JSON.stringify(x.changes),
          ]),
        ),
      );
    });
  events
    .command('merge <target> <other>')
    .description('Merge event OTHER into TARGET; kept when events are re-clustered.')
    .option(...dbOption)
    .option('--by <name>', 'who decides', process.env.USER ?? 'analyst')
    .action(async (target: string, other: string, o: { db?: string; by: string }) => {
      const e = await withStore(h, o.db, (s) => s.mergeEvents(target, other, o.by));
      h.out(`merged ${other} into ${e.id}: ${e.claimCount} claims\n`);
    });
  events
    .command('split <event> <claims...>')
    .description('Move the given claims out of an event into a new one; kept when re-clustered.')
    .option(...dbOption)
    .option('--by <name>', 'who decides', process.env.USER ?? 'analyst')
    .action(async (event: string, claims: string[], o: { db?: string; by: string }) => {
      const e = await withStore(h, o.db, (s) => s.splitEvent(event, claims, o.by));
      h.out(`split ${claims.length} claims out of ${event} into ${e.id}\n`);
    });
  events
    .command('recluster')
    .description(
      "Rebuild every event from the stored claims (after new rules), keeping analysts' merges and splits.",
    )
    .option(...dbOption)
    .action(async (o: { db?: string }) => {
      let bar: Progress | undefined;
      const r = await withStore(h, o.db, (s) =>
        s.recluster((done, total) => {
          bar ??= progress('recluster', { unit: 'claims', total });
          bar.update(done);
        }),
      );
      bar?.stop();
      h.out(`${r.claims} claims in ${r.events} events\n`);
    });

  addFilterOptions(
    program
      .command('export')
      .description(
        'Write the stored events as ACLED CSV, GeoJSON or HXL CSV, in constant memory (rejected events only with --review).',
      )
      .option(...dbOption)
      .addOption(choiceOption('--format <format>', 'output format', ['acled', 'geojson', 'hxl'], 'acled'))
      .option('--output <file>', 'write here (written whole, then renamed into place) instead of stdout')
      .option(
        '--raw',
        "CSV cells exactly as stored: without it a cell starting with = + - @, a tab or CR gets a leading ' so that no spreadsheet runs it",
      ),
    h.dateOption,
  ).action(
    async (
      o: FilterOptions & { db?: string; raw?: boolean; format: 'acled' | 'geojson' | 'hxl'; output?: string },
    ) => {
      const { exportChunks } = await import('../server/export.js');
      await withStore(h, o.db, async (s, res) => {
        const filter = filterOf(o, res.gazetteer);
        if (!o.output) {
          for await (const c of exportChunks(s.exportRows(filter), o.format, { raw: o.raw }))
            if (!process.stdout.write(c)) await new Promise((r) => process.stdout.once('drain', r));
          return;
        }
        // To a file, the rows written are told as they go, against the count when it is exact.
        const page = await s.listEvents({ ...filter, limit: 1 });
        const bar = progress(`export ${o.output}`, {
          unit: 'events',
          total: page.totalExact ? page.total : undefined,
        });
        let written = 0;
        const counted = async function* (batches: AsyncIterable<ExportRow[]>) {
          for await (const rows of batches) {
            yield rows;
            written += rows.length;
            bar.update(written);
          }
        };
        const chunks = exportChunks(counted(s.exportRows(filter)), o.format, { raw: o.raw });
        // An interrupted export leaves no half-written file: write beside it, then rename.
        const { createWriteStream, renameSync, rmSync } = await import('node:fs');
        const { pipeline } = await import('node:stream/promises');
        const { Readable } = await import('node:stream');
        const partial = `${o.output}.partial-${process.pid}`;
        try {
          await pipeline(Readable.from(chunks), createWriteStream(partial));
          renameSync(partial, o.output);
          bar.stop();
          process.stderr.write(`exported ${written} events to ${o.output}\n`);
        } catch (e) {
          rmSync(partial, { force: true });
          throw e;
        }
      });
    },
  );

  const tracks = program
    .command('tracks')
    .description('Movements of groups and convoys rebuilt from reports.');
  tracks
    .command('list')
    .option(...dbOption)
    .addOption(formatOption(['table', 'json', 'geojson']))
    .action(async (o: { db?: string; format: string }) => {
      const { tracks: all } = await withStore(h, o.db, derived);
      if (o.format === 'json') return h.out(`${JSON.stringify(all, null, 2)}\n`);
      if (o.format === 'geojson')
        return h.out(`${JSON.stringify(featureCollection(all.map(trackFeature)))}\n`);
      h.out(
        table(
          ['id', 'mover', 'from', 'to', 'status', 'first seen', 'last seen', 'route'],
          all.map((t) => [
            t.id,
            t.mover,
            t.origin,
            t.destination,
            t.status,
            t.firstSeen,
            t.lastSeen,
            t.routePlaces.map((p) => p.name).join(' -> '),
          ]),
        ),
      );
    });
  tracks
    .command('show <id>')
    .option(...dbOption)
    .addOption(formatOption(['table', 'json', 'geojson']))
    .action(async (id: string, o: { db?: string; format: string }) => {
      const { tracks: all } = await withStore(h, o.db, derived);
      const t = all.find((x) => x.id === id);
      if (!t) notFound('track', id);
      if (o.format === 'json') return h.out(`${JSON.stringify(t, null, 2)}\n`);
      if (o.format === 'geojson') return h.out(`${JSON.stringify(trackFeature(t))}\n`);
      h.out(
        `${t.mover}: ${t.origin ?? '?'} -> ${t.destination ?? '?'}, ${t.status} (${t.firstSeen} to ${t.lastSeen})\n`,
      );
      h.out(
        table(
          ['status', 'date', 'window', 'place', 'precision', 'sources', 'event'],
          t.observations.map((x) => [
            x.status,
            x.date,
            `${x.earliest}..${x.latest}`,
            x.place?.name ?? '(not placed)',
            x.place?.geoPrecision,
            x.sources.join(', '),
            x.eventId,
          ]),
        ),
      );
      for (const g of t.gaps) h.out(`not observed for ${g.days} days: ${g.after} to ${g.before}\n`);
    });

  const agreements = program
    .command('agreements')
    .description('Deals: parties, brokers, terms and what came of them.');
  agreements
    .command('list')
    .option(...dbOption)
    .addOption(formatOption(['table', 'json']))
    .action(async (o: { db?: string; format: string }) => {
      const { agreements: all } = await withStore(h, o.db, derived);
      if (o.format === 'json') return h.out(`${JSON.stringify(all, null, 2)}\n`);
      h.out(
        table(
          ['id', 'date', 'parties', 'brokers', 'terms', 'fulfilment'],
          all.map((a) => [
            a.id,
            a.date,
            a.parties.join('; '),
            a.brokers.join('; '),
            termsText(a),
            fulfilmentText(a),
          ]),
        ),
      );
    });
  agreements
    .command('show <id>')
    .option(...dbOption)
    .addOption(formatOption(['table', 'json']))
    .action(async (id: string, o: { db?: string; format: string }) => {
      const { agreements: all } = await withStore(h, o.db, derived);
      const a = all.find((x) => x.id === id);
      if (!a) notFound('agreement', id);
      if (o.format === 'json') return h.out(`${JSON.stringify(a, null, 2)}\n`);
      h.out(
        `${a.date} ${a.location}: ${a.parties.join(' and ')}${a.brokers.length ? `, brokered by ${a.brokers.join(', ')}` : ''}\n`,
      );
      h.out(
        `terms: ${termsText(a) || '(not stated)'}\nsources: ${a.sources.join(', ')}\nfulfilment: ${fulfilmentText(a) || 'nothing reported yet'}\n`,
      );
      if (a.reached)
        h.out(
          `reached: ${a.reached.date}${a.reached.timePrecision > 1 ? ' (day of the report)' : ''} (${a.reached.sources.join(', ')})\n`,
        );
      if (a.status) h.out(`status: ${a.status}\n`);
      if (a.clauses?.length)
        h.out(
          table(
            ['term', 'from', 'to', 'for', 'people', 'vehicles', 'documents'],
            a.clauses.map((c) => [
              c.kind,
              c.from,
              c.to,
              c.forWhat,
              c.people &&
                (c.people.low === c.people.high ? c.people.best : `${c.people.low}-${c.people.high}`),
              c.vehicles?.best,
              c.documentIds.length,
            ]),
          ),
        );
      if (a.life?.length)
        h.out(
          `life:\n${table(
            ['date', 'step', 'by', 'source', 'words'],
            a.life.map((o) => [
              o.timePrecision > 1 ? `${o.date} (report day)` : o.date,
              o.status,
              o.by,
              o.source,
              o.evidence.map((e) => e.text).join(' / '),
            ]),
          )}`,
        );
      for (const c of a.contested?.status ?? [])
        h.out(`contested: ${c.value} says ${c.sources.join(', ')}\n`);
    });

  const sources = program
    .command('sources')
    .description('The source registry and its reliability grades (A-F).');
  sources
    .command('list')
    .description(
      'Every source the record knows: the shipped registry and every outlet its reports name, with counts.',
    )
    .option(...dbOption)
    .addOption(formatOption(['table', 'json']))
    .action(async (o: { db?: string; format: string }) => {
      const all = await withStore(h, o.db, (s) => s.listSources());
      if (o.format === 'json') return h.out(`${JSON.stringify(all, null, 2)}\n`);
      h.out(
        table(
          ['name', 'kind', 'country', 'reports', 'last seen', 'grade', 'graded by', 'at'],
          all.map((s) => [
            s.name,
            s.kind,
            s.country,
            s.reports ?? 0,
            s.lastSeen,
            s.reliability,
            s.gradedBy,
            s.gradedAt,
          ]),
        ),
      );
    });
  sources
    .command('grade')
    .description(
      "Set a source's reliability: A (completely reliable) ... E (unreliable), F (cannot be judged).",
    )
    .argument('<name>', 'the source, by its name or any alias')
    .argument('<grade>', 'A-F (any case)', choice(GRADES))
    .option(...dbOption)
    .option('--by <name>', 'who grades', process.env.USER ?? 'analyst')
    .option('--new', 'add the source to the registry if it has never been seen')
    .action(async (name: string, grade: Reliability, o: { db?: string; by: string; new?: boolean }) => {
      const s = await withStore(h, o.db, async (st) => {
        if (!o.new) {
          const known = await st.listSources();
          if (!findSource(known, name)) throw new UnknownSourceError(name, nearestSources(known, name));
        }
        return st.gradeSource(name, grade, o.by);
      });
      h.out(`${s.name}: ${s.reliability}\n`);
    });
}

const GRADES: readonly Reliability[] = ['A', 'B', 'C', 'D', 'E', 'F'];

/** The registered source a name (or one of its aliases) means, whatever its case. */
export function findSource(known: RegisteredSource[], name: string): RegisteredSource | undefined {
  const key = name.trim().toLowerCase();
  return known.find((s) => [s.name, ...s.aliases].some((n) => n.toLowerCase() === key));
}

/** Up to `k` registered names nearest to `name` (by edit distance, a shared prefix first). */
export function nearestSources(known: RegisteredSource[], name: string, k = 3): string[] {
  const key = name.trim().toLowerCase();
  const scored = known.map((s) => {
    const d = Math.min(
      ...[s.name, ...s.aliases].map((n) => {
        const m = n.toLowerCase();
        return m.startsWith(key) || key.startsWith(m) ? 0.5 : distance(m, key);
      }),
    );
    return { name: s.name, d };
  });
  return scored
    .filter((x) => x.d <= Math.max(2, key.length / 2))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, k)
    .map((x) => x.name);
}

/** Grading a name the registry has never seen: a typo, most likely. */
export class UnknownSourceError extends Error {
  constructor(name: string, nearest: string[]) {
    super(
      `no source "${name}" in the registry` +
        (nearest.length ? `; did you mean ${nearest.map((n) => `"${n}"`).join(', ')}?` : '') +
        ` Pass --new to add "${name}" and grade it.`,
    );
    this.name = 'UnknownSourceError';
  }
}

function termsText(a: Agreement): string {
  const t = a.terms;
  return [
    t.gives && `${t.gives}`,
    t.inReturnFor && `in return for ${t.inReturnFor}`,
    t.peopleMoved !== undefined && `${t.peopleMoved} people`,
    t.vehicles !== undefined && `${t.vehicles} vehicles`,
  ]
    .filter(Boolean)
    .join('; ');
}

function fulfilmentText(a: Agreement): string {
  return a.fulfilment
    .map(
      (f) =>
        `${f.mover}${f.origin || f.destination ? ` (${f.origin ?? '?'} -> ${f.destination ?? '?'})` : ''} ${f.status} ${f.lastSeen}${f.status === 'arrived' ? (f.vehiclesArrived === null ? ', vehicles arrived unknown' : `, ${f.vehiclesArrived} vehicles arrived`) : ''}`,
    )
    .join('; ');
}
