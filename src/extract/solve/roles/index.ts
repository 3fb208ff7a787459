// Who took part, by the kind of event: a deal's parties and brokers, a demonstration's crowd,
// a convoy's movers and escorts, else the agent and the other side. Then their ACLED names.
import { codedAs } from '../../acled/participants-are-the-crowd.js';
import { actorName } from '../../recognise/actors.js';
import type { ActorEntry } from '../../resources.js';
import type { ActorMention } from '../../recognise/actors.js';
import { cite, type Solver } from '../../sentence.js';
import { agentRoles } from './agent.js';
import { agreementRoles } from './agreement.js';
import { crowdRoles } from './crowd.js';
import { isConvoy, movementRoles } from './movement.js';

/** The rules' reading of who took part (no evidence cited yet: a model may overrule them). */
export const ruleRoles: Solver = (f, s, doc) => {
  const seen = new Set<string>();
  const distinct = s.parties.filter((a: ActorMention) =>
    seen.has(a.actor.id) ? false : (seen.add(a.actor.id), true),
  );
  if (f.rule.category === 'agreement') agreementRoles(f, s, doc, distinct);
  else if (f.rule.event_type === 'Protests' || f.rule.event_type === 'Riots') crowdRoles(f, doc, distinct);
  else if (isConvoy(f, s, doc)) movementRoles(f, s, doc, distinct);
  else agentRoles(f, s, doc, distinct);
};

/** The words actor1 and actor2 rest on, and the source's. */
export const citeRoles: Solver = (f, s) => {
  // A back-reference's actors are the event's already; a coreferent one has no words of its own.
  if (!f.reference) {
    if (f.a1 && !f.a1.coreferent) cite(f, 'actor1', f.a1.span);
    if (f.a2 && !f.a2.coreferent) cite(f, 'actor2', f.a2.span);
  }
  if (s.attribution?.span) (f.fieldEvidence.source ??= []).push(s.attribution.span);
};

export const roles: Solver = (f, s, doc) => {
  ruleRoles(f, s, doc);
  citeRoles(f, s, doc);
};

/** ACLED's names and inter codes for the actors, in the event's country, on its date. */
export const names: Solver = (f, _s, doc) => {
  const named = (a?: ActorEntry) =>
    a
      ? actorName(
          codedAs(a, f.eventType, doc.res),
          f.countryCode,
          f.countryName,
          f.eventDate,
          doc.res.periods,
        )
      : { name: '', inter: 0 };
  f.n1 = named(f.a1?.actor);
  f.n2 = named(f.a2?.actor);
};
