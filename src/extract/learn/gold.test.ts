import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byNote, readGold } from './gold.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-gold-'));
const header =
  'event_date,event_type,sub_event_type,actor1,actor2,country,latitude,longitude,fatalities,source,notes';

test('bad rows are reported by file:line and left out; the rest is used', () => {
  const file = join(dir, 'gold.csv');
  writeFileSync(
    file,
    [
      header,
      '3-May-21,Battles,Armed clash,Rebels,Army,Testland,1.5,2.5,2,Wire,"On 3 May, rebels and the army fought near the dam."',
      '3-May-21,Battles,Peaceful protest,,,Testland,,,0,Wire,A wrong pairing of type and sub-type.',
      '31-Feb-21,Protests,Peaceful protest,,,Testland,,,0,Wire,An impossible date.',
      '4-May-21,Riots,Mob violence,,,Testland,,,x,Wire,A count that is not one.',
      '4-May-21,Riots,Mob violence,,,Testland,,,0,Wire,',
      '2021-05-04,Protests,Peaceful protest,Protesters (Testland),,Testland,,,0,Wire,"On 4 May, teachers marched\nto the ministry."',
    ].join('\n'),
  );
  const g = readGold(file);
  assert.equal(g.rows.length, 2);
  assert.deepEqual(
    g.errors.map((e) => e.replace(file, 'F')),
    [
      'F:3: "Peaceful protest" is not a sub-event type of Battles; row left out',
      'F:4: event_date "31-Feb-21" is not a date; row left out',
      'F:5: fatalities "x" is not a count; row left out',
      'F:6: no notes; row left out',
    ],
  );
  assert.equal(g.rows[1]!.where, `${file}:7`, 'a quoted newline does not shift later lines');
  assert.equal(g.rows[0]!.latitude, 1.5);
  assert.equal(g.rows[1]!.latitude, null);
});

test('a file without the columns training needs is refused whole', () => {
  const file = join(dir, 'other.csv');
  writeFileSync(file, 'a,b\n1,2\n');
  assert.throws(() => readGold(file), /no notes, event_date, event_type, sub_event_type columns/);
  assert.throws(() => readGold(join(dir, 'none.csv')), /cannot be read/);
});

test('rows of one note are one training item', () => {
  const file = join(dir, 'two.csv');
  writeFileSync(
    file,
    [
      header,
      '3-May-21,Battles,Armed clash,A,B,T,,,0,W,Same note.',
      '3-May-21,Battles,Armed clash,C,D,T,,,0,W,Same note.',
    ].join('\n'),
  );
  const notes = byNote(readGold(file).rows);
  assert.equal(notes.length, 1);
  assert.equal(notes[0]!.rows.length, 2);
});
