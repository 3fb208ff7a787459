// The plain-text tables the record's commands print.

/** Columns padded to their widest cell; the last column runs free. */
export function table(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = header.map((_, i) => Math.min(48, Math.max(...cells.map((r) => (r[i] ?? '').length))));
  const clip = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);
  return `${cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : clip(c, widths[i]!).padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
