// ACLED Codebook, "Riots" and actor types (inter 5): a crowd that turns violent is coded as
// rioters, whatever the report calls it.
import type { ActorMention } from '../recognise/actors.js';
import type { Resources } from '../resources.js';

export function rioterCrowd(crowd: ActorMention | undefined, res: Resources): ActorMention | undefined {
  const rioters = res.actors.find((a) => a.kind === 'rioters');
  return crowd?.actor.kind === 'protesters' && rioters ? { ...crowd, actor: rioters } : crowd;
}
