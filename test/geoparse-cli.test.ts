// `observatory geoparse` and `extract` as a user feeds them: publication dates as sites write
// them or none at all, demonyms and the country focus in the output, --explain's candidates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers/cli.js';

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('geoparse reads a document whatever its date says, and reports a date it cannot read', async () => {
  const input = [
    '{"id":"a","text":"Shelling hit Aleppo.","published":"Dec 17, 2016 8:46 AM ET"}',
    '{"id":"b","text":"Shelling hit Homs.","published":"the other day"}',
    '{"id":"c","text":"Shelling hit Hama."}',
  ].join('\n');
  const r = await run(['geoparse', '--input', '-'], { stdin: input });
  assert.equal(r.code, 0);
  assert.match(
    r.stderr,
    /stdin:2 \(id "b"\): publication date "the other day" is not a date that can be read/,
  );
  const out = lines(r.stdout);
  assert.deepEqual(
    out.map((l) => l.doc_id),
    ['a', 'b', 'c'],
  );
  assert.equal(out[0]!.published, '2016-12-17');
  assert.equal(out[0]!.published_as_written, 'Dec 17, 2016 8:46 AM ET');
  assert.equal(out[1]!.published, null);
  assert.equal(out[2]!.published, null);
  assert.equal((out[1]!.toponyms as Array<{ name: string }>)[0]?.name, 'Homs');
});

test('geoparse prints demonyms as associative toponyms, the country focus, and candidates on --explain', async () => {
  const text = 'Turkish and Syrian officials met in Tripoli, where Lebanese police stood guard.';
  const r = await run(['geoparse', '--input', '-', '--explain'], {
    stdin: JSON.stringify({ id: 'x', text }),
  });
  assert.equal(r.code, 0);
  const [line] = lines(r.stdout) as Array<{
    demonyms: Array<{ text: string; type: string; country_code: string; start: number; end: number }>;
    country_focus: Array<{ country_code: string }>;
    toponyms: Array<{
      text: string;
      country_code: string;
      candidates: Array<{ country_code: string; score: number }>;
    }>;
  }>;
  assert.deepEqual(
    line!.demonyms.map((d) => [d.text, d.type, d.country_code]),
    [
      ['Turkish', 'associative', 'TR'],
      ['Syrian', 'associative', 'SY'],
      ['Lebanese', 'associative', 'LB'],
    ],
  );
  assert.equal(text.slice(line!.demonyms[0]!.start, line!.demonyms[0]!.end), 'Turkish');
  assert.ok(line!.country_focus.some((f) => f.country_code === 'LB'));
  const tripoli = line!.toponyms.find((t) => t.text === 'Tripoli')!;
  assert.equal(tripoli.country_code, 'LB');
  // Tripoli in Libya was weighed and lost.
  assert.ok(tripoli.candidates.length >= 2);
  assert.ok(tripoli.candidates.some((c) => c.country_code === 'LY'));
  assert.ok(tripoli.candidates[0]!.score >= tripoli.candidates[1]!.score);
  const plain = await run(['geoparse', '--input', '-'], { stdin: JSON.stringify({ id: 'x', text }) });
  assert.equal(
    (lines(plain.stdout)[0]!.toponyms as Array<Record<string, unknown>>)[0]!.candidates,
    undefined,
  );
});

test('extract without a publication date dates events by their own words and says so', async () => {
  const dated = JSON.stringify({
    id: 'u',
    text: 'Government warplanes struck the town of Saraqib on 14 December 2016, killing four civilians.',
  });
  const r = await run(['extract', '--input', '-'], { stdin: dated });
  assert.equal(r.code, 0);
  assert.match(r.stderr, /u: no publication date; events are dated by the text's own dates/);
  const [line] = lines(r.stdout) as Array<{ events: Array<{ event_date: string }> }>;
  assert.equal(line!.events[0]?.event_date, '2016-12-14');
  const undatable = await run(['extract', '--input', '-'], {
    stdin: JSON.stringify({ id: 'v', text: 'Warplanes struck Saraqib on Tuesday.' }),
  });
  assert.equal(undatable.code, 1);
  assert.match(undatable.stderr, /v: no publication date, and the text states no full date/);
});
