// A newcomer's first hour at the command line: a wrong path, a wrong file, a wrong value or a
// closed pipe is refused or ended in one clear line; long jobs tell their progress; the source
// registry holds every outlet the record names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { defaultGazetteerPath } from '../src/geo/gazetteer.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisteredSource } from '../src/model/index.js';
import { CLI, CONVOY_ARTICLE, FIXTURES, ROOT, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-newcomer-'));
const ACLED = join(FIXTURES, 'acled-round-trip.csv');
const SAMPLES = join(ROOT, 'samples', 'corpus.jsonl');

test('read commands refuse a database that does not exist, and do not make one', async () => {
  const nope = join(dir, 'nope.db');
  for (const args of [
    ['events', 'list'],
    ['events', 'show', 'ev_x'],
    ['export'],
    ['tracks', 'list'],
    ['agreements', 'list'],
    ['sources', 'list'],
    ['audit', 'verify'],
  ]) {
    const r = await run([...args, '--db', nope]);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, new RegExp(`no database at ${nope}: .*observatory ingest.*observatory demo`));
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    assert.equal(r.stdout, '');
    assert.ok(!existsSync(nope), `${args.join(' ')} made no database`);
  }
});

test('import checks the header first: a file of another kind is one line naming what is missing', async () => {
  const db = join(dir, 'import.db');
  const r = await run(['import', '--format', 'acled', SAMPLES, '--db', db]);
  assert.equal(r.code, 1);
  const about = r.stderr.split('\n').filter((l) => l.includes('not an ACLED CSV file'));
  assert.equal(about.length, 2, `the error and its count by cause, no more: ${r.stderr}`);
  assert.match(r.stderr, /corpus\.jsonl: not an ACLED CSV file: .*observatory ingest --input FILE/);
  assert.doesNotMatch(r.stderr, /Invalid Opening Quote/);

  const table = join(dir, 'table.csv');
  writeFileSync(table, 'event_date,event_type,actor1\n2020-01-01,Battles,X\n');
  const t = await run(['import', '--format', 'acled', table, '--db', db]);
  assert.equal(t.code, 1);
  assert.match(
    t.stderr,
    /table\.csv: not an ACLED CSV file: no column sub_event_type, country, latitude, longitude/,
  );

  const wrongFormat = await run(['import', '--format', 'ucdp', ACLED, '--db', db]);
  assert.equal(wrongFormat.code, 1);
  assert.match(wrongFormat.stderr, /its columns are ACLED's: use --format acled/);
});

test('ingest of a coded dataset points to import', async () => {
  const r = await run(['ingest', ACLED, '--published', '2020-05-01', '--db', join(dir, 'ingest.db')]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /acled-round-trip\.csv: a CSV file of ACLED events, not a report: import it with `observatory import --format acled /,
  );
  assert.match(r.stderr, /0 new, 0 duplicate, 1 failed/);
});

test('option values: numbers checked by one parser, choices matched in any case or refused with the list', async () => {
  const db = join(dir, 'options.db');
  assert.equal((await run(['demo', '--no-serve', '--db', db])).code, 0);
  const abc = await run(['events', 'list', '--db', db, '--limit', 'abc']);
  assert.notEqual(abc.code, 0);
  assert.match(abc.stderr, /option '--limit <n>' argument 'abc' is invalid\. expected a whole number/);
  assert.doesNotMatch(abc.stderr, /datatype mismatch/);

  const lower = await run(['events', 'list', '--db', db, '--type', 'battles', '--format', 'json']);
  const proper = await run(['events', 'list', '--db', db, '--type', 'Battles', '--format', 'json']);
  assert.equal(lower.code, 0, lower.stderr);
  const events = (JSON.parse(lower.stdout) as { events: Array<{ event_type: string }> }).events;
  assert.ok(events.length > 0 && events.every((e) => e.event_type === 'Battles'));
  assert.equal(lower.stdout, proper.stdout);

  const bogus = await run(['events', 'list', '--db', db, '--type', 'fights']);
  assert.notEqual(bogus.code, 0);
  assert.match(bogus.stderr, /--type <event_type>.*expected one of "Battles", .*"Strategic developments"/);

  for (const args of [
    ['serve', '--db', db, '--port', '99999'],
    ['watch', 'http://127.0.0.1:1/feed', '--db', db, '--interval', 'soon'],
    ['audit', 'log', '--db', db, '--limit', '-3'],
  ]) {
    const r = await run(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(
      r.stderr,
      /option '--[a-z]+ <[a-z]+>' argument '[^']+' is invalid\. expected/,
      args.join(' '),
    );
  }
});

test('a closed pipe ends the output quietly', async () => {
  // Far more output than a pipe holds, so that the writer outlives the reader.
  const article = readFileSync(CONVOY_ARTICLE, 'utf8');
  const docs = join(dir, 'many.jsonl');
  writeFileSync(
    docs,
    Array.from({ length: 150 }, (_, i) =>
      JSON.stringify({ id: `d${i}`, published: '2017-09-13', text: article }),
    ).join('\n'),
  );
  const child = spawn(
    'sh',
    ['-c', `"${process.execPath}" "${CLI}" extract --input "${docs}" | head -c 100 > /dev/null; echo "$?"`],
    { cwd: ROOT },
  );
  const err: Buffer[] = [];
  child.stderr.on('data', (d: Buffer) => err.push(d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.equal(Buffer.concat(err).toString(), '', 'no EPIPE stack trace');
});

test('long jobs off a terminal tell their progress a tenth at a time, with a rate and the time left', async () => {
  const lines = Array.from({ length: 20 }, (_, i) =>
    JSON.stringify({
      id: `p${i}`,
      published: '2020-05-01',
      text: `Government forces shelled the village number ${i} near Idlib on Friday, a local monitor said.`,
    }),
  );
  const docs = join(dir, 'twenty.jsonl');
  writeFileSync(docs, `${lines.join('\n')}\n`);
  const db = join(dir, 'progress.db');
  const env = { OBSERVATORY_PROGRESS_DELAY: '0' };
  const r = await run(['ingest', '--input', docs, '--db', db], { env });
  assert.equal(r.code, 0, r.stderr);
  const told = r.stderr.split('\n').filter((l) => l.startsWith('ingest: '));
  assert.equal(told.length, 9, r.stderr);
  assert.match(
    told[0]!,
    /^ingest: 10% \(2 of 20 documents, [\d,]+\/s, about \d+ (s|min) left\); 2 new, 0 duplicate, 0 failed$/,
  );
  assert.match(told[8]!, /^ingest: 90% \(18 of 20 documents/);

  const imported = await run(['import', '--format', 'acled', ACLED, '--db', db], { env });
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stderr, /^import .*acled-round-trip\.csv: \d+% \(\d+ of \d+ lines, /m);

  const out = join(dir, 'export.csv');
  const exported = await run(['export', '--db', db, '--output', out], { env });
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stderr, /exported \d+ events to /);

  const re = await run(['events', 'recluster', '--db', db], { env });
  assert.equal(re.code, 0, re.stderr);
  assert.match(re.stderr, /^recluster: 10% \(\d+ of \d+ claims, /m);

  const gz = join(dir, 'gazetteer.sqlite');
  copyFileSync(defaultGazetteerPath(), gz);
  const places = await run(
    ['gazetteer', 'import', '--gazetteer', gz, join(FIXTURES, 'geonames', 'admin1CodesASCII.txt')],
    { env },
  );
  assert.equal(places.code, 0, places.stderr);
  assert.match(places.stderr, /^gazetteer import: 50% \(\d+ of \d+ lines, /m);

  // A job shorter than the delay says nothing until it is done (the delay is set long, so that
  // the test does not depend on how fast a shared machine codes twenty documents).
  const quiet = await run(['ingest', '--input', docs, '--db', join(dir, 'quiet.db')], {
    env: { OBSERVATORY_PROGRESS_DELAY: '600' },
  });
  assert.doesNotMatch(quiet.stderr, /^ingest: \d+%/m);
});

test('the source registry grows from the record; grading a name never seen asks for --new', async () => {
  const db = join(dir, 'registry.db');
  assert.equal((await run(['import', '--format', 'acled', ACLED, '--db', db])).code, 0);
  assert.equal((await run(['ingest', '--input', SAMPLES, '--db', db])).code, 0);
  const list = await run(['sources', 'list', '--db', db, '--format', 'json']);
  const sources = JSON.parse(list.stdout) as RegisteredSource[];
  const reports = (name: string) => sources.find((s) => s.name === name)?.reports;
  // Every outlet a row names, each counted once per row that names it.
  assert.equal(reports('Liveuamap'), 1);
  assert.equal(reports('Syria Call'), 1);
  // Aliases count under the registered name ("Step News Agency" is Step News, "Hawar News Agency"
  // ANHA); SOHR is named by three rows and publishes three sample reports.
  assert.equal(reports('Step News'), 1);
  assert.equal(reports('ANHA'), 2);
  assert.equal(reports('SOHR'), 6);
  assert.ok(!sources.some((s) => s.name === 'Step News Agency' || s.name === 'Hawar News Agency'));
  assert.ok(!sources.some((s) => /spokesman|official/i.test(s.name)), 'speakers are not outlets');
  const table = await run(['sources', 'list', '--db', db]);
  assert.match(table.stdout, /^name\s+kind\s+country\s+reports\s+last seen/);

  const unseen = await run(['sources', 'grade', 'Liveuamp', 'C', '--db', db]);
  assert.equal(unseen.code, 1);
  assert.match(unseen.stderr, /no source "Liveuamp" in the registry; did you mean "Liveuamap"\?.*--new/);
  const none = await run(['sources', 'grade', 'NoSuchOutlet', 'c', '--db', db]);
  assert.equal(none.code, 1);
  assert.doesNotMatch((await run(['sources', 'list', '--db', db])).stdout, /NoSuchOutlet/);
  const added = await run(['sources', 'grade', 'NoSuchOutlet', 'c', '--new', '--db', db]);
  assert.equal(added.code, 0, added.stderr);
  assert.equal(added.stdout, 'NoSuchOutlet: C\n');
  const alias = await run(['sources', 'grade', 'syrian observatory for human rights', 'b', '--db', db]);
  assert.equal(alias.stdout, 'SOHR: B\n');
  const badGrade = await run(['sources', 'grade', 'SOHR', 'G', '--db', db]);
  assert.match(
    badGrade.stderr,
    /value 'G' is invalid for argument 'grade'\. expected one of "A", "B", "C", "D", "E", "F"/,
  );
});
