// The unit of evidence: a stretch of a document's text that a coded value rests on.

/** A half-open character range [start, end) into a document's text, as JavaScript indexes strings. */
export interface Span {
  start: number;
  end: number;
  /** Equal to `document.text.slice(start, end)`; kept so a reader never has to re-slice. */
  text: string;
}

/** A span of evidence, with the stored document it lies in (an event draws on several). */
export interface DocumentSpan extends Span {
  docId: string;
}
