// Who did it to whom, for every other act: "by X", a subject before the trigger, the forces a
// nationality stands for ("Turkish air strikes"), the speaker's own action, else the first actor
// after it that is not its victim; the other side is the next actor named.
import type { EventType } from '../../../model/index.js';
import type { ActorMention } from '../../recognise/actors.js';
import type { ActorEntry, Resources } from '../../resources.js';
import type { Draft, DocumentContext, Sentence } from '../../sentence.js';

export const VIOLENT: ReadonlySet<EventType> = new Set<EventType>([
  'Battles',
  'Violence against civilians',
  'Explosions/Remote violence',
  'Riots',
]);

/** The state forces a nationality adjective stands for ("Turkish" -> the Turkish military), if the dictionary has them. */
export function forcesOf(adjective: string, res: Resources): ActorEntry | undefined {
  if (!res.gazetteer.demonym(adjective)) return undefined;
  const a = adjective.toLowerCase();
  return res.actors.find(
    (x) =>
      x.kind === 'state' &&
      x.aliases.some((al) => [`${a} forces`, `${a} army`, `${a} military`].includes(al.toLowerCase())),
  );
}

export function agentRoles(f: Draft, s: Sentence, doc: DocumentContext, distinct: ActorMention[]): void {
  const main = f.main.span;
  const agent = distinct.find(
    (a) => a.span.start >= main.end && /^\s*by\s+(?:the\s+)?$/i.test(doc.text.slice(main.end, a.span.start)),
  );
  // "Turkish drones struck": an actor may share words with the trigger and still be its subject.
  const beforeT = distinct.filter((a) => a.span.start <= main.start && a.span.end <= main.end).pop();
  const afterT = distinct.filter((a) => a.span.start >= main.end);
  // "Turkish air strikes": a nationality right before the act names the forces that did it.
  const adjective = /([\p{L}-]+)\s+$/u.exec(
    doc.text.slice(Math.max(s.span.start, main.start - 30), main.start),
  )?.[1];
  const nationalForces = adjective ? forcesOf(adjective, doc.res) : undefined;
  const speaker = s.speakerActor;
  const ownAction = speaker && /\b(its|their)\b/i.test(doc.text.slice(speaker.span.end, main.start));
  // Civilians or protesters named after a violent verb are its targets, not its authors.
  const victim = (a: ActorMention) =>
    VIOLENT.has(f.rule.event_type) && ['civilians', 'protesters'].includes(a.actor.kind);
  f.a1 =
    agent ??
    (nationalForces ? { span: main, actor: nationalForces, coreferent: true } : undefined) ??
    beforeT ??
    (ownAction ? speaker : undefined) ??
    afterT.find((a) => !victim(a));
  const a1 = f.a1;
  f.a2 =
    afterT.find((a) => a !== a1 && a.actor.id !== a1?.actor.id) ??
    distinct.find((a) => a !== a1 && a.actor.id !== a1?.actor.id);
  if (f.rule.category === 'withdrawal') f.a2 = undefined;
}
