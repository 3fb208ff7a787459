// From a solved draft to a finding, and from a merged finding to the event printed: the
// extraction JSON contract's fields, each resting on its words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extract } from './extract.js';
import { loadResources } from './resources.js';
import { toEvent } from './to-claim.js';

const res = loadResources();

test('a finding carries its sentence as notes, its evidence sorted and deduplicated', () => {
  const text = 'Turkish drones struck a car near Qamishli on Monday, killing two fighters, SOHR said.';
  const [c] = extract({ id: 'doc-1', text, published: '2020-05-01', source: 'AFP' }, res).claims;
  assert.equal(c!.docId, 'doc-1');
  assert.equal(c!.notes, text);
  assert.deepEqual(
    c!.evidence.map((s) => s.start),
    [...c!.evidence.map((s) => s.start)].sort((a, b) => a - b),
  );
  for (const s of c!.evidence) assert.equal(text.slice(s.start, s.end), s.text);
  assert.deepEqual(c!.attribution, [{ source: 'SOHR', via: ['AFP'], span: c!.attribution[0]!.span }]);
});

test('a long sentence is cut to 500 characters of notes', () => {
  const text = `Clashes broke out near Daraa ${'and went on '.repeat(60)}.`;
  const [c] = extract({ id: 't', text, published: '2020-05-01' }, res).claims;
  assert.equal(c!.notes.length, 500);
  assert.ok(c!.notes.endsWith('...'));
});

test('the printed event: ACLED columns, interaction, location, sources named', () => {
  const text = 'Protesters rallied in Beirut on Friday against the banks, Naharnet reported.';
  const r = extract({ id: 't', text, published: '2020-05-01', source: 'Reuters' }, res);
  const e = toEvent(r.claims[0]!, res);
  assert.deepEqual(
    [
      e.event_type,
      e.sub_event_type,
      e.actor1,
      e.inter1,
      e.interaction,
      e.country,
      e.location,
      e.geo_precision,
    ],
    ['Protests', 'Peaceful protest', 'Protesters (Lebanon)', 6, 60, 'Lebanon', 'Beirut', 1],
  );
  assert.equal(e.source, 'Naharnet; Reuters');
  assert.equal(e.plover, 'PROTEST');
  assert.equal(e.event_date, '2020-05-01');
});
