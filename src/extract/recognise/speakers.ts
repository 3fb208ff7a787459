// Who speaks in a sentence, with pronouns and bare actor names resolved ("it said" after a quote
// is the last speaker; "The coalition said" is the coalition), and which actors only speak.
import type { AttributionLink, Span } from '../../model/index.js';
import type { ActorEntry } from '../resources.js';
import type { DocumentContext, Recogniser, Sentence } from '../sentence.js';
import { overlaps } from '../spans.js';
import { chain } from './attribution.js';
import { arabicAttribution } from './arabic.js';

const actorLabel = (a: ActorEntry) => a.aliases[0] ?? a.id;

/** The speaker the attribution finder found, its subject trimmed and resolved to a name. */
export function resolveSpeaker(
  found: AttributionLink | undefined,
  s: Sentence,
  doc: DocumentContext,
): AttributionLink | undefined {
  let speaker = found;
  if (!speaker?.span) return speaker;
  const subject = speaker.span.text.replace(/^(but|and)\s+/i, '');
  const start = speaker.span.end - subject.length;
  speaker = { ...speaker, span: { start, end: speaker.span.end, text: subject } };
  if (/^(which|who|that|whom)$/i.test(subject)) return undefined;
  if (/^(it|he|she|they)$/i.test(subject)) {
    // After a quote, "it said" is the last speaker; otherwise the actor just named.
    const quoted = /^["“]/.test(s.span.text);
    const antecedent = quoted ? undefined : [...s.actors].reverse().find((a) => a.span.end <= start);
    if (antecedent) return { ...speaker, name: actorLabel(antecedent.actor) };
    if (doc.previousSpeaker) return { ...speaker, name: doc.previousSpeaker.name };
    return undefined;
  }
  if (!doc.res.sources.some((x) => x.name === speaker!.name)) {
    // A subject that is just an actor's name ("The coalition") speaks as that actor.
    const bare = subject.replace(/^(the|a|an)\s+/i, '');
    const whole = s.actors.find(
      (a) =>
        a.span.text.toLowerCase() === bare.toLowerCase() ||
        a.span.text.toLowerCase() === subject.toLowerCase(),
    );
    if (whole) return { ...speaker, name: actorLabel(whole.actor) };
  }
  return speaker;
}

/** The sentence's speaker, medium and attribution chain; the speaker is remembered for "it said". */
export const speakers: Recogniser = (s, doc) => {
  const arabic = s.arabic && doc.res.arabic;
  const found = arabic
    ? arabicAttribution(s, arabic)
    : doc.res.attributionFinder.find(s.span, doc.previousSpeaker);
  const speaker = arabic ? found.speaker : resolveSpeaker(found.speaker, s, doc);
  if (speaker) doc.previousSpeaker = speaker;
  s.speaker = speaker;
  s.medium = found.medium;
  s.attribution = chain(doc.doc.source, speaker, found.medium);
};

/** Actors that only speak are not parties to the event; the speaking actor is kept aside. */
export const parties: Recogniser = (s) => {
  const speaking = [s.speaker?.span, s.medium?.span].filter((x): x is Span => !!x);
  s.parties = s.actors.filter((a) => !speaking.some((x) => overlaps(x, a.span)));
  const said = s.speaker?.span;
  s.speakerActor = said ? s.actors.find((a) => overlaps(a.span, said)) : undefined;
};
