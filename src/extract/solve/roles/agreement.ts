// Who a deal is between, and who brokered it; not what it trades ("in return for the bodies of
// Lebanese soldiers").
import type { ActorMention } from '../../recognise/actors.js';
import type { Draft, DocumentContext, Sentence } from '../../sentence.js';

const BROKER = /\b(broker(?:ed|ing)?|mediat(?:ed|ion|ing)|facilitat(?:ed|ing))\b/i;
const BROKERED_BY = /\b(?:brokered|mediated|facilitated)\s+by\s+$/i;
const TRADE = /\b(in return for|in exchange for|bodies of|remains of)\b/i;

export function agreementRoles(f: Draft, s: Sentence, doc: DocumentContext, distinct: ActorMention[]): void {
  const tradeAt = TRADE.exec(s.span.text);
  const limit = tradeAt ? s.span.start + tradeAt.index : s.span.end;
  const partiesOnly = distinct.filter(
    (a) => a.span.start < limit && !['civilians', 'protesters', 'rioters'].includes(a.actor.kind),
  );
  const brokerWord = BROKER.exec(s.span.text);
  const brokerAt = brokerWord ? s.span.start + brokerWord.index : -1;
  const brokers = partiesOnly.filter(
    (a) =>
      brokerAt >= 0 &&
      ((a.span.end <= brokerAt && brokerAt - a.span.end < 60) ||
        BROKERED_BY.test(doc.text.slice(Math.max(s.span.start, a.span.start - 30), a.span.start))),
  );
  let sides = partiesOnly.filter((a) => !brokers.includes(a));
  // With fewer than two other parties named, a broker that "helped to broker" is itself a party.
  while (sides.length < 2 && brokers.length > 0) sides = [brokers.shift()!, ...sides];
  f.a1 = sides[0];
  f.a2 = sides[1];
  f.assoc1.push(...brokers.map((b) => b.actor));
  f.agreement = { parties: sides.map((x) => x.actor.id), brokers: brokers.map((b) => b.actor.id) };
}
