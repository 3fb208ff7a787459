// ACLED Codebook, "Unidentified Armed Group": violence whose perpetrator the sources do not name
// is coded to an unidentified armed group of the country, "Unidentified Armed Group (Syria)".
import { VIOLENT } from '../solve/roles/agent.js';
import type { Solver } from '../sentence.js';

export const unidentifiedPerpetrator: Solver = (f, _s, doc) => {
  const type = f.rule.event_type;
  if (f.a1 || !VIOLENT.has(type) || type === 'Riots') return;
  const unidentified = doc.res.actors.find((a) => a.kind === 'unidentified');
  if (unidentified) f.a1 = { span: f.main.span, actor: unidentified, coreferent: true };
};
