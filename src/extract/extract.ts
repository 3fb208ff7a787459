// From one document to coded events: each sentence is read by small recognisers (triggers,
// actors, dates, places, counts, attribution), their findings are combined into claims, and the
// claims that tell the same what, where and when are merged into events. Stateless; no storage.
import type {
  AcledFields,
  Attribution,
  AttributionLink,
  Claim,
  EventType,
  GeoPrecision,
  Place,
  Span,
  SubEventType,
  TimePrecision,
} from '../model/index.js';
import { findDates, type DateMention } from '../nlp/dates.js';
import { detectLanguage } from '../nlp/language.js';
import { splitSentences } from '../nlp/sentences.js';
import type { Toponym } from '../geo/geoparse.js';
import { actorName, type ActorMention } from './actors.js';
import { findCounts, parseNumber, type CountMention } from './counts.js';
import type { ActorEntry, EventRule, Resources } from './resources.js';

export interface InputDocument {
  id: string;
  text: string;
  /** YYYY-MM-DD */
  published: string;
  /** The publisher, last link of every attribution chain. */
  source?: string;
}

export type { MovementStatus } from '../model/index.js';
import type { MovementStatus } from '../model/index.js';

export type EvidenceField =
  | 'event_type'
  | 'actor1'
  | 'actor2'
  | 'location'
  | 'event_date'
  | 'fatalities'
  | 'injured'
  | 'people_moved'
  | 'vehicles'
  | 'source';
export type FieldEvidence = Partial<Record<EvidenceField, Span[]>>;

/** Structured details beyond ACLED's columns. */
export interface EventDetails {
  category: string;
  plover: string;
  /** The claim is made inside a direct quotation. */
  quoted?: boolean;
  /** How long it lasted, when the text says ("for two weeks"). */
  duration?: { text: string; days: number };
  /** Which words each coded field rests on (ACLED field name -> spans). */
  fieldEvidence: FieldEvidence;
  movement?: { status: MovementStatus[]; escortedBy?: string[]; from?: string; to?: string };
  /** What a deal gives for what ("fighters and families evacuated" in return for "soldiers' remains"). */
  agreement?: { parties: string[]; brokers: string[]; gives?: string; inReturnFor?: string };
  /** What a strike or attack hit ("bridges", "the route to Albukamal"). */
  target?: string;
  /**
   * The row of a coded dataset (ACLED, UCDP) the event was imported from, by its id there; `row`
   * holds that row's columns the coding itself does not (ACLED's ids, iso, region, admin3,
   * source_scale, timestamp...), as written, so that an export gives them back.
   */
  imported?: { dataset: string; id: string; row?: Record<string, string> };
  /** Who asked for it ("at the request of Russia"). */
  requestedBy?: string;
  counts: {
    fatalities?: { low: number; best: number; high: number };
    injured?: { low: number; best: number; high: number };
    peopleMoved?: { low: number; best: number; high: number };
    vehicles?: { low: number; best: number; high: number };
  };
}

/** A claim with the details the merge step needs; becomes an event. */
export interface ExtractedClaim extends Omit<Claim, 'attribution'> {
  /** One chain per claim merged in; a claim starts with one. */
  attribution: Attribution[];
  details: EventDetails;
  inter1: number;
  inter2: number;
  /** The place came from another sentence, not from the claim's own words. */
  placeInferred: boolean;
  /** The date came from the publication date, not from the text. */
  dateInferred: boolean;
  /** A definite back-reference ("the deal") that adds to an event rather than starting one. */
  reference: boolean;
  flags: string[];
}

/** An event as extraction codes it: ACLED's columns plus PLOVER, details, evidence and who says it. */
export interface ExtractedEvent extends AcledFields {
  plover: string;
  details: EventDetails;
  evidence: Span[];
  attribution: Attribution[];
  hedged: boolean;
  flags: string[];
  confidence: number;
}

export interface ExtractionResult {
  events: ExtractedEvent[];
  claims: ExtractedClaim[];
  toponyms: Toponym[];
  /** ISO 639-3 code of the text's language ("eng", "arb", ...; "und" if too short to tell). */
  language: string;
  /** Why something was not coded (a language the rules do not read). */
  warnings: string[];
}

interface Trigger {
  rule: EventRule;
  span: Span;
}

