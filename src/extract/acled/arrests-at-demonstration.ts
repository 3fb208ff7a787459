// ACLED Codebook, "Protest with intervention": arrests of demonstrators at a demonstration are
// the authorities intervening in it, coded to the protest with the arresting force as actor2.
import type { EventType, SubEventType } from '../../model/index.js';
import type { Finding } from '../../model/index.js';
import { isDemonstration } from './demonstration-severity.js';

const CROWD = /\b(protesters|demonstrators|rioters|activists)\b/i;

/** The document's claims with arrests of a crowd recoded, when the document tells a demonstration. */
export function arrestsAtDemonstration(claims: Finding[]): Finding[] {
  if (!claims.some(isDemonstration)) return claims;
  return claims.map((c) =>
    c.subEventType === 'Arrests' && CROWD.test(c.notes)
      ? {
          ...c,
          eventType: 'Protests' as EventType,
          subEventType: 'Protest with intervention' as SubEventType,
          actor1: undefined,
          actor2: c.actor1,
          inter2: c.inter1,
          inter1: 0,
          details: { ...c.details, category: 'protest' },
        }
      : c,
  );
}
