// `observatory tracks list | show`: the movements of groups and convoys rebuilt from the record.
import type { Command } from 'commander';
import type { Resources } from '../../extract/resources.js';
import { featureCollection, trackFeature } from '../../formats/geojson.js';
import type { Agreement, Track } from '../../model/index.js';
import type { Store } from '../../store/store.js';
import { out } from '../io.js';
import { dbOption, formatOption, notFound, withStore } from '../record.js';
import { table } from '../table.js';

/** The tracks and agreements rebuilt from a record's events (shared with `agreements`). */
export async function derived(
  store: Store,
  res: Resources,
): Promise<{ tracks: Track[]; agreements: Agreement[] }> {
  const { tracksAndAgreements } = await import('../../store/derived.js');
  return tracksAndAgreements(store, res.actors);
}

export function addTracksCommand(program: Command): void {
  const tracks = program
    .command('tracks')
    .description('Movements of groups and convoys rebuilt from reports.');
  tracks
    .command('list')
    .option(...dbOption)
    .addOption(formatOption(['table', 'json', 'geojson']))
    .action(async (o: { db?: string; format: string }) => {
      const { tracks: all } = await withStore(o.db, derived);
      if (o.format === 'json') return out(`${JSON.stringify(all, null, 2)}\n`);
      if (o.format === 'geojson') return out(`${JSON.stringify(featureCollection(all.map(trackFeature)))}\n`);
      out(
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
      const { tracks: all } = await withStore(o.db, derived);
      const t = all.find((x) => x.id === id);
      if (!t) notFound('track', id);
      if (o.format === 'json') return out(`${JSON.stringify(t, null, 2)}\n`);
      if (o.format === 'geojson') return out(`${JSON.stringify(trackFeature(t))}\n`);
      showTrack(t);
    });
}

function showTrack(t: Track): void {
  out(
    `${t.mover}: ${t.origin ?? '?'} -> ${t.destination ?? '?'}, ${t.status} (${t.firstSeen} to ${t.lastSeen})\n`,
  );
  out(
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
  for (const g of t.gaps) out(`not observed for ${g.days} days: ${g.after} to ${g.before}\n`);
}
