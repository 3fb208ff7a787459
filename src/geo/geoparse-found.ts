// A name found in a text as recognition hands it to resolution, and what both read of a
// gazetteer candidate.
import type { Place, Span } from '../model/index.js';
import type { Candidate } from './gazetteer.js';
import type { Toponym } from './geoparse.js';

/** A word in Arabic script (no capitals mark its names). */
export const ARABIC_WORD = /^\p{Script=Arabic}/u;

/** A name found in the text, with its readings and the words around it. */
export interface Found {
  span: Span;
  candidates: Candidate[];
  qualifier?: Toponym['qualifier'];
  governor?: string;
  /** Up to 60 characters before the name, and 30 after it. */
  context: string;
  after: string;
  /** Part of a division: "the Idlib countryside", "rural Damascus", "eastern Deir ez-Zor". */
  rural?: boolean;
}

/** The Place part of a gazetteer candidate. */
export function toPlace(c: Candidate): Place {
  const {
    matchKind: _m,
    precision: _p,
    featureClass: _f,
    source: _s,
    seen: _n,
    layer: _l,
    nameAr: _a,
    ...place
  } = c;
  return place;
}
