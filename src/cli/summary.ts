// The end of a batch: what failed, counted by cause, and the exit status. The stated rule: a batch
// exits 1 when no item could be processed, or when more than half of its items failed (a wrong
// option, a wrong file or a wrong format, not a few bad records); otherwise 0, with every failure
// told on stderr as it happened.
import type { IngestSummary } from '../ingest/pipeline.js';

/**
 * The cause of a failure without the particulars that make each message unique (quoted values,
 * numbers, the file or line it names), so that failures of one kind are counted together.
 * Example: `a.txt: publication date "24 November 2016" is not a date` -> `publication date "…" is not a date`.
 */
export function causeOf(e: Error): string {
  const where = (e as { where?: unknown }).where;
  let m = e.message;
  if (typeof where === 'string' && m.startsWith(`${where}: `)) m = m.slice(where.length + 2);
  return m
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/`[^`]*`/g, '`…`')
    .replace(/(?<![\w/.-])-?\d+(?:\.\d+)?(?![\w/.-])/g, 'N')
    .trim();
}

/** Failures of a batch, counted by cause. */
export class FailureTally {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(e: Error): void {
    const c = causeOf(e);
    this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
    this.total++;
  }

  /** "failed by cause: 80 publication date "…" is not a date | 12 no publication date", most first. */
  toString(): string {
    if (this.total === 0) return '';
    const by = [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return `failed by cause: ${by.map(([c, n]) => `${n} ${c}`).join(' | ')}`;
  }
}

/** Whether a batch of `ok` processed and `failed` items fails as a whole (see the rule above). */
export function batchFailed(ok: number, failed: number): boolean {
  return ok === 0 || failed > (ok + failed) / 2;
}

/** One line of what a batch of ingested or imported documents came to. */
export const summaryLine = (what: string, s: IngestSummary) =>
  `${what}: ${s.new} new, ${s.duplicate} duplicate, ${s.failed} failed; ${s.events} events\n`;
