// How many: deaths and injured for violent events (and force against protesters), people moved
// and vehicles for movements and deals; each count of the sentence added up, its words cited.
import type { CountMention } from '../recognise/counts.js';
import type { EvidenceField } from '../claim.js';
import { cite, type Solver } from '../sentence.js';
import { VIOLENT } from './roles/agent.js';

const FIELD: Record<CountMention['kind'], EvidenceField> = {
  killed: 'fatalities',
  injured: 'injured',
  people: 'people_moved',
  vehicles: 'vehicles',
};

export const tallies: Solver = (f, s) => {
  const sum = (kind: CountMention['kind']) => {
    const cs = s.counts.filter((c) => c.kind === kind);
    if (cs.length === 0) return undefined;
    for (const c of cs) cite(f, FIELD[kind], c.span);
    if (cs.some((c) => c.implausible)) f.flags.push(`implausible_${kind}`);
    return cs.reduce(
      (acc, c) => ({ low: acc.low + c.low, best: acc.best + c.best, high: acc.high + c.high }),
      { low: 0, best: 0, high: 0 },
    );
  };
  const counts = f.details.counts;
  if (VIOLENT.has(f.rule.event_type) || f.rule.sub_event_type === 'Excessive force against protesters') {
    counts.fatalities = sum('killed');
    counts.injured = sum('injured');
  }
  if (f.rule.category === 'movement' || f.rule.category === 'agreement') {
    counts.peopleMoved = sum('people');
    counts.vehicles = sum('vehicles');
  }
};

/** Counts of the sentence, and of the sentences after it for the kinds it does not count itself. */
export const tailTallies: Solver = (f, s, doc) => {
  const own = new Set(s.counts.map((c) => c.kind));
  const tail = (f.tail ?? []).filter((c) => !own.has(c.kind));
  tallies(f, tail.length ? { ...s, counts: [...s.counts, ...tail] } : s, doc);
};
