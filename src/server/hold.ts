// One policy for movements held back (`serve --hold-tracks N`): a movement last seen in the past N
// days is kept from anyone below analyst wherever the record leaves the server — its track, the
// events that are its observations (in the list, points, grid, timeline, export, OGC items and
// extents, event detail and the live stream), and its place in an agreement's fulfilment.
import type { FastifyRequest } from 'fastify';
import type { ActorEntry } from '../extract/resources.js';
import type { Agreement, Track } from '../model/index.js';
import { tracksAndAgreements } from '../store/derived.js';
import type { EventFilter, Store } from '../store/store.js';
import { rank } from './auth.js';

const MOVING_STEPS = new Set(['implemented', 'fulfilled_part', 'fulfilled']);

export class HoldPolicy {
  private last: { tracks: Track[]; cutoff: string; held: Set<string> } | undefined;

  constructor(
    private readonly store: Store,
    private readonly actors: ActorEntry[],
    /** Days a movement stays held after it was last seen; undefined holds nothing. */
    readonly days?: number,
  ) {}

  /** Whether this request is held to the policy (a hold is set and the asker is below analyst). */
  applies(req: FastifyRequest): boolean {
    return !!this.days && !(req.user && rank(req.user.role) >= rank('analyst'));
  }

  /** The first day a movement last seen on it is no longer held. */
  cutoff(): string {
    return new Date(Date.now() - (this.days ?? 0) * 86_400_000).toISOString().slice(0, 10);
  }

  /** What an answer depends on besides the URL and the data: whether, and as of which day, it holds. */
  variant(req: FastifyRequest): string {
    return this.applies(req) ? `held<${this.cutoff()}` : '';
  }

  /** The tracks held from everyone below analyst now. */
  private async heldTracks(): Promise<{ tracks: Track[]; held: Set<string> }> {
    const { tracks } = await tracksAndAgreements(this.store, this.actors);
    const cutoff = this.cutoff();
    if (this.last && this.last.tracks === tracks && this.last.cutoff === cutoff) return this.last;
    const held = new Set(tracks.filter((t) => t.lastSeen >= cutoff).map((t) => t.id));
    this.last = { tracks, cutoff, held };
    return this.last;
  }

  /** The event ids this request may not see (none when the policy does not apply to it). */
  async heldEvents(req: FastifyRequest): Promise<Set<string>> {
    if (!this.applies(req)) return new Set();
    const { tracks, held } = await this.heldTracks();
    return new Set(tracks.filter((t) => held.has(t.id)).flatMap((t) => t.eventIds));
  }

  /** The filter narrowed to what this request may see. */
  async filter(req: FastifyRequest, f: EventFilter): Promise<EventFilter> {
    const held = await this.heldEvents(req);
    return held.size ? { ...f, excludeIds: [...held, ...(f.excludeIds ?? [])] } : f;
  }

  async tracks<T extends Track>(req: FastifyRequest, tracks: T[]): Promise<T[]> {
    if (!this.applies(req)) return tracks;
    const cutoff = this.cutoff();
    return tracks.filter((t) => t.lastSeen < cutoff);
  }

  /** Agreements as this request may see them: without the held movements they set off. */
  async agreements(req: FastifyRequest, agreements: Agreement[]): Promise<Agreement[]> {
    if (!this.applies(req)) return agreements;
    const { held } = await this.heldTracks();
    const events = await this.heldEvents(req);
    return agreements
      .filter((a) => !events.has(a.id))
      .map((a) => ({
        ...a,
        fulfilment: a.fulfilment.filter((f) => !held.has(f.trackId)),
        // A step that reports people moving, inside the hold, tells of a held movement.
        ...(a.life
          ? { life: a.life.filter((o) => !(MOVING_STEPS.has(o.status) && o.date >= this.cutoff())) }
          : {}),
        relatedEventIds: a.relatedEventIds.filter((id) => !events.has(id)),
      }));
  }
}
