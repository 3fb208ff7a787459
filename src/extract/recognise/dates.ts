// The sentence's date mentions ("on 28 April", "Monday"), resolved against the publication date.
import { findDates } from '../../nlp/dates.js';
import type { Recogniser } from '../sentence.js';

export const dates: Recogniser = (s, doc) => {
  s.dates = findDates(s.span.text, doc.doc.published, s.span.start);
};
