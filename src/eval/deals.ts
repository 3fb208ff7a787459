// Deals scored field by field on fixtures written for the project (test/fixtures/deals): each
// deal's documents are stored in a fresh SQLite store as reports would be, and the agreements and
// tracks the record then holds are compared with the hand coding. Beside every figure, a trivial
// baseline: one agreement per report, its sides the two conflict actors named most, no broker, no
// terms, reached on the day of the first report.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placeKey } from '../corroborate/agreements.js';
import { registryEntries } from '../corroborate/sources.js';
import type { Resources } from '../extract/resources.js';
import { ingestOne } from '../ingest/pipeline.js';
import type { Agreement, AgreementStatus, Track } from '../model/index.js';
import { actorNamer, tracksAndAgreements } from '../store/derived.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

export interface DealFixture {
  file: string;
  shape: string;
  documents: Array<{ id: string; published: string; source: string; text: string[] }>;
  gold: null | {
    parties: string[];
    brokers: string[];
    terms: Array<{
      kind: string;
      from?: string;
      to?: string;
      people?: { low: number; best: number; high: number };
    }>;
    statuses: Array<{ status: AgreementStatus; date: string }>;
    reached: string;
    tracks: Array<{ origin: string; destination: string }>;
  };
}

/** The fixtures in a folder, checked: a bad file is named with what is wrong in it. */
export function readDealFixtures(dir: string): DealFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const body = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<DealFixture, 'file'>;
      if (!Array.isArray(body.documents) || body.documents.length === 0)
        throw new Error(`${join(dir, file)}: "documents" must be a non-empty list`);
      for (const [i, d] of body.documents.entries())
        if (!d.id || !/^\d{4}-\d{2}-\d{2}$/.test(d.published ?? '') || !Array.isArray(d.text))
          throw new Error(
            `${join(dir, file)}: documents[${i}] needs id, published (YYYY-MM-DD) and text (a list of paragraphs)`,
          );
      return { file, ...body };
    });
}

/** What the record holds after a fixture's documents are stored. */
export interface DealOutcome {
  agreements: Agreement[];
  tracks: Track[];
}

