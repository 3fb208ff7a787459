import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventRule } from './resources.js';
import { cite, emptySentence, newDraft } from './sentence.js';

const rule: EventRule = {
  id: 'clash',
  pattern: 'clash(?:ed|es)?',
  event_type: 'Battles',
  sub_event_type: 'Armed clash',
  plover: 'FIGHT',
  category: 'battle',
};

test('a new draft starts from its rule, undated at month precision, its triggers cited', () => {
  const t = { rule, span: { start: 0, end: 7, text: 'Clashes' } };
  const f = newDraft([t], t, false, '2020-05-01');
  assert.deepEqual(
    [f.eventType, f.subEventType, f.eventDate, f.timePrecision, f.dateInferred],
    ['Battles', 'Armed clash', '2020-05-01', 3, true],
  );
  assert.deepEqual({ ...f.fieldEvidence }, { event_type: [t.span] });
  assert.equal(f.details.fieldEvidence, f.fieldEvidence, 'details share the field evidence');
  cite(f, 'location', { start: 20, end: 25, text: 'Daraa' });
  assert.deepEqual(
    f.evidence.map((s) => s.text),
    ['Clashes', 'Daraa'],
  );
  assert.deepEqual(
    f.fieldEvidence.location?.map((s) => s.text),
    ['Daraa'],
  );
  assert.deepEqual(emptySentence({ start: 0, end: 1, text: 'x' }).triggers, []);
});
