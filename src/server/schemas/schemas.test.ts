// Every route of the API says what it takes and what it returns, and says it truly: the routes are
// walked as Fastify registered them, and real answers over HTTP are checked against the schemas
// they declare (JSON Schema 2020-12, as the OpenAPI 3.1 document publishes them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { RouteOptions } from 'fastify';
import { routesOf } from './index.js';
import { serve, type Served } from '../../../test/helpers/workspace.js';

let served: Served;
let routes: readonly RouteOptions[];
before(async () => {
  served = await serve({ samples: true });
  routes = routesOf(served.app);
});
after(async () => served.close());

type Schema = Record<string, unknown>;
const isApi = (url: string) =>
  (url.startsWith('/api') && !url.startsWith('/api/docs')) || url.startsWith('/ogc') || url === '/health';
const methods = (r: RouteOptions) => (Array.isArray(r.method) ? r.method : [r.method]);
const api = () => routes.filter((r) => isApi(r.url) && !methods(r).includes('HEAD'));

test('every API route declares its response, its path parameters and its body', () => {
  assert.ok(api().length >= 55, `the routes were walked (${api().length})`);
  for (const r of api()) {
    const key = `${methods(r).join(',')} ${r.url}`;
    const schema = (r.schema ?? {}) as Schema;
    const response = schema.response as Schema | undefined;
    assert.ok(response, `${key} declares a response schema`);
    assert.ok(
      Object.keys(response).some((status) => /^2/.test(status)),
      `${key} declares what it answers on success`,
    );
    if (r.url.includes(':')) assert.ok(schema.params, `${key} declares its path parameters`);
    // An upload's body is the document itself (text or HTML), not JSON.
    if (['POST', 'PUT', 'PATCH'].some((m) => methods(r).includes(m as never)) && r.url !== '/api/uploads')
      assert.ok(schema.body, `${key} declares its body`);
  }
});

