// What the recognisers know of a whole document before reading it sentence by sentence: its
// toponyms (geoparsed once, with the sources it cites as hints), its actor mentions, its country
// of focus and its paragraphs.
import type { InputDocument } from './claim.js';
import type { Resources } from './resources.js';
import type { DocumentContext } from './sentence.js';
import { sortedByStart } from './spans.js';
import { arabicActors } from './recognise/arabic.js';

export function documentContext(doc: InputDocument, res: Resources): DocumentContext {
  const text = doc.text;
  // Sources that report on one country ("SOHR said") tell the geoparser where the text is.
  const cited = res.attributionFinder.sourcesIn(text);
  const publisher = doc.source ? res.attributionFinder.byName(doc.source) : undefined;
  const hints = [...cited, ...(publisher ? [publisher] : [])].flatMap((s) => s.covers ?? []);
  const geo = res.geoparser.parse(text, hints);
  const byStart = <T extends { span: { start: number } }>(xs: T[]) =>
    sortedByStart(xs as never) ? xs : [...xs].sort((a, b) => a.span.start - b.span.start);
  const breaks: number[] = [];
  for (const m of text.matchAll(/\n\s*\n/g)) breaks.push(m.index);
  return {
    doc,
    res,
    text,
    toponyms: byStart(geo.toponyms),
    // English names and Arabic forms: a bilingual text names actors in both.
    actors: byStart([...res.actorMatcher.find(text), ...arabicActors(text, res)]),
    focusCountry: geo.focus[0] ?? '',
    paragraphOf: (offset) => {
      // How many paragraph breaks come before the offset.
      let lo = 0;
      let hi = breaks.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (breaks[mid]! < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
}
