// The command line as users script it: formats, --help, bad input and exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-cli-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const good = file(
  'good.txt',
  'Turkish drones struck PKK positions near Qandil on Monday, killing three militants, Anadolu Agency reported.',
);

test('every command has --help', async () => {
  for (const cmd of ['extract', 'geoparse', 'ingest', 'serve', 'demo']) {
    const r = await run([cmd, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`Usage: observatory ${cmd}`));
  }
});

test('bad documents are reported by name and the batch goes on', async () => {
  const empty = file('empty.txt', '');
  const binary = file('binary.txt', Buffer.from([0x41, 0x00, 0x42]));
  const latin1 = file('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61]));
  const big = file('big.txt', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61));
  const r = await run([
    'extract',
    empty,
    binary,
    latin1,
    big,
    good,
    join(dir, 'missing.txt'),
    '--published',
    '2020-05-01',
  ]);
  assert.equal(r.code, 1, 'exit 1: most of the documents failed');
  assert.match(r.stderr, /1 of 6 documents processed; failed by cause: /);
  assert.match(r.stderr, /(: | \| )1 document is empty( \| |\n)/);
  assert.match(r.stderr, /(: | \| )1 document is N MB; the limit is N MB( \| |\n)/);
  assert.match(r.stderr, new RegExp(`${empty}: document is empty`));
  assert.match(r.stderr, new RegExp(`${binary}: document looks binary`));
  assert.match(r.stderr, new RegExp(`${latin1}: document is not valid UTF-8`));
  assert.match(r.stderr, new RegExp(`${big}: document is 10.0 MB; the limit is 10 MB`));
  assert.match(r.stderr, /missing\.txt: no such file/);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const out = JSON.parse(lines[0]!) as {
    doc_id: string;
    events: Array<{ sub_event_type: string; fatalities: number; event_date: string }>;
  };
  assert.equal(out.doc_id, good);
  assert.equal(out.events[0]!.sub_event_type, 'Air/drone strike');
  assert.equal(out.events[0]!.fatalities, 3);
  assert.equal(out.events[0]!.event_date, '2020-04-27');
});

test('JSON Lines: malformed lines and bad dates are named by line; exit 1 when most failed', async () => {
  const input = [
    '{"id":"a","text":"Protesters rallied in Beirut on Friday.","published":"2019-10-18"}',
    'not json',
    '{"id":"b","text":"x","published":"2019-02-30"}',
    '{"text":"no id here","published":"2019-10-18"}',
    '["an","array"]',
  ].join('\n');
  const r = await run(['extract', '--input', '-'], { stdin: input });
  assert.equal(r.code, 1, '3 of 5 failed');
  assert.match(r.stderr, /2 of 5 documents processed/);
  assert.match(r.stderr, /stdin:2: malformed JSON/);
  assert.match(r.stderr, /stdin:3 \(id "b"\): publication date "2019-02-30" is not a date/);
  assert.match(r.stderr, /stdin:5: a line must be a JSON object/);
  const ids = r.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { doc_id: string }).doc_id);
  assert.deepEqual(ids, ['a', 'stdin:4']);

  // Half or fewer failing is a batch with some bad records: exit 0, each one told.
  const most = await run(['extract', '--input', '-'], {
    stdin: [input.split('\n')[0], input.split('\n')[0], 'not json'].join('\n'),
  });
  assert.equal(most.code, 0, most.stderr);
  assert.match(most.stderr, /2 of 3 documents processed; failed by cause: 1 malformed JSON/);

  const none = await run(['extract', '--input', '-'], { stdin: 'garbage\n' });
  assert.equal(none.code, 1);
  const nothing = await run(['extract']);
  assert.equal(nothing.code, 1);
  assert.match(nothing.stderr, /no documents given/);
});

test('a bad option value is refused with a clear message', async () => {
  const r = await run(['extract', good, '--published', '13/09/2017']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /--published.*expected a date YYYY-MM-DD/);
  const f = await run(['extract', good, '--format', 'xml', '--published', '2020-01-01']);
  assert.notEqual(f.code, 0);
  assert.match(
    f.stderr,
    /option '--format <format>' argument 'xml' is invalid\. expected one of "jsonl", "acled", "geojson"/,
  );
  // Choices are matched whatever their case.
  const upper = await run(['extract', good, '--format', 'ACLED', '--published', '2020-01-01']);
  assert.equal(upper.code, 0, upper.stderr);
  assert.match(upper.stdout, /^event_date,time_precision/);
});

test('HTML documents are read as their visible text, offsets into that text', async () => {
  const html = file(
    'r.html',
    '<html><head><title>Report</title><script>alert(1)</script></head><body><p>Turkish artillery shelled villages near <b>Tal Abyad</b> on Sunday.</p></body></html>',
  );
  const r = await run(['extract', html, '--published', '2019-10-14']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    events: Array<{ sub_event_type: string; location: string; evidence: Array<{ text: string }> }>;
  };
  assert.equal(out.events[0]!.sub_event_type, 'Shelling/artillery/missile attack');
  assert.doesNotMatch(JSON.stringify(out), /alert|<b>/);
});

test('geoparse prints resolved toponyms with offsets', async () => {
  const text = 'Fighting was reported in Deir Ezzor and near al-Sukna, Syrian sources said.';
  const r = await run(['geoparse', '--input', '-'], { stdin: JSON.stringify({ id: 'g', text }) });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    doc_id: string;
    toponyms: Array<{
      start: number;
      end: number;
      text: string;
      name: string;
      country: string;
      feature_code: string;
    }>;
  };
  assert.equal(out.doc_id, 'g');
  const names = out.toponyms.map((t) => t.name);
  assert.deepEqual(names, ['Deir ez-Zor', 'As Sukhnah']);
  for (const t of out.toponyms) assert.equal(text.slice(t.start, t.end), t.text);
  assert.ok(out.toponyms.every((t) => t.country === 'Syria'));
});

test('an Arabic report is coded with English values and evidence offsets into the Arabic text', async () => {
  const text = 'قتل خمسة مدنيين في غارات جوية للطائرات الروسية على مدينة سراقب في ريف إدلب يوم الاثنين.';
  const ar = file('ar.txt', text);
  const r = await run(['extract', ar, '--published', '2020-05-01', '--format', 'jsonl']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    language: string;
    events: Array<{
      sub_event_type: string;
      actor1: string;
      fatalities: number;
      evidence: Array<{ start: number; end: number; text: string }>;
    }>;
  };
  assert.equal(out.language, 'arb');
  assert.equal(out.events[0]?.sub_event_type, 'Air/drone strike');
  assert.equal(out.events[0]?.actor1, 'Military Forces of Russia (2000-)');
  assert.equal(out.events[0]?.fatalities, 5);
  for (const s of out.events[0]!.evidence) assert.equal(text.slice(s.start, s.end), s.text);
});

test('a report in a language the extractor does not read is reported, not mis-coded', async () => {
  const fa = file('fa.txt', 'نیروهای دولتی روز دوشنبه به روستا حمله کردند و چند نفر کشته شدند');
  const r = await run(['extract', fa, '--published', '2020-05-01']);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /fa\.txt: the text is Persian in Arabic script, not Arabic/);
  const out = JSON.parse(r.stdout) as { language: string; events: unknown[] };
  assert.equal(out.language, 'fas');
  assert.deepEqual(out.events, []);
});
