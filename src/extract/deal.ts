// A document's reading of the deal it tells of: the sides bound, who brokered or guaranteed it, its
// terms as what-for-what pairs with counts, and each dated step of its life the text reports.
// Small named rules over the annotated sentences (the terms in deal-terms.ts); corroborate/agreements.ts merges the readings
// of many documents into one agreement per deal.
import type { Span, TimePrecision } from '../model/index.js';
import type { DealObservation, DealReading, DealTerm } from './claim.js';
import type { AgreementStatus } from '../model/index.js';
import { sp, termsIn } from './deal-terms.js';
import type { ActorMention } from './recognise/actors.js';
import type { DocumentContext, Sentence } from './sentence.js';

/** Words that name a deal ("the deal", "the truce", "the evacuation agreement"). */
const DEAL_NOUN =
  /\b(deal|agreement|accord|truce|cease-?fire|settlement|reconciliation|pact|swap|exchange|handover|arrangement|plan)s?\b/i;
/** A quick test of a whole document before its sentences are read for a deal. */
export const DEAL_WORDS =
  /\b(deal|agreement|accord|truce|cease-?fire|settlement|reconciliation|pact|swap|exchange|handover|agreed|evacuat\w*|convoy|buses)\b/i;
/** Words that give a term of a deal without naming the deal ("It also lets ...", "are to be taken"). */
const PROVISION =
  /\b(lets|let|allows?|allowed|provides? for|provided for|includes?|under (?:its|the) terms|(?:is|are|was|were) to|will|would|may|in return)\b/i;
const AGREED = /\b(agreed|agree|agreeing|agrees)\b/i;
/** Words of commerce and sport: an agreement among these is not a conflict deal. */
const NOT_CONFLICT =
  /\b(shares?|shareholders?|regulators?|tariffs?|merger|buyout|acquisition|investors?|dollars|euros|contract with the club|transfer fee|wages|striker|coach|league|stock)\b/i;

// ---- brokers and guarantors -------------------------------------------------------------

