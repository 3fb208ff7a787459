// ACLED Codebook, actor types "Protesters" and "Rioters": the people taking part in a
// demonstration are coded as its protesters (or rioters) of the country, whatever the report
// calls them ("workers", "students", "residents"); elsewhere the same words are civilians.
import type { EventType } from '../../model/index.js';
import type { ActorEntry, Resources } from '../resources.js';

export function codedAs(actor: ActorEntry, eventType: EventType, res: Pick<Resources, 'actors'>): ActorEntry {
  const crowd =
    eventType === 'Protests' && actor.kind === 'civilians'
      ? 'protesters'
      : eventType === 'Riots' && (actor.kind === 'civilians' || actor.kind === 'protesters')
        ? 'rioters'
        : undefined;
  return (crowd && res.actors.find((a) => a.kind === crowd)) || actor;
}
