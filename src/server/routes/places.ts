// Routes of the gazetteer: places a name may be (the place search), and the largest places in a
// box to label the map with at a town's zoom.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { parseBbox } from '../query.js';
import { answers, int, listOf, num, obj, str } from '../schemas/index.js';
import type { RouteContext } from './context.js';

export async function placeRoutes(app: FastifyInstance, opts: RouteContext): Promise<void> {
  placeSearchRoute(app, opts);
  placeLabelsRoute(app, opts);
}

/** GET /api/places: the gazetteer searched by name. */
function placeSearchRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { resources } = opts;
  api.get(
    '/api/places',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['places'],
        summary: 'Search the gazetteer by name',
        querystring: {
          type: 'object',
          required: ['q'],
          additionalProperties: false,
          properties: {
            q: { type: 'string', minLength: 2, maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
          },
        },
        response: answers(
          'Gazetteer places the name may be, best first',
          listOf(
            'places',
            obj(
              {
                id: str,
                name: str,
                country: str,
                admin1: str,
                latitude: num,
                longitude: num,
                geo_precision: int,
                feature_code: str,
              },
              ['id', 'name', 'latitude', 'longitude', 'geo_precision'],
            ),
          ),
        ),
      },
    },
    async (req) => {
      const found = resources.gazetteer.lookup(req.query.q).slice(0, req.query.limit ?? 10);
      return {
        places: found.map((p) => ({
          id: p.id,
          name: p.asciiName || p.name,
          country: p.country,
          admin1: p.admin1 ?? '',
          latitude: p.latitude,
          longitude: p.longitude,
          geo_precision: p.precision,
          feature_code: p.featureCode,
        })),
      };
    },
  );
}

/** GET /api/places/labels: the largest places in a box, to label the map with. */
function placeLabelsRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { resources } = opts;
  api.get(
    '/api/places/labels',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['places'],
        summary: 'The largest places in a box, to label the map with',
        querystring: {
          type: 'object',
          required: ['bbox'],
          additionalProperties: false,
          properties: {
            bbox: { type: 'string', maxLength: 100, description: 'west,south,east,north in degrees' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 60 },
          },
        },
        response: answers(
          'The most populous places in the box, largest first',
          listOf(
            'places',
            obj({ name: str, latitude: num, longitude: num, population: int }, [
              'name',
              'latitude',
              'longitude',
            ]),
          ),
        ),
      },
    },
    async (req, reply) => {
      const places = resources.gazetteer.largestWithin(parseBbox(req.query.bbox), req.query.limit ?? 60);
      reply.header('cache-control', 'public, max-age=86400');
      return {
        places: places.map((p) => ({
          name: p.asciiName || p.name,
          latitude: p.latitude,
          longitude: p.longitude,
          population: p.population ?? 0,
        })),
      };
    },
  );
}
