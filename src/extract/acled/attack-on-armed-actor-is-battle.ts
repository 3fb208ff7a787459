// ACLED Codebook, "Battles": a violent interaction between two organised armed groups. Killing
// or attacking a member of the security forces or of an armed group is a battle (armed clash),
// not violence against civilians, which is violence against unarmed non-combatants.
import type { Solver } from '../sentence.js';

const ARMED = ['state', 'rebel', 'militia', 'external'];

export const attackOnArmedActorIsBattle: Solver = (f) => {
  if (f.rule.category !== 'violence' || f.subEventType !== 'Attack') return;
  if (!f.a2 || !ARMED.includes(f.a2.actor.kind)) return;
  f.eventType = 'Battles';
  f.subEventType = 'Armed clash';
};
