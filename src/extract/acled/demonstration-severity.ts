// ACLED Codebook, "Protests" and "Riots": one demonstration is one event, coded at its most
// severe form (a protest that turns violent is a violent demonstration).
import type { SubEventType } from '../../model/index.js';
import type { Finding } from '../../model/index.js';

/** ACLED's demonstration sub-types, least to most severe. */
export const DEMONSTRATION_SEVERITY: SubEventType[] = [
  'Peaceful protest',
  'Protest with intervention',
  'Violent demonstration',
  'Mob violence',
  'Excessive force against protesters',
];

export const isDemonstration = (c: Pick<Finding, 'subEventType'>) =>
  DEMONSTRATION_SEVERITY.includes(c.subEventType);

/** Codes `home` at the worse of its own form and `c`'s when both tell one demonstration. */
export function worstDemonstration(home: Finding, c: Finding): void {
  if (!isDemonstration(home) || !isDemonstration(c)) return;
  if (DEMONSTRATION_SEVERITY.indexOf(c.subEventType) <= DEMONSTRATION_SEVERITY.indexOf(home.subEventType))
    return;
  home.subEventType = c.subEventType;
  home.eventType = c.eventType;
  home.details.plover = c.details.plover;
  if (c.actor1) home.actor1 = c.actor1;
  home.inter1 = c.inter1 || home.inter1;
}
