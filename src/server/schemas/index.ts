// The JSON schemas the API's routes share, each registered once by `$id` and named by it in the
// OpenAPI document, and the small helpers a route's `response` is written with. They describe what
// the routes send; the responses are written by JSON.stringify (see `registerSchemas`), so a
// schema never drops or reorders a field, and src/server/schemas/schemas.test.ts checks real answers
// against them.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ACCOUNT_SCHEMAS } from './accounts.js';
import { obj, ref, str, type Schema } from './build.js';
import { EVENT_SCHEMAS } from './events.js';
import { GEOJSON_SCHEMAS } from './geojson.js';
import { RECORD_SCHEMAS } from './records.js';

export { bool, int, num, obj, ref, str, strings } from './build.js';

/** Every shared schema by its `$id`, in the order the OpenAPI document lists them. */
const SHARED = {
  Error: obj(
    {
      error: { type: 'string', description: 'what was wrong, naming the parameter or field' },
      current: { type: 'object', description: 'on a conflict (409): the version now stored' },
    },
    ['error'],
  ),
  ...EVENT_SCHEMAS,
  ...RECORD_SCHEMAS,
  ...ACCOUNT_SCHEMAS,
  ...GEOJSON_SCHEMAS,
} satisfies Record<string, Schema>;

export type SchemaId = keyof typeof SHARED;

/**
 * Registers the shared schemas and makes every response schema a description only: a route's
 * answer is written by JSON.stringify, as it was before routes declared schemas, because
 * fast-json-stringify would drop any field a schema does not list and write fields in the
 * schema's order, and the API is public.
 */
export function registerSchemas(app: FastifyInstance): void {
  for (const [id, schema] of Object.entries(SHARED)) app.addSchema({ $id: id, title: id, ...schema });
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => void routes.push(route));
  ROUTES.set(app, routes);
}

const ROUTES = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Every route added to `app` after registerSchemas, as declared (for the test that each says what it returns). */
export function routesOf(app: FastifyInstance): readonly RouteOptions[] {
  return ROUTES.get(app) ?? [];
}

/** The errors every route may answer with: a refusal (4xx) or a failure (5xx), each `{ error }`. */
const errors = {
  '4xx': { description: 'Refused: the message names the parameter or field', ...ref('Error') },
  '5xx': { description: 'Failed, or busy (503, with Retry-After) or full (507)', ...ref('Error') },
};

/** A JSON answer: `schema` under `status` (200 unless said), and the errors. */
export function answers(description: string, schema: Schema, status = 200): Schema {
  return { [status]: { description, ...schema }, ...errors };
}

/** An answer in another media type (CSV, GeoJSON as text, an event stream). */
export function answersIn(description: string, type: string, schema: Schema = str): Schema {
  return { 200: { description, content: { [type]: { schema } } }, ...errors };
}

/** No body (204). */
export function answersNothing(description: string): Schema {
  return { 204: { description, type: 'null' }, ...errors };
}

/** A list under one key, `{ key: [items] }`. */
export { list as listOf } from './build.js';

/** What a document sent in became: 201 when new, 200 when the same bytes were stored before. */
export const ingested: Schema = {
  201: { description: 'Stored, coded and placed', ...ref('IngestAnswer') },
  200: { description: 'Already stored (the same SHA-256): nothing changed', ...ref('IngestAnswer') },
  ...errors,
};
