import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadResources } from '../resources.js';
import { noteBundle } from './examples.js';
import { byNote, readGold } from './gold.js';
import { hash, stem } from './words.js';

// Arabic gold in ACLED's format, as an organisation would export it: notes in Arabic.
const CSV = `event_date,event_type,sub_event_type,actor1,actor2,country,location,latitude,longitude,fatalities,source,notes
2024-10-13,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Syria (2000-),Civilians (Syria),Syria,Sarmin,35.9,36.72,2,SOHR,"قتل مدنيان بقصف مدفعي لقوات النظام على بلدة سرمين أمس."
`;

test('Arabic gold trains the same features as English: the wording under the English rule and stems', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ar-train-'));
  const file = join(dir, 'gold.csv');
  writeFileSync(file, CSV);
  const gold = readGold(file);
  assert.deepEqual(gold.errors, []);
  const res = loadResources({ model: false });
  const bundle = noteBundle(byNote(gold.rows)[0]!, res);
  const ids = new Set(bundle.type.flatMap((e) => [...e.x]));
  assert.ok(ids.size > 0, 'the note gives type examples');
  // "قصف مدفعي" is the English shelling rule's trigger, and "قصف" is "shelled" to the word features.
  assert.ok(ids.has(hash('t:shelling')), 'trigger feature of the English rule');
  assert.ok(ids.has(hash(`w:${stem('shelled')}`)), 'word feature of the English gloss');
  assert.ok(ids.has(hash('c:killed')), 'the Arabic count is a count of the dead');
});
