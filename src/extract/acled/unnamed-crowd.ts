// ACLED Codebook, actor types "Protesters" and "Rioters": a demonstration with no named
// organisation is coded to the country's protesters (or rioters), "Protesters (Lebanon)".
import type { Solver } from '../sentence.js';

export const unnamedCrowd: Solver = (f, _s, doc) => {
  const type = f.rule.event_type;
  if (f.a1 || (type !== 'Protests' && type !== 'Riots')) return;
  const crowd = doc.res.actors.find((a) => a.kind === (type === 'Riots' ? 'rioters' : 'protesters'));
  if (crowd) f.a1 = { span: f.main.span, actor: crowd, coreferent: true };
};
