import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progress } from './progress.js';

/** A stream that is not a terminal, keeping what is written. */
function sink() {
  const lines: string[] = [];
  return {
    lines,
    stream: { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream,
  };
}

test('off a terminal: one line at each tenth, with the rate and the time left', () => {
  const { lines, stream } = sink();
  let t = 0;
  const p = progress('import', { unit: 'rows', total: 200, stream, delay: 0, now: () => t });
  for (let i = 1; i <= 200; i++) {
    t += 10; // 100 rows a second
    p.update(i, `${i} stored`);
  }
  p.stop();
  assert.equal(lines.length, 9, lines.join(''));
  assert.equal(lines[0], 'import: 10% (20 of 200 rows, 100/s, about 2 s left); 20 stored\n');
  assert.equal(lines[8], 'import: 90% (180 of 200 rows, 100/s, about 1 s left); 180 stored\n');
});

test('a jump past several tenths is one line; a short job says nothing before its delay', () => {
  const { lines, stream } = sink();
  let t = 0;
  const p = progress('ingest', { unit: 'documents', total: 10, stream, delay: 2, now: () => t });
  t = 1000;
  p.update(5);
  assert.equal(lines.length, 0, 'within the delay');
  t = 3000;
  p.update(7);
  assert.deepEqual(lines, ['ingest: 70% (7 of 10 documents, 2/s, about 1 s left)\n']);
});

test('with no total: a line every so often, with the count and the rate', () => {
  const { lines, stream } = sink();
  let t = 0;
  const p = progress('ingest', { unit: 'documents', stream, delay: 0, every: 10, now: () => t });
  for (let i = 1; i <= 50; i++) {
    t += 500;
    p.update(i);
  }
  assert.equal(lines.length, 2);
  assert.equal(lines[0], 'ingest: 20 documents (2/s)\n');
});
