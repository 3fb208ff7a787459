// Hostile input: every reader and parser given arbitrary input (fast-check) either reads it or
// says what is wrong with it in an InputError, never anything else; and the classic attacks —
// entity expansion, deep nesting, huge lines, invalid UTF-8, bidi overrides, SQL injection through
// every query parameter, path traversal — each get a clear answer and cost nothing stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { extract } from '../src/extract/extract.js';
import { loadResources, type Resources } from '../src/extract/resources.js';
import { parseGeonameLine, GeonamesFormatError } from '../src/geo/geonames.js';
import { feedItems } from '../src/ingest/feeds.js';
import { InputError, readJsonl, toDocument } from '../src/ingest/read.js';
import { readTable } from '../src/ingest/tables/read-table.js';
import { buildApp } from '../src/server/app.js';
import { parseBbox, parseDatetime } from '../src/server/query.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { ROOT, run } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'obs-hostile-'));
let resources: Resources;
let app: FastifyInstance;
let store: Store;
let base: string;

before(async () => {
  resources = loadResources();
  const db = join(dir, 'h.db');
  const r = await run(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  store = await openStore(db);
  app = await buildApp({ store, resources, webRoot: join(ROOT, 'dist', 'web'), notify: false });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
});

/** Runs `fn`; anything thrown must be an InputError. */
function onlyInputErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
  }
}

const runs = { numRuns: 300 };

test('text and HTML documents: any bytes are read (a text and a SHA-256) or refused with an InputError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('txt', 'md', 'html'), (bytes, format) => {
      onlyInputErrors(() => {
        const doc = toDocument({
          id: 'x',
          bytes,
          format: format as 'txt',
          published: '2020-01-01',
          captureMethod: 'file',
        });
        assert.equal(typeof doc.text, 'string');
        assert.match(doc.sha256, /^[0-9a-f]{64}$/);
      });
    }),
    runs,
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 500 }), (html) => {
      onlyInputErrors(() =>
        toDocument({
          id: 'x',
          bytes: Buffer.from(`<p>${html}</p>`),
          format: 'html',
          published: '2020-01-01',
          captureMethod: 'file',
        }),
      );
    }),
    runs,
  );
});

test('extraction and geoparsing: any text gives events whose every evidence span is the text it names', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.constantFrom(
            'Clashes',
            'killed',
            '3',
            'near',
            'Saraqib',
            'Idlib',
            'SOHR said',
            'on Monday',
            '.',
            ' ',
            '\n',
            'air strikes',
            'Hezbollah',
          ),
        ),
        { maxLength: 40 },
      ),
      (parts) => {
        const text = parts.join(' ');
        const result = extract({ id: 'x', text, published: '2017-09-13' }, resources);
        for (const e of result.events)
          for (const s of e.evidence) assert.equal(text.slice(s.start, s.end), s.text, 'evidence offsets');
        for (const t of resources.geoparser.parse(text).toponyms)
          assert.ok(t.span.start >= 0 && t.span.end <= text.length);
      },
    ),
    { numRuns: 200 },
  );
});

test('query parameters: any bbox or datetime string is parsed or refused with an InputError', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (s) => onlyInputErrors(() => parseBbox(s))),
    runs,
  );
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^[0-9T:Z./-]{0,40}$/)), (s) =>
      onlyInputErrors(() => parseDatetime(s)),
    ),
    runs,
  );
});

test('GeoNames lines: any line is a row or a format error naming its file and line', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 30 }), { maxLength: 22 }), (cells) => {
      try {
        parseGeonameLine(cells.join('\t'), 'SY.txt', 7);
      } catch (e) {
        assert.ok(e instanceof GeonamesFormatError, String(e));
        assert.match((e as Error).message, /SY\.txt:7/);
      }
    }),
    runs,
  );
});

test('JSON Lines: any lines are records or errors naming their line; a bad line never stops the rest', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(fc.string({ maxLength: 80 }), fc.json()), { maxLength: 15 }),
      async (lines) => {
        const path = join(dir, 'p.jsonl');
        const good = JSON.stringify({ id: 'last', text: 'A protest in Idlib.', published: '2020-01-01' });
        writeFileSync(path, [...lines.map((l) => l.replace(/\n/g, ' ')), good].join('\n'));
        const items = [];
        for await (const item of readJsonl(path)) items.push(item);
        const last = items.at(-1)!;
        assert.ok('input' in last && last.input.id === 'last', 'the good last line is read');
        for (const item of items) if ('error' in item) assert.match(item.error.message, /p\.jsonl:\d+/);
      },
    ),
    { numRuns: 100 },
  );
});

test('CSV imports: any text is rows or errors naming the file (and line); the reader never throws', async () => {
  const header = 'event_id_cnty,event_date,event_type,sub_event_type,actor1,country,latitude,longitude\n';
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 400 }), fc.boolean(), async (body, withHeader) => {
      const input = Readable.from([Buffer.from(`${withHeader ? header : ''}${body}`)]);
      for await (const item of readTable(input, 'acled', 'f.csv', { plover: () => '' }))
        if (item instanceof Error) {
          assert.ok(item instanceof InputError);
          assert.match(item.message, /^f\.csv/);
        }
    }),
    { numRuns: 200 },
  );
});

