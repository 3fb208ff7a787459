import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { convert } from 'html-to-text';
import { MAX_HTML_DEPTH, readHtml, scanHtml } from './html.js';
import { toDocument } from './read.js';

const page = `<!doctype html><html><head><title>Shelling in Idlib &amp; Hama</title>
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a></nav>
<h1>Shelling in Idlib</h1><p>Government forces shelled <b>Khan Shaykhun</b> on Monday, killing 3 civilians, SOHR said.</p>
<ul><li>First</li><li>Second<li>Third</ul>
<p>Unclosed paragraph<p>and another<br>line</p><img src="x.png" alt="photo">
<table><tr><td>Killed</td><td>3</td></tr></table></body></html>`;

test('a page of normal depth reads exactly as html-to-text reads it (evidence offsets are into that text)', () => {
  const r = readHtml(page);
  assert.ok(r.depth < MAX_HTML_DEPTH);
  assert.equal(r.title, 'Shelling in Idlib &amp; Hama', 'the title as written, as before');
  assert.equal(
    r.text,
    convert(page, {
      wordwrap: false,
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
    }),
  );
  assert.match(r.text, /Government forces shelled Khan Shaykhun on Monday/);
  assert.doesNotMatch(r.text, /not text|color: red|Home/);
});

test('sloppy HTML (thousands of unclosed paragraphs and items) is not mistaken for deep nesting', () => {
  const sloppy = `<body>${'<p>A paragraph left open'.repeat(3000)}<ul>${'<li>an item'.repeat(3000)}</ul>${'<br>'.repeat(3000)}</body>`;
  assert.ok(scanHtml(sloppy).depth < 10, `depth ${scanHtml(sloppy).depth}`);
});

test('the tokenizer reading keeps the visible words of any page of ordinary elements', () => {
  const tag = fc.constantFrom('div', 'p', 'span', 'b', 'section', 'li', 'td');
  const word = fc.stringMatching(/^[a-z]{1,8}$/);
  fc.assert(
    fc.property(fc.array(fc.tuple(tag, word), { minLength: 1, maxLength: 40 }), (parts) => {
      const html =
        parts.map(([t, w]) => `<${t}>${w}`).join('') +
        parts
          .map(([t]) => `</${t}>`)
          .reverse()
          .join('');
      const words = scanHtml(html).text.split(/\s+/).join('');
      assert.equal(words, parts.map(([, w]) => w).join(''));
    }),
  );
});

test(
  'pages nested hundreds of thousands deep are read in one linear pass (minutes before), their words kept',
  { timeout: 60_000 },
  () => {
    const levels = 400_000;
    const deep = [
      `${'<div>'.repeat(levels)}Clashes in Idlib${'</div>'.repeat(levels)}`,
      `${'<b><i>'.repeat(levels / 2)}Clashes in Idlib`,
      `<p>${'<span>'.repeat(levels)}Clashes &amp; shelling in Idlib`,
      `${'<title'.repeat(levels)}>Clashes in Idlib`,
      `${'<script>'.repeat(levels)}</script>Clashes in Idlib`,
    ];
    for (const html of deep) {
      const doc = toDocument({
        id: 'deep.html',
        bytes: Buffer.from(html),
        format: 'html',
        published: '2020-01-01',
        captureMethod: 'file',
      });
      assert.match(doc.text, /Clashes (&|in)/, html.slice(0, 20));
    }
  },
);
