import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResources } from '../extract/resources.js';
import { ArabicGoldError, readArabicReports, scoreArabic } from './events-arabic.js';

const BULLETINS = fileURLToPath(new URL('../../eval/arabic/bulletins.jsonl', import.meta.url));

test('the Arabic bulletins: at least 200, every ACLED event type, a span for each event wording', () => {
  const reports = readArabicReports(BULLETINS);
  assert.ok(reports.length >= 200, `${reports.length} reports`);
  const types = new Set(reports.flatMap((r) => r.events.map((e) => e.event_type)));
  assert.deepEqual([...types].sort(), [
    'Battles',
    'Explosions/Remote violence',
    'Protests',
    'Riots',
    'Strategic developments',
    'Violence against civilians',
  ]);
  for (const r of reports)
    for (const e of r.events) assert.ok(e.spans.event_type, `${r.id} has its wording marked`);
});

test('the coder on the Arabic bulletins stays above floors well below its development figures', () => {
  // Development figures (docs/evaluation.md): the lexicons were written with these reports in view.
  const s = scoreArabic(readArabicReports(BULLETINS), loadResources());
  const share = (f: keyof typeof s.correct) => s.correct[f] / s.events;
  const floors = {
    event: 0.9,
    event_type: 0.75,
    sub_event_type: 0.7,
    fatalities: 0.75,
    event_date: 0.9,
    evidence: 0.75,
  };
  for (const [f, floor] of Object.entries(floors))
    assert.ok(share(f as keyof typeof s.correct) >= floor, `${f}: ${share(f as keyof typeof s.correct)}`);
  // And above the trivial baseline where it has one.
  assert.ok(s.correct.event_type > s.baseline.event_type!);
  assert.ok(s.falseEvents / s.nonEvents <= 0.5, `non-events coded: ${s.falseEvents}/${s.nonEvents}`);
});

test('a report whose marked span is not in its text is rejected with its line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ar-gold-'));
  const file = join(dir, 'bad.jsonl');
  const good = { id: 'a', published: '2024-10-14', text: 'قصف على إدلب', events: [] };
  const bad = {
    ...good,
    id: 'b',
    events: [{ event_type: 'Battles', sub_event_type: 'Armed clash', spans: { event_type: 'اشتباكات' } }],
  };
  writeFileSync(file, `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n`);
  assert.throws(
    () => readArabicReports(file),
    (e: Error) => e instanceof ArabicGoldError && /bad\.jsonl:2:/.test(e.message),
  );
});
