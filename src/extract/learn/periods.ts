// The year in state forces' names ("Police Forces of Mexico (2018-)"), learned from training gold:
// for each country and each generic dictionary entry whose name carries {period}, the year its
// gold names carry most often. Numbers only; the names are the dictionary's own templates.
import { countryNameOf, type Resources } from '../resources.js';
import type { Periods } from '../recognise/actors.js';
import type { GoldNote } from './gold.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function learnPeriods(notes: GoldNote[], res: Resources): Periods {
  const templates = res.actors.flatMap((a) =>
    Object.values(a.names)
      .filter((n) => n.includes('{period}') && n.includes('{country}'))
      .map((n) => ({
        id: a.id,
        re: new RegExp(
          `^${escape(n).replace('\\{country\\}', '(.+?)').replace('\\{period\\}', '(\\d{4})-')}$`,
        ),
      })),
  );
  // Country names as the names spell them -> codes, from the gazetteer's countries.
  const codes = new Map<string, string>();
  const codeOf = (name: string) => {
    if (!codes.has(name)) {
      const c = res.gazetteer.lookup(name).find((p) => p.featureCode === 'PCLI')?.countryCode;
      const override = Object.entries(res.countryNames).find(([, n]) => n === name)?.[0];
      codes.set(name, override ?? (c && countryNameOf(res, c) === name ? c : ''));
    }
    return codes.get(name)!;
  };
  const counts = new Map<string, Map<number, number>>();
  for (const row of notes.flatMap((n) => n.rows))
    for (const field of [row.actor1, row.actor2, row.assoc_actor_1, row.assoc_actor_2])
      for (const name of field.split(';').map((x) => x.trim()))
        for (const t of templates) {
          const m = t.re.exec(name);
          const cc = m && codeOf(m[1]!);
          if (!cc) continue;
          const key = `${cc}|${t.id}`;
          const byYear = counts.get(key) ?? new Map<number, number>();
          byYear.set(Number(m[2]), (byYear.get(Number(m[2])) ?? 0) + 1);
          counts.set(key, byYear);
        }
  const out: Periods = {};
  for (const key of [...counts.keys()].sort()) {
    const [cc, id] = key.split('|') as [string, string];
    const best = [...counts.get(key)!].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
    (out[cc] ??= {})[id] = best;
  }
  return out;
}
