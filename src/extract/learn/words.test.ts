import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hash, stem, words } from './words.js';

test('stems, numbers as #, offsets into the document', () => {
  const ws = words('Gunmen killed 3 villagers.', 100);
  assert.deepEqual(
    ws.map((w) => w.stem),
    ['gunmen', 'kill', '#', 'villag'],
  );
  assert.deepEqual([ws[1]!.start, ws[1]!.end], [107, 113]);
  assert.equal(stem('protesters'), stem('protester'));
});

test('dates and bracketed notes are not words a model reads', () => {
  assert.deepEqual(
    words('On 2 May 2020, protesters rallied on Monday in March. [size=no report]').map((w) => w.stem),
    ['protest', 'ralli'],
  );
  assert.deepEqual(
    words('Around 29 April 2020 (between 28 April - 30 April), militiamen raped women.').map((w) => w.stem),
    ['militiamen', 'rape', 'women'],
  );
  assert.deepEqual(
    words('The March 8 movement may protest in 2019, on 3 May or May 4.').map((w) => w.stem),
    ['the', 'movement', 'mai', 'protest', 'or'],
  );
});

test('hashes are stable 32-bit ids', () => {
  assert.equal(hash('w:kill'), hash('w:kill'));
  assert.notEqual(hash('w:kill'), hash('w:kil'));
  assert.ok(hash('x') >= 0 && hash('x') < 2 ** 32);
});
