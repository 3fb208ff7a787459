// ACLED Codebook, "Abduction/forced disappearance": arrests are coded as Strategic developments
// only when made by state forces; the same act by a non-state group is an abduction.
import type { Solver } from '../sentence.js';

const NON_STATE = ['rebel', 'militia', 'unidentified'];

export const arrestByArmedGroupIsAbduction: Solver = (f) => {
  if (f.subEventType !== 'Arrests' || !f.a1 || !NON_STATE.includes(f.a1.actor.kind)) return;
  f.eventType = 'Violence against civilians';
  f.subEventType = 'Abduction/forced disappearance';
};
