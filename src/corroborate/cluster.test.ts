import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate, ClaimRecord } from './cluster.js';
import { chooseEvent, explicitDay, matchScore, reach } from './cluster.js';
import { placeNames, signature } from './text.js';
import { makeEvent } from '../../test/store-contract.js';

function claim(over: Partial<ClaimRecord> = {}): ClaimRecord {
  const notes = over.notes ?? 'Regime forces clashed with HTS near Saraqib.';
  return {
    ...makeEvent({ fatalities: 0, notes, source: '', evidence: [], attribution: [] }),
    details: { category: 'battle', plover: 'ASSAULT', counts: {}, fieldEvidence: {} },
    id: 'cl_new',
    documentId: 'doc_new',
    root: 'AFP',
    signature: signature(notes),
    names: placeNames(notes),
    ...over,
  };
}

function event(c: ClaimRecord, id = 'ev_old'): Candidate {
  return {
    id,
    event_type: c.event_type,
    sub_event_type: c.sub_event_type,
    event_date: c.event_date,
    time_precision: c.time_precision,
    latitude: c.latitude,
    longitude: c.longitude,
    geo_precision: c.geo_precision,
    country: c.country,
    actors: [c.actor1, c.actor2].filter(Boolean),
    claims: [
      {
        id: `cl_${id}`,
        documentId: `doc_${id}`,
        root: c.root,
        signature: c.signature,
        names: c.names,
        day: explicitDay(c),
      },
    ],
  };
}

const stored = event(
  claim({ root: 'SOHR', notes: 'Clashes between regime forces and HTS near Saraqib killed four.' }),
);

test('a report of the same clash joins it; one out of reach in time, place or kind does not', () => {
  assert.ok(chooseEvent(claim(), [stored]), 'same day, place, actors');
  assert.equal(
    matchScore(claim({ event_date: '2020-04-25' }), stored),
    null,
    'three days off at day precision',
  );
  assert.notEqual(
    matchScore(claim({ event_date: '2020-04-25', time_precision: 2 }), stored),
    null,
    'a week-precise date reaches it',
  );
  assert.equal(
    matchScore(claim({ latitude: 35.33, longitude: 40.14 }), stored),
    null,
    'Deir ez-Zor is 300 km away',
  );
  assert.equal(
    matchScore(claim({ event_type: 'Protests', sub_event_type: 'Peaceful protest' }), stored),
    null,
  );
  assert.equal(
    matchScore(claim({ documentId: 'doc_ev_old' }), stored),
    null,
    'a document does not corroborate itself',
  );
  assert.equal(
    matchScore(claim(), stored, (a, b) => a === 'cl_new' && b === 'cl_ev_old'),
    null,
    'an analyst kept them apart',
  );
});

test('reports that each give a day, and different days, are different events', () => {
  const dated = (d: string) =>
    claim({
      event_date: d,
      details: {
        category: 'battle',
        plover: 'ASSAULT',
        counts: {},
        fieldEvidence: { event_date: [{ start: 3, end: 13, text: d }] },
      },
    });
  const monday = event(dated('2020-04-27'));
  assert.equal(matchScore(dated('2020-04-28'), monday), null);
  assert.notEqual(
    matchScore(claim({ event_date: '2020-04-28' }), monday),
    null,
    'an undated report still may be',
  );
});

test('other actors in other words at the same place and day are another event', () => {
  const other = claim({
    actor1: 'Military Forces of Turkey (2016-)',
    actor2: 'QSD: Syrian Democratic Forces',
    notes: 'Turkish troops and SDF fighters exchanged fire outside the town.',
  });
  assert.equal(chooseEvent(other, [stored]), null);
});

test('an unplaced claim joins only an event whose words it shares', () => {
  const unplaced = claim({
    latitude: null,
    longitude: null,
    geo_precision: null,
    notes: 'Fighting was reported.',
  });
  assert.equal(chooseEvent(unplaced, [stored]), null);
  const copied = claim({
    latitude: null,
    longitude: null,
    geo_precision: null,
    notes: 'Clashes between regime forces and HTS near Saraqib killed four.',
  });
  assert.ok(chooseEvent(copied, [stored]));
});

test('reach widens a point and a day by the precision they carry', () => {
  const precise = reach(claim())!;
  const vague = reach(claim({ geo_precision: 3, time_precision: 3 }))!;
  assert.ok(vague.east - vague.west > 20 * (precise.east - precise.west));
  assert.equal(precise.to - precise.from, 2);
  assert.equal(vague.to - vague.from, 62);
  assert.equal(reach(claim({ latitude: null, longitude: null })), null);
});
