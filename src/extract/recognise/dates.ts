// The sentence's date mentions ("on 28 April", "Monday"), resolved against the publication date.
import { findDates } from '../../nlp/dates.js';
import type { Recogniser } from '../sentence.js';
import { arabicDates } from './arabic-dates.js';

export const dates: Recogniser = (s, doc) => {
  s.dates =
    s.arabic && doc.res.arabic
      ? arabicDates(s, doc.res.arabic, doc.doc.published)
      : findDates(s.span.text, doc.doc.published, s.span.start);
};
