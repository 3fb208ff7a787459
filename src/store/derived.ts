// Records derived from stored claims on request: tracks of movements and the agreements behind
// them. Rebuilt each time, so they follow every new report, merge and split at once.
import { buildAgreements } from '../corroborate/agreements.js';
import { buildTracks } from '../corroborate/tracks.js';
import type { ActorEntry } from '../extract/resources.js';
import type { Agreement, Track } from '../model/index.js';
import type { Store } from './store.js';

/** Turns a dictionary id into the ACLED name used in the country an event is in. */
export function actorNamer(actors: ActorEntry[]): (id: string, country: string) => string {
  const byId = new Map(actors.map((a) => [a.id, a]));
  return (id, country) => {
    const a = byId.get(id);
    if (!a) return id;
    const names = Object.values(a.names);
    return names.find((n) => country !== '' && n.includes(`(${country})`)) ?? a.names['*'] ?? names[0] ?? id;
  };
}

/** The last tracks and agreements built for a store, and the change they were built at. */
const built = new WeakMap<
  Store,
  { cursor: number; value: Promise<{ tracks: Track[]; agreements: Agreement[] }> }
>();

/**
 * Tracks and agreements as the record now stands. They are rebuilt only when the store's change
 * log has moved (a report added, a merge, a split, a review), by this process or another.
 */
export async function tracksAndAgreements(
  store: Store,
  actors: ActorEntry[],
): Promise<{ tracks: Track[]; agreements: Agreement[] }> {
  const cursor = await store.latestChange();
  const last = built.get(store);
  if (last && last.cursor === cursor) return last.value;
  const value = build(store, actors);
  built.set(store, { cursor, value });
  value.catch(() => built.delete(store));
  return value;
}

async function build(
  store: Store,
  actors: ActorEntry[],
): Promise<{ tracks: Track[]; agreements: Agreement[] }> {
  const claims = await store.listClaims({ movement: true, agreement: true });
  const tracks = buildTracks(claims.filter((c) => c.details.movement));
  const agreements = buildAgreements(
    claims.filter((c) => c.sub_event_type === 'Agreement' || c.details.deal),
    tracks,
    actorNamer(actors),
  );
  return { tracks, agreements };
}