/** States and bodies that broker deals, by the names, adjectives and capitals the news uses. */
const MEDIATORS: Array<[string, RegExp]> = [
  ['Russia', /\b(Russia|Russian|Moscow|Russia's)\b/],
  ['Turkey', /\b(Turkey|Turkish|Ankara|Turkey's)\b/],
  ['Iran', /\b(Iran|Iranian|Tehran|Iran's)\b/],
  ['Qatar', /\b(Qatar|Qatari|Doha|Qatar's)\b/],
  ['Lebanon', /\b(Lebanon|Lebanon's|Lebanese General Security)\b/],
  ['Jordan', /\b(Jordan|Jordanian|Amman|Jordan's)\b/],
  ['Egypt', /\b(Egypt|Egyptian|Cairo|Egypt's)\b/],
  ['United States', /\b(United States|Washington|American|US|U\.S\.)\b/],
  ['Saudi Arabia', /\b(Saudi Arabia|Saudi|Riyadh)\b/],
  ['Kuwait', /\b(Kuwait|Kuwaiti)\b/],
  ['Oman', /\b(Oman|Omani|Muscat)\b/],
  ['United Nations', /\b(United Nations|UN|U\.N\.)\b/],
  ['ICRC', /\b(Red Cross|ICRC)\b/],
];

/** The words that say who brokered: the mediator named in group 1. */
const BROKER_CUES: RegExp[] = [
  /\b(?:brokered|mediated|sponsored|guaranteed|negotiated|facilitated|overseen)\b(?:\s+\w+){0,3}?\s+by\s+([^,;.]{2,80})/gi,
  /\bunder the (?:auspices|sponsorship|mediation|guarantee|supervision)\s+of\s+([^,;.]{2,80})/gi,
  /\bwith the (?:backing|support|blessing|guarantees?)\s+of\s+([^,;.]{2,80})/gi,
  /\bwith\s+((?:[A-Z][\w'.]+(?:\s+and\s+|\s*,\s*)?){1,3})\s+(?:mediation|pressure|guarantees?|sponsorship|officers as mediators|mediators)\b/g,
  /\b((?:[A-Z][\w'.]+(?:\s+and\s+|-)?){1,3})-(?:brokered|mediated|sponsored|guaranteed)\b/g,
  /\bunder\s+((?:[A-Z][\w']+(?:\s+and\s+)?){1,3})\s+(?:sponsorship|mediation|auspices|guarantees?|supervision)\b/g,
  /\bwith\s+((?:the\s+)?[^,;.]{2,40}?)\s+as\s+(?:a\s+|the\s+)?(?:brokers?|mediators?|guarantors?|go-between)\b/gi,
  /\bnegotiated with\s+([A-Z][\w']+\s+(?:officers|officials|mediators|negotiators))/g,
  /\b([A-Z][\w']+(?:\s+and\s+[A-Z][\w']+)?)\s+(?:mediated|brokered|guaranteed|sponsored)\s+(?:the|a|an)\s+(?:deal|agreement|truce|ceasefire)/g,
];

/**
 * Mediators named in a sentence's broker phrases, with the words that name them: a state by its
 * name, or an actor of the dictionary (`id`, named as ACLED names it when the deal is built).
 */
export function brokersIn(s: Sentence): Array<{ name: string; id?: string; span: Span }> {
  const out: Array<{ name: string; id?: string; span: Span }> = [];
  for (const re of BROKER_CUES) {
    re.lastIndex = 0;
    for (const m of s.span.text.matchAll(re)) {
      const phrase = m[1]!;
      const at = m.index + m[0].lastIndexOf(phrase);
      const span = sp(s, at, at + phrase.length);
      const states = MEDIATORS.filter(([, word]) => word.test(phrase));
      for (const [name] of states) if (!out.some((o) => o.name === name)) out.push({ name, span });
      // "negotiated by Hezbollah with ...": a side that negotiates is no broker; only a state named so is.
      if (states.length || /^negotiated/i.test(m[0])) continue;
      for (const a of s.actors)
        if (a.span.start >= span.start && a.span.end <= span.end && !out.some((o) => o.id === a.actor.id))
          out.push({ name: a.actor.id, id: a.actor.id, span });
    }
  }
  return out;
}

// ---- parties ----------------------------------------------------------------------------

const NOT_PARTY_KINDS = new Set(['civilians', 'protesters', 'rioters', 'unidentified']);

/** Whether an actor mention is a side of the deal rather than its escort, target or speaker. */
function sideOf(s: Sentence, a: ActorMention, brokerSpans: Span[]): boolean {
  if (NOT_PARTY_KINDS.has(a.actor.kind)) return false;
  if (brokerSpans.some((b) => a.span.start >= b.start && a.span.end <= b.end)) return false;
  const before = s.span.text.slice(
    Math.max(0, a.span.start - s.span.start - 24),
    a.span.start - s.span.start,
  );
  const after = s.span.text.slice(a.span.end - s.span.start, a.span.end - s.span.start + 24);
  // The escort, the enemy, the captives traded and the remains returned are not sides.
  if (
    /\b(escorted by|against|backed by|fighting|clashes with|battles? with|offensive by|bodies of|remains of|release of|in return for|in exchange for)\s+(?:the\s+)?(?:\w+\s+)?$/i.test(
      before,
    )
  )
    return false;
  // "Russian officers": a generic state actor qualified by a mediator's adjective is the mediator's.
  if (
    a.actor.id.startsWith('state-') &&
    MEDIATORS.some(([, w]) => new RegExp(`${w.source}\\s+$`).test(before))
  )
    return false;
  if (/^[-\s]*backed\b/i.test(after) || /^\s*(media|television|TV|news|officials? said)\b/i.test(after))
    return false;
  return true;
}

// ---- the deal's life --------------------------------------------------------------------

/** A planned, promised or demanded move, not one that took place. */
export const PLANNED =
  /\b(?:(?:was|were|is|are)\s+(?:due\s+)?to\s+(?:have\s+)?(?:begin|begun|start|leave|be|take|go)|had not\s+(?:yet\s+)?(?:taken place|begun|started|left|happened)|ha(?:s|ve) not\s+(?:yet\s+)?(?:taken place|begun|started|left)|yet to|first in line|promised|planned|expected to|would\s+(?:be|leave|start)|will\s+(?:be|leave|start|go)|may leave|due to leave|demand\w*)\b/i;

/** Status cues, strongest first: one status per sentence. */
const STATUS_CUES: Array<[AgreementStatus, RegExp]> = [
  ['denied', /\b(den(?:y|ies|ied|ying)|rejected|dismissed)\b/i],
  ['disputed', /\b(disputed|contested|no such (?:deal|agreement))\b/i],
  ['collapsed', /\b(collaps\w*|broke down|fell apart|fell through|was violated|suspended)\b/i],
  ['revived', /\b(back on|revived|agreed again|renewed|reinstated|resumed the (?:deal|evacuation))\b/i],
  [
    'fulfilled_part',
    /\b(complet\w*|finish\w*)\s+(?:the\s+)?(?:first|second|third|initial)\s+(?:phase|stage)\b/i,
  ],
  [
    'fulfilled',
    /\b(?:was|were|has been|had been)\s+(?:completed|finished)\b|\bcompleted the (?:evacuation|deal|exchange)\b/i,
  ],
  ['implemented', /\b(went ahead|got under way|was carried out|were carried out|began to leave)\b/i],
  [
    'stalled',
    /\b(had not (?:yet\s+)?(?:taken place|begun|started)|delayed|stalled|postponed|held up|halted)\b/i,
  ],
  [
    'reached',
    /\b(?:agreed|(?:deal|agreement|truce|cease-?fire|settlement|accord)\b[^.;]{0,60}?\b(?:was|were|had been|has been|been)?\s*(?:reached|struck|agreed|signed|sealed))\b|\b(?:reached|struck|signed|sealed)\s+(?:a|an|the)\s+(?:\w+\s+)?(?:deal|agreement|truce|cease-?fire|settlement|accord)\b/i,
  ],
  [
    'implemented',
    /\b(left|departed|arrived|entered|began handing|handed over|freed|went ahead|got under way|carried out|reached (?!on\b|late\b|after\b|between\b|with\b)(?=\p{Lu}|the\s+\p{Lu}|Idlib|rebel|government)|began|withdrew)\b/iu,
  ],
  ['proposed', /\b(proposed|proposal|offered|put forward)\b/i],
];

/** Days before publication beyond which an unqualified weekday or month reading is not trusted. */
const MAX_LOOKBACK_DAYS = 120;

function statusIn(s: Sentence, ctx: DocumentContext): DealObservation | undefined {
  const text = s.span.text;
  for (const [status, re] of STATUS_CUES) {
    const m = re.exec(text);
    if (!m) continue;
    if (status === 'implemented' && PLANNED.test(text)) continue;
    if (status === 'reached' && /\b(had not|if|whether)\b/i.test(text.slice(0, m.index))) continue;
    const cue = sp(s, m.index, m.index + m[0].length);
    const published = new Date(`${ctx.doc.published}T00:00:00Z`).getTime();
    const dates = s.dates.filter((d) => {
      const lag = (published - new Date(`${d.date}T00:00:00Z`).getTime()) / 86_400_000;
      // "said on Sunday that ...": the day of the saying, not of the step.
      const lead = text.slice(Math.max(0, d.span.start - s.span.start - 30), d.span.start - s.span.start);
      if (/\b(said|says|announced|reported|told [\w ]{1,20}|denied)\s*$/i.test(lead) && status !== 'denied')
        return false;
      return !d.yearOnly && lag >= 0 && (lag <= MAX_LOOKBACK_DAYS || /\b(19|20)\d\d\b/.test(d.span.text));
    });
    // The date the cue's clause gives: the nearest mention; for a move, the first.
    const near =
      status === 'implemented'
        ? dates[0]
        : [...dates].sort(
            (a, b) => Math.abs(a.span.start - cue.start) - Math.abs(b.span.start - cue.start),
          )[0];
    const by =
      status === 'denied' || status === 'disputed'
        ? s.actors.find((a) => a.span.start < cue.start && !NOT_PARTY_KINDS.has(a.actor.kind))?.actor.id
        : undefined;
    return {
      status,
      date: near?.date ?? ctx.doc.published,
      // With no date in the words, the publication day stands in, and says it is not exact.
      timePrecision: (near?.precision ?? 2) as TimePrecision,
      ...(by ? { by } : {}),
      source: s.attribution?.source ?? ctx.doc.source ?? ctx.doc.id,
      documentId: ctx.doc.id,
      evidence: [cue, ...(near ? [near.span] : [])],
    };
  }
  return undefined;
}

// ---- the document's deal ----------------------------------------------------------------

/** Whether a sentence speaks of the deal: names it, or says a side agreed. */
function aboutDeal(s: Sentence): boolean {
  return DEAL_NOUN.test(s.span.text) || AGREED.test(s.span.text);
}

/**
 * The deal a document tells of, or undefined when it tells of none. A document about a merger,
 * a trade pact or a sports contract has no deal: its parties must be conflict actors, and its
 * words not those of commerce or sport.
 */
export function readDeal(sentences: Sentence[], ctx: DocumentContext): DealReading | undefined {
  const dealSentences = sentences.filter(aboutDeal);
  if (dealSentences.some((s) => NOT_CONFLICT.test(s.span.text))) return undefined;
  const brokers: DealReading['brokers'] = [];
  const parties = new Map<string, Span[]>();
  const movers = new Map<string, Span[]>();
  const terms: DealTerm[] = [];
  const life: DealObservation[] = [];
  const places = new Set<string>();
  const add = (m: Map<string, Span[]>, id: string, span: Span) => m.set(id, [...(m.get(id) ?? []), span]);
  const mentionsDeal = dealSentences.length > 0;
  for (const s of sentences) {
    const about = aboutDeal(s);
    const provision = mentionsDeal && PROVISION.test(s.span.text);
    const followUp = isDealFollowUp(s);
    const named = brokersIn(s);
    // "It was guaranteed by Jordan": a broker phrase in a document about a deal is about the deal.
    if (!about && !provision && !followUp && !(mentionsDeal && named.length)) continue;
    addBrokers(brokers, named);
    if (about) for (const t of s.toponyms) places.add(t.place.asciiName);
    const sides = s.actors.filter((x) =>
      sideOf(
        s,
        x,
        named.map((b) => b.span),
      ),
    );
    for (const a of sides) add(about ? parties : movers, a.actor.id, a.span);
    if (about && !sides.some((a) => a.actor.kind === 'state')) {
      const gov = GOVERNMENT.exec(s.span.text);
      const at = gov ? s.span.start + gov.index : -1;
      if (gov && !named.some((b) => at >= b.span.start && at < b.span.end))
        add(parties, 'state-military', sp(s, gov.index, gov.index + gov[0].length));
    }
    if (about || provision || mentionsDeal)
      for (const t of termsIn(s)) {
        addTerm(terms, t);
        for (const p of [t.from, t.to]) if (p) places.add(p);
      }
    const o = about || followUp ? statusIn(s, ctx) : undefined;
    if (o) addStep(life, o);
  }
  // With no side named where the deal is, those who move under it are its sides.
  const sides = settleSides(parties.size ? parties : movers, brokers, ctx);
  // A report with no side named may still tell a step of a deal someone else names (it joins
  // that deal by place and time; it never founds one).
  if (life.length === 0 && (sides.size === 0 || !mentionsDeal)) return undefined;
  return {
    mentionsDeal,
    parties: [...sides].map(([id, evidence]) => ({ id, evidence })),
    brokers,
    terms,
    life: life.sort((a, b) => a.date.localeCompare(b.date)),
    places: [...places],
  };
}

/** Each broker named once, with every phrase naming it. */
function addBrokers(brokers: DealReading['brokers'], named: ReturnType<typeof brokersIn>): void {
  for (const b of named) {
    const had = brokers.find((x) => x.name === b.name);
    if (had) had.evidence.push(b.span);
    else brokers.push({ name: b.name, ...(b.id ? { id: b.id } : {}), evidence: [b.span] });
  }
}

/** A term joins the same term told before (same kind, no place contradicting), filling what it lacked. */
function addTerm(terms: DealTerm[], t: DealTerm): void {
  const same = terms.find(
    (x) =>
      x.kind === t.kind && (x.from ?? t.from) === (t.from ?? x.from) && (x.to ?? t.to) === (t.to ?? x.to),
  );
  if (same) {
    same.from ??= t.from;
    same.to ??= t.to;
    same.people ??= t.people;
    same.forWhat ??= t.forWhat;
    same.evidence.push(...t.evidence);
  } else terms.push(t);
}

/** A step the words date wins over the same step placed only by the publication day. */
function addStep(life: DealObservation[], o: DealObservation): void {
  const twin = life.findIndex(
    (x) => x.status === o.status && (x.date === o.date || x.timePrecision > 1 || o.timePrecision > 1),
  );
  if (twin < 0) life.push(o);
  else if (life[twin]!.timePrecision > o.timePrecision) life[twin] = o;
}

/** The deal's sides once the generic and the brokering are taken out (changes `sides` in place). */
function settleSides(
  sides: Map<string, Span[]>,
  brokers: DealReading['brokers'],
  ctx: DocumentContext,
): Map<string, Span[]> {
  // The generic "rebels" is the named rebel group once the text names one.
  const named = [...sides.keys()].some(
    (id) => id !== 'opposition-rebels' && ctx.res.actors.find((a) => a.id === id)?.kind === 'rebel',
  );
  if (named) sides.delete('opposition-rebels');
  // A state whose forces broker the deal is a broker, not a side.
  for (const id of [...sides.keys()]) {
    const country = STATE_OF[id];
    if (country && brokers.some((b) => b.name === country)) sides.delete(id);
    if (brokers.some((b) => b.id === id)) sides.delete(id);
  }
  return sides;
}

/** The government as a side, where the dictionary has no name for it ("the government", "the regime"). */
const GOVERNMENT =
  /\b(?:the\s+)?(?:government|regime|authorities)\b(?!-held|\s+(?:media|television|forces|troops))/i;

/** The states whose dictionary actors may also be named as a country that brokers. */
const STATE_OF: Record<string, string> = {
  'russia-military': 'Russia',
  'russia-military-police': 'Russia',
  'turkey-military': 'Turkey',
  'iran-military': 'Iran',
  'us-military': 'United States',
  'united-nations': 'United Nations',
};

/** A sentence that reports a step of a deal without naming it ("The first buses left on Sunday"). */
function isDealFollowUp(s: Sentence): boolean {
  return /\b(buses|convoy|evacuat\w*|evacuees|handed over|left|arrived|departures?)\b/i.test(s.span.text);
}
