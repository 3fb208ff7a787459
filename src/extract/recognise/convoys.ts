// "a convoy of ISIS fighters", "buses carrying militants": what a convoy is made of, remembered
// for the sentences that go on to say where "it" went.
import type { Recogniser } from '../sentence.js';

const CONVOY_OF = /\b(convoy|buses|column)\s+(?:of|carrying)\s+/i;

export const convoys: Recogniser = (s, doc) => {
  const m = CONVOY_OF.exec(s.span.text);
  if (!m) return;
  const pos = s.span.start + m.index + m[0].length;
  const a = s.actors.find((x) => x.span.start >= pos && x.span.start - pos < 30);
  if (a) doc.convoyActor = a.actor;
};
