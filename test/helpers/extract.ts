// Drafts of findings from a text written for a test, for the solvers' and ACLED rules' tests.
import { candidates } from '../../src/extract/candidates.js';
import { readDocument } from '../../src/extract/extract.js';
import { readSentence } from '../../src/extract/reading.js';
import { loadResources, type Resources } from '../../src/extract/resources.js';
import {
  newDraft,
  type Draft,
  type DocumentContext,
  type Sentence,
  type Solver,
} from '../../src/extract/sentence.js';

let shared: Resources | undefined;
export const resources = () => (shared ??= loadResources());

export interface Drafted {
  f: Draft;
  s: Sentence;
  ctx: DocumentContext;
}

/**
 * The draft of the first candidate event of the first sentence with one (or of the sentence
 * containing `where`), after the given solvers have run.
 */
export function draftFor(
  text: string,
  solvers: Solver[] = [],
  opts: { published?: string; where?: string; source?: string } = {},
): Drafted {
  const published = opts.published ?? '2020-05-01';
  const { ctx, sentences } = readDocument({ id: 't', text, published, source: opts.source }, resources());
  const s = sentences.find((x) => x.triggers.length > 0 && (!opts.where || x.span.text.includes(opts.where)));
  if (!s) throw new Error(`no sentence with a trigger in: ${text}`);
  const [c] = candidates(s, readSentence(s, text, published));
  if (!c) throw new Error(`no candidate event in: ${s.span.text}`);
  const f = newDraft(c.triggers, c.main, c.reference, published);
  for (const solve of solvers) solve(f, s, ctx);
  return { f, s, ctx };
}
