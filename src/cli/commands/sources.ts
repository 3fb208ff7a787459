// `observatory sources list | grade`: the source registry and its reliability grades (A-F).
import type { Command } from 'commander';
import { distance } from 'fastest-levenshtein';
import type { RegisteredSource, Reliability } from '../../model/index.js';
import { out } from '../io.js';
import { choice } from '../options.js';
import { dbOption, formatOption, withStore } from '../record.js';
import { table } from '../table.js';

const GRADES: readonly Reliability[] = ['A', 'B', 'C', 'D', 'E', 'F'];

export function addSourcesCommand(program: Command): void {
  const sources = program
    .command('sources')
    .description('The source registry and its reliability grades (A-F).');
  sources
    .command('list')
    .description(
      'Every source the record knows: the shipped registry and every outlet its reports name, with counts.',
    )
    .option(...dbOption)
    .addOption(formatOption(['table', 'json']))
    .action(async (o: { db?: string; format: string }) => {
      const all = await withStore(o.db, (s) => s.listSources());
      if (o.format === 'json') return out(`${JSON.stringify(all, null, 2)}\n`);
      out(
        table(
          ['name', 'kind', 'country', 'reports', 'last seen', 'grade', 'graded by', 'at'],
          all.map((s) => [
            s.name,
            s.kind,
            s.country,
            s.reports ?? 0,
            s.lastSeen,
            s.reliability,
            s.gradedBy,
            s.gradedAt,
          ]),
        ),
      );
    });
  sources
    .command('grade')
    .description(
      "Set a source's reliability: A (completely reliable) ... E (unreliable), F (cannot be judged).",
    )
    .argument('<name>', 'the source, by its name or any alias')
    .argument('<grade>', 'A-F (any case)', choice(GRADES))
    .option(...dbOption)
    .option('--by <name>', 'who grades', process.env.USER ?? 'analyst')
    .option('--new', 'add the source to the registry if it has never been seen')
    .action(async (name: string, grade: Reliability, o: { db?: string; by: string; new?: boolean }) => {
      const s = await withStore(o.db, async (st) => {
        if (!o.new) {
          const known = await st.listSources();
          if (!findSource(known, name)) throw new UnknownSourceError(name, nearestSources(known, name));
        }
        return st.gradeSource(name, grade, o.by);
      });
      out(`${s.name}: ${s.reliability}\n`);
    });
}

/** The registered source a name (or one of its aliases) means, whatever its case. */
export function findSource(known: RegisteredSource[], name: string): RegisteredSource | undefined {
  const key = name.trim().toLowerCase();
  return known.find((s) => [s.name, ...s.aliases].some((n) => n.toLowerCase() === key));
}

/** Up to `k` registered names nearest to `name` (by edit distance, a shared prefix first). */
export function nearestSources(known: RegisteredSource[], name: string, k = 3): string[] {
  const key = name.trim().toLowerCase();
  const scored = known.map((s) => {
    const d = Math.min(
      ...[s.name, ...s.aliases].map((n) => {
        const m = n.toLowerCase();
        return m.startsWith(key) || key.startsWith(m) ? 0.5 : distance(m, key);
      }),
    );
    return { name: s.name, d };
  });
  return scored
    .filter((x) => x.d <= Math.max(2, key.length / 2))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, k)
    .map((x) => x.name);
}

/** Grading a name the registry has never seen: a typo, most likely. */
export class UnknownSourceError extends Error {
  constructor(name: string, nearest: string[]) {
    super(
      `no source "${name}" in the registry` +
        (nearest.length ? `; did you mean ${nearest.map((n) => `"${n}"`).join(', ')}?` : '') +
        ` Pass --new to add "${name}" and grade it.`,
    );
    this.name = 'UnknownSourceError';
  }
}
