// The visible text of an HTML page, in time linear in its length whatever its nesting. Pages are
// converted by html-to-text as they always were (evidence offsets are into that text), unless they
// nest deeper than MAX_HTML_DEPTH: htmlparser2's tree builder, under html-to-text, costs time
// growing with the square of the depth (400,000 levels took minutes), so such a page is read by
// htmlparser2's tokenizer alone, one pass with a bounded stack, into text without its tags.
import { convert } from 'html-to-text';
import { Tokenizer } from 'htmlparser2';

/** Deeper than this, a page is read by the tokenizer (real pages nest a few dozen levels). */
export const MAX_HTML_DEPTH = 256;

const VOID = new Set(
  'area base br col embed hr img input link meta param source track wbr keygen frame'.split(' '),
);
/** Elements that start a new line in the tokenizer's text. */
const BLOCK = new Set(
  'address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main ol p pre section table tbody thead tfoot tr td th ul'.split(
    ' ',
  ),
);
/** Elements whose content is never visible text. */
const SKIP = new Set(['script', 'style', 'nav', 'head', 'title', 'noscript', 'template', 'svg']);
/** An open element that a new one of these closes, as browsers (and htmlparser2) imply. */
const IMPLIED: Record<string, string[]> = {
  p: ['p'],
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  tr: ['tr', 'td', 'th'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  option: ['option'],
};
/** How far down the stack a closing tag looks for its element: stray closings cost nothing. */
const CLOSE_REACH = 16;

export interface HtmlReading {
  text: string;
  title?: string;
  /** The deepest nesting seen (elements still open, as a browser would count them, roughly). */
  depth: number;
}

/**
 * One pass of htmlparser2's tokenizer: the nesting depth, the title as written, and the visible
 * text with each block on its own line. The stack is an array pushed and popped at its end, and a
 * closing tag looks only near the top, so every token costs the same at any depth.
 */
export function scanHtml(html: string): HtmlReading {
  const stack: string[] = [];
  let depth = 0;
  let skipping = 0; // how many open elements hide their content
  let title: string | undefined;
  let titleStart = -1;
  let name = '';
  const parts: string[] = [];
  const newline = () => parts.push('\n');
  const open = (tag: string) => {
    const closes = IMPLIED[tag];
    if (closes && closes.includes(stack[stack.length - 1] ?? '')) close(stack.length - 1);
    if (BLOCK.has(tag)) newline();
    if (VOID.has(tag)) return;
    stack.push(tag);
    if (SKIP.has(tag)) skipping++;
    if (stack.length > depth) depth = stack.length;
  };
  const close = (at: number) => {
    while (stack.length > at) {
      const tag = stack.pop()!;
      if (SKIP.has(tag)) skipping--;
      if (BLOCK.has(tag)) newline();
    }
  };
  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      onopentagname(start, end) {
        name = html.slice(start, end).toLowerCase();
      },
      onopentagend(end) {
        open(name);
        if (name === 'title' && title === undefined) titleStart = end + 1;
      },
      onselfclosingtag() {
        open(name);
        if (!VOID.has(name)) close(stack.length - 1);
      },
      onclosetag(start, end) {
        const tag = html.slice(start, end).toLowerCase();
        if (tag === 'title' && titleStart >= 0) {
          const raw = html.slice(titleStart, start - 2);
          if (!raw.includes('<')) title = raw.trim() || undefined;
          titleStart = -1;
        }
        for (let i = stack.length - 1; i >= Math.max(0, stack.length - CLOSE_REACH); i--)
          if (stack[i] === tag) {
            close(i);
            return;
          }
        if (BLOCK.has(tag)) newline(); // a stray </p> or </br> still breaks the line
      },
      ontext(start, end) {
        if (skipping === 0) parts.push(html.slice(start, end));
      },
      ontextentity(codepoint) {
        if (skipping === 0) parts.push(String.fromCodePoint(codepoint));
      },
      onattribdata() {},
      onattribentity() {},
      onattribend() {},
      onattribname() {},
      oncdata() {},
      oncomment() {},
      ondeclaration() {},
      onend() {},
      onprocessinginstruction() {},
    },
  );
  tokenizer.write(html);
  tokenizer.end();
  return { text: visibleText(parts), title, depth };
}

/** The text pieces as lines: runs of spaces folded, each line trimmed, at most one blank line between. */
function visibleText(parts: string[]): string {
  return parts
    .join('')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'nav', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};

/** A page's visible text and title: html-to-text's reading for a page of normal depth, the tokenizer's beyond. */
export function readHtml(html: string): HtmlReading {
  const scan = scanHtml(html);
  if (scan.depth > MAX_HTML_DEPTH) return scan;
  try {
    return { ...scan, text: convert(html, OPTIONS) };
  } catch (e) {
    // Nesting deeper than the converter can walk, which the scan did not see as deep.
    if (!(e instanceof RangeError)) throw e;
    return scan;
  }
}
