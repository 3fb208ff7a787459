// `observatory agreements list | show`: deals rebuilt from the record, with their parties,
// brokers, terms, dated life and what came of them.
import type { Command } from 'commander';
import type { Agreement } from '../../model/index.js';
import { out } from '../io.js';
import { dbOption, formatOption, notFound, withStore } from '../record.js';
import { table } from '../table.js';
import { derived } from './tracks.js';

export function addAgreementsCommand(program: Command): void {
  const agreements = program
    .command('agreements')
    .description('Deals: parties, brokers, terms and what came of them.');
  agreements
    .command('list')
    .option(...dbOption)
    .addOption(formatOption(['table', 'json']))
    .action(async (o: { db?: string; format: string }) => {
      const { agreements: all } = await withStore(o.db, derived);
      if (o.format === 'json') return out(`${JSON.stringify(all, null, 2)}\n`);
      out(
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
      const { agreements: all } = await withStore(o.db, derived);
      const a = all.find((x) => x.id === id);
      if (!a) notFound('agreement', id);
      if (o.format === 'json') return out(`${JSON.stringify(a, null, 2)}\n`);
      showAgreement(a);
    });
}

function showAgreement(a: Agreement): void {
  out(
    `${a.date} ${a.location}: ${a.parties.join(' and ')}${a.brokers.length ? `, brokered by ${a.brokers.join(', ')}` : ''}\n`,
  );
  out(
    `terms: ${termsText(a) || '(not stated)'}\nsources: ${a.sources.join(', ')}\nfulfilment: ${fulfilmentText(a) || 'nothing reported yet'}\n`,
  );
  if (a.reached)
    out(
      `reached: ${a.reached.date}${a.reached.timePrecision > 1 ? ' (day of the report)' : ''} (${a.reached.sources.join(', ')})\n`,
    );
  if (a.status) out(`status: ${a.status}\n`);
  if (a.clauses?.length)
    out(
      table(
        ['term', 'from', 'to', 'for', 'people', 'vehicles', 'documents'],
        a.clauses.map((c) => [
          c.kind,
          c.from,
          c.to,
          c.forWhat,
          c.people && (c.people.low === c.people.high ? c.people.best : `${c.people.low}-${c.people.high}`),
          c.vehicles?.best,
          c.documentIds.length,
        ]),
      ),
    );
  if (a.life?.length)
    out(
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
  for (const c of a.contested?.status ?? []) out(`contested: ${c.value} says ${c.sources.join(', ')}\n`);
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
