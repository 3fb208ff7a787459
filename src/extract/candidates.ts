// From a sentence's triggers and their readings to the events it tells: one candidate per
// sub-event type, category and movement status, made of the triggers that tell it.
import type { SentenceReading } from './reading.js';
import type { Sentence, Trigger } from './sentence.js';

export interface Candidate {
  triggers: Trigger[];
  /** The trigger the event is read from: the first that reads as news. */
  main: Trigger;
  /** Every trigger is a back-reference ("the deal"): it adds to an event told elsewhere. */
  reference: boolean;
}

const keyOf = (t: Trigger) => `${t.rule.sub_event_type}|${t.rule.category}|${t.rule.status ?? ''}`;

export function candidates(s: Sentence, { readings, promoted }: SentenceReading): Candidate[] {
  const bySubtype = new Map<string, Trigger[]>();
  const add = (t: Trigger) => bySubtype.set(keyOf(t), [...(bySubtype.get(keyOf(t)) ?? []), t]);
  for (const t of s.triggers) {
    const reading = readings.get(t);
    if (t === promoted || (reading !== 'event' && reading !== 'reference')) continue;
    // A movement rule that needs a mover ("convoy", "buses") is no movement without one.
    if (
      t.rule.category === 'movement' &&
      t.rule.needs &&
      // The Arabic wordings of movements name the mover themselves ("وصلت قافلة").
      !s.arabic &&
      !new RegExp(`\\b(${t.rule.needs})\\b`, 'i').test(s.span.text)
    )
      continue;
    add(t);
  }
  if (promoted) add(promoted);
  // A strike's target ("destroying bridges") belongs to the strike, not to a separate event.
  const category = (k: string) => k.split('|')[1];
  if ([...bySubtype.keys()].some((k) => category(k) === 'strike')) {
    for (const k of [...bySubtype.keys()]) if (category(k) === 'destruction') bySubtype.delete(k);
  }
  return [...bySubtype.values()].map((group) => ({
    triggers: group,
    main: group.find((t) => readings.get(t) === 'event') ?? group[0]!,
    reference: group.every((t) => readings.get(t) === 'reference'),
  }));
}