test('RSS and Atom: any text is a feed or an InputError naming the address', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ maxLength: 300 }),
        fc
          .string({ maxLength: 200 })
          .map((s) => `<rss version="2.0"><channel><title>t</title><item>${s}</item></channel></rss>`),
        fc
          .string({ maxLength: 200 })
          .map((s) => `<feed xmlns="http://www.w3.org/2005/Atom"><entry>${s}</entry></feed>`),
      ),
      (xml) => {
        try {
          const { items } = feedItems(xml, 'http://feed.test/x', { fetchedOn: '2020-01-01' });
          for (const i of items)
            if (i instanceof Error) assert.match(i.message, /http:\/\/feed\.test\/x item \d+/);
        } catch (e) {
          assert.ok(e instanceof InputError, String(e));
          assert.match((e as Error).message, /^http:\/\/feed\.test\/x/);
        }
      },
    ),
    runs,
  );
});

test('XML entity expansion (a billion laughs) is refused or left unexpanded, quickly', () => {
  const lol = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE rss [',
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
    ']>',
    '<rss version="2.0"><channel><title>t</title><item><guid>a</guid><title>&lol9;</title><description>x</description></item></channel></rss>',
  ].join('\n');
  const t = performance.now();
  const before = process.memoryUsage().heapUsed;
  try {
    const { items } = feedItems(lol, 'http://feed.test/lol', { fetchedOn: '2020-01-01' });
    for (const i of items) if (!(i instanceof Error)) assert.ok(i.bytes.byteLength < 100_000, 'not expanded');
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
  }
  assert.ok(performance.now() - t < 2000, 'quickly');
  assert.ok(process.memoryUsage().heapUsed - before < 200 * 1024 * 1024, 'without a memory blow-up');
});

test('HTML nested 100,000 deep is read (or refused) without overflowing the stack', () => {
  const deep = `${'<div>'.repeat(100_000)}Shelling in Idlib.${'</div>'.repeat(100_000)}`;
  onlyInputErrors(() => {
    const doc = toDocument({
      id: 'deep.html',
      bytes: Buffer.from(deep),
      format: 'html',
      published: '2020-01-01',
      captureMethod: 'file',
    });
    assert.match(doc.text, /Shelling in Idlib/);
  });
});

test('invalid UTF-8 and bidi overrides: the first refused with the reason, the second kept as sent', async () => {
  assert.throws(
    () =>
      toDocument({
        id: 'bad.txt',
        bytes: Buffer.from([0x43, 0x6c, 0xff, 0xfe, 0x61]),
        format: 'txt',
        published: '2020-01-01',
        captureMethod: 'file',
      }),
    /bad\.txt: document is not valid UTF-8/,
  );
  const text = 'Clashes near Saraqib \u202Eevil\u202C killed two.';
  const r = await fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, published: '2020-04-28' }),
  });
  assert.equal(r.status, 201);
  const { documentId } = (await r.json()) as { documentId: string };
  assert.equal((await store.getDocument(documentId))?.text, text, 'stored unaltered');
});

test(
  'a 100 MB line in JSON Lines is refused by line number, and the lines after it are read',
  { timeout: 120_000 },
  async () => {
    const path = join(dir, 'huge.jsonl');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path);
      out.on('error', reject);
      out.write(`${JSON.stringify({ id: 'first', text: 'A protest in Idlib.', published: '2020-01-01' })}\n`);
      out.write('{"id":"huge","published":"2020-01-01","text":"');
      const chunk = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < 100; i++) out.write(chunk);
      out.write('"}\n');
      out.end(
        `${JSON.stringify({ id: 'after', text: 'Clashes in Daraa.', published: '2020-01-01' })}\n`,
        () => resolve(),
      );
    });
    const db = join(dir, 'huge.db');
    const r = await run(['ingest', '--input', path, '--db', db]);
    assert.match(r.stderr, /huge\.jsonl:2.*(MB|too long|limit)/);
    assert.match(r.stderr, /2 new, 0 duplicate, 1 failed/);
  },
);

test('SQL injection through every query parameter of the event list changes nothing', async () => {
  const before = await store.counts();
  const payloads = [
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    '1) OR 1=1 --',
    '%',
    '_',
    '\\',
    '" OR ""="',
    "Idlib' UNION SELECT * FROM users --",
  ];
  const params = [
    'q',
    'actor',
    'source',
    'event_type',
    'sub_event_type',
    'start',
    'end',
    'bbox',
    'review_status',
    'min_grade',
    'max_geo_precision',
    'limit',
    'offset',
  ];
  for (const name of params)
    for (const p of payloads) {
      const res = await fetch(`${base}/api/events?${name}=${encodeURIComponent(p)}`);
      assert.ok([200, 400].includes(res.status), `${name}=${p}: ${res.status}`);
      if (res.status === 200) {
        const page = (await res.json()) as { total: number };
        assert.ok(page.total <= before.events, `${name}=${p} matched no more than there is`);
      }
    }
  assert.deepEqual(await store.counts(), before, 'nothing changed');
  assert.equal(
    (
      (await fetch(`${base}/api/events?actor=${encodeURIComponent("' OR '1'='1")}`).then((r) =>
        r.json(),
      )) as { total: number }
    ).total,
    0,
  );
});

test('path traversal: the web app and the API serve nothing outside what they serve', async () => {
  for (const path of [
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/api/documents/..%2f..%2fetc%2fpasswd',
    '/ogc/collections/events/items/..%2f..%2fetc%2fpasswd',
  ]) {
    const res = await fetch(`${base}${path}`);
    const body = await res.text();
    assert.ok(!body.includes('root:x:0:0'), `${path} serves no system file`);
    assert.notEqual(res.status, 500, path);
  }
  const r = await run([
    'import',
    '--format',
    'acled',
    '../../../../../etc/passwd',
    '--db',
    join(dir, 'p.db'),
  ]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /etc\/passwd: not an ACLED CSV file/);
});
