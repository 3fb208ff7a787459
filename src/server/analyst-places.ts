// The name an analyst uses for a point goes into the local gazetteer layer: a place picked on the
// field-report form, or an event's place corrected in review. The next coder that opens the layer
// (an ingest, a watcher, a worker, the server once restarted) resolves that name there.
import type { FastifyBaseLogger } from 'fastify';
import type { Gazetteer } from '../geo/gazetteer.js';
import { addAnalystPlace } from '../geo/layer.js';

export interface AnalystPlace {
  name: string;
  latitude: number | null | undefined;
  longitude: number | null | undefined;
  /** The country as named ("Syria"); its code is looked up in the gazetteer. */
  country?: string;
  admin1?: string;
  admin2?: string;
  /** ACLED geo_precision; only a place itself (1) or near it (2) is a point worth naming. */
  precision?: number | null;
}

/**
 * Adds the place when it names a point the gazetteer can put in a country, and says what happened:
 * 'new' or 'seen' (added or counted), 'duplicate' (this decision was counted already) or why not.
 * Never throws: the decision or report stands whether the layer can be written or not.
 */
export function recordAnalystPlace(
  layer: string,
  gazetteer: Pick<Gazetteer, 'countryCodeOf'>,
  place: AnalystPlace,
  ref: string,
  log?: Pick<FastifyBaseLogger, 'warn'>,
): 'new' | 'seen' | 'duplicate' | 'no point' | 'no country' | 'failed' {
  const { latitude, longitude } = place;
  const name = place.name.trim();
  if (!name || typeof latitude !== 'number' || typeof longitude !== 'number') return 'no point';
  if (place.precision !== undefined && place.precision !== null && place.precision > 2) return 'no point';
  const countryCode = place.country ? gazetteer.countryCodeOf(place.country) : undefined;
  if (!countryCode) return 'no country';
  try {
    return addAnalystPlace(
      {
        name,
        latitude,
        longitude,
        countryCode,
        ...(place.admin1 ? { admin1: place.admin1 } : {}),
        ...(place.admin2 ? { admin2: place.admin2 } : {}),
        precision: place.precision === 2 ? 2 : 1,
        ref,
      },
      layer,
    );
  } catch (e) {
    log?.warn(`the local gazetteer layer could not take "${name}" (${ref}): ${(e as Error).message}`);
    return 'failed';
  }
}
