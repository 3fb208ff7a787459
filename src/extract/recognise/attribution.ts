// Who says what a sentence reports, and through whom: "SOHR said", "told AFP",
// "according to X", "a commander ... told Reuters", "it said" after a quote.
import type { Attribution, AttributionLink, Span } from '../../model/index.js';
import { fold } from '../../nlp/normalize.js';
import type { SourceEntry } from '../resources.js';

export interface SentenceAttribution {
  speaker?: AttributionLink;
  medium?: AttributionLink;
}

const SAY =
  '(?:said|says|say|reported|reports|announced|stated|claimed|confirmed|added|noted|told|tweeted|wrote)';
const PRONOUN = /^(it|he|she|they|the group|the monitor|the ministry|the statement)$/i;
const SAYS = new RegExp(SAY, 'iu');
const TOLD = new RegExp(
  `\\btold\\s+(?:the\\s+)?([^,.;"”]{2,60}?)(?:\\s+news agency)?(?=\\s+(?:that|on|in|by|he|she|it|they)\\b|[,.;"”]|$)`,
  'u',
);
const SAID = new RegExp(
  `(^|[,;:"”“]\\s*|\\bbut\\s+|\\band\\s+)([^,;:"”“]{1,160}?(?:\\([^)]*\\))?(?:,[^,;"”]{0,120},)?)\\s+(?:had\\s+|has\\s+|have\\s+)?${SAY}\\b`,
  'iu',
);
const INVERTED = new RegExp(`${SAY}\\s+((?:the\\s+)?[^,.;]{2,60})[.,]?\\s*$`, 'iu');

export class AttributionFinder {
  private readonly aliasRe: RegExp;
  private readonly byAlias = new Map<string, SourceEntry>();

  constructor(sources: SourceEntry[]) {
    const aliases: string[] = [];
    for (const s of sources)
      for (const a of s.aliases) {
        this.byAlias.set(fold(a), s);
        aliases.push(a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      }
    aliases.sort((a, b) => b.length - a.length);
    this.aliasRe = new RegExp(`(?<![\\p{L}])(?:${aliases.join('|')})(?![\\p{L}])`, 'gu');
  }

  /** Every known source named anywhere in `text`. */
  sourcesIn(text: string): SourceEntry[] {
    const found = new Set<SourceEntry>();
    for (const m of text.matchAll(this.aliasRe)) {
      const s = this.byAlias.get(fold(m[0]));
      if (s) found.add(s);
    }
    return [...found];
  }

  /** The source registered under a name or alias. */
  byName(name: string): SourceEntry | undefined {
    return this.byAlias.get(fold(name));
  }

  /** The first known source named inside `text` (offset into the document by `offset`). */
  private source(text: string, offset: number): AttributionLink | undefined {
    this.aliasRe.lastIndex = 0;
    const m = this.aliasRe.exec(text);
    if (!m) return undefined;
    const s = this.byAlias.get(fold(m[0]));
    if (!s) return undefined;
    return {
      name: s.name,
      role: 'original',
      span: { start: offset + m.index, end: offset + m.index + m[0].length, text: m[0] },
    };
  }

  /**
   * Attribution for one sentence. `previous` is the last speaker named in the document, which
   * a pronoun ("it said") refers back to.
   */
  find(sentence: Span, previous?: AttributionLink): SentenceAttribution {
    const text = sentence.text;
    const off = sentence.start;
    const out: SentenceAttribution = {};

    const told = TOLD.exec(text);
    if (told) {
      out.medium = this.source(told[1]!, off + told.index + told[0].indexOf(told[1]!));
      if (out.medium) out.medium = { ...out.medium, role: 'reported_by' };
    }
    const according = /\baccording to\s+(?:the\s+)?([^,.;]{2,80})/iu.exec(text);
    if (according) {
      out.speaker = this.source(
        according[1]!,
        off + according.index + according[0].indexOf(according[1]!),
      ) ?? {
        name: according[1]!.trim(),
        role: 'original',
        span: {
          start: off + according.index + according[0].indexOf(according[1]!),
          end: off + according.index + according[0].length,
          text: according[1]!,
        },
      };
      return out;
    }
    // "X said", with X the stretch since the last clause boundary or the sentence start.
    // Both readings need a verb of saying: most sentences have none and skip their costly patterns.
    const says = SAYS.test(text);
    const said = says ? SAID.exec(text) : null;
    if (said) {
      const subject = said[2]!.trim();
      const subjectStart = off + said.index + said[0].indexOf(said[2]!);
      const bare = subject.replace(/^(the|a|an)\s+/i, '');
      if (PRONOUN.test(subject) && previous) {
        out.speaker = {
          name: previous.name,
          role: 'original',
          span: { start: subjectStart, end: subjectStart + subject.length, text: subject },
        };
      } else {
        out.speaker =
          this.source(subject, subjectStart) ??
          (bare.length <= 80 && !PRONOUN.test(subject)
            ? {
                name: subject,
                role: 'original',
                span: { start: subjectStart, end: subjectStart + subject.length, text: subject },
              }
            : undefined);
      }
    } else {
      // Inverted after a quote: '"...," said the Observatory.'
      const inverted = says ? INVERTED.exec(text) : null;
      if (inverted)
        out.speaker = this.source(inverted[1]!, off + inverted.index + inverted[0].indexOf(inverted[1]!));
    }
    if (out.speaker && out.medium && out.speaker.name === out.medium.name) delete out.speaker;
    return out;
  }
}

/**
 * The chain of who says a sentence's claims: the speaker first, then the medium it spoke through,
 * the publisher last; a sentence with no speaker is the medium's, else the publisher's.
 */
export function chain(
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
