import { test } from 'node:test';
import assert from 'node:assert/strict';
import { draftFor } from '../../../test/helpers/extract.js';
import { details } from './details.js';
import { roles } from './roles/index.js';

test("a deal's terms: what it gives in return for what", () => {
  const { f } = draftFor(
    'Hezbollah and ISIS reached a deal that saw fighters transported to the east in return for the bodies of soldiers.',
    [roles, details],
  );
  assert.equal(f.details.agreement?.gives, 'fighters transported to the east');
  assert.equal(f.details.agreement?.inReturnFor, 'the bodies of soldiers.'.replace(/\.$/, ''));
});

test('what a strike hit, and who asked for it', () => {
  const { f } = draftFor('Air strikes on bridges near Raqqa, at the request of Russia, cut the road.', [
    details,
  ]);
  assert.equal(f.details.target, 'bridges near Raqqa');
  assert.equal(f.details.requestedBy, 'Russia');
});

test('a claim inside a quotation, and how long it lasted', () => {
  const { f } = draftFor(
    '"Our forces shelled the positions near Saraqib for two days," the commander said.',
    [details],
  );
  assert.equal(f.details.quoted, true);
  assert.deepEqual(f.details.duration, { text: 'for two days', days: 2 });
});

test('where a movement came from and went to', () => {
  const { f } = draftFor('The buses travelled from Homs to Palmyra.', [roles, details]);
  assert.equal(f.details.movement?.from, 'Homs');
  assert.equal(f.details.movement?.to, 'Tadmur');
});
