// Deduplication on ACLED notes: each note is stored once as written and once as another outlet
// might have rewritten it (our own paraphrase generator), and the clustering is scored on whether
// the two land in one event while notes of other rows, even of the same date, place and type, do not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryEntries } from '../corroborate/sources.js';
import type { Resources } from '../extract/resources.js';
import { ingestOne } from '../ingest/pipeline.js';
import { openStore } from '../store/open.js';
import { readAcled, type AcledRow } from './datasets.js';

/** A small seeded generator (mulberry32), so a paraphrase is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

// Wordings outlets use for the same thing; each pair is tried both ways.
const SYNONYMS: Array<[RegExp, string]> = [
  [/\bregime forces\b/g, 'government troops'],
  [/\bgovernment troops\b/g, 'regime forces'],
  [/\bmilitants\b/g, 'fighters'],
  [/\bprotesters\b/g, 'demonstrators'],
  [/\bdemonstrators\b/g, 'protesters'],
  [/\bthe town of\s+/g, ''],
  [/\bthe village of\s+/g, ''],
  [/\bcountryside\b/g, 'outskirts'],
  [/\bclashed with\b/g, 'fought'],
  [/\bwere killed\b/g, 'died'],
  [/\bwas killed\b/g, 'died'],
];

const ATTRIBUTIONS = [
  (s: string) => `According to local sources, ${s[0]!.toLowerCase()}${s.slice(1)}`,
  (s: string) => s.replace(/\.\s*$/, ', a monitoring group said.'),
  (s: string) => s.replace(/\.\s*$/, ', activists reported.'),
];

const FILLERS = [
  'The area has seen repeated violence in recent months.',
  'Further details were not immediately available.',
  'The report could not be independently verified.',
];

/**
 * Rewrites a note as another outlet might: the date written another way, other words for the
 * same actors and acts, small numbers spelled out, the coder's bracketed tags dropped, an
 * attribution added, and sometimes a sentence of context.
 */
export function paraphrase(note: string, random: () => number): string {
  let s = note.replace(/\s*\[[^\]]*\]\s*/g, ' ').trim();
  s = s.replace(
    /\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b/g,
    (_m, d: string, mon: string, y: string) =>
      random() < 0.5 ? `${mon} ${d}, ${y}` : `${d} ${mon.slice(0, 3)}. ${y}`.replace('May.', 'May'),
  );
  for (const [re, to] of SYNONYMS) if (random() < 0.6) s = s.replace(re, to);
  s = s.replace(/\b([1-9]|10)\b(?= [a-z])/g, (d) => (random() < 0.7 ? SMALL[Number(d)]! : d));
  const sentences = s.split(/(?<=\.)\s+(?=[A-Z])/);
  sentences[0] = ATTRIBUTIONS[Math.floor(random() * ATTRIBUTIONS.length)]!(sentences[0]!);
  if (random() < 0.5) sentences.push(FILLERS[Math.floor(random() * FILLERS.length)]!);
  return sentences.join(' ');
}

export interface DedupScores {
  rows: number;
  documents: number;
  claims: number;
  events: number;
  /** Pairs of reports (first claim of each) from different documents. */
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose note and paraphrase landed in one event. */
  rowsJoined: number;
  /** Pairs of reports of different rows that share date, location and event type, and how many were merged. */
  hardNegativePairs: number;
  hardNegativesMerged: number;
  claimsPerSecond: number;
}

/** Stores every note and its paraphrase in a fresh SQLite store, then scores the clustering. */
export async function scoreDedup(csv: string, res: Resources, seed = 2017): Promise<DedupScores> {
  const rows = readAcled(csv);
  const random = rng(seed);
  const dir = mkdtempSync(join(tmpdir(), 'obs-dedup-'));
  const store = await openStore(join(dir, 'dedup.db'), { sources: registryEntries(res.sources) });
  try {
    const docs: Array<{ row: number; text: string; source: string; id: string }> = [];
    rows.forEach((r, i) => {
      docs.push({
        row: i,
        text: r.notes,
        source: r.source.split(';')[0]!.trim() || 'ACLED source',
        id: `row${i}-a`,
      });
      docs.push({ row: i, text: paraphrase(r.notes, random), source: 'Paraphrase Wire', id: `row${i}-b` });
    });
    // Reports arrive in no particular order.
    const order = docs.map((d, i) => ({ d, k: rng(seed + i)() })).sort((a, b) => a.k - b.k);
    const rowOfDoc = new Map<string, number>();
    const t0 = performance.now();
    for (const { d } of order) {
      const { outcome } = await ingestOne(
        {
          id: d.id,
          bytes: Buffer.from(d.text, 'utf8'),
          format: 'txt',
          published: rows[d.row]!.event_date,
          source: d.source,
          captureMethod: 'file',
        },
        store,
        res,
      );
      rowOfDoc.set(outcome.documentId, d.row);
    }
    const seconds = (performance.now() - t0) / 1000;
    const claims = await store.listClaims({});
    const first = new Map<string, string>(); // document -> event of its first claim
    for (const c of claims) if (!first.has(c.documentId)) first.set(c.documentId, c.eventId);
    const reports = [...first].map(([doc, event]) => ({ doc, event, row: rowOfDoc.get(doc)! }));
    const key = (r: AcledRow) => `${r.event_date}|${r.location}|${r.event_type}`;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let hard = 0;
    let hardMerged = 0;
    for (let i = 0; i < reports.length; i++)
      for (let j = i + 1; j < reports.length; j++) {
        const a = reports[i]!;
        const b = reports[j]!;
        const same = a.row === b.row;
        const merged = a.event === b.event;
        if (same && merged) tp++;
        else if (same) fn++;
        else if (merged) fp++;
        if (!same && key(rows[a.row]!) === key(rows[b.row]!)) {
          hard++;
          if (merged) hardMerged++;
        }
      }
    const precision = tp + fp ? tp / (tp + fp) : 1;
    const recall = tp + fn ? tp / (tp + fn) : 1;
    return {
      rows: rows.length,
      documents: first.size,
      claims: claims.length,
      events: (await store.counts()).events,
      precision,
      recall,
      f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
      rowsJoined: tp,
      hardNegativePairs: hard,
      hardNegativesMerged: hardMerged,
      claimsPerSecond: claims.length / seconds,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function dedupReport(s: DedupScores): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `${s.rows} ACLED rows, each stored as its note and as a paraphrase: ${s.documents} documents with claims, ${s.claims} claims, ${s.events} events.`,
    'Scored on the first claim of each document, over pairs of documents:',
    '',
    '| measure | value |',
    '|---|---|',
    `| pairwise precision | ${pct(s.precision)} |`,
    `| pairwise recall | ${pct(s.recall)} |`,
    `| F1 | ${pct(s.f1)} |`,
    `| rows whose note and paraphrase are one event | ${s.rowsJoined} of ${s.rows} |`,
    `| pairs of different rows with the same date, location and type merged | ${s.hardNegativesMerged} of ${s.hardNegativePairs} |`,
    '',
    `(ingest with clustering: ${s.claimsPerSecond.toFixed(0)} claims per second, extraction included)`,
  ].join('\n');
}
