// What the table readers share: a row refused with a reason, numbers checked against a range,
// ACLED's interaction from two actor types, and the parts of a claim every imported row has.
import type { AcledFields, Claim } from '../../model/index.js';

/** A row that cannot be read: the message says which column and why. */
export class RowError extends Error {}

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

export const interaction = (a: number, b: number) =>
  a && b ? Math.min(a, b) * 10 + Math.max(a, b) : a * 10 || b * 10;

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
