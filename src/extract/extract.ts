// From one document to coded events, as a pipeline of small steps: recognisers annotate each
// sentence, the reading of its triggers says which tell news, solvers fill in each finding's
// fields, and the findings that tell the same what, where and when merge into events.
// Stateless; no storage.
import { readableLanguage } from '../nlp/language.js';
import { splitSentences } from '../nlp/sentences.js';
import { ACLED_RULES } from './acled/index.js';
import { candidates, type Candidate } from './candidates.js';
import type { ExtractionResult, InputDocument } from './claim.js';
import type { Claim, Finding } from '../model/index.js';
import { toFinding } from './finding.js';
import { mergeClaims } from './merge.js';
import { DEAL_WORDS, readDeal } from './deal.js';
import { readSentence, type SentenceReading } from './reading.js';
import { actorName, actors } from './recognise/actors.js';
import { convoys } from './recognise/convoys.js';
import { counts, type CountMention } from './recognise/counts.js';
import { dates } from './recognise/dates.js';
import { durations } from './recognise/durations.js';
import { hedges } from './recognise/hedges.js';
import { parties, speakers } from './recognise/speakers.js';
import { toponyms } from './recognise/toponyms.js';
import { triggers } from './recognise/triggers.js';
import type { Resources } from './resources.js';
import {
  emptySentence,
  newDraft,
  type DocumentContext,
  type Recogniser,
  type Sentence,
  type Solver,
} from './sentence.js';
import type { Span } from '../model/index.js';
import { confidence } from './solve/confidence.js';
import { country } from './solve/country.js';
import { date } from './solve/date.js';
import { details } from './solve/details.js';
import { place } from './solve/place.js';
import { citeRoles, names, ruleRoles } from './solve/roles/index.js';
import { arabicRoles } from './solve/roles/arabic.js';
import { tailTallies, tallies } from './solve/tallies.js';
import { toEvent } from './to-claim.js';
import { documentContext } from './document.js';
import {
  learnedConfidence,
  learnedDate,
  learnedPlace,
  learnedRoles,
  modelDraft,
  reportsEvent,
  scoreSentence,
  type SentenceScore,
  type Triggered,
  RULE_CATEGORIES,
} from './learn/decoder.js';
import type { EventModel } from './learn/model.js';

export type * from './claim.js';
export { mergeClaims } from './merge.js';
export { documentContext } from './document.js';

/** Run on every sentence, in order: they carry what later sentences refer back to. */
const EVERY_SENTENCE: Recogniser[] = [actors, convoys, speakers, triggers];
/** Run on sentences with a trigger only. */
const RECOGNISERS: Recogniser[] = [dates, counts, toponyms, hedges, durations, parties];
/** With a model: what every sentence's features need; the rest only for sentences that tell an event. */
const MODEL_BASE: Recogniser[] = [actors, convoys, speakers, triggers, counts, hedges, toponyms];
const COMPLETE: Recogniser[] = [durations, parties];
const SOLVERS: Solver[] = [
  place,
  date,
  country,
  ruleRoles,
  arabicRoles,
  citeRoles,
  ...ACLED_RULES,
  names,
  tallies,
  details,
  confidence,
];

/** The solvers when a model codes the sentence: it chooses place, date and roles; the ACLED rules follow. */
const MODEL_SOLVERS: Solver[] = [
  learnedPlace,
  learnedDate,
  country,
  ruleRoles,
  learnedRoles,
  arabicRoles,
  citeRoles,
  ...ACLED_RULES,
  names,
  tailTallies,
  details,
  learnedConfidence,
];

const UNREAL = new Set(['negated', 'irrealis', 'generic', 'background']);

/** Runs extraction on one document. */
export function extract(doc: InputDocument, res: Resources): ExtractionResult {
  const text = doc.text;
  const { language, refusal } = readableLanguage(text, !!res.arabic);
  if (refusal) return { events: [], claims: [], toponyms: [], language, warnings: [refusal] };
  const ctx = documentContext(doc, res);
  const warnings: string[] = [];
  const claims = res.model ? modelClaims(ctx, res.model, warnings) : ruleClaims(ctx, warnings);
  const events = mergeClaims(claims).map((c) => toEvent(c, res));
  attachDeal(doc, res, events, warnings);
  return { events, claims, toponyms: ctx.toponyms, language, warnings };
}

/**
 * The document's deal, on one of its events (its Agreement, else a movement, else the first), so
 * that the store keeps it with the claim and the agreement builder finds it. A document the coder
 * found nothing in has no deal: its relevance decision stands.
 */
function attachDeal(doc: InputDocument, res: Resources, events: Claim[], warnings: string[]): void {
  if (!events.length || !DEAL_WORDS.test(doc.text)) return;
  try {
    const { ctx, sentences } = readDocument(doc, res);
    const deal = readDeal(sentences, ctx);
    if (!deal) return;
    const home =
      events.find((e) => e.sub_event_type === 'Agreement') ??
      events.find((e) => e.details.movement) ??
      events[0]!;
    // Sides named as the ACLED names of the country the deal is in ("the army": its military).
    const country = home.country || events.find((e) => e.country)?.country || '';
    for (const p of deal.parties) {
      const entry = res.actors.find((a) => a.id === p.id);
      const named = entry
        ? actorName(entry, ctx.focusCountry, country, home.event_date, res.periods).name
        : '';
      if (named) p.name = named;
    }
    home.details.deal = deal;
  } catch (e) {
    warnings.push(
      `the deal in ${doc.id} could not be read (${(e as Error).message}); its events stand without it`,
    );
  }
}

