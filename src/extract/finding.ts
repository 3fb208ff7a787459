// A solved draft as the finding it becomes: ACLED's fields of one sentence's coding of one event.
import type { Finding } from '../model/index.js';
import { codedAs } from './acled/participants-are-the-crowd.js';
import { actorName } from './recognise/actors.js';
import type { Draft, DocumentContext, Sentence } from './sentence.js';
import { dedupeSpans } from './spans.js';

export function toFinding(f: Draft, s: Sentence, doc: DocumentContext): Finding {
  const text = s.span.text;
  // Associated actors under their ACLED names, without the main actors, "; " between them.
  const assocNames = (list: Draft['assoc1']) =>
    list
      .map(
        (a) =>
          actorName(
            codedAs(a, f.eventType, doc.res),
            f.countryCode,
            f.countryName,
            f.eventDate,
            doc.res.periods,
          ).name,
      )
      .filter((n) => n && n !== f.n1.name && n !== f.n2.name)
      .join('; ') || undefined;
  return {
    docId: doc.doc.id,
    eventType: f.eventType,
    subEventType: f.subEventType,
    eventDate: f.eventDate,
    timePrecision: f.timePrecision,
    actor1: f.n1.name || undefined,
    assocActor1: assocNames(f.assoc1),
    actor2: f.n2.name || undefined,
    ...(f.assoc2.length
      ? {
          assocActor2: assocNames(f.assoc2),
        }
      : {}),
    inter1: f.n1.inter,
    inter2: f.n2.inter,
    place: f.place?.place,
    geoPrecision: f.geoPrecision,
    fatalities: f.details.counts.fatalities?.best ?? 0,
    attribution: s.attribution ? [s.attribution] : [],
    evidence: dedupeSpans(f.evidence),
    hedged: s.hedged,
    confidence: f.confidence,
    notes: text.length > 500 ? `${text.slice(0, 497)}...` : text,
    details: f.details,
    placeInferred: f.placeInferred,
    dateInferred: f.dateInferred,
    reference: f.reference,
    flags: f.flags,
  };
}