const NEGATION = /\b(not|never|no|n't|denied|deny|denies|without|failed to|refuted)\s+(?:\S+\s+){0,2}$/i;
// Lower case only: "may" the modal, not "May" the month.
const IRREALIS =
  /\b(will|would|could|may|might|should|shall|plans? to|planning to|planned to|aims? to|threaten(?:ed|s)? to|pledged? to|vowed? to|tried to|trying to|attempt(?:ed|ing|s)? to|to help|in order to|to prevent|intend(?:s|ed)? to|wants? to|ready to|prepar(?:ing|ed) to|expected to|likely to|if)\s+(?:\S+\s+){0,1}$/;
const REFERENCE =
  /\b(after|following|since|during|amid|before|until|despite|prior to|in the wake of)\s+(?:the\s+|a\s+|an\s+|this\s+|that\s+|its\s+|their\s+|his\s+|these\s+|recent\s+|last\s+|previous\s+|earlier\s+|renewed\s+|heavy\s+|fierce\s+|violent\s+)*$/i;
const DEFINITE = /\b(the|this|that|its|their|his|her)\s+(?:[\p{L}-]+\s+)?$/iu;
const BACKGROUND_CLAUSE =
  /\b(?:that|which|who)\s+(?:have|has)\s+(?:long\s+|repeatedly\s+|also\s+)?(?:been\s+)?\w+/i;
const RELATIVE_STATE = /\b(?:that|which|who)\s+(?:was|were|had been|has been|have been)\s+$/i;
const HEDGES =
  /\b(reportedly|allegedly|purportedly|unconfirmed|it (?:remains|is) unclear|it was not clear|could not be (?:independently )?verified|is believed to|are believed to|may have|might have|possibly|apparently|according to unconfirmed)\b/i;
const CASUALTY = /\b(killed|wounded|injured|dead|captured|died)\b/i;
const MOVER =
  /\b(convoy|buses|bus|column|fighters|evacuees|vehicles|militants|troops|reinforcements|jihadists)\b/i;
const BROKER = /\b(broker(?:ed|ing)?|mediat(?:ed|ion|ing)|facilitat(?:ed|ing))\b/i;
const VIOLENT: ReadonlySet<EventType> = new Set<EventType>([
  'Battles',
  'Violence against civilians',
  'Explosions/Remote violence',
  'Riots',
]);

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function findTriggers(sentence: Span, res: Resources): Trigger[] {
  const out: Trigger[] = [];
  for (const { rule, re } of res.triggers) {
    re.lastIndex = 0;
    for (const m of sentence.text.matchAll(re)) {
      const span = {
        start: sentence.start + m.index,
        end: sentence.start + m.index + m[0].length,
        text: m[0],
      };
      if (out.some((t) => overlaps(t.span, span))) continue;
      out.push({ rule, span });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

type Reading = 'event' | 'negated' | 'irrealis' | 'background' | 'generic' | 'reference' | 'context';

/** Whether a trigger reports a new, real event, or something else: negated, hypothetical, past, generic, a back-reference. */
function readTrigger(
  text: string,
  sentence: Span,
  t: Trigger,
  dates: DateMention[],
  published: string,
): Reading {
  const before = text.slice(sentence.start, t.span.start);
  const after = text.slice(t.span.end, sentence.end);
  if (NEGATION.test(before)) return 'negated';
  if (
    IRREALIS.test(before) &&
    !/\b(begin|began|begun|started|start|continued|continue)\s+to\s+$/i.test(before)
  )
    return 'irrealis';
  if (/^\s+any\b/i.test(after)) return 'generic';
  if (BACKGROUND_CLAUSE.test(before)) return 'background';
  if (RELATIVE_STATE.test(before)) return 'background';
  const pubYear = Number(published.slice(0, 4));
  const nearest = nearestDate(dates, t.span);
  if (nearest) {
    if (nearest.yearOnly && Number(nearest.date.slice(0, 4)) < pubYear) return 'background';
    if (!nearest.yearOnly && daysBetween(nearest.date, published) > 366) return 'background';
  }
  if (t.rule.nominal) {
    // "after clashes", "following the agreement", "during their assault": context, not news
    // (unless the sentence reports nothing else: "soldiers were killed during clashes").
    if (REFERENCE.test(before)) return 'context';
    if (/\b(previous|earlier|past|prior|former)\s+$/i.test(before)) return 'background';
    if (
      DEFINITE.test(before) &&
      !dates.some((d) => !d.yearOnly && d.span.end <= t.span.start && t.span.start - d.span.end < 3)
    ) {
      return 'reference';
    }
  }
  return 'event';
}

function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

function nearestDate(dates: DateMention[], span: Span): DateMention | undefined {
  let best: DateMention | undefined;
  let bestD = Infinity;
  for (const d of dates) {
    const dist = d.span.end <= span.start ? span.start - d.span.end : d.span.start - span.end;
    if (dist < bestD) {
      bestD = dist;
      best = d;
    }
  }
  return best;
}

/** Picks the place an event happened among the toponyms of its sentence. */
function pickPlace(
  text: string,
  toponyms: Toponym[],
  trigger: Trigger,
  actors: ActorMention[],
  focusCountry: string,
): Toponym | undefined {
  const usable = toponyms.filter((t) => {
    if (actors.some((a) => overlaps(a.span, t.span))) return false;
    // "the Deir Ezzor town of Albukamal": the first name only says where the second is.
    if (/^\s+(town|city|village|suburb|neighbo(u)?rhood) of\b/i.test(text.slice(t.span.end, t.span.end + 30)))
      return false;
    // A country is a location only when something happens in it, not "at the request of Russia".
    if (t.place.featureCode === 'PCLI') {
      const before = text.slice(Math.max(0, t.span.start - 40), t.span.start);
      const inside = /\b(in|into|inside|across|throughout|within)\s+(?:the\s+)?(?:[\p{L}-]+\s+)?$/iu.test(
        before,
      );
      if (!inside) return false;
    }
    if (
      /\b(request|behalf|side|ally|allies|backer|support|government|officials) of\s+$/i.test(
        text.slice(Math.max(0, t.span.start - 30), t.span.start),
      )
    )
      return false;
    return true;
  });
  if (usable.length === 0) return undefined;
  const status = trigger.rule.status;
  const score = (t: Toponym) => {
    let s = 0;
    s -= t.precision * 0.5; // the more specific, the better
    if (t.place.featureCode === 'PCLI' && t.precision === 3) s -= 1;
    if (status === 'arrived' && t.governor === 'from') s -= 5; // the origin, not where it arrived
    if (status === 'departed' && (t.governor === 'to' || t.governor === 'toward' || t.governor === 'towards'))
      s -= 5;
    // Where something arrived or left from is named after the verb.
    if ((status === 'arrived' || status === 'departed') && t.span.end <= trigger.span.start) s -= 2;
    const dist =
      t.span.start >= trigger.span.end
        ? t.span.start - trigger.span.end
        : (trigger.span.start - t.span.end) * 1.5;
    s -= dist / 60;
    // "Cukurca district of Hakkari", "Darbasiyah countryside in al-Hasakeh", "Sason district,
    // Batman": the second name is the container.
    if (
      /\b(?:(?:district|province|governorate|region|area)(?: of| in|,)|(?:countryside|outskirts|desert|suburbs)(?: in|,)|(?:village|town|city|neighbou?rhood)(?: in|,))\s+(the\s+)?$/i.test(
        text.slice(Math.max(0, t.span.start - 30), t.span.start),
      )
    )
      s -= 1.5;
    // "the countryside of Idleb" (a province) contains; "the countryside of Ein Issa" (a town) is near it.
    if (
      t.featureClass !== 'P' &&
      /\b(?:countryside|outskirts|desert|suburbs) of\s+(the\s+)?$/i.test(
        text.slice(Math.max(0, t.span.start - 30), t.span.start),
      )
    )
      s -= 1.5;
    // A reading outside the country the text is about, or an unsure one, is a weak choice.
    if (focusCountry && t.place.countryCode && t.place.countryCode !== focusCountry) s -= 2;
    s -= (1 - t.confidence) * 1.5;
    return s;
  };
  return [...usable].sort((a, b) => score(b) - score(a))[0];
}

function chain(
  publisher: string | undefined,
  speaker?: AttributionLink,
  medium?: AttributionLink,
): Attribution | undefined {
  const via: string[] = [];
  if (medium && medium.name !== speaker?.name) via.push(medium.name);
  const source = speaker?.name ?? (via.shift() || publisher);
  if (!source) return undefined;
  if (publisher && publisher !== source && !via.includes(publisher)) via.push(publisher);
  return speaker?.span ? { source, via, span: speaker.span } : { source, via };
}

const actorLabel = (a: ActorEntry) => a.aliases[0] ?? a.id;

/** Runs extraction on one document. */
export function extract(doc: InputDocument, res: Resources): ExtractionResult {
  const text = doc.text;
  const language = detectLanguage(text).code;
  if (language !== 'eng' && language !== 'und') {
    // The rules read English; coding another language would invent or miss events.
    return {
      events: [],
      claims: [],
      toponyms: [],
      language,
      warnings: [
        `language "${language}" detected; the extractor reads English only, so no events were coded`,
      ],
    };
  }
  const sentences = splitSentences(text);
  // Sources that report on one country ("SOHR said") tell the geoparser where the text is.
  const cited = res.attributionFinder.sourcesIn(text);
  const publisher = doc.source ? res.attributionFinder.byName(doc.source) : undefined;
  const hints = [...cited, ...(publisher ? [publisher] : [])].flatMap((s) => s.covers ?? []);
  const geo = res.geoparser.parse(text, hints);
  const focusCountry = geo.focus[0] ?? '';
  const actorsAll = res.actorMatcher.find(text);
  const paragraphOf = paragraphIndex(text);
  const claims: ExtractedClaim[] = [];
  let previousSpeaker: AttributionLink | undefined;
  // The actor a convoy is made of, once the text has said so ("a convoy of ISIS fighters").
  let convoyActor: ActorEntry | undefined;

  const warnings: string[] = [];
  for (const sentence of sentences) {
    try {
      const sActors = actorsAll.filter((a) => a.span.start >= sentence.start && a.span.end <= sentence.end);
      const convoyOf = /\b(convoy|buses|column)\s+(?:of|carrying)\s+/i.exec(sentence.text);
      if (convoyOf) {
        const pos = sentence.start + convoyOf.index + convoyOf[0].length;
        const a = sActors.find((x) => x.span.start >= pos && x.span.start - pos < 30);
        if (a) convoyActor = a.actor;
      }
      const found = res.attributionFinder.find(sentence, previousSpeaker);
      let speaker = found.speaker;
      if (speaker?.span) {
        const subject = speaker.span.text.replace(/^(but|and)\s+/i, '');
        const start = speaker.span.end - subject.length;
        speaker = { ...speaker, span: { start, end: speaker.span.end, text: subject } };
        if (/^(which|who|that|whom)$/i.test(subject)) speaker = undefined;
        else if (/^(it|he|she|they)$/i.test(subject)) {
          // After a quote, "it said" is the last speaker; otherwise the actor just named.
          const quoted = /^["“]/.test(sentence.text);
          const antecedent = quoted ? undefined : [...sActors].reverse().find((a) => a.span.end <= start);
          if (antecedent) speaker = { ...speaker, name: actorLabel(antecedent.actor) };
          else if (previousSpeaker) speaker = { ...speaker, name: previousSpeaker.name };
          else speaker = undefined;
        } else if (!res.sources.some((s) => s.name === speaker!.name)) {
          // A subject that is just an actor's name ("The coalition") speaks as that actor.
          const bare = subject.replace(/^(the|a|an)\s+/i, '');
          const whole = sActors.find(
            (a) =>
              a.span.text.toLowerCase() === bare.toLowerCase() ||
              a.span.text.toLowerCase() === subject.toLowerCase(),
          );
          if (whole) speaker = { ...speaker, name: actorLabel(whole.actor) };
        }
      }
      if (speaker) previousSpeaker = speaker;
      const attribution = chain(doc.source, speaker, found.medium);

      const triggers = findTriggers(sentence, res);
      if (triggers.length === 0) continue;
      const dates = findDates(sentence.text, doc.published, sentence.start);
      const counts = findCounts(sentence.text, sentence.start);
      // A place inside the speaker's name ("the governor of Hatay said") is not where it happened.
      const sToponyms = geo.toponyms.filter(
        (t) =>
          t.span.start >= sentence.start &&
          t.span.end <= sentence.end &&
          !(speaker?.span && overlaps(speaker.span, t.span)),
      );
      const hedged = HEDGES.test(sentence.text);
      // Actors that only speak are not parties to the event.
      const speakingSpans = [speaker?.span, found.medium?.span].filter((s): s is Span => !!s);
      const parties = sActors.filter((a) => !speakingSpans.some((s) => overlaps(s, a.span)));
      const speakerActor = speaker?.span ? sActors.find((a) => overlaps(a.span, speaker!.span!)) : undefined;

      const bySubtype = new Map<string, Trigger[]>();
      const readings = new Map<Trigger, Reading>();
      for (const t of triggers) {
        const reading = readTrigger(text, sentence, t, dates, doc.published);
        readings.set(t, reading);
        if (reading !== 'event' && reading !== 'reference') continue;
        if (
          t.rule.category === 'movement' &&
          t.rule.needs &&
          !new RegExp(`\\b(${t.rule.needs})\\b`, 'i').test(sentence.text)
        )
          continue;
        const key = `${t.rule.sub_event_type}|${t.rule.category}|${t.rule.status ?? ''}`;
        bySubtype.set(key, [...(bySubtype.get(key) ?? []), t]);
      }
      // Casualties "during clashes" with nothing else reported: the clashes are the news.
      if (![...readings.values()].includes('event') && CASUALTY.test(sentence.text)) {
        for (const [t, reading] of readings) {
          if (reading !== 'context') continue;
          const key = `${t.rule.sub_event_type}|${t.rule.category}|${t.rule.status ?? ''}`;
          readings.set(t, 'event');
          bySubtype.set(key, [...(bySubtype.get(key) ?? []), t]);
          break;
        }
      }
      // A strike's target ("destroying bridges") belongs to the strike, not to a separate event.
      if ([...bySubtype.keys()].some((k) => k.endsWith('|strike'))) {
        for (const k of [...bySubtype.keys()]) if (k.endsWith('|destruction')) bySubtype.delete(k);
      }

      for (const group of bySubtype.values()) {
        const main = group.find((t) => readings.get(t) === 'event') ?? group[0]!;
        const reference = group.every((t) => readings.get(t) === 'reference');
        const rule = main.rule;
        claims.push(
          buildClaim({
            doc,
            res,
            sentence,
            rule,
            triggers: group,
            main,
            reference,
            hedged,
            attribution,
            dates,
            counts,
            toponyms: sToponyms,
            allToponyms: geo.toponyms,
            parties,
            speakerActor,
            convoyActor,
            focusCountry,
            paragraphOf,
          }),
        );
      }
    } catch (e) {
      // One sentence the recognisers choke on never stops the document.
      warnings.push(
        `sentence at offset ${sentence.start} could not be read (${(e as Error).message}); skipped`,
      );
    }
  }
  const events = mergeClaims(claims).map((c) => toEvent(c, res));
  return { events, claims, toponyms: geo.toponyms, language, warnings };
}

interface BuildInput {
  doc: InputDocument;
  res: Resources;
  sentence: Span;
  rule: EventRule;
  triggers: Trigger[];
  main: Trigger;
  reference: boolean;
  hedged: boolean;
  attribution: Attribution | undefined;
  dates: DateMention[];
  counts: CountMention[];
  toponyms: Toponym[];
  allToponyms: Toponym[];
  parties: ActorMention[];
  /** The actor who says it, when the speaker is one ("The coalition said its aircraft struck"). */
  speakerActor?: ActorMention;
  convoyActor?: ActorEntry;
  focusCountry: string;
  paragraphOf: (offset: number) => number;
}

function buildClaim(x: BuildInput): ExtractedClaim {
  const { rule, main, sentence } = x;
  const evidence: Span[] = x.triggers.map((t) => t.span);
  const fieldEvidence: FieldEvidence = { event_type: x.triggers.map((t) => t.span) };
  const cite = (field: EvidenceField, span: Span) => {
    evidence.push(span);
    (fieldEvidence[field] ??= []).push(span);
  };
  const flags: string[] = [];

  // Where: the sentence's own places first, then the paragraph's, then the document's.
  let top = pickPlace(x.doc.text, x.toponyms, main, x.parties, x.focusCountry);
  let placeInferred = false;
  if (!top) {
    const para = x.paragraphOf(sentence.start);
    const candidates = x.allToponyms.filter(
      (t) => x.paragraphOf(t.span.start) === para && t.place.featureCode !== 'PCLI',
    );
    const before = candidates.filter((t) => t.span.end <= sentence.start).pop();
    const after = candidates.find((t) => t.span.start >= sentence.end);
    // Failing those, the document's first specific place, or its country of focus.
    top =
      before ??
      after ??
      x.allToponyms.find((t) => t.place.featureCode !== 'PCLI') ??
      x.allToponyms.find((t) => t.place.countryCode === x.focusCountry);
    placeInferred = top !== undefined;
  }
  let geoPrecision: GeoPrecision | undefined = top?.precision;
  if (top) {
    // A back-reference's own place is not the event's ("defended the deal ... in Beirut").
    if (!placeInferred && !x.reference) cite('location', top.span);
    if (rule.category === 'movement' && rule.status === 'moving' && geoPrecision === 1) geoPrecision = 2;
    if (placeInferred && geoPrecision !== undefined) geoPrecision = Math.max(geoPrecision, 2) as GeoPrecision;
  }

  // When: the date nearest the trigger, else the publication date at month precision.
  const usableDates = x.dates.filter((d) => !d.yearOnly);
  const date = nearestDate(usableDates, main.span);
  let eventDate = x.doc.published;
  let timePrecision: TimePrecision = 3;
  let dateInferred = true;
  if (date) {
    eventDate = date.date;
    timePrecision = date.precision;
    dateInferred = false;
    cite('event_date', date.span);
  }

  // Who: parties by role.
  // The country that names generic actors ("Protesters (Lebanon)"): the event's, when it is one the
  // text is about; otherwise the text's own country of focus.
  const placeCountry = top?.place.countryCode;
  const countryCode =
    placeCountry &&
    (placeCountry === x.focusCountry || x.res.geoparser.monitors(placeCountry) || !x.focusCountry)
      ? placeCountry
      : x.focusCountry;
  const countryName = countryCode ? x.res.gazetteer.countryName(countryCode) : '';
  const seen = new Set<string>();
  const distinct = x.parties.filter((a) => (seen.has(a.actor.id) ? false : (seen.add(a.actor.id), true)));
  let a1: ActorMention | undefined;
  let a2: ActorMention | undefined;
  const assoc1: ActorEntry[] = [];
  let agreement: EventDetails['agreement'];
  let movement: EventDetails['movement'];
  if (rule.category === 'agreement') {
    // Who a deal is between, not what it trades ("in return for the bodies of Lebanese soldiers").
    const tradeAt = /\b(in return for|in exchange for|bodies of|remains of)\b/i.exec(sentence.text);
    const limit = tradeAt ? sentence.start + tradeAt.index : sentence.end;
    const partiesOnly = distinct.filter(
      (a) => a.span.start < limit && !['civilians', 'protesters', 'rioters'].includes(a.actor.kind),
    );
    const brokerWord = BROKER.exec(sentence.text);
    const brokerAt = brokerWord ? sentence.start + brokerWord.index : -1;
    const brokerByAfter = /\b(?:brokered|mediated|facilitated)\s+by\s+$/i;
    const brokers = partiesOnly.filter(
      (a) =>
        brokerAt >= 0 &&
        ((a.span.end <= brokerAt && brokerAt - a.span.end < 60) ||
          brokerByAfter.test(x.doc.text.slice(Math.max(sentence.start, a.span.start - 30), a.span.start))),
    );
    let sides = partiesOnly.filter((a) => !brokers.includes(a));
    // With fewer than two other parties named, a broker that "helped to broker" is itself a party.
    while (sides.length < 2 && brokers.length > 0) sides = [brokers.shift()!, ...sides];
    a1 = sides[0];
    a2 = sides[1];
    assoc1.push(...brokers.map((b) => b.actor));
    agreement = { parties: sides.map((s) => s.actor.id), brokers: brokers.map((b) => b.actor.id) };
  } else if (rule.event_type === 'Protests' || rule.event_type === 'Riots') {
    // The crowd acts; whoever it protests against, or who intervenes, is the other side.
    const crowdKinds = rule.event_type === 'Riots' ? ['rioters', 'protesters'] : ['protesters', 'rioters'];
    a1 = distinct.find((a) => crowdKinds.includes(a.actor.kind));
    // A crowd that riots is coded as rioters, whatever the report calls it.
    const rioters = x.res.actors.find((a) => a.kind === 'rioters');
    if (rule.event_type === 'Riots' && a1?.actor.kind === 'protesters' && rioters)
      a1 = { ...a1, actor: rioters };
    const intervening = rule.sub_event_type !== 'Peaceful protest';
    a2 = intervening
      ? distinct.find(
          (a) => a !== a1 && ['state', 'external', 'militia', 'rebel', 'unidentified'].includes(a.actor.kind),
        )
      : undefined;
  } else if (
    rule.category === 'movement' &&
    (/\b(convoy|buses|bus|column|evacuees)\b/i.test(sentence.text) ||
      (x.convoyActor !== undefined &&
        /\b(it|they)\b/i.test(x.doc.text.slice(sentence.start, main.span.start))))
  ) {
    const escort = /\bescorted\s+by\s+(?:the\s+)?$/i;
    const escorts = distinct.filter((a) =>
      escort.test(x.doc.text.slice(Math.max(sentence.start, a.span.start - 25), a.span.start)),
    );
    const armed = distinct.filter(
      (a) => !escorts.includes(a) && ['rebel', 'state', 'militia', 'external'].includes(a.actor.kind),
    );
    const moverNoun = MOVER.exec(x.doc.text.slice(sentence.start, main.span.start));
    const moverAt = moverNoun ? sentence.start + moverNoun.index : -1;
    // "The buses traveled": the convoy moves, unless an actor is named as what moves ("ISIS fighters").
    const subject = armed.filter(
      (a) => a.span.end <= main.span.start && (moverAt < 0 || a.span.end <= moverAt + 40),
    );
    a1 = moverAt >= 0 ? subject.find((a) => Math.abs(a.span.end - moverAt) < 40) : subject.pop();
    if (!a1 && x.convoyActor) {
      const actor = x.convoyActor;
      a1 = { span: main.span, actor, coreferent: true };
    }
    assoc1.push(...escorts.map((e) => e.actor));
    movement = {
      status: [...new Set(x.triggers.map((t) => t.rule.status).filter((s): s is MovementStatus => !!s))],
    };
    if (escorts.length) movement.escortedBy = escorts.map((e) => e.actor.id);
  } else {
    const agent = distinct.find(
      (a) =>
        a.span.start >= main.span.end &&
        /^\s*by\s+(?:the\s+)?$/i.test(x.doc.text.slice(main.span.end, a.span.start)),
    );
    // "Turkish drones struck": an actor may share words with the trigger and still be its subject.
    const beforeT = distinct
      .filter((a) => a.span.start <= main.span.start && a.span.end <= main.span.end)
      .pop();
    const afterT = distinct.filter((a) => a.span.start >= main.span.end);
    // "Turkish air strikes": a nationality right before the act names the forces that did it.
    const adjective = /([\p{L}-]+)\s+$/u.exec(
      x.doc.text.slice(Math.max(sentence.start, main.span.start - 30), main.span.start),
    )?.[1];
    const nationalForces = adjective ? forcesOf(adjective, x.res) : undefined;
    const ownAction =
      x.speakerActor && /\b(its|their)\b/i.test(x.doc.text.slice(x.speakerActor.span.end, main.span.start));
    // Civilians or protesters named after a violent verb are its targets, not its authors.
    const victim = (a: ActorMention) =>
      VIOLENT.has(rule.event_type) && ['civilians', 'protesters'].includes(a.actor.kind);
    a1 =
      agent ??
      (nationalForces ? { span: main.span, actor: nationalForces, coreferent: true } : undefined) ??
      beforeT ??
      (ownAction ? x.speakerActor : undefined) ??
      afterT.find((a) => !victim(a));
    a2 =
      afterT.find((a) => a !== a1 && a.actor.id !== a1?.actor.id) ??
      distinct.find((a) => a !== a1 && a.actor.id !== a1?.actor.id);
    if (rule.category === 'withdrawal') a2 = undefined;
  }
  if (!x.reference) {
    if (a1 && !a1.coreferent) cite('actor1', a1.span);
    if (a2 && !a2.coreferent) cite('actor2', a2.span);
  }
  if (x.attribution?.span) (fieldEvidence.source ??= []).push(x.attribution.span);
  let battle = false;
  // ACLED: killing a member of an armed group or the security forces is a battle, not violence
  // against civilians.
  if (
    rule.category === 'violence' &&
    rule.sub_event_type === 'Attack' &&
    a2 &&
    ['state', 'rebel', 'militia', 'external'].includes(a2.actor.kind)
  ) {
    battle = true;
  }
  // ACLED: an arrest by a non-state group is an abduction.
  let subEventType: SubEventType = rule.sub_event_type;
  let eventType: EventType = rule.event_type;
  if (battle) {
    eventType = 'Battles';
    subEventType = 'Armed clash';
  }
  if (subEventType === 'Arrests' && a1 && ['rebel', 'militia', 'unidentified'].includes(a1.actor.kind)) {
    eventType = 'Violence against civilians';
    subEventType = 'Abduction/forced disappearance';
  }
  // ACLED: a demonstration with no named organisers is coded to the country's protesters or rioters.
  if (!a1 && (rule.event_type === 'Protests' || rule.event_type === 'Riots')) {
    const crowd = x.res.actors.find(
      (a) => a.kind === (rule.event_type === 'Riots' ? 'rioters' : 'protesters'),
    );
    if (crowd) a1 = { span: main.span, actor: crowd, coreferent: true };
  }
  // ACLED codes violence by an unnamed perpetrator to an unidentified armed group of the country.
  if (!a1 && VIOLENT.has(rule.event_type) && rule.event_type !== 'Riots') {
    const unidentified = x.res.actors.find((a) => a.kind === 'unidentified');
    if (unidentified) a1 = { span: main.span, actor: unidentified, coreferent: true };
  }
  const named = (a?: ActorEntry) =>
    a ? actorName(a, countryCode, countryName, eventDate) : { name: '', inter: 0 };
  const n1 = named(a1?.actor);
  const n2 = named(a2?.actor);

  // How many: deaths only for violent events; moved people and vehicles for movements and deals.
  const details: EventDetails = { category: rule.category, plover: rule.plover, counts: {}, fieldEvidence };
  if (insideQuote(sentence.text, main.span.start - sentence.start)) details.quoted = true;
  const duration = findDuration(sentence.text);
  if (duration) details.duration = duration;
  const countField: Record<CountMention['kind'], EvidenceField> = {
    killed: 'fatalities',
    injured: 'injured',
    people: 'people_moved',
    vehicles: 'vehicles',
  };
  const sum = (kind: CountMention['kind']) => {
    const cs = x.counts.filter((c) => c.kind === kind);
    if (cs.length === 0) return undefined;
    for (const c of cs) cite(countField[kind], c.span);
    if (cs.some((c) => c.implausible)) flags.push(`implausible_${kind}`);
    return cs.reduce(
      (acc, c) => ({ low: acc.low + c.low, best: acc.best + c.best, high: acc.high + c.high }),
      { low: 0, best: 0, high: 0 },
    );
  };
  const violent =
    VIOLENT.has(rule.event_type) || rule.sub_event_type === 'Excessive force against protesters';
  if (violent) {
    details.counts.fatalities = sum('killed');
    details.counts.injured = sum('injured');
  }
  if (rule.category === 'movement' || rule.category === 'agreement') {
    details.counts.peopleMoved = sum('people');
    details.counts.vehicles = sum('vehicles');
  }
  if (agreement) {
    // "... transported in return for the bodies of Lebanese soldiers": the terms of the deal.
    const terms =
      /(?:that saw|under which|whereby|to allow)?\s*([^,;]{5,160}?)\s+(?:in return for|in exchange for)\s+([^,;.]{3,160})/i.exec(
        sentence.text,
      );
    if (terms) {
      agreement.gives = terms[1]!
        .replace(/^.*\b(?:deal|agreement|truce|ceasefire)\s+(?:that saw|under which|whereby)\s+/i, '')
        .trim();
      agreement.inReturnFor = terms[2]!.replace(/\s+(?:captured|killed|held|detained)\b.*$/i, '').trim();
    }
    details.agreement = agreement;
  }
  if (movement) {
    const name = (t: Toponym | undefined) => t?.place.asciiName;
    movement.from ??= name(x.toponyms.find((t) => t.governor === 'from'));
    movement.to ??= name(
      x.toponyms.find((t) =>
        ['to', 'toward', 'towards', 'into', 'reached', 'reach', 'reaching'].includes(t.governor ?? ''),
      ),
    );
    if (!movement.from) delete movement.from;
    if (!movement.to) delete movement.to;
  }
  if (rule.category === 'strike' || rule.category === 'violence') {
    const after = sentence.text.slice(main.span.end - sentence.start);
    const target =
      /^\s*(?:on|at|against|targeting|hitting|that hit|which hit)\s+((?:the\s+|a\s+|an\s+)?(?:[\w'-]+\s+){0,3}?(?:bridges?|roads?|route|convoy|vehicles?|positions?|bases?|checkpoints?|posts?|hospitals?|schools?|markets?|houses?|homes?|buildings?|warehouses?|depots?|airport|air ?base|camps?|plants?|factory|dormitory|mosques?|churches?)(?:\s+(?:to|of|in|near)\s+(?:the\s+)?[\p{L}' -]{2,40}?(?=[,.;]|$))?)/iu.exec(
        after,
      );
    const destroyed =
      /\b(?:destroying|damaging|hitting)\s+((?:the\s+)?(?:[\w-]+\s+){0,2}?(?:bridges?|roads?|buildings?|houses?|vehicles?))/i.exec(
        sentence.text,
      );
    const found = [target?.[1], destroyed?.[1]].filter((t): t is string => !!t).map((t) => t.trim());
    if (found.length) details.target = [...new Set(found)].join('; ');
  }
  const request =
    /\bat the request of\s+((?:the\s+)?[\p{Lu}][\p{L}' -]{1,60}?)(?=[,.;]|\s+(?:during|to|and|in|for)\b|$)/u.exec(
      sentence.text,
    );
  if (request) details.requestedBy = request[1]!.trim();
  if (movement) details.movement = movement;
  const fatalities = details.counts.fatalities?.best ?? 0;

  let confidence = 0.55;
  if (top && !placeInferred) confidence += 0.15;
  if (!dateInferred) confidence += 0.1;
  if (a1) confidence += 0.1;
  if (x.attribution?.span) confidence += 0.05;
  if (x.hedged) confidence -= 0.2;
  if (x.reference) confidence -= 0.1;
  if (flags.length) confidence = Math.min(confidence, 0.2);

  const place: Place | undefined = top?.place;
  return {
    docId: x.doc.id,
    eventType,
    subEventType,
    eventDate,
    timePrecision,
    actor1: n1.name || undefined,
    assocActor1:
      assoc1
        .map((a) => named(a).name)
        .filter((n) => n && n !== n1.name && n !== n2.name)
        .join('; ') || undefined,
    actor2: n2.name || undefined,
    inter1: n1.inter,
    inter2: n2.inter,
    place,
    geoPrecision,
    fatalities,
    attribution: x.attribution ? [x.attribution] : [],
    evidence: dedupeSpans(evidence),
    hedged: x.hedged,
    confidence: Math.max(0.05, Math.min(0.99, confidence)),
    notes: sentence.text.length > 500 ? `${sentence.text.slice(0, 497)}...` : sentence.text,
    details,
    placeInferred,
    dateInferred,
    reference: x.reference,
    flags,
  };
}

/** Whether a position in a sentence falls between an opening and a closing quotation mark. */
function insideQuote(sentence: string, at: number): boolean {
  const before = sentence.slice(0, at);
  const opens = (before.match(/[“]/g) ?? []).length - (before.match(/[”]/g) ?? []).length;
  const straight = (before.match(/"/g) ?? []).length;
  return opens > 0 || straight % 2 === 1;
}

const DURATION_UNITS: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };

/** "for two weeks", "for 10 days": how long something lasted, in days. */
function findDuration(sentence: string): { text: string; days: number } | undefined {
  const m =
    /\b(?:for|over|during) (?:the (?:past|last) )?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few) (day|week|month|year)s?\b/i.exec(
      sentence,
    );
  if (!m) return undefined;
  // A vague "several" or "a few" weeks is three, not ACLED's ten for casualty counts.
  const n = /^(several|a few)$/i.test(m[1]!) ? 3 : (parseNumber(m[1]!)?.[0] ?? 1);
  return { text: m[0], days: n * DURATION_UNITS[m[2]!.toLowerCase()]! };
}

/** The state forces a nationality adjective stands for ("Turkish" -> the Turkish military), if the dictionary has them. */
function forcesOf(adjective: string, res: Resources): ActorEntry | undefined {
  if (!res.gazetteer.demonym(adjective)) return undefined;
  const a = adjective.toLowerCase();
  return res.actors.find(
    (x) =>
      x.kind === 'state' &&
      x.aliases.some((al) => [`${a} forces`, `${a} army`, `${a} military`].includes(al.toLowerCase())),
  );
}

function dedupeSpans(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans
    .filter((s) => (seen.has(`${s.start}:${s.end}`) ? false : (seen.add(`${s.start}:${s.end}`), true)))
    .sort((a, b) => a.start - b.start);
}

function paragraphIndex(text: string): (offset: number) => number {
  const breaks: number[] = [];
  for (const m of text.matchAll(/\n\s*\n/g)) breaks.push(m.index);
  return (offset: number) => {
    let i = 0;
    while (i < breaks.length && breaks[i]! < offset) i++;
    return i;
  };
}

function compatiblePlaces(a: ExtractedClaim, b: ExtractedClaim): boolean {
  if (!a.place || !b.place || a.placeInferred || b.placeInferred) return true;
  if (a.place.id === b.place.id) return true;
  if (a.place.countryCode !== b.place.countryCode) return false;
  const coarse = (c: ExtractedClaim) => c.place!.featureCode === 'PCLI' || (c.geoPrecision ?? 1) === 3;
  if (coarse(a) || coarse(b))
    return !a.place.admin1 || !b.place.admin1 || a.place.admin1 === b.place.admin1 || coarse(a) !== coarse(b);
  return a.place.admin1 === b.place.admin1 && a.details.category === 'agreement';
}

function compatibleDates(a: ExtractedClaim, b: ExtractedClaim): boolean {
  if (a.dateInferred || b.dateInferred) return true;
  const window =
    a.timePrecision === 1 && b.timePrecision === 1
      ? 1
      : a.timePrecision === 3 || b.timePrecision === 3
        ? 31
        : 7;
  return daysBetween(a.eventDate, b.eventDate) <= window;
}

/** Merges the claims of one document that tell the same event; a back-reference never stands alone if it has a home. */
/** ACLED's demonstration sub-types, least to most severe: one demonstration is coded at its worst. */
const DEMONSTRATION_SEVERITY: SubEventType[] = [
  'Peaceful protest',
  'Protest with intervention',
  'Violent demonstration',
  'Mob violence',
  'Excessive force against protesters',
];
const isDemonstration = (c: ExtractedClaim) => DEMONSTRATION_SEVERITY.includes(c.subEventType);

export function mergeClaims(claims: ExtractedClaim[]): ExtractedClaim[] {
  const merged: ExtractedClaim[] = [];
  const hasDemonstration = claims.some(isDemonstration);
  // Arrests of demonstrators at a demonstration are the authorities intervening in it (ACLED).
  const recoded = claims.map((c) =>
    hasDemonstration &&
    c.subEventType === 'Arrests' &&
    /\b(protesters|demonstrators|rioters|activists)\b/i.test(c.notes)
      ? {
          ...c,
          eventType: 'Protests' as EventType,
          subEventType: 'Protest with intervention' as SubEventType,
          actor1: undefined,
          actor2: c.actor1,
          inter2: c.inter1,
          inter1: 0,
          details: { ...c.details, category: 'protest' },
        }
      : c,
  );
  const ordered = [...recoded.filter((c) => !c.reference), ...recoded.filter((c) => c.reference)];
  for (const c of ordered) {
    const home = merged.find(
      (m) =>
        (m.subEventType === c.subEventType || (isDemonstration(m) && isDemonstration(c))) &&
        (m.details.category === c.details.category || (isDemonstration(m) && isDemonstration(c))) &&
        (m.details.movement?.status[0] ?? '') === (c.details.movement?.status[0] ?? '') &&
        compatibleDates(m, c) &&
        compatiblePlaces(m, c),
    );
    if (!home) {
      merged.push({
        ...c,
        evidence: [...c.evidence],
        attribution: [...c.attribution],
        flags: [...c.flags],
        // The event's details are its own, so merging does not change the claims it came from.
        details: {
          ...c.details,
          counts: { ...c.details.counts },
          fieldEvidence: { ...c.details.fieldEvidence },
        },
      });
      continue;
    }
    absorb(home, c);
  }
  return merged;
}

function absorb(home: ExtractedClaim, c: ExtractedClaim): void {
  // The same demonstration told as a protest and as a riot is the riot.
  if (
    isDemonstration(home) &&
    isDemonstration(c) &&
    DEMONSTRATION_SEVERITY.indexOf(c.subEventType) > DEMONSTRATION_SEVERITY.indexOf(home.subEventType)
  ) {
    home.subEventType = c.subEventType;
    home.eventType = c.eventType;
    home.details.plover = c.details.plover;
    if (c.actor1) home.actor1 = c.actor1;
    home.inter1 = c.inter1 || home.inter1;
  }
  home.evidence = dedupeSpans([...home.evidence, ...c.evidence]);
  for (const [field, spans] of Object.entries(c.details.fieldEvidence) as Array<[EvidenceField, Span[]]>) {
    home.details.fieldEvidence[field] = dedupeSpans([...(home.details.fieldEvidence[field] ?? []), ...spans]);
  }
  // A back-reference ("Nasrallah defended the deal") adds words and counts, not who reports it or where it was.
  if (c.reference && !home.reference) {
    mergeCounts(home, c);
    home.confidence = Math.min(0.99, home.confidence + 0.02);
    return;
  }
  const same = (a: Attribution, b: Attribution) =>
    a.source === b.source && a.via.join('>') === b.via.join('>');
  for (const a of c.attribution) if (!home.attribution.some((h) => same(h, a))) home.attribution.push(a);
  // The more precise place and date win; inferred ones yield to stated ones.
  const rank = (x: ExtractedClaim) => (x.geoPrecision ?? 3) + (x.place?.featureCode === 'PCLI' ? 0.5 : 0);
  const better = c.place && !c.placeInferred && (home.placeInferred || !home.place || rank(c) < rank(home));
  if (better) {
    home.place = c.place;
    home.geoPrecision = c.geoPrecision;
    home.placeInferred = false;
  }
  if (home.dateInferred && !c.dateInferred) {
    home.eventDate = c.eventDate;
    home.timePrecision = c.timePrecision;
    home.dateInferred = false;
  }
  for (const k of ['actor1', 'actor2', 'assocActor1'] as const) if (!home[k] && c[k]) home[k] = c[k];
  if (!home.inter1) home.inter1 = c.inter1;
  if (!home.inter2) home.inter2 = c.inter2;
  mergeCounts(home, c);
  home.details.target ??= c.details.target;
  home.details.requestedBy ??= c.details.requestedBy;
  home.details.duration ??= c.details.duration;
  if (c.details.movement) {
    const m = (home.details.movement ??= { status: [] });
    for (const s of c.details.movement.status) if (!m.status.includes(s)) m.status.push(s);
    m.from ??= c.details.movement.from;
    m.to ??= c.details.movement.to;
    if (c.details.movement.escortedBy)
      m.escortedBy = [...new Set([...(m.escortedBy ?? []), ...c.details.movement.escortedBy])];
  }
  home.hedged = home.hedged && c.hedged;
  home.flags = [...new Set([...home.flags, ...c.flags])];
  home.reference = home.reference && c.reference;
  home.confidence = Math.min(0.99, Math.max(home.confidence, c.confidence) + 0.05);
  home.notes =
    home.notes.includes(c.notes) || home.notes.length > 900 ? home.notes : `${home.notes} ${c.notes}`;
}

function mergeCounts(home: ExtractedClaim, c: ExtractedClaim): void {
  // ACLED: when reports differ, the most conservative figure.
  if (c.fatalities > 0 && (home.fatalities === 0 || c.fatalities < home.fatalities))
    home.fatalities = c.fatalities;
  for (const key of ['fatalities', 'injured', 'peopleMoved', 'vehicles'] as const) {
    const a = home.details.counts[key];
    const b = c.details.counts[key];
    // "It remains unclear if all 17 buses arrived" does not count arrivals; a death toll
    // "reportedly" given is still the toll ACLED codes.
    const unsure =
      c.hedged &&
      !home.hedged &&
      home.details.movement !== undefined &&
      (key === 'vehicles' || key === 'peopleMoved');
    if (b && !unsure)
      home.details.counts[key] = a
        ? { low: Math.min(a.low, b.low), best: Math.min(a.best, b.best), high: Math.max(a.high, b.high) }
        : b;
  }
}

function toEvent(c: ExtractedClaim, res: Resources): ExtractedEvent {
  const p = c.place;
  const location = p ? (p.featureCode === 'ADM1' ? (p.admin1 ?? p.asciiName) : p.asciiName) : '';
  return {
    event_date: c.eventDate,
    time_precision: c.timePrecision,
    event_type: c.eventType,
    sub_event_type: c.subEventType,
    actor1: c.actor1 ?? '',
    assoc_actor_1: c.assocActor1 ?? '',
    inter1: c.inter1,
    actor2: c.actor2 ?? '',
    assoc_actor_2: c.assocActor2 ?? '',
    inter2: c.inter2,
    // ACLED's interaction: both inter codes, lower first; a lone actor's code followed by 0.
    interaction: c.inter2
      ? Number(`${Math.min(c.inter1, c.inter2)}${Math.max(c.inter1, c.inter2)}`)
      : c.inter1 * 10,
    country: p ? p.country : '',
    admin1: p?.admin1 ?? '',
    admin2: p?.admin2 ?? '',
    location,
    latitude: p ? p.latitude : null,
    longitude: p ? p.longitude : null,
    geo_precision: p ? (c.geoPrecision ?? 3) : null,
    fatalities: c.fatalities,
    notes: c.notes,
    // ACLED's source column names outlets and monitors, not unnamed officials.
    source: [...new Set(c.attribution.flatMap((a) => [a.source, ...a.via]))]
      .filter(
        (n) =>
          res.sources.some((s) => s.name === n) ||
          c.attribution.some((a) => a.via.at(-1) === n || (a.via.length === 0 && a.source === n)),
      )
      .join('; '),
    plover: c.details.plover,
    details: c.details,
    evidence: c.evidence,
    attribution: c.attribution,
    hedged: c.hedged,
    flags: c.flags,
    confidence: Number(c.confidence.toFixed(2)),
  };
}
