// From one document to coded events, as a pipeline of small steps: recognisers annotate each
// sentence, the reading of its triggers says which tell news, solvers fill in each finding's
// fields, and the findings that tell the same what, where and when merge into events.
// Stateless; no storage.
import { detectLanguage } from '../nlp/language.js';
import { splitSentences } from '../nlp/sentences.js';
import { ACLED_RULES } from './acled/index.js';
import { candidates } from './candidates.js';
import type { ExtractedClaim, ExtractionResult, InputDocument } from './claim.js';
import { toFinding } from './finding.js';
import { mergeClaims } from './merge.js';
import { readSentence } from './reading.js';
import { actors } from './recognise/actors.js';
import { convoys } from './recognise/convoys.js';
import { counts } from './recognise/counts.js';
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
import { names, roles } from './solve/roles/index.js';
import { tallies } from './solve/tallies.js';
import { toEvent } from './to-claim.js';
import { documentContext } from './document.js';

export type * from './claim.js';
export type { MovementStatus } from '../model/index.js';
export { mergeClaims } from './merge.js';
export { documentContext } from './document.js';

/** Run on every sentence, in order: they carry what later sentences refer back to. */
const EVERY_SENTENCE: Recogniser[] = [actors, convoys, speakers, triggers];
/** Run on sentences with a trigger only. */
const RECOGNISERS: Recogniser[] = [dates, counts, toponyms, hedges, durations, parties];
const SOLVERS: Solver[] = [place, date, country, roles, ...ACLED_RULES, names, tallies, details, confidence];

/** Runs extraction on one document. */
export function extract(doc: InputDocument, res: Resources): ExtractionResult {
  const text = doc.text;
  const language = detectLanguage(text).code;
  if (language !== 'eng' && language !== 'und') {
    // The rules read English; coding another language would invent or miss events.
    const warning = `language "${language}" detected; the extractor reads English only, so no events were coded`;
    return { events: [], claims: [], toponyms: [], language, warnings: [warning] };
  }
  const ctx = documentContext(doc, res);
  const claims: ExtractedClaim[] = [];
  const warnings: string[] = [];
  for (const span of splitSentences(text)) {
    try {
      const s = annotate(span, ctx, false);
      if (s.triggers.length === 0) continue;
      for (const c of candidates(s, readSentence(s, text, doc.published))) {
        const f = newDraft(c.triggers, c.main, c.reference, doc.published);
        for (const solve of SOLVERS) solve(f, s, ctx);
        claims.push(toFinding(f, s, ctx));
      }
    } catch (e) {
      // One sentence the recognisers choke on never stops the document.
      warnings.push(`sentence at offset ${span.start} could not be read (${(e as Error).message}); skipped`);
    }
  }
  const events = mergeClaims(claims).map((c) => toEvent(c, res));
  return { events, claims, toponyms: ctx.toponyms, language, warnings };
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
