// Great-circle distance, the measure every geo score in the project uses.

const EARTH_RADIUS_KM = 6371.0088;

/**
 * Haversine distance in kilometres between two WGS84 points.
 * @example haversineKm(33.51, 36.29, 36.2, 37.16) // Damascus to Aleppo, about 310
 */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}
