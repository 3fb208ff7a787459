import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, sha256, toDocument, validDate, type RawInput } from './read.js';

const raw = (bytes: Uint8Array | string, over: Partial<RawInput> = {}): RawInput => ({
  id: 'r',
  bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
  format: 'txt',
  published: '2020-05-01',
  captureMethod: 'file',
  ...over,
});

test('the hash is of the original bytes; HTML becomes its visible text', () => {
  const html = '<p>Clashes in <b>Idlib</b>.</p><script>x()</script>';
  const doc = toDocument(raw(html, { format: 'html' }));
  assert.equal(doc.sha256, sha256(Buffer.from(html)));
  assert.equal(doc.text.trim(), 'Clashes in Idlib.');
  assert.equal(doc.captureMethod, 'file');
  assert.ok(!Number.isNaN(Date.parse(doc.capturedAt)));
});

test('dates are checked for existence, not just shape', () => {
  assert.ok(validDate('2020-02-29'));
  assert.ok(!validDate('2019-02-29'));
  assert.ok(!validDate('2020-5-1'));
});

test('bad input raises an InputError naming the document', () => {
  assert.throws(
    () => toDocument(raw('')),
    (e: Error) => e instanceof InputError && /^r: document is empty/.test(e.message),
  );
  assert.throws(() => toDocument(raw('   \n  ')), /r: document has no text/);
  assert.throws(() => toDocument(raw(new Uint8Array([0xff, 0xfe, 0x41]))), /not valid UTF-8/);
  assert.throws(() => toDocument(raw('text', { published: undefined })), /no publication date/);
  assert.throws(
    () =>
      toDocument(
        raw('text', { captureMethod: 'jsonl', capturedFrom: 'in.jsonl:7', published: '2020-13-01' }),
      ),
    /^InputError: in\.jsonl:7 \(id "r"\): publication date/,
  );
});

test('a byte-order mark and Windows line ends are normalised in the text, not in the hash', () => {
  const bytes = Buffer.from('\uFEFFLine one.\r\nLine two.', 'utf8');
  const doc = toDocument(raw(bytes));
  assert.equal(doc.text, 'Line one.\nLine two.');
  assert.equal(doc.sha256, sha256(bytes));
});

test('a publication date as a site writes it is read to a day and kept as written', () => {
  const doc = toDocument(raw('text', { published: 'Dec 17, 2016 8:46 AM ET' }));
  assert.equal(doc.published, '2016-12-17');
  assert.equal(doc.publishedAsWritten, 'Dec 17, 2016 8:46 AM ET');
  assert.equal(doc.publishedAmbiguous, undefined);
  const iso = toDocument(raw('text', { published: '2016-12-17' }));
  assert.equal(iso.publishedAsWritten, undefined);
  const either = toDocument(raw('text', { published: '03/04/2016' }));
  assert.equal(either.published, '2016-03-04');
  assert.ok(either.publishedAmbiguous);
  assert.throws(
    () => toDocument(raw('text', { published: 'sometime' })),
    /^InputError: r: publication date "sometime" is not a date that can be read/,
  );
});