const unreadable = (span: Span, e: unknown) =>
  `sentence at offset ${span.start} could not be read (${(e as Error).message}); skipped`;

/** The rules alone: every trigger that reads as news is a finding. */
function ruleClaims(ctx: DocumentContext, warnings: string[]): Finding[] {
  const claims: Finding[] = [];
  for (const span of splitSentences(ctx.text)) {
    try {
      const s = annotate(span, ctx, false);
      if (s.triggers.length === 0) continue;
      for (const c of candidates(s, readSentence(s, ctx.text, ctx.doc.published, ctx.res.arabic)))
        claims.push(solved(c, s, ctx, SOLVERS));
    } catch (e) {
      // One sentence the recognisers choke on never stops the document.
      warnings.push(unreadable(span, e));
    }
  }
  return claims;
}

function solved(c: Candidate, s: Sentence, ctx: DocumentContext, solvers: Solver[]): Finding {
  const f = newDraft(c.triggers, c.main, c.reference, ctx.doc.published);
  for (const solve of solvers) solve(f, s, ctx);
  return toFinding(f, s, ctx);
}

interface Scored {
  s: Sentence;
  reading: SentenceReading;
  score: SentenceScore;
  event: boolean;
}

/** The learned coder: each sentence scored, the events it finds solved with its heads. */
function modelClaims(ctx: DocumentContext, model: EventModel, warnings: string[]): Finding[] {
  const scored: Scored[] = [];
  for (const span of splitSentences(ctx.text)) {
    try {
      const s = emptySentence(span);
      for (const r of MODEL_BASE) r(s, ctx);
      if (s.triggers.length) dates(s, ctx);
      const reading = readSentence(s, ctx.text, ctx.doc.published, ctx.res.arabic);
      const score = scoreSentence(model, s, ctx, reading.readings);
      // A trigger of an act the model codes (not a movement, deal, swap or statement) that reads as news.
      const news = [...reading.readings].filter(([, r]) => r === 'event' || r === 'reference');
      const triggered: Triggered = news.some(([t]) => !RULE_CATEGORIES.has(t.rule.category))
        ? 'act'
        : news.length
          ? 'kept'
          : 'none';
      // An Arabic sentence whose every act is negated, planned, generic or past tells no event: the
      // model's reading cues were learned on English words, and these come from the Arabic lexicons.
      const unreal =
        !!s.arabic && s.triggers.length > 0 && [...reading.readings.values()].every((r) => UNREAL.has(r));
      scored.push({ s, reading, score, event: !unreal && reportsEvent(model, score, triggered) });
    } catch (e) {
      warnings.push(unreadable(span, e));
    }
  }
  // Arabic sentences are vetted by the Arabic lexicons, which gloss only the words that matter:
  // the share of known words is a test of the English ones.
  const english = scored.filter((x) => !x.s.arabic);
  const words = english.reduce((n, x) => n + x.score.features.spans.size, 0);
  const known = english.reduce((n, x) => n + x.score.known * x.score.features.spans.size, 0);
  if (words >= 8 && known / words < 0.25) {
    // Text the model knows too few words of (noise, tables, another language) is not coded from noise.
    warnings.push(
      `the model knows ${Math.round((100 * known) / words)}% of its words, too few to code it; no events were coded`,
    );
    return [];
  }
  const claims: Finding[] = [];
  scored.forEach(({ s, reading, score, event }, i) => {
    const kept = candidates(s, reading).filter(
      (c) =>
        RULE_CATEGORIES.has(c.main.rule.category) && !(event && c.main.rule.sub_event_type === score.sub),
    );
    if (!event && kept.length === 0) return;
    try {
      if (!s.triggers.length) dates(s, ctx);
      for (const r of COMPLETE) r(s, ctx);
      if (event) {
        const f = modelDraft(model, score, s, ctx);
        f.tail = tailCounts(scored, i, ctx);
        for (const solve of MODEL_SOLVERS) solve(f, s, ctx);
        claims.push(toFinding(f, s, ctx));
      }
      for (const c of kept) claims.push(solved(c, s, ctx, SOLVERS));
    } catch (e) {
      warnings.push(unreadable(s.span, e));
    }
  });
  return claims;
}

/** Deaths and injuries told right after an event, in its paragraph, before the next event ("Three were killed."). */
function tailCounts(scored: Scored[], i: number, ctx: DocumentContext): CountMention[] {
  const out: CountMention[] = [];
  const para = ctx.paragraphOf(scored[i]!.s.span.start);
  for (let j = i + 1; j < scored.length && j <= i + 3; j++) {
    const next = scored[j]!;
    if (next.event || ctx.paragraphOf(next.s.span.start) !== para) break;
    out.push(...next.s.counts.filter((c) => c.kind === 'killed' || c.kind === 'injured'));
  }
  return out;
}

/** One sentence through the recognisers; with `all` false, those after the triggers only if it has one. */
export function annotate(span: Span, ctx: DocumentContext, all = true): Sentence {
  const s = emptySentence(span);
  for (const r of EVERY_SENTENCE) r(s, ctx);
  if (all || s.triggers.length > 0) for (const r of RECOGNISERS) r(s, ctx);
  return s;
}

/** A document's context and every sentence annotated (for tests and for the learned coder's features). */
export function readDocument(
  doc: InputDocument,
  res: Resources,
): { ctx: DocumentContext; sentences: Sentence[] } {
  const ctx = documentContext(doc, res);
  return { ctx, sentences: splitSentences(doc.text).map((span) => annotate(span, ctx)) };
}
