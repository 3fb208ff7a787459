// Who moves in a convoy or column, and who escorts it: the movement's actor1 and associates.
import type { MovementStatus } from '../../../model/index.js';
import type { ActorMention } from '../../recognise/actors.js';
import type { Draft, DocumentContext, Sentence } from '../../sentence.js';

const CONVOY = /\b(convoy|buses|bus|column|evacuees)\b/i;
const MOVER =
  /\b(convoy|buses|bus|column|fighters|evacuees|vehicles|militants|troops|reinforcements|jihadists)\b/i;
const ESCORTED_BY = /\bescorted\s+by\s+(?:the\s+)?$/i;

/** Whether a movement trigger tells of a convoy: named in the sentence, or "it" after one was. */
export function isConvoy(f: Draft, s: Sentence, doc: DocumentContext): boolean {
  return (
    f.rule.category === 'movement' &&
    (CONVOY.test(s.span.text) ||
      (doc.convoyActor !== undefined &&
        /\b(it|they)\b/i.test(doc.text.slice(s.span.start, f.main.span.start))))
  );
}

export function movementRoles(f: Draft, s: Sentence, doc: DocumentContext, distinct: ActorMention[]): void {
  const escorts = distinct.filter((a) =>
    ESCORTED_BY.test(doc.text.slice(Math.max(s.span.start, a.span.start - 25), a.span.start)),
  );
  const armed = distinct.filter(
    (a) => !escorts.includes(a) && ['rebel', 'state', 'militia', 'external'].includes(a.actor.kind),
  );
  const moverNoun = MOVER.exec(doc.text.slice(s.span.start, f.main.span.start));
  const moverAt = moverNoun ? s.span.start + moverNoun.index : -1;
  // "The buses traveled": the convoy moves, unless an actor is named as what moves ("ISIS fighters").
  const subject = armed.filter(
    (a) => a.span.end <= f.main.span.start && (moverAt < 0 || a.span.end <= moverAt + 40),
  );
  f.a1 = moverAt >= 0 ? subject.find((a) => Math.abs(a.span.end - moverAt) < 40) : subject.pop();
  if (!f.a1 && doc.convoyActor) f.a1 = { span: f.main.span, actor: doc.convoyActor, coreferent: true };
  f.assoc1.push(...escorts.map((e) => e.actor));
  f.movement = {
    status: [...new Set(f.triggers.map((t) => t.rule.status).filter((x): x is MovementStatus => !!x))],
  };
  if (escorts.length) f.movement.escortedBy = escorts.map((e) => e.actor.id);
}
