// How likely a gazetteer entry is as the reading of a name before any context, and the facts
// resolution reads of a candidate alone, kept per candidate.
import { fold, skeleton } from '../nlp/normalize.js';
import type { Candidate } from './gazetteer.js';
import { loadResolverModel } from './resolver.js';

/** Distance in km on a flat map around the two points: close enough for a feature, and cheap. */
export function roughKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dx = (lon2 - lon1) * Math.cos(((lat1 + lat2) * Math.PI) / 360);
  const dy = lat2 - lat1;
  return 111.2 * Math.sqrt(dx * dx + dy * dy);
}

let shipped: number[] | undefined;
/** The weights of data/geo-resolver.json (hand-set ones without it), read once per process. */
export function shippedWeights(): number[] {
  shipped ??= loadResolverModel().weights;
  return shipped;
}

// Admin seats are a little likelier readings than other towns of the same size.
const SEAT_BONUS: Record<string, number> = { PPLC: 0.9, PPLA: 0.5, PPLA2: 0.3, PPLA3: 0.1 };
const SEAT_POPULATION: Record<string, number> = {
  PPLC: 300_000,
  PPLA: 50_000,
  PPLA2: 10_000,
  PPLA3: 3_000,
};
const AREA_PRIOR: Record<string, number> = { PCLI: 3.2, PCLD: 2.5, PCLS: 2.5, ADM1: 2.2, ADM2: 1.6 };
const WORLD_FEATURES = new Set(['CONT', 'OCN', 'SEA', 'GULF', 'PEN', 'RGN', 'PCLH', 'BLDG']);
/** Feature codes that stand for a well-known place whatever its population. */
export const MAJOR = new Set(['PCLI', 'PCLD', 'PCLS', 'ADM1', 'PPLC', 'PPLA', 'PPLA2', 'PPLA3']);

/** How likely a gazetteer entry is as the reading of a name, before any context. */
function prior(c: Candidate): number {
  let p: number;
  // Continents, oceans and seas are what a bare "Atlantic" or "Asia" means, not a small town of that name.
  if (c.source === 'curated') p = WORLD_FEATURES.has(c.featureCode) ? 3.0 : 2.2;
  else if (c.featureCode in AREA_PRIOR)
    p = AREA_PRIOR[c.featureCode]! + (c.featureCode === 'PCLI' ? Math.log10((c.population ?? 0) + 1) / 7 : 0);
  else if (c.featureClass === 'P') {
    // GeoNames leaves many seats' populations at 0; a seat is at least a town of its rank.
    const population = Math.max(c.population ?? 0, SEAT_POPULATION[c.featureCode] ?? 0);
    p = Math.max(0.5, (2.8 * Math.log10(population + 1)) / 7) + (SEAT_BONUS[c.featureCode] ?? 0);
  } else p = 0.5;
  return p - c.matchKind * 0.9;
}

/**
 * What resolution reads of a candidate that depends on it alone: its prior and its names folded.
 * Kept per candidate (the gazetteer hands out the same objects for a name), so that a name read
 * again, in this document or the next, is not folded again for each of its readings.
 */
interface CandidateFacts {
  prior: number;
  ascii: string;
  name: string;
  asciiSkeleton: string;
  admin1: string;
  country: string;
  /** Country and first-level division, as regionsNamed keys them. */
  region: string;
}
const candidateFacts = new WeakMap<Candidate, CandidateFacts>();
export function factsOf(c: Candidate): CandidateFacts {
  let f = candidateFacts.get(c);
  if (!f) {
    const ascii = fold(c.asciiName);
    f = {
      prior: prior(c),
      ascii,
      name: fold(c.name),
      asciiSkeleton: skeleton(ascii),
      admin1: fold(c.admin1 ?? ''),
      country: fold(c.country),
      region: `${c.countryCode}|${c.admin1}`,
    };
    candidateFacts.set(c, f);
  }
  return f;
}
