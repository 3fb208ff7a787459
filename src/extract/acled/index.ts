// The ACLED coding rules applied to each finding once its actors are known, in order. Adding a
// rule is one file beside this one and one line here.
import type { Solver } from '../sentence.js';
import { arrestByArmedGroupIsAbduction } from './arrest-by-armed-group-is-abduction.js';
import { attackOnArmedActorIsBattle } from './attack-on-armed-actor-is-battle.js';
import { unidentifiedPerpetrator } from './unidentified-perpetrator.js';
import { unnamedCrowd } from './unnamed-crowd.js';

export const ACLED_RULES: Solver[] = [
  attackOnArmedActorIsBattle,
  arrestByArmedGroupIsAbduction,
  unnamedCrowd,
  unidentifiedPerpetrator,
];

export { arrestsAtDemonstration } from './arrests-at-demonstration.js';
export { DEMONSTRATION_SEVERITY, isDemonstration, worstDemonstration } from './demonstration-severity.js';
export { interaction } from './interaction.js';
