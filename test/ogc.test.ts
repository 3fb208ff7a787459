// The API described (OpenAPI 3.1 and its docs page) and served as OGC API - Features, read over
// real HTTP and by GDAL's OAPIF driver (ogrinfo) as a real GIS client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import { OPENAPI_PATH, openApiPath, toOpenApi30 } from '../src/server/openapi.js';
import { routesOf } from '../src/server/schemas/index.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { ROOT, run } from './helpers/cli.js';

const exec = promisify(execFile);
let app: FastifyInstance;
let store: Store;
let base: string;

before(async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'obs-ogc-')), 'ogc.db');
  const r = await run(['ingest', '--input', join(ROOT, 'samples', 'corpus.jsonl'), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  store = await openStore(db);
  app = await buildApp({ store, resources: loadResources(), webRoot: join(ROOT, 'dist', 'web') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
});

interface Link {
  href: string;
  rel: string;
  type: string;
}
interface FeatureCollection {
  type: string;
  features: Array<{
    id: string;
    geometry: { type: string; coordinates: unknown } | null;
    properties: Record<string, unknown>;
  }>;
  numberMatched?: number;
  numberReturned: number;
  links: Link[];
}

const getJson = async <T>(url: string) => {
  const r = await fetch(url.startsWith('http') ? url : `${base}${url}`);
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: (await r.json()) as T };
};

test('OpenAPI 3.1 is generated from the routes: every API route is there, with its summary and parameters', async () => {
  const { status, body } = await getJson<{
    openapi: string;
    paths: Record<
      string,
      Record<string, { summary?: string; tags?: string[]; parameters?: Array<{ name: string }> }>
    >;
  }>('/api/openapi.json');
  assert.equal(status, 200);
  assert.equal(body.openapi, '3.1.0');
  const operations = Object.entries(body.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
  const documented = new Set(operations.map((o) => o.key));
  const routes = routesOf(app).filter(
    (r) =>
      r.method !== 'HEAD' &&
      r.url !== OPENAPI_PATH &&
      ((r.url.startsWith('/api') && !r.url.startsWith('/api/docs')) ||
        r.url.startsWith('/ogc') ||
        r.url === '/health'),
  );
  assert.ok(routes.length >= 55, `${routes.length} routes`);
  for (const r of routes) {
    const key = `${String(r.method)} ${openApiPath(r.url)}`;
    assert.ok(documented.has(key), `${key} is in the document`);
  }
  for (const { key, op } of operations) {
    assert.ok(op.summary && op.tags?.length, `${key} has a summary and a tag`);
  }
  assert.ok(!operations.some((o) => o.key.includes('/api/docs')), 'the docs page is not part of the API');
  const params = body.paths['/api/events']!.get!.parameters!.map((p) => p.name);
  for (const name of ['bbox', 'start', 'end', 'event_type', 'q', 'limit'])
    assert.ok(params.includes(name), name);
});

test('the docs page is served from the package, with its script, nothing fetched from elsewhere', async () => {
  const page = await fetch(`${base}/api/docs`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /swagger-ui-bundle\.js/);
  assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1)[a-z]/i, 'no outside address in the page');
  const script = await fetch(`${base}/api/docs/static/swagger-ui-bundle.js`);
  assert.equal(script.status, 200);
  assert.ok((await script.arrayBuffer()).byteLength > 100_000);
  const init = await (await fetch(`${base}/api/docs/static/swagger-initializer.js`)).text();
  assert.match(init, /json/, 'the page loads this API’s document');
});

