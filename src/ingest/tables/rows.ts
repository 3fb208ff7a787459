// What the readers of coded event tables share: the record a row becomes, the error of a bad
// row, and the checks and parts of a claim both ACLED's and UCDP's rows are built from.
import type { Claim } from '../../model/index.js';
import type { AcledFields, Attribution, Document } from '../../model/index.js';

export type TableFormat = 'acled' | 'ucdp';

/** One row read: the document it becomes, its claim and its original bytes. */
export interface TableRecord {
  line: number;
  doc: Document;
  event: Claim;
  original: Uint8Array;
}

/** A row coded as its dataset coded it: the dataset's id, the claim, and the text it rests on. */
export interface CodedRow {
  id: string;
  event: Claim;
  text: string;
}

/** Reads a row's columns into a claim; `plover` maps a sub-event type to its PLOVER code. */
export type RowReader = (
  row: Record<string, string>,
  plover: (sub: string) => string,
  reviewed: boolean,
) => CodedRow;

/** A row that cannot be read, said in the words of its column; the file goes on. */
export class RowError extends Error {}

/** A numeric column, checked against its range; otherwise a RowError naming the column. */
export function number(
  row: Record<string, string>,
  field: string,
  opts: { min?: number; max?: number; int?: boolean } = {},
) {
  const raw = (row[field] ?? '').trim();
  const v = Number(raw);
  if (
    raw === '' ||
    !Number.isFinite(v) ||
    (opts.int && !Number.isInteger(v)) ||
    (opts.min !== undefined && v < opts.min) ||
    (opts.max !== undefined && v > opts.max)
  ) {
    const range = opts.min !== undefined && opts.max !== undefined ? ` in [${opts.min}, ${opts.max}]` : '';
    throw new RowError(`${field} "${raw}" is not ${opts.int ? 'a whole number' : 'a number'}${range}`);
  }
  return v;
}

/** ACLED's interaction code of two actor types: the lower first (12 for 1 and 2), one alone as N0. */
export const interaction = (a: number, b: number) =>
  a && b ? Math.min(a, b) * 10 + Math.max(a, b) : a * 10 || b * 10;

/** The sources a row names (semicolon-separated), each as said via the dataset. */
export const attributionOf = (source: string, dataset: string): Attribution[] =>
  source
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => ({ source: s, via: [dataset] }));

/** The parts of an imported claim that are not ACLED's columns: its provenance, evidence and flags. */
export function baseEvent(
  plover: string,
  dataset: string,
  id: string,
  text: string,
  reviewed: boolean,
): Omit<Claim, keyof AcledFields> {
  return {
    plover,
    details: {
      category: 'imported',
      plover,
      fieldEvidence: {},
      counts: {},
      imported: { dataset, id, ...(reviewed ? { reviewed } : {}) },
    },
    evidence: text ? [{ start: 0, end: text.length, text }] : [],
    attribution: [],
    hedged: false,
    flags: [`imported:${dataset.toLowerCase()}`],
    confidence: 1,
  };
}
