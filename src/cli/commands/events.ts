// `observatory events list | show | merge | split | recluster`: the corroborated events of a record,
// and the analyst's merges and splits, which re-clustering keeps.
import type { Command } from 'commander';
import type { StoredEvent } from '../../store/store.js';
import { addFilterOptions, filterOf, type FilterOptions } from '../filters.js';
import { out } from '../io.js';
import { dateOption, numberOption } from '../options.js';
import { progress, type Progress } from '../progress.js';
import { dbOption, formatOption, notFound, withStore } from '../record.js';
import { table } from '../table.js';

export function addEventsCommand(program: Command): void {
  const events = program
    .command('events')
    .description('Corroborated events: list, show, merge, split, recluster.');
  addList(events);
  addShow(events);
  addMerge(events);
  addSplit(events);
  addRecluster(events);
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

type ListOptions = FilterOptions & {
  db?: string;
  limit: number;
  offset: number;
  sort?: string;
  format: string;
};

function addList(events: Command): void {
  addFilterOptions(
    events
      .command('list')
      .description('List events, newest first (or --sort), under the same filters as the API.')
      .option(...dbOption),
    dateOption,
  )
    .option('--limit <n>', 'at most this many', numberOption(1, 1_000_000, 'a whole number'), 100)
    .option('--offset <n>', 'skip this many first', numberOption(0, 100_000_000, 'a whole number'), 0)
    .option('--sort <field>', 'order by this field (as the API names it), - before it for descending')
    .addOption(formatOption(['table', 'json']))
    .action(async (o: ListOptions) => {
      const page = await withStore(o.db, (s, res) =>
        s.listEvents({ ...filterOf(o, res.gazetteer), limit: o.limit, offset: o.offset, sort: o.sort }),
      );
      if (o.format === 'json') out(`${JSON.stringify(page, null, 2)}\n`);
      else
        out(
          table(EVENT_HEADER, page.events.map(eventRow)) + `${page.events.length} of ${page.total} events\n`,
        );
    });
}

function addShow(events: Command): void {
  events
    .command('show <id>')
    .description('One event with every claim behind it, contested values and history.')
    .option(...dbOption)
    .addOption(formatOption(['table', 'json']))
    .action(async (id: string, o: { db?: string; format: string }) => {
      const e = await withStore(o.db, (s) => s.getEvent(id));
      if (!e) notFound('event', id);
      if (o.format === 'json') return out(`${JSON.stringify(e, null, 2)}\n`);
      out(table(EVENT_HEADER, [eventRow(e)]));
      out(`\nvoices: ${e.voices.map((v) => v.join(' / ')).join('; ')}\n`);
      for (const [field, values] of Object.entries(e.contested))
        out(
          `contested ${field}: ${(values as Array<{ value: unknown; sources: string[] }>).map((v) => `${String(v.value)} (${v.sources.join(', ')})`).join(' vs ')}\n`,
        );
      out('\nclaims:\n');
      out(
        table(
          ['claim', 'document', 'source', 'date', 'location', 'fatalities', 'words'],
          e.claims.map((c) => [c.id, c.documentId, c.root, c.event_date, c.location, c.fatalities, c.notes]),
        ),
      );
      out('\nhistory:\n');
      out(
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
}

function addMerge(events: Command): void {
  events
    .command('merge <target> <other>')
    .description('Merge event OTHER into TARGET; kept when events are re-clustered.')
    .option(...dbOption)
    .option('--by <name>', 'who decides', process.env.USER ?? 'analyst')
    .action(async (target: string, other: string, o: { db?: string; by: string }) => {
      const e = await withStore(o.db, (s) => s.mergeEvents(target, other, o.by));
      out(`merged ${other} into ${e.id}: ${e.claimCount} claims\n`);
    });
}

function addSplit(events: Command): void {
  events
    .command('split <event> <claims...>')
    .description('Move the given claims out of an event into a new one; kept when re-clustered.')
    .option(...dbOption)
    .option('--by <name>', 'who decides', process.env.USER ?? 'analyst')
    .action(async (event: string, claims: string[], o: { db?: string; by: string }) => {
      const e = await withStore(o.db, (s) => s.splitEvent(event, claims, o.by));
      out(`split ${claims.length} claims out of ${event} into ${e.id}\n`);
    });
}

function addRecluster(events: Command): void {
  events
    .command('recluster')
    .description(
      "Rebuild every event from the stored claims (after new rules), keeping analysts' merges and splits.",
    )
    .option(...dbOption)
    .action(async (o: { db?: string }) => {
      let bar: Progress | undefined;
      const r = await withStore(o.db, (s) =>
        s.recluster((done, total) => {
          bar ??= progress('recluster', { unit: 'claims', total });
          bar.update(done);
        }),
      );
      bar?.stop();
      out(`${r.claims} claims in ${r.events} events\n`);
    });
}
