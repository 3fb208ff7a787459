// The reports behind an event, each with the words its fields rest on marked, lit for the field
// pointed at or focused in the panel.
import type { EventItem, Span } from '../types.js';

export interface Doc {
  id: string;
  text: string;
  title?: string;
  publisher?: string;
  published: string;
  url?: string;
}

/** Spans of one document, each with the fields it is evidence for, in order and not overlapping. */
export function marks(e: EventItem, docId: string): Array<Span & { fields: string[] }> {
  const all: Array<Span & { fields: string[] }> = [];
  for (const c of e.claims ?? []) {
    if (c.documentId !== docId) continue;
    for (const [field, spans] of Object.entries(c.details?.fieldEvidence ?? {}))
      for (const s of spans) all.push({ ...s, fields: [field] });
    for (const s of c.evidence) all.push({ ...s, fields: [] });
  }
  if (!e.claims?.length)
    for (const s of e.evidence)
      if (s.docId === undefined || s.docId === docId) all.push({ ...s, fields: [] });
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Array<Span & { fields: string[] }> = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      // Overlapping spans are one mark, evidence for every field either is.
      last.end = Math.max(last.end, s.end);
      for (const f of s.fields) if (!last.fields.includes(f)) last.fields.push(f);
    } else out.push({ ...s, fields: [...s.fields] });
  }
  return out;
}

function Marked({ doc, spans, lit }: { doc: Doc; spans: Array<Span & { fields: string[] }>; lit: string }) {
  const parts = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at || s.end > doc.text.length) continue;
    parts.push(doc.text.slice(at, s.start));
    parts.push(
      <mark key={s.start} data-fields={s.fields.join(' ')} class={lit && s.fields.includes(lit) ? 'lit' : ''}>
        {doc.text.slice(s.start, s.end)}
      </mark>,
    );
    at = s.end;
  }
  parts.push(doc.text.slice(at));
  return <blockquote dir="auto">{parts}</blockquote>;
}

export function Report({ d, e, lit }: { d: Doc; e: EventItem; lit: string }) {
  return (
    <article class="doc">
      <h4 dir="auto">{d.title ?? d.id}</h4>
      <p class="meta">
        {d.publisher ?? 'unknown publisher'}, {d.published}
        {d.url && /^https?:\/\//i.test(d.url) && (
          <>
            {' · '}
            <a href={d.url} rel="noreferrer noopener" target="_blank">
              original
            </a>
          </>
        )}
      </p>
      <Marked doc={d} spans={marks(e, d.id)} lit={lit} />
    </article>
  );
}