test('the OpenAPI 3.0 rendering for OGC clients has no 3.1-only constructs', async () => {
  assert.deepEqual(
    toOpenApi30({ openapi: '3.1.0', s: { type: ['string', 'null'], const: 'x', examples: ['a', 'b'] } }),
    { openapi: '3.0.3', s: { nullable: true, type: 'string', enum: ['x'], example: 'a' } },
  );
  const { body, type } = await getJson<{ openapi: string }>('/ogc/api');
  assert.equal(body.openapi, '3.0.3');
  assert.match(type, /openapi\+json; ?version="?3\.0/);
  const text = JSON.stringify(body);
  assert.doesNotMatch(text, /"type":\[/);
  assert.doesNotMatch(text, /"const":/);
});

test('OGC landing page, conformance and collections', async () => {
  const landing = await getJson<{ links: Link[] }>('/ogc');
  const rels = new Map(landing.body.links.map((l) => [l.rel, l]));
  for (const rel of ['self', 'service-desc', 'service-doc', 'conformance', 'data'])
    assert.ok(rels.has(rel), rel);
  assert.ok(rels.get('data')!.href.startsWith(base), 'links are absolute, on the host asked');
  const conf = await getJson<{ conformsTo: string[] }>(rels.get('conformance')!.href);
  for (const c of ['core', 'geojson', 'oas30'])
    assert.ok(
      conf.body.conformsTo.includes(`http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`),
      c,
    );
  const cols = await getJson<{
    collections: Array<{
      id: string;
      extent: { spatial: { bbox: number[][] }; temporal?: { interval: string[][] } };
      links: Link[];
    }>;
  }>(rels.get('data')!.href);
  assert.deepEqual(
    cols.body.collections.map((c) => c.id),
    ['events', 'tracks', 'places'],
  );
  const events = cols.body.collections[0]!;
  const [w, s, e, n] = events.extent.spatial.bbox[0]!;
  assert.ok(
    w! < 36.3 && e! > 40.1 && s! < 33.6 && n! > 35.3,
    'the events extent holds Damascus and Deir ez-Zor',
  );
  assert.match(events.extent.temporal!.interval[0]![0]!, /^2017-/);
  assert.ok(events.links.some((l) => l.rel === 'items' && l.type === 'application/geo+json'));
  const one = await getJson<{ id: string }>('/ogc/collections/tracks');
  assert.equal(one.body.id, 'tracks');
  assert.equal((await getJson('/ogc/collections/nothing')).status, 404);
  assert.equal((await getJson('/ogc/collections/nothing/items')).status, 404);
});

test('OGC items: pages follow next links to every feature once; prev goes back', async () => {
  const all = await store.listEvents({ limit: 1000 });
  const seen: string[] = [];
  let url: string | undefined = '/ogc/collections/events/items?limit=5';
  let pages = 0;
  while (url) {
    const page: { status: number; type: string; body: FeatureCollection } =
      await getJson<FeatureCollection>(url);
    assert.equal(page.status, 200);
    assert.match(page.type, /application\/geo\+json/);
    assert.equal(page.body.type, 'FeatureCollection');
    assert.equal(page.body.numberMatched, all.total);
    assert.equal(page.body.numberReturned, page.body.features.length);
    assert.ok(page.body.numberReturned <= 5);
    if (pages > 0)
      assert.ok(
        page.body.links.some((l) => l.rel === 'prev'),
        'a later page links back',
      );
    seen.push(...page.body.features.map((f) => f.id));
    url = page.body.links.find((l) => l.rel === 'next')?.href;
    pages++;
  }
  assert.equal(pages, Math.ceil(all.total / 5));
  assert.deepEqual([...seen].sort(), all.events.map((e) => e.id).sort());
  const item = await getJson<FeatureCollection['features'][0] & { links: Link[] }>(
    `/ogc/collections/events/items/${encodeURIComponent(seen[0]!)}`,
  );
  assert.equal(item.body.id, seen[0]);
  assert.ok(item.body.properties.event_type);
  assert.ok(item.body.links.some((l) => l.rel === 'collection'));
  assert.equal((await getJson('/ogc/collections/events/items/ev_nothing')).status, 404);
});

test('OGC items: bbox and datetime select; bad values and unknown parameters are 400', async () => {
  const box = '36.1,33.3,36.5,33.7';
  const inBox = await getJson<FeatureCollection>(`/ogc/collections/events/items?limit=1000&bbox=${box}`);
  const expected = await store.listEvents({ bbox: [36.1, 33.3, 36.5, 33.7], limit: 1000 });
  assert.ok(expected.total > 0 && expected.total < (await store.listEvents({ limit: 1 })).total);
  assert.equal(inBox.body.numberMatched, expected.total);
  for (const f of inBox.body.features) {
    const [x, y] = f.geometry!.coordinates as [number, number];
    assert.ok(x >= 36.1 && x <= 36.5 && y >= 33.3 && y <= 33.7);
  }
  const sept = await getJson<FeatureCollection>(
    '/ogc/collections/events/items?limit=1000&datetime=2017-09-01T00:00:00Z/2017-09-30T23:59:59Z',
  );
  assert.ok(sept.body.features.length > 0);
  assert.ok(sept.body.features.every((f) => String(f.properties.event_date).startsWith('2017-09')));
  const open = await getJson<FeatureCollection>(
    '/ogc/collections/events/items?limit=1000&datetime=../2017-08-31',
  );
  assert.ok(open.body.features.every((f) => String(f.properties.event_date) <= '2017-08-31'));
  const day = await getJson<FeatureCollection>('/ogc/collections/events/items?datetime=2017-09-01');
  assert.ok(day.body.features.every((f) => f.properties.event_date === '2017-09-01'));

  const tracks = await getJson<FeatureCollection>('/ogc/collections/tracks/items?bbox=40,34.5,41,36');
  assert.ok(tracks.body.features.length >= 1, 'the convoy track reaches Deir ez-Zor');
  assert.equal(tracks.body.features[0]!.geometry!.type, 'LineString');
  const none = await getJson<FeatureCollection>('/ogc/collections/tracks/items?bbox=-10,-10,-9,-9');
  assert.equal(none.body.numberReturned, 0);
  const places = await getJson<FeatureCollection>(
    '/ogc/collections/places/items?bbox=36.2,33.4,36.4,33.6&limit=50',
  );
  assert.ok(places.body.features.some((f) => f.properties.ascii_name === 'Damascus'));
  const placeId = places.body.features[0]!.id;
  assert.equal((await getJson<{ id: string }>(`/ogc/collections/places/items/${placeId}`)).body.id, placeId);
  const timeless = await getJson<FeatureCollection>('/ogc/collections/places/items?datetime=2017-09-01');
  assert.equal(timeless.body.numberReturned, 0, 'places have no time, so a datetime selects none');

  for (const bad of [
    'bbox=1,2,3',
    'bbox=10,0,5,1',
    'bbox=a,b,c,d',
    'datetime=yesterday',
    'datetime=2017-09-02/2017-09-01',
    'colour=red',
    'limit=0',
  ]) {
    const r = await getJson<{ error: string }>(`/ogc/collections/events/items?${bad}`);
    assert.equal(r.status, 400, bad);
    assert.ok(r.body.error, bad);
  }
});

test('GDAL (ogrinfo, OAPIF driver) lists the collections and reads features inside a bbox', async (t) => {
  const which = await exec('sh', ['-c', 'command -v ogrinfo || true']);
  if (!which.stdout.trim()) {
    if (process.env.CI) assert.fail('ogrinfo (gdal-bin) must be installed in CI');
    t.skip('ogrinfo is not installed (apt-get install gdal-bin)');
    return;
  }
  const source = `OAPIF:${base}/ogc`;
  const env = { ...process.env, GDAL_HTTP_TIMEOUT: '20', CPL_DEBUG: 'OFF' };
  // Every run must be clean: GDAL prints what it cannot read (a media type, a link) as ERROR lines.
  const clean = (r: { stdout: string; stderr: string }, what: string) =>
    assert.doesNotMatch(`${r.stdout}\n${r.stderr}`, /^(ERROR|Warning) \d+:/m, `ogrinfo ${what}`);
  const list = await exec('ogrinfo', ['-ro', '-q', source], { env });
  clean(list, 'list');
  assert.match(list.stdout, /events/);
  assert.match(list.stdout, /tracks/);
  assert.match(list.stdout, /places/);
  const summary = await exec('ogrinfo', ['-ro', '-so', source, 'events'], { env });
  clean(summary, 'summary');
  const total = (await store.listEvents({ limit: 1 })).total;
  assert.match(summary.stdout, new RegExp(`Feature Count: ${total}\\b`));
  assert.match(summary.stdout, /event_type: String/);
  const inBox = await exec('ogrinfo', ['-ro', source, 'events', '-spat', '36.1', '33.3', '36.5', '33.7'], {
    env,
  });
  clean(inBox, 'features in a box');
  const ids = [...inBox.stdout.matchAll(/^\s+id \(String\) = (\S+)/gm)].map((m) => m[1]);
  const expected = await store.listEvents({ bbox: [36.1, 33.3, 36.5, 33.7], limit: 1000 });
  assert.deepEqual(ids.sort(), expected.events.map((e) => e.id).sort());
  assert.ok(ids.length > 0);
});

test('tracks follow the record: a new movement report is a new track at once (the cached build is renewed)', async () => {
  const before = await getJson<FeatureCollection>('/ogc/collections/tracks/items?limit=1000');
  const r = await fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      published: '2019-03-03',
      text: 'A convoy of buses carrying rebel fighters and their families left Daraa for Idlib on Saturday under a deal with government forces, SOHR said.',
    }),
  });
  assert.equal(r.status, 201);
  const after = await getJson<FeatureCollection>('/ogc/collections/tracks/items?limit=1000');
  assert.equal(after.body.numberMatched, before.body.numberMatched! + 1);
  const fresh = after.body.features.find((f) => f.properties.first_seen === '2019-03-02');
  assert.ok(fresh, 'the new journey is there');
  const cols = await getJson<{
    collections: Array<{ id: string; extent: { temporal?: { interval: string[][] } } }>;
  }>('/ogc/collections');
  const tracks = cols.body.collections.find((c) => c.id === 'tracks')!;
  assert.match(tracks.extent.temporal!.interval[0]![1]!, /^2019-03-02/, 'and the extent has grown to it');
});

test('the API definition is served under the media type its link names, as OGC API - Features writes it', async () => {
  const landing = await getJson<{ links: Array<{ rel: string; type: string; href: string }> }>('/ogc');
  const desc = landing.body.links.find((l) => l.rel === 'service-desc')!;
  assert.equal(desc.type, 'application/vnd.oai.openapi+json;version=3.0');
  const r = await fetch(desc.href);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), desc.type, 'no quoted parameter, no added charset');
  assert.match(((await r.json()) as { openapi: string }).openapi, /^3\.0\./);
});
