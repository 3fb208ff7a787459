// The JSON schemas the API's routes share, each registered once by `$id` and named by it in the
// OpenAPI document, and the small helpers a route's `response` is written with. They describe what
// the routes send; the responses are written by JSON.stringify (see `registerSchemas`), so a
// schema never drops or reorders a field, and src/server/schemas.test.ts checks real answers
// against them.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ACLED_COLUMNS } from '../model/index.js';

type Schema = Record<string, unknown>;

/** A reference to a shared schema, by its `$id`. */
export const ref = (id: SchemaId): Schema => ({ $ref: `${id}#` });

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const bool = { type: 'boolean' } as const;
const strings = { type: 'array', items: str } as const;
const nullable = (type: string, extra: Schema = {}) => ({ type: [type, 'null'], ...extra });
const obj = (properties: Schema, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  ...extra,
});
const list = (key: string, items: Schema, description?: string): Schema =>
  obj({ [key]: { type: 'array', items, ...(description ? { description } : {}) } }, [key]);

const NUMERIC: ReadonlySet<string> = new Set([
  'time_precision',
  'inter1',
  'inter2',
  'interaction',
  'fatalities',
]);
const NULLABLE_NUMERIC: ReadonlySet<string> = new Set(['latitude', 'longitude', 'geo_precision']);
/** ACLED's columns as an event carries them: text, integer codes, and a place that may be unknown. */
const acledFields = Object.fromEntries(
  ACLED_COLUMNS.map((c) => [
    c,
    NULLABLE_NUMERIC.has(c) ? nullable('number') : NUMERIC.has(c) ? (c === 'fatalities' ? int : num) : str,
  ]),
);

const span = obj({ start: int, end: int, text: str }, ['start', 'end', 'text']);

