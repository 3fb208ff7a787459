import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSentences } from './sentences.js';

test('every sentence span equals its slice of the text', () => {
  const text = 'Clashes broke out in Idlib.  Three people were killed!\n\nA new paragraph starts here';
  const s = splitSentences(text);
  assert.equal(s.length, 3);
  for (const x of s) assert.equal(text.slice(x.start, x.end), x.text);
  assert.equal(s[1]!.text, 'Three people were killed!');
});

test('abbreviations and dotted initials do not end a sentence', () => {
  const s = splitSentences('The U.S. Coalition said Gen. Smith left. It was late.');
  assert.deepEqual(
    s.map((x) => x.text),
    ['The U.S. Coalition said Gen. Smith left.', 'It was late.'],
  );
});

test('a quoted sentence ends after its closing quote', () => {
  const s = splitSentences('"We came," he said. "We left." Then silence.');
  assert.deepEqual(
    s.map((x) => x.text),
    ['"We came," he said.', '"We left."', 'Then silence.'],
  );
});