test('the OpenAPI document shows what every operation returns', async () => {
  const doc = (await (await fetch(`${served.base}/api/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>
    >;
    components: { schemas: Record<string, unknown> };
  };
  for (const name of ['Event', 'EventDetail', 'Document', 'Track', 'Error'])
    assert.ok(doc.components.schemas[name], `${name} is a shared component`);
  let operations = 0;
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      operations++;
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2/.test(status));
      assert.ok(ok.length, `${method} ${path} has a success response`);
      for (const [status, r] of ok)
        if (status !== '204')
          assert.ok(r.content, `${method} ${path} ${status} says its media type and schema`);
    }
  assert.ok(operations >= 55, `${operations} operations`);
});

/** The schema a route declares for an answer of this status and media type. */
function declared(r: RouteOptions, status: number, type: string): Schema | undefined {
  const response = (r.schema as Schema).response as Record<string, Schema>;
  const entry = response[String(status)] ?? response[`${String(status)[0]}xx`];
  if (!entry) return undefined;
  const content = entry.content as Record<string, { schema: Schema }> | undefined;
  if (!content) return entry;
  return content[type]?.schema;
}

function routeOf(method: string, path: string): RouteOptions {
  // As Fastify's router does, a static segment wins over a parameter (/api/events/points, not :id).
  const params = (r: RouteOptions) => (r.url.match(/:/g) ?? []).length;
  const found = api()
    .filter((r) => methods(r).includes(method as never))
    .filter((r) => new RegExp(`^${r.url.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(path))
    .sort((a, b) => params(a) - params(b))[0];
  assert.ok(found, `a route answers ${method} ${path}`);
  return found;
}

test('real answers of the main routes match the schemas their routes declare', async () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  for (const s of Object.values(served.app.getSchemas())) ajv.addSchema(s as Schema);
  const { base } = served;
  const first = (
    (await (await fetch(`${base}/api/events?limit=1`)).json()) as {
      events: Array<{ id: string; docIds: string[] }>;
    }
  ).events[0]!;
  const track = ((await (await fetch(`${base}/api/tracks`)).json()) as { tracks: Array<{ id: string }> })
    .tracks[0]!;
  const calls: Array<[method: string, path: string, body?: unknown]> = [
    ['GET', '/health'],
    ['GET', '/api/events?limit=5'],
    ['GET', '/api/events?fields=event_date|actor1&limit=5'],
    ['GET', `/api/events/${first.id}`],
    ['GET', '/api/events/ev_none'],
    ['GET', '/api/events?limit=abc'],
    ['GET', '/api/events/histogram?interval=month'],
    ['GET', '/api/events/points'],
    ['GET', '/api/events/grid?zoom=3'],
    ['GET', '/api/events/facets?field=actor1'],
    ['GET', '/api/events/series?interval=month'],
    ['GET', '/api/record'],
    ['GET', '/api/places/labels?bbox=35,32,42,37'],
    ['GET', '/api/places?q=Raqqa'],
    ['GET', `/api/documents/${first.docIds[0]}`],
    ['GET', '/api/tracks'],
    ['GET', '/api/tracks?format=geojson'],
    ['GET', `/api/tracks/${track.id}`],
    ['GET', `/api/tracks/${track.id}?format=geojson`],
    ['GET', '/api/agreements'],
    ['GET', '/api/sources'],
    ['GET', '/api/export?format=geojson'],
    ['GET', '/api/regions.geojson'],
    ['GET', '/api/reviews'],
    ['GET', '/api/subscriptions'],
    ['GET', '/api/session'],
    ['GET', '/api/users'],
    ['GET', '/api/tokens'],
    ['GET', '/ogc'],
    ['GET', '/ogc/conformance'],
    ['GET', '/ogc/collections'],
    ['GET', '/ogc/collections/events'],
    ['GET', '/ogc/collections/events/items?limit=3'],
    ['GET', `/ogc/collections/events/items/${first.id}`],
    ['GET', '/ogc/collections/tracks/items'],
    ['GET', '/ogc/collections/places/items?limit=2'],
    ['POST', `/api/events/${first.id}/review`, { action: 'accept', by: 'ana' }],
    ['POST', '/api/reviews', { by: 'ana', decisions: [{ id: 'ev_none', action: 'accept' }] }],
    ['POST', '/api/reviews/1/undo', { by: 'ana' }],
    ['PUT', '/api/sources/SOHR', { reliability: 'B' }],
    ['POST', '/api/subscriptions', { name: 'battles', filter: { event_type: 'Battles' } }],
    [
      'POST',
      '/api/documents',
      { text: 'Clashes killed 3 people in Raqqa on Monday, SOHR said.', published: '2020-01-06' },
    ],
    ['POST', '/api/users', { name: 'newcomer', role: 'viewer', password: 'a long enough password' }],
    ['POST', '/api/users/newcomer/tokens', { name: 'script' }],
  ];
  for (const [method, path, body] of calls) {
    const res = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
    const schema = declared(routeOf(method, path.split('?')[0]!), res.status, type);
    assert.ok(schema, `${method} ${path} (${res.status} ${type}) answers as its route declares`);
    const validate = ajv.compile(schema);
    const answer = await res.json();
    assert.ok(
      validate(answer),
      `${method} ${path} (${res.status}): ${ajv.errorsText(validate.errors)}\n${JSON.stringify(answer).slice(0, 300)}`,
    );
  }
});

test('a schema that says something false is caught: the check is not vacuous', async () => {
  const ajv = new Ajv2020({ strict: false });
  for (const s of Object.values(served.app.getSchemas())) ajv.addSchema(s as Schema);
  const event = await (await fetch(`${served.base}/api/events?limit=1`)).json();
  const validate = ajv.compile({ $ref: 'EventPage#' });
  assert.ok(validate(event));
  const wrong = structuredClone(event) as { events: Array<Record<string, unknown>> };
  wrong.events[0]!.fatalities = 'three';
  assert.equal(validate(wrong), false, 'a text where fatalities is an integer fails');
});
