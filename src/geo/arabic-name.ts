// The Arabic name of a coded event's place, for showing beside the English one: the gazetteer's
// place of that name at the event's point (or, unplaced, in its country).
import { haversineKm } from './distance.js';
import type { Gazetteer } from './gazetteer.js';

/** How far the gazetteer's place may lie from the event's point and still be its place (km). */
const SAME_PLACE_KM = 10;

export interface EventPlace {
  location: string;
  latitude: number | null;
  longitude: number | null;
  country: string;
}

/**
 * The Arabic name the gazetteer has for an event's location, if any.
 * Example: arabicLocation(g, { location: 'Saraqib', latitude: 35.86, longitude: 36.8, country: 'Syria' }) === 'سراقب'.
 */
export function arabicLocation(gazetteer: Gazetteer, e: EventPlace): string | undefined {
  if (!e.location) return undefined;
  const exact = gazetteer.lookup(e.location).filter((c) => c.matchKind === 0 && c.nameAr);
  const here =
    e.latitude !== null && e.longitude !== null
      ? exact.filter((c) => haversineKm(c.latitude, c.longitude, e.latitude!, e.longitude!) <= SAME_PLACE_KM)
      : exact.filter((c) => c.country === e.country);
  return here[0]?.nameAr;
}

/** The events with `location_ar` added where the gazetteer has an Arabic name for their place. */
export function withArabicLocations<T extends EventPlace>(
  gazetteer: Gazetteer,
  events: T[],
): Array<T & { location_ar?: string }> {
  return events.map((e) => {
    const ar = arabicLocation(gazetteer, e);
    return ar ? { ...e, location_ar: ar } : e;
  });
}
