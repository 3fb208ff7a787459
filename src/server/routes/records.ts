// Routes over the corroborated record: analysts' merges and splits, tracks, agreements and the
// source registry with its grades.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { featureCollection, trackFeature } from '../../formats/geojson.js';
import type { Resources } from '../../extract/resources.js';
import { tracksAndAgreements } from '../../store/derived.js';
import { actorOf } from '../auth.js';
import type { HoldPolicy } from '../hold.js';
import { answers, listOf, ref } from '../schemas/index.js';
import type { Store } from '../../store/store.js';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 100 } },
  required: ['id'],
} as const;

const byField = { type: 'string', minLength: 1, maxLength: 200 } as const;

const formatQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['json', 'geojson'], default: 'json' } },
} as const;

interface RecordOptions {
  store: Store;
  resources: Resources;
  hold: HoldPolicy;
}

export async function recordRoutes(app: FastifyInstance, opts: RecordOptions): Promise<void> {
  mergeSplitRoutes(app, opts);
  trackRoutes(app, opts);
  agreementRoutes(app, opts);
  sourceRoutes(app, opts);
}

/** POST /api/events/:id/merge and /split: events joined, or claims moved out into a new one. */
function mergeSplitRoutes(app: FastifyInstance, opts: RecordOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.post(
    '/api/events/:id/merge',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['records'],
        summary: 'Merge another event into this one',
        params: idParams,
        body: {
          type: 'object',
          required: ['other'],
          additionalProperties: false,
          properties: { other: { type: 'string', maxLength: 100 }, by: byField },
        },
        response: answers('The event with the other’s claims; the other now leads here', ref('EventDetail')),
      },
    },
    async (req) => store.mergeEvents(req.params.id, req.body.other, actorOf(req, req.body.by, 'api')),
  );

  api.post(
    '/api/events/:id/split',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['records'],
        summary: 'Move claims out of an event into a new one',
        params: idParams,
        body: {
          type: 'object',
          required: ['claimIds'],
          additionalProperties: false,
          properties: {
            claimIds: {
              type: 'array',
              minItems: 1,
              maxItems: 1000,
              items: { type: 'string', maxLength: 100 },
            },
            by: byField,
          },
        },
        response: answers('The new event, made of the claims moved', ref('EventDetail'), 201),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await store.splitEvent(req.params.id, req.body.claimIds, actorOf(req, req.body.by, 'api'))),
  );
}

/** GET /api/tracks and /api/tracks/:id: movements rebuilt from the record. */
function trackRoutes(app: FastifyInstance, opts: RecordOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store, resources } = opts;
  api.get(
    '/api/tracks',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['records'],
        summary: 'Movements rebuilt from the record (a convoy’s route)',
        querystring: formatQuery,
        response: {
          ...answers(
            'Every movement (format=geojson: as a FeatureCollection)',
            listOf('tracks', ref('Track')),
          ),
          200: {
            description: 'Every movement (format=geojson: a FeatureCollection of routes)',
            content: {
              'application/json': { schema: listOf('tracks', ref('Track')) },
              'application/geo+json': { schema: ref('FeatureCollection') },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const tracks = await opts.hold.tracks(req, (await tracksAndAgreements(store, resources.actors)).tracks);
      if (req.query.format === 'geojson')
        return reply.type('application/geo+json').send(featureCollection(tracks.map(trackFeature)));
      return { tracks };
    },
  );

  api.get(
    '/api/tracks/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['records'],
        summary: 'One movement',
        params: idParams,
        querystring: formatQuery,
        response: answers('The movement (format=geojson: as a Feature)', {
          content: {
            'application/json': { schema: ref('Track') },
            'application/geo+json': { schema: ref('Feature') },
          },
        }),
      },
    },
    async (req, reply) => {
      const tracks = await opts.hold.tracks(req, (await tracksAndAgreements(store, resources.actors)).tracks);
      const t = tracks.find((x) => x.id === req.params.id);
      if (!t) return reply.status(404).send({ error: `no track ${req.params.id}` });
      if (req.query.format === 'geojson') return reply.type('application/geo+json').send(trackFeature(t));
      return t;
    },
  );
}

/** GET /api/agreements and /api/agreements/:id: agreements with their terms and outcomes. */
function agreementRoutes(app: FastifyInstance, opts: RecordOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store, resources } = opts;
  api.get(
    '/api/agreements',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['records'],
        summary: 'Agreements with their terms and outcomes',
        response: answers('Every agreement', listOf('agreements', ref('Agreement'))),
      },
    },
    async (req) => {
      const { agreements } = await tracksAndAgreements(store, resources.actors);
      return { agreements: await opts.hold.agreements(req, agreements) };
    },
  );

  api.get(
    '/api/agreements/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['records'],
        summary: 'One agreement',
        params: idParams,
        response: answers('The agreement', ref('Agreement')),
      },
    },
    async (req, reply) => {
      const { agreements } = await tracksAndAgreements(store, resources.actors);
      const a = (await opts.hold.agreements(req, agreements)).find((x) => x.id === req.params.id);
      if (!a) return reply.status(404).send({ error: `no agreement ${req.params.id}` });
      return a;
    },
  );
}

/** GET /api/sources and PUT /api/sources/:name: the source registry and its grades. */
function sourceRoutes(app: FastifyInstance, opts: RecordOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/sources',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['sources'],
        summary: 'The source registry with grades',
        response: answers('Every registered source with its grade', listOf('sources', ref('Source'))),
      },
    },
    async () => ({ sources: await store.listSources() }),
  );

  api.put(
    '/api/sources/:name',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['sources'],
        summary: 'Grade a source’s reliability (A-F)',
        params: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
          required: ['name'],
        },
        body: {
          type: 'object',
          required: ['reliability'],
          additionalProperties: false,
          properties: { reliability: { type: 'string', enum: ['A', 'B', 'C', 'D', 'E', 'F'] }, by: byField },
        },
        response: answers('The source as graded', ref('Source')),
      },
    },
    async (req) => store.gradeSource(req.params.name, req.body.reliability, actorOf(req, req.body.by, 'api')),
  );
}