/** Stores a fixture's documents in a fresh store and reads back its agreements and tracks. */
export async function runFixture(fx: DealFixture, res: Resources): Promise<DealOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'obs-deals-'));
  const store = await openStore(join(dir, 'deals.db'), { sources: registryEntries(res.sources) });
  try {
    await storeFixtureDocuments(fx.documents, store, res);
    return await tracksAndAgreements(store, res.actors);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Stores a fixture's reports, in order, each as a text file would be. */
export async function storeFixtureDocuments(
  documents: DealFixture['documents'],
  store: Store,
  res: Resources,
): Promise<void> {
  for (const d of documents)
    await ingestOne(
      {
        id: d.id,
        bytes: Buffer.from(d.text.join('\n\n'), 'utf8'),
        format: 'txt',
        published: d.published,
        source: d.source,
        captureMethod: 'file',
      },
      store,
      res,
    );
}

/** Two place names for one place: the same once reduced, one inside the other, or a letter or two apart. */
export function samePlaceName(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = placeKey(a);
  const y = placeKey(b);
  if (x === y) return true;
  if (Math.min(x.length, y.length) >= 4 && (x.includes(y) || y.includes(x))) return true;
  return x.length >= 4 && y.length >= 4 && editDistance(x, y) <= 2;
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

/** Right and wrong counts of one field over the deals. */
export interface Tally {
  right: number;
  of: number;
}
const tally = (): Tally => ({ right: 0, of: 0 });
const add = (t: Tally, right: number, of: number) => {
  t.right += right;
  t.of += of;
};

export interface DealScores {
  deals: number;
  /** Deals found as exactly one agreement. */
  foundOnce: Tally;
  /** Gold parties and brokers found (recall), and predicted ones that are right (precision). */
  partiesRecall: Tally;
  partiesPrecision: Tally;
  brokersRecall: Tally;
  brokersPrecision: Tally;
  /** Gold terms found with their kind; of those giving places, places right; of those giving counts, best right. */
  termsRecall: Tally;
  termsPrecision: Tally;
  termPlaces: Tally;
  termCounts: Tally;
  /** Gold steps found by kind, and with their date. */
  statusRecall: Tally;
  statusPrecision: Tally;
  statusDates: Tally;
  reachedExact: Tally;
  /** Gold tracks found (origin and destination); tracks built where nothing moved in the gold. */
  tracksRecall: Tally;
  tracksWhereNothingMoved: number;
  tracksToThemselves: number;
  /** Agreements from documents that tell of no conflict deal. */
  nonConflictAgreements: number;
  /** Every field above pooled: the share right. */
  fields: Tally;
  perDeal: Array<{ file: string; shape: string; agreements: number; misses: string[] }>;
}

export function emptyScores(): DealScores {
  return {
    deals: 0,
    foundOnce: tally(),
    partiesRecall: tally(),
    partiesPrecision: tally(),
    brokersRecall: tally(),
    brokersPrecision: tally(),
    termsRecall: tally(),
    termsPrecision: tally(),
    termPlaces: tally(),
    termCounts: tally(),
    statusRecall: tally(),
    statusPrecision: tally(),
    statusDates: tally(),
    reachedExact: tally(),
    tracksRecall: tally(),
    tracksWhereNothingMoved: 0,
    tracksToThemselves: 0,
    nonConflictAgreements: 0,
    fields: tally(),
    perDeal: [],
  };
}

/** Scores what the record holds for one fixture against its hand coding. */
export function scoreFixture(fx: DealFixture, got: DealOutcome, s: DealScores): void {
  const misses: string[] = [];
  s.tracksToThemselves += got.tracks.filter((t) => samePlaceName(t.origin, t.destination)).length;
  if (!fx.gold) {
    s.nonConflictAgreements += got.agreements.length;
    if (got.agreements.length) misses.push(`${got.agreements.length} agreement(s) from non-conflict news`);
    s.perDeal.push({ file: fx.file, shape: fx.shape, agreements: got.agreements.length, misses });
    return;
  }
  const g = fx.gold;
  s.deals++;
  add(s.foundOnce, got.agreements.length === 1 ? 1 : 0, 1);
  if (got.agreements.length !== 1) misses.push(`${got.agreements.length} agreements`);
  // The agreement that tells most of the deal is the one scored.
  const a = [...got.agreements].sort(
    (x, y) => (y.documentIds?.length ?? 0) - (x.documentIds?.length ?? 0),
  )[0];
  const set = (gold: string[], predicted: string[], r: Tally, p: Tally, what: string) => {
    const hit = gold.filter((x) => predicted.includes(x));
    add(r, hit.length, gold.length);
    add(p, predicted.filter((x) => gold.includes(x)).length, predicted.length);
    add(s.fields, hit.length, gold.length);
    for (const x of gold) if (!predicted.includes(x)) misses.push(`${what} missing: ${x}`);
    for (const x of predicted) if (!gold.includes(x)) misses.push(`${what} extra: ${x}`);
  };
  set(g.parties, a?.parties ?? [], s.partiesRecall, s.partiesPrecision, 'party');
  set(g.brokers, a?.brokers ?? [], s.brokersRecall, s.brokersPrecision, 'broker');
  // A deal with no broker is right only when none is found.
  if (g.brokers.length === 0) add(s.fields, (a?.brokers.length ?? 0) === 0 ? 1 : 0, 1);

  scoreTerms(g, a, s, misses);
  scoreSteps(g, a, s, misses);
  scoreTracks(g, got, s, misses);
  s.perDeal.push({ file: fx.file, shape: fx.shape, agreements: got.agreements.length, misses });
}

type Gold = NonNullable<DealFixture['gold']>;

/** The deal's terms, each gold term matched to one clause at most, with its places and counts. */
function scoreTerms(g: Gold, a: Agreement | undefined, s: DealScores, misses: string[]): void {
  const clauses = [...(a?.clauses ?? [])];
  const used = new Set<number>();
  for (const t of g.terms) {
    const i = clauses.findIndex(
      (c, k) =>
        !used.has(k) &&
        c.kind === t.kind &&
        (!t.from || !c.from || samePlaceName(t.from, c.from)) &&
        (!t.to || !c.to || samePlaceName(t.to, c.to)),
    );
    add(s.termsRecall, i >= 0 ? 1 : 0, 1);
    add(s.fields, i >= 0 ? 1 : 0, 1);
    if (i < 0) {
      misses.push(`term missing: ${t.kind} ${t.from ?? ''}->${t.to ?? ''}`);
      if (t.from || t.to) add(s.termPlaces, 0, 1);
      if (t.people) add(s.termCounts, 0, 1);
      continue;
    }
    used.add(i);
    const c = clauses[i]!;
    if (t.from || t.to) {
      const right = (!t.from || samePlaceName(t.from, c.from)) && (!t.to || samePlaceName(t.to, c.to));
      add(s.termPlaces, right ? 1 : 0, 1);
      add(s.fields, right ? 1 : 0, 1);
      if (!right)
        misses.push(`term places: ${t.from ?? ''}->${t.to ?? ''} read as ${c.from ?? '?'}->${c.to ?? '?'}`);
    }
    if (t.people) {
      const right = c.people?.best === t.people.best;
      add(s.termCounts, right ? 1 : 0, 1);
      add(s.fields, right ? 1 : 0, 1);
      if (!right) misses.push(`term count: ${t.people.best} read as ${c.people?.best ?? 'none'}`);
    }
  }
  add(s.termsPrecision, used.size, clauses.length);
  for (const [k, c] of clauses.entries())
    if (!used.has(k)) misses.push(`term extra: ${c.kind} ${c.from ?? ''}->${c.to ?? ''}`);
}

/** The deal's dated steps and the day it was reached. */
function scoreSteps(g: Gold, a: Agreement | undefined, s: DealScores, misses: string[]): void {
  const life = a?.life ?? [];
  for (const st of g.statuses) {
    const found = life.filter((o) => o.status === st.status);
    add(s.statusRecall, found.length ? 1 : 0, 1);
    const dated = found.some((o) => o.date === st.date);
    add(s.statusDates, dated ? 1 : 0, 1);
    add(s.fields, dated ? 1 : 0, 1);
    if (!found.length) misses.push(`step missing: ${st.status} ${st.date}`);
    else if (!dated)
      misses.push(`step ${st.status} dated ${found.map((o) => o.date).join('/')} not ${st.date}`);
  }
  const kinds = [...new Set(life.map((o) => o.status))];
  add(s.statusPrecision, kinds.filter((k) => g.statuses.some((x) => x.status === k)).length, kinds.length);
  for (const k of kinds) if (!g.statuses.some((x) => x.status === k)) misses.push(`step extra: ${k}`);
  const reachedRight = a?.reached?.date === g.reached;
  add(s.reachedExact, reachedRight ? 1 : 0, 1);
  add(s.fields, reachedRight ? 1 : 0, 1);
  if (!reachedRight) misses.push(`reached ${a?.reached?.date ?? 'not dated'} not ${g.reached}`);
}

/** The movements under the deal, and any track where the deal moved nobody. */
function scoreTracks(g: Gold, got: DealOutcome, s: DealScores, misses: string[]): void {
  for (const t of g.tracks) {
    const hit = got.tracks.some(
      (x) => samePlaceName(x.origin, t.origin) && samePlaceName(x.destination, t.destination),
    );
    add(s.tracksRecall, hit ? 1 : 0, 1);
    add(s.fields, hit ? 1 : 0, 1);
    if (!hit) misses.push(`track missing: ${t.origin}->${t.destination}`);
  }
  if (g.tracks.length === 0) {
    s.tracksWhereNothingMoved += got.tracks.length;
    for (const t of got.tracks) misses.push(`track where nothing moved: ${t.origin}->${t.destination}`);
  }
}

/**
 * The trivial baseline: each report that says "deal" or "agreement" is one agreement, its sides
 * the two conflict actors it names most, no broker, no terms, reached on its publication day.
 */
export function baselineOutcome(fx: DealFixture, res: Resources): DealOutcome {
  const name = actorNamer(res.actors);
  const agreements: Agreement[] = [];
  for (const d of fx.documents) {
    const text = d.text.join('\n\n');
    if (!/\b(deal|agreement|agreed|truce|ceasefire)\b/i.test(text)) continue;
    const counts = new Map<string, number>();
    for (const m of res.actorMatcher.find(text))
      if (!['civilians', 'protesters', 'rioters'].includes(m.actor.kind))
        counts.set(m.actor.id, (counts.get(m.actor.id) ?? 0) + 1);
    const parties = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([id]) => name(id, 'Syria'));
    agreements.push({
      id: d.id,
      date: d.published,
      location: '',
      parties,
      brokers: [],
      terms: {},
      clauses: [],
      life: [
        {
          status: 'reached',
          date: d.published,
          timePrecision: 2,
          source: d.source,
          documentId: d.id,
          evidence: [],
        },
      ],
      reached: { date: d.published, timePrecision: 2, sources: [d.source] },
      documentIds: [d.id],
      sources: [d.source],
      evidence: [],
      fulfilment: [],
      relatedEventIds: [],
    });
  }
  return { agreements, tracks: [] };
}

/** Scores every fixture in `dir`, the coder's and the baseline's. */
export async function scoreDeals(
  dir: string,
  res: Resources,
): Promise<{ coded: DealScores; baseline: DealScores }> {
  const coded = emptyScores();
  const baseline = emptyScores();
  for (const fx of readDealFixtures(dir)) {
    scoreFixture(fx, await runFixture(fx, res), coded);
    scoreFixture(fx, baselineOutcome(fx, res), baseline);
  }
  return { coded, baseline };
}

const pct = (t: Tally) => (t.of ? `${((100 * t.right) / t.of).toFixed(0)}% (${t.right}/${t.of})` : 'n/a');

/** The scores as a table, the baseline beside each figure, then what each deal missed. */
export function dealsReport(coded: DealScores, baseline: DealScores, examples = true): string {
  const rows: Array<[string, string, string]> = [
    ['each deal found once', pct(coded.foundOnce), pct(baseline.foundOnce)],
    ['parties (recall)', pct(coded.partiesRecall), pct(baseline.partiesRecall)],
    ['parties (precision)', pct(coded.partiesPrecision), pct(baseline.partiesPrecision)],
    ['brokers (recall)', pct(coded.brokersRecall), pct(baseline.brokersRecall)],
    ['brokers (precision)', pct(coded.brokersPrecision), pct(baseline.brokersPrecision)],
    ['terms by kind (recall)', pct(coded.termsRecall), pct(baseline.termsRecall)],
    ['terms by kind (precision)', pct(coded.termsPrecision), pct(baseline.termsPrecision)],
    ['term places (from/to)', pct(coded.termPlaces), pct(baseline.termPlaces)],
    ['term counts (best)', pct(coded.termCounts), pct(baseline.termCounts)],
    ['steps by kind (recall)', pct(coded.statusRecall), pct(baseline.statusRecall)],
    ['steps by kind (precision)', pct(coded.statusPrecision), pct(baseline.statusPrecision)],
    ['steps with their date', pct(coded.statusDates), pct(baseline.statusDates)],
    ['reached date exact', pct(coded.reachedExact), pct(baseline.reachedExact)],
    ['tracks found', pct(coded.tracksRecall), pct(baseline.tracksRecall)],
    [
      'tracks where nothing moved',
      String(coded.tracksWhereNothingMoved),
      String(baseline.tracksWhereNothingMoved),
    ],
    [
      'tracks whose origin is the destination',
      String(coded.tracksToThemselves),
      String(baseline.tracksToThemselves),
    ],
    [
      'agreements from non-conflict news',
      String(coded.nonConflictAgreements),
      String(baseline.nonConflictAgreements),
    ],
    ['all fields pooled', pct(coded.fields), pct(baseline.fields)],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const v = Math.max(...rows.map((r) => r[1].length), 'coded'.length);
  const lines = [
    `deals: ${coded.deals} fixtures with a deal, ${coded.perDeal.length - coded.deals} without`,
    `${'field'.padEnd(w)}  ${'coded'.padEnd(v)}  baseline`,
    ...rows.map(([k, a, b]) => `${k.padEnd(w)}  ${a.padEnd(v)}  ${b}`),
  ];
  if (examples)
    for (const d of coded.perDeal)
      lines.push(
        '',
        `${d.file} (${d.shape}): ${d.agreements} agreement(s)`,
        ...d.misses.map((m) => `  - ${m}`),
      );
  return lines.join('\n');
}
