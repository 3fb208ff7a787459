// The sentence's toponyms, from the document's geoparse; a place inside the speaker's name
// ("the governor of Hatay said") is not where anything happened.
import type { Recogniser } from '../sentence.js';
import { overlaps, within } from '../spans.js';

export const toponyms: Recogniser = (s, doc) => {
  const said = s.speaker?.span;
  s.toponyms = within(doc.toponyms, s.span).filter((t) => !(said && overlaps(said, t.span)));
};
