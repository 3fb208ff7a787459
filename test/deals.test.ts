// Deals beyond the seed: the hand-coded fixtures (test/fixtures/deals) stored as reports, scored
// field by field with a floor well below today's development figures, and one deal read back
// through the command line with its life line and the step one side denies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDealFixtures, scoreDeals } from '../src/eval/deals.js';
import { loadResources } from '../src/extract/resources.js';
import type { Agreement } from '../src/model/index.js';
import { FIXTURES, run } from './helpers/cli.js';

const DEALS = join(FIXTURES, 'deals');
const share = (t: { right: number; of: number }) => t.right / t.of;

test('the deal fixtures: each deal once, most fields right, nothing from business news, no track where nothing moved', async () => {
  const { coded, baseline } = await scoreDeals(DEALS, loadResources());
  assert.ok(coded.deals >= 8, 'at least eight hand-coded deals');
  assert.ok(share(coded.foundOnce) >= 0.75, `found once: ${JSON.stringify(coded.foundOnce)}`);
  assert.ok(share(coded.partiesRecall) >= 0.75 && share(coded.brokersRecall) >= 0.6);
  assert.ok(share(coded.termsRecall) >= 0.6, `terms: ${JSON.stringify(coded.termsRecall)}`);
  assert.ok(share(coded.reachedExact) >= 0.6, `reached: ${JSON.stringify(coded.reachedExact)}`);
  assert.ok(share(coded.fields) >= 0.7 && share(coded.fields) > share(baseline.fields) + 0.3);
  assert.equal(coded.nonConflictAgreements, 0, 'a buyout, a trade pact and a contract are no deals');
  assert.equal(baseline.nonConflictAgreements, 3, 'the baseline is fooled by them');
  assert.equal(coded.tracksToThemselves, 0);
  assert.equal(coded.tracksWhereNothingMoved, 0, 'a handover and a denied deal set nothing moving');
});

test('agreements show: brokers, terms, a life line and the step one side denies, side by side', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-deals-cli-'));
  const db = join(dir, 'record.db');
  const [douma] = readDealFixtures(DEALS).filter((f) => f.file.includes('douma'));
  for (const d of douma!.documents) {
    const path = join(dir, `${d.id}.txt`);
    writeFileSync(path, d.text.join('\n\n'));
    const r = await run(['ingest', path, '--published', d.published, '--source', d.source, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
  }
  const list = await run(['agreements', 'list', '--db', db, '--format', 'json']);
  const deals = JSON.parse(list.stdout) as Agreement[];
  assert.equal(deals.length, 1, 'two reports, one deal');
  const deal = deals[0]!;
  assert.ok(deal.parties.includes('Jaysh al Islam'));
  assert.deepEqual(deal.brokers, ['Russia']);
  assert.equal(deal.reached?.date, '2018-03-31', '"on Saturday" before a Sunday report');
  assert.deepEqual(deal.contested?.status.map((c) => c.value).sort(), ['denied', 'reached']);
  assert.ok(deal.clauses?.some((c) => c.kind === 'evacuation' && c.to === 'Jarablus'));
  const shown = await run(['agreements', 'show', deal.id, '--db', db]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /brokered by Russia/);
  assert.match(shown.stdout, /reached: 2018-03-31/);
  assert.match(shown.stdout, /2018-04-01\s+denied\s+Jaysh al Islam|denied/);
  assert.match(shown.stdout, /contested: denied says Ghouta Voice/);
  assert.match(shown.stdout, /evacuation\s+Douma\s+Jarablus/);
});
