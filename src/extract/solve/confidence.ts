// How far to trust a finding: a stated place, date and actor raise it; hedged wording and
// back-references lower it; an implausible count caps it.
import type { Solver } from '../sentence.js';

export const confidence: Solver = (f, s) => {
  let c = 0.55;
  if (f.place && !f.placeInferred) c += 0.15;
  if (!f.dateInferred) c += 0.1;
  if (f.a1) c += 0.1;
  if (s.attribution?.span) c += 0.05;
  if (s.hedged) c -= 0.2;
  if (f.reference) c -= 0.1;
  if (f.flags.length) c = Math.min(c, 0.2);
  f.confidence = Math.max(0.05, Math.min(0.99, c));
};
