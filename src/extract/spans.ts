// Small span helpers shared by the recognisers, the solvers and the merge.
import type { Span } from '../model/index.js';

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Spans without repeats (same start and end), in text order; ties keep their order. */
export function dedupeSpans(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans
    .filter((s) => (seen.has(`${s.start}:${s.end}`) ? false : (seen.add(`${s.start}:${s.end}`), true)))
    .sort((a, b) => a.start - b.start);
}

/** The index of the first item whose span starts at or after `offset` (items sorted by start). */
export function firstFrom<T extends { span: Span }>(sorted: readonly T[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The items lying wholly inside `range`, in order, from a list sorted by start: a binary search
 * and a walk, so that reading every sentence of a long document stays linear.
 */
export function within<T extends { span: Span }>(sorted: readonly T[], range: Span): T[] {
  const out: T[] = [];
  for (let i = firstFrom(sorted, range.start); i < sorted.length; i++) {
    const x = sorted[i]!;
    if (x.span.start >= range.end) break;
    if (x.span.end <= range.end) out.push(x);
  }
  return out;
}

/** Whether a list is sorted by span start (recognisers' outputs are; a check keeps `within` honest). */
export function sortedByStart<T extends { span: Span }>(xs: readonly T[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]!.span.start > xs[i]!.span.start) return false;
  return true;
}
