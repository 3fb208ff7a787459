// Finds actors in a document by dictionary alias, and resolves descriptions ("the jihadist
// group", "the group") to the actor most recently named before them.
import type { Span } from '../../model/index.js';
import { fold } from '../../nlp/normalize.js';
import type { ActorEntry } from '../resources.js';
import type { Recogniser } from '../sentence.js';
import { within } from '../spans.js';

export interface ActorMention {
  span: Span;
  actor: ActorEntry;
  /** True when found through a description rather than a name. */
  coreferent: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function alternation(names: string[]): string {
  return [...new Set(names)]
    .sort((a, b) => b.length - a.length)
    .map((n) => escape(n).replace(/\\?[-\s]/g, '[-\\s]?'))
    .join('|');
}

export class ActorMatcher {
  private readonly byKey = new Map<string, ActorEntry>();
  private readonly descriptorOwners = new Map<string, ActorEntry[]>();
  private readonly caseless: RegExp | null;
  private readonly cased: RegExp | null;
  private readonly descriptors: RegExp | null;
  private readonly generic: Set<string>;

  constructor(actors: ActorEntry[], genericDescriptors: string[]) {
    const caseless: string[] = [];
    const cased: string[] = [];
    for (const a of actors) {
      for (const alias of a.aliases) {
        if (!this.byKey.has(fold(alias))) this.byKey.set(fold(alias), a);
        // Acronyms ("IS", "SDF") only in capitals: "is" is a verb.
        (/^[A-Z0-9'-]{2,6}$/.test(alias) ? cased : caseless).push(alias);
      }
      for (const d of a.descriptors) {
        const list = this.descriptorOwners.get(fold(d)) ?? [];
        list.push(a);
        this.descriptorOwners.set(fold(d), list);
      }
    }
    const b = '(?<![\\p{L}\\p{N}])';
    const e = '(?![\\p{L}\\p{N}])';
    this.caseless = caseless.length ? new RegExp(`${b}(?:${alternation(caseless)})${e}`, 'giu') : null;
    this.cased = cased.length ? new RegExp(`${b}(?:${alternation(cased)})${e}`, 'gu') : null;
    this.generic = new Set(genericDescriptors.map(fold));
    const allDescriptors = [...this.descriptorOwners.keys(), ...this.generic];
    this.descriptors = allDescriptors.length
      ? new RegExp(`${b}(?:${alternation(allDescriptors)})${e}`, 'giu')
      : null;
  }

  /** All actor mentions in `text`, in order; overlapping matches keep the longest. */
  find(text: string): ActorMention[] {
    const named: ActorMention[] = [];
    for (const re of [this.caseless, this.cased]) {
      if (!re) continue;
      for (const m of text.matchAll(re)) {
        const actor = this.byKey.get(fold(m[0]));
        if (actor)
          named.push({
            span: { start: m.index, end: m.index + m[0].length, text: m[0] },
            actor,
            coreferent: false,
          });
      }
    }
    const kept = dropOverlaps(named);
    const out = [...kept];
    if (this.descriptors) {
      // Descriptors come in text order: a cursor over the named mentions before each one keeps,
      // for every actor, its latest mention, so that a long document is read in linear time.
      let next = 0;
      const latest = new Map<ActorEntry, number>();
      let latestArmed = -1;
      for (const m of text.matchAll(this.descriptors)) {
        const start = m.index;
        const end = start + m[0].length;
        while (next < kept.length && kept[next]!.span.end <= start) {
          const k = kept[next]!;
          latest.set(k.actor, next);
          if (['rebel', 'militia'].includes(k.actor.kind)) latestArmed = next;
          next++;
        }
        // Named mentions do not overlap one another, so only the next one can overlap this.
        if (next < kept.length && kept[next]!.span.start < end) continue;
        const key = fold(m[0]);
        const owners = this.descriptorOwners.get(key);
        let at = -1;
        if (owners) for (const o of owners) at = Math.max(at, latest.get(o) ?? -1);
        else if (this.generic.has(key)) at = latestArmed;
        if (at >= 0)
          out.push({
            span: { start, end, text: m[0] },
            actor: kept[at]!.actor,
            coreferent: true,
          });
      }
    }
    return out.sort((a, b) => a.span.start - b.span.start);
  }
}

function dropOverlaps(ms: ActorMention[]): ActorMention[] {
  const sorted = [...ms].sort(
    (a, b) => b.span.end - b.span.start - (a.span.end - a.span.start) || a.span.start - b.span.start,
  );
  // Longest first; a mention that overlaps one already kept is dropped. The characters taken are
  // marked so each check costs the mention's length, not the number kept.
  const end = ms.reduce((e, m) => Math.max(e, m.span.end), 0);
  const taken = new Uint8Array(end);
  const kept: ActorMention[] = [];
  for (const m of sorted) {
    let free = true;
    for (let i = m.span.start; i < m.span.end && free; i++) if (taken[i]) free = false;
    if (!free) continue;
    taken.fill(1, m.span.start, m.span.end);
    kept.push(m);
  }
  return kept.sort((a, b) => a.span.start - b.span.start);
}

/** The year state forces' names carry, by country code and dictionary entry ("MX": {"state-police": 2018}). */
export type Periods = Record<string, Record<string, number>>;

/**
 * The ACLED name and inter code of an actor for an event in a given country on a given date:
 * "{country}" is the country's name, "{period}" the year its forces' names carry ("2018-"); a
 * period nobody knows is left out ("Police Forces of Kenya").
 */
export function actorName(
  actor: ActorEntry,
  countryCode: string,
  countryName: string,
  date: string,
  periods: Periods = {},
): { name: string; inter: number } {
  let name = actor.names[countryCode] ?? actor.names['*'] ?? actor.id;
  for (const [until, older] of Object.entries(actor.before ?? {}).sort()) {
    if (date < until) {
      name = older;
      break;
    }
  }
  const inter = actor.inter[countryCode] ?? actor.inter['*'] ?? 0;
  const year = periods[countryCode]?.[actor.id];
  // A country's own forces, in no known country, have no name ("Military Forces of" whom?).
  if (!countryName && name.includes('{period}')) return { name: '', inter };
  name = name.replace('{country}', countryName || 'International');
  name = year ? name.replace('{period}', `${year}-`) : name.replace(/\s*\(\{period\}\)/, '');
  return { name, inter };
}

/** The sentence's actor mentions, from the document's (found once for the whole text). */
export const actors: Recogniser = (s, doc) => {
  s.actors = within(doc.actors, s.span);
};
