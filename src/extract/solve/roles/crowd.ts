// A demonstration's crowd acts; whoever intervenes in it is the other side.
import type { ActorMention } from '../../recognise/actors.js';
import { rioterCrowd } from '../../acled/rioting-crowd-is-rioters.js';
import type { Draft, DocumentContext } from '../../sentence.js';

export function crowdRoles(f: Draft, doc: DocumentContext, distinct: ActorMention[]): void {
  const riot = f.rule.event_type === 'Riots';
  const crowdKinds = riot ? ['rioters', 'protesters'] : ['protesters', 'rioters'];
  const crowd = distinct.find((a) => crowdKinds.includes(a.actor.kind));
  f.a1 = riot ? rioterCrowd(crowd, doc.res) : crowd;
  const intervening = f.rule.sub_event_type !== 'Peaceful protest';
  f.a2 = intervening
    ? distinct.find(
        (a) => a !== f.a1 && ['state', 'external', 'militia', 'rebel', 'unidentified'].includes(a.actor.kind),
      )
    : undefined;
}
