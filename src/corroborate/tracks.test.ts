import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MovementStatus } from '../model/index.js';
import { buildTracks, UNIDENTIFIED, type MovementClaim } from './tracks.js';

let n = 0;
function seen(
  status: MovementStatus,
  date: string,
  place: [string, number, number, 1 | 2 | 3] | null,
  over: Partial<MovementClaim> & { to?: string; from?: string } = {},
): MovementClaim {
  n++;
  const { to, from, ...rest } = over;
  return {
    id: `cl_${n}`,
    eventId: `ev_${n}`,
    documentId: `doc_${n}`,
    root: 'SOHR',
    event_date: date,
    time_precision: 1,
    actor1: 'Islamic State (Syria)',
    location: place?.[0] ?? '',
    latitude: place?.[1] ?? null,
    longitude: place?.[2] ?? null,
    geo_precision: place?.[3] ?? null,
    details: {
      category: 'movement',
      plover: 'MOBILIZE',
      counts: {},
      fieldEvidence: {},
      movement: { status: [status], ...(to ? { to } : {}), ...(from ? { from } : {}) },
    },
    attribution: [],
    hedged: false,
    evidence: [{ start: 0, end: 4, text: 'left' }],
    ...rest,
  };
}

const QALAMOUN: [string, number, number, 2] = ['Qalamoun', 34.0, 36.5, 2];
const SUKHNA: [string, number, number, 1] = ['As Sukhnah', 34.88, 38.87, 1];
const DEIR: [string, number, number, 3] = ['Deir ez-Zor', 35.33, 40.14, 3];

test('observations of one mover make one journey, in order, with the gaps nobody saw', () => {
  const [t, ...rest] = buildTracks([
    seen('arrived', '2017-09-13', DEIR),
    seen('departed', '2017-08-28', QALAMOUN, { to: 'Deir ez-Zor' }),
    seen('stranded', '2017-08-31', SUKHNA),
    seen('moving', '2017-09-12', SUKHNA),
  ]);
  assert.equal(rest.length, 0);
  assert.deepEqual(
    t!.observations.map((o) => o.status),
    ['departed', 'stranded', 'moving', 'arrived'],
  );
  assert.deepEqual(
    t!.routePlaces.map((p) => p.name),
    ['Qalamoun', 'As Sukhnah', 'Deir ez-Zor'],
    'one vertex for two sightings in one place',
  );
  assert.deepEqual(t!.gaps, [
    { after: '2017-08-28', before: '2017-08-31', days: 3 },
    { after: '2017-08-31', before: '2017-09-12', days: 12 },
  ]);
  assert.equal(t!.destination, 'Deir ez-Zor');
  assert.equal(t!.status, 'arrived');
});

test('a place that only names the destination is not where the convoy was', () => {
  const [t] = buildTracks([seen('moving', '2017-08-28', DEIR, { from: 'Qalamoun', to: 'Deir ez-Zor' })]);
  assert.equal(t!.observations[0]!.place, undefined);
  assert.equal(t!.route, null);
});

test('a report with no mover joins the journey whose places it names; a long silence starts another', () => {
  const tracks = buildTracks([
    seen('departed', '2017-08-28', QALAMOUN, { to: 'Deir ez-Zor' }),
    seen('arrived', '2017-08-30', DEIR, { actor1: '' }),
    seen('departed', '2017-12-01', QALAMOUN, { to: 'Raqqa' }),
    seen('moving', '2017-08-29', ['Elsewhere', 10, 10, 1], { actor1: '', from: 'Nowhere', to: 'Farther' }),
  ]);
  assert.equal(tracks.length, 3);
  assert.deepEqual(
    tracks[0]!.observations.map((o) => o.status),
    ['departed', 'arrived'],
  );
  assert.equal(tracks.find((t) => t.observations[0]!.place?.name === 'Elsewhere')?.mover, UNIDENTIFIED);
});

test('no track where nothing moved: a promised move, or an origin that is its destination', () => {
  const planned = seen('departed', '2016-12-14', ['Aleppo', 36.2, 37.15, 1], { from: 'Aleppo', to: 'Idlib' });
  planned.details.movement!.planned = true;
  assert.deepEqual(buildTracks([planned]), [], '"was to have begun at dawn" is no departure');
  const nowhere = seen('arrived', '2016-12-14', ['Idlib', 35.93, 36.63, 2], { from: 'Idlib', to: 'idlib' });
  assert.deepEqual(buildTracks([nowhere]), [], 'Idlib -> Idlib is no journey');
  const alone = seen('moving', '2016-12-14', ['Idlib', 35.93, 36.63, 2], { actor1: '' });
  assert.deepEqual(buildTracks([alone]), [], 'neither origin nor destination');
  const real = seen('departed', '2016-12-15', ['Aleppo', 36.2, 37.15, 1], { to: 'Idlib' });
  assert.equal(
    buildTracks([real])[0]?.origin,
    'Aleppo',
    'a departure from a place towards another is a track',
  );
});
