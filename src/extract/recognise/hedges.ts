// Hedged wording ("reportedly", "could not be verified"): the claim is kept, with less confidence.
import type { Recogniser } from '../sentence.js';
import { arabicHedged } from './arabic.js';

export const HEDGES =
  /\b(reportedly|allegedly|purportedly|unconfirmed|it (?:remains|is) unclear|it was not clear|could not be (?:independently )?verified|is believed to|are believed to|may have|might have|possibly|apparently|according to unconfirmed)\b/i;

export const hedges: Recogniser = (s, doc) => {
  s.hedged = s.arabic && doc.res.arabic ? arabicHedged(s, doc.res.arabic) : HEDGES.test(s.span.text);
};