const SHARED = {
  Error: obj(
    {
      error: { type: 'string', description: 'what was wrong, naming the parameter or field' },
      current: { type: 'object', description: 'on a conflict (409): the version now stored' },
    },
    ['error'],
  ),
  Span: span,
  DocumentSpan: obj({ start: int, end: int, text: str, docId: str }, ['start', 'end', 'text', 'docId']),
  Event: obj(
    {
      id: str,
      ...acledFields,
      plover: str,
      hedged: bool,
      confidence: num,
      details: { type: 'object', description: 'category, counts, movement, terms and per-field evidence' },
      attribution: { type: 'array', items: { type: 'object' }, description: 'who says it, through whom' },
      flags: strings,
      evidence: { type: 'array', items: { $ref: 'DocumentSpan#' } },
      docIds: strings,
      createdAt: str,
      updatedAt: str,
      version: int,
      claimCount: int,
      contested: { type: 'object', description: 'fields on which independent sources disagree' },
      voices: { type: 'array', items: strings },
      credibility: { type: 'integer', minimum: 1, maximum: 6 },
      fatalitiesRange: nullable('array', { items: int }),
      reviewStatus: { type: 'string', enum: ['pending', 'accepted', 'corrected', 'rejected'] },
    },
    ['id', ...ACLED_COLUMNS, 'evidence', 'docIds', 'version', 'claimCount', 'credibility', 'reviewStatus'],
  ),
  EventDetail: {
    allOf: [
      { $ref: 'Event#' },
      obj(
        {
          documents: { type: 'array', items: { type: 'object' } },
          claims: { type: 'array', items: { type: 'object' }, description: 'each document’s coding' },
          history: {
            type: 'array',
            items: obj({ version: int, at: str, action: str, changes: { type: 'object' } }, [
              'version',
              'at',
              'action',
            ]),
          },
          reviews: { type: 'array', items: { $ref: 'Review#' } },
        },
        ['documents', 'claims', 'history', 'reviews'],
      ),
    ],
  },
  EventPage: obj(
    {
      total: { type: 'integer', description: 'matches, counted up to 100,000' },
      totalExact: bool,
      limit: int,
      offset: int,
      events: { type: 'array', items: { $ref: 'Event#' } },
    },
    ['total', 'totalExact', 'limit', 'offset', 'events'],
  ),
  EventFieldPage: obj(
    {
      total: int,
      totalExact: bool,
      limit: int,
      offset: int,
      events: {
        type: 'array',
        description: 'each event with only the fields asked, and its id',
        items: obj({ id: str }, ['id']),
      },
    },
    ['total', 'totalExact', 'limit', 'offset', 'events'],
  ),
  Document: obj(
    {
      id: str,
      externalId: str,
      sha256: str,
      text: str,
      title: str,
      url: str,
      publisher: str,
      published: str,
      language: str,
      capturedAt: str,
      captureMethod: str,
      capturedFrom: { type: 'string', description: 'admins only' },
      capturedBy: { type: 'string', description: 'admins only' },
      notCoded: { type: 'string', description: 'why the document was stored uncoded' },
    },
    ['id', 'externalId', 'sha256', 'text', 'published', 'capturedAt', 'captureMethod'],
  ),
  IngestAnswer: obj(
    {
      status: { type: 'string', enum: ['new', 'duplicate'] },
      documentId: str,
      events: int,
      eventIds: strings,
      joined: { type: 'integer', description: 'events the document’s claims joined' },
      sha256: str,
      notCoded: str,
    },
    ['status', 'documentId', 'events', 'eventIds', 'joined', 'sha256'],
  ),
  Review: obj(
    {
      id: int,
      eventId: str,
      action: { type: 'string', enum: ['accept', 'correct', 'reject'] },
      by: str,
      at: str,
      changes: { type: 'object' },
      note: str,
      undone: obj({ by: str, at: str }),
    },
    ['id', 'eventId', 'action', 'by', 'at'],
  ),
  Track: obj(
    {
      id: str,
      mover: str,
      origin: str,
      destination: str,
      status: str,
      firstSeen: str,
      lastSeen: str,
      observations: { type: 'array', items: { type: 'object' } },
      gaps: { type: 'array', items: { type: 'object' } },
      route: { anyOf: [{ $ref: 'Geometry#' }, { type: 'null' }] },
      routePlaces: { type: 'array', items: { type: 'object' } },
      eventIds: strings,
      agreementIds: strings,
    },
    ['id', 'mover', 'status', 'firstSeen', 'lastSeen', 'observations', 'route', 'eventIds'],
  ),
  Agreement: obj(
    {
      id: str,
      date: str,
      location: str,
      parties: strings,
      brokers: strings,
      terms: { type: 'object' },
      sources: strings,
      evidence: { type: 'array', items: { $ref: 'Span#' } },
      fulfilment: { type: 'array', items: { type: 'object' } },
      relatedEventIds: strings,
    },
    ['id', 'date'],
  ),
  Source: obj(
    {
      name: str,
      kind: str,
      country: str,
      languages: strings,
      aliases: strings,
      reliability: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E', 'F'] },
      gradedBy: str,
      gradedAt: str,
      reports: int,
      lastSeen: str,
    },
    ['name', 'kind', 'aliases', 'reliability'],
  ),
  Subscription: obj(
    {
      id: str,
      name: str,
      filter: { type: 'object', description: 'the saved event filter' },
      webhookUrl: str,
      signed: bool,
      cursor: int,
      createdAt: str,
      lastDelivery: obj({ at: str, status: str, attempts: int, error: str, events: int }),
    },
    ['id', 'name', 'filter', 'signed', 'cursor', 'createdAt'],
  ),
  User: obj(
    {
      id: str,
      name: str,
      role: { type: 'string', enum: ['viewer', 'contributor', 'analyst', 'admin'] },
      disabled: bool,
      createdAt: str,
    },
    ['id', 'name', 'role', 'disabled'],
  ),
  ApiToken: obj({ id: str, user: str, name: str, createdAt: str, expiresAt: str, revokedAt: str }, [
    'id',
    'user',
    'name',
    'createdAt',
  ]),
  Geometry: obj({ type: str, coordinates: { type: 'array' } }, ['type', 'coordinates']),
  Feature: obj(
    {
      type: { const: 'Feature' },
      id: str,
      geometry: { anyOf: [{ $ref: 'Geometry#' }, { type: 'null' }] },
      properties: nullable('object'),
    },
    ['type', 'geometry', 'properties'],
  ),
  FeatureCollection: obj(
    { type: { const: 'FeatureCollection' }, features: { type: 'array', items: { $ref: 'Feature#' } } },
    ['type', 'features'],
  ),
  Link: obj({ href: str, rel: str, type: str, title: str }, ['href', 'rel']),
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
export const listOf = list;
export { obj, str, int, num, bool, strings };

/** What a document sent in became: 201 when new, 200 when the same bytes were stored before. */
export const ingested: Schema = {
  201: { description: 'Stored, coded and placed', ...ref('IngestAnswer') },
  200: { description: 'Already stored (the same SHA-256): nothing changed', ...ref('IngestAnswer') },
  ...errors,
};
