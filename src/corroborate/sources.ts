// Who first made a claim, under one name, so independence follows the chain of attribution:
// a newspaper quoting SOHR is SOHR's voice, not a second one.
import type { Claim } from '../model/index.js';
import type { RegisteredSource, SourceKind } from '../model/index.js';
import { fold } from '../nlp/normalize.js';

interface SourceEntry {
  name: string;
  kind: SourceKind;
  country?: string;
  languages?: string[];
  aliases: string[];
}

/** The shipped source list as registry entries, ungraded (F) until an analyst grades them. */
export function registryEntries(sources: SourceEntry[]): RegisteredSource[] {
  return sources.map((s) => ({
    name: s.name,
    kind: s.kind,
    country: s.country,
    languages: s.languages ?? [],
    aliases: s.aliases,
    reliability: 'F' as const,
  }));
}

/** Maps any alias of a registered source to its name; other names pass through trimmed. */
export function canonicaliser(
  sources: Array<Pick<RegisteredSource, 'name' | 'aliases'>>,
): (name: string) => string {
  const byAlias = new Map<string, string>();
  for (const s of sources) for (const a of [s.name, ...s.aliases]) byAlias.set(fold(a), s.name);
  return (name) => byAlias.get(fold(name.trim())) ?? name.trim();
}

/**
 * The voice behind a claim: the source of its first attribution chain that is not the publisher
 * itself, else the publisher, else "unattributed".
 */
export function rootOf(
  e: Pick<Claim, 'attribution'>,
  publisher: string | undefined,
  canonical: (name: string) => string,
): string {
  const pub = publisher ? canonical(publisher) : undefined;
  for (const a of e.attribution) {
    const s = canonical(a.source);
    if (s !== '' && s !== pub) return s;
  }
  return pub ?? 'unattributed';
}

/**
 * The outlets a document names, to be counted in the source registry: its publisher, every outlet
 * the row of a coded dataset gives, and every source its claims are attributed to (or carried by)
 * that the registry already knows. Words the extractor took for a speaker ("its spokesman") are
 * not outlets and are left out.
 */
export function outletsNamed(
  publisher: string | undefined,
  events: Array<Pick<Claim, 'attribution' | 'details'>>,
  canonical: (name: string) => string,
  known: (name: string) => boolean,
): string[] {
  const out = new Set<string>();
  const pub = publisher ? canonical(publisher) : '';
  if (pub) out.add(pub);
  for (const e of events) {
    const imported = !!e.details.imported;
    for (const a of e.attribution)
      for (const raw of [a.source, ...a.via]) {
        const name = canonical(raw);
        if (name && (imported ? raw === a.source : known(name))) out.add(name);
      }
  }
  return [...out];
}
