// The export route: the filtered record streamed as ACLED CSV, HXL CSV or GeoJSON in constant
// memory, written by formats/ through server/export.ts.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { CONTENT_TYPES, exportChunks } from '../export.js';
import { eventQuery } from '../query.js';
import { answersIn, ref, str } from '../schemas/index.js';
import type { RouteContext } from './context.js';

export async function exportRoutes(app: FastifyInstance, opts: RouteContext): Promise<void> {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;

  api.get(
    '/api/export',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['exports'],
        summary: 'Export matching events as ACLED CSV, GeoJSON or HXL',
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            format: { type: 'string', enum: ['acled', 'geojson', 'hxl'], default: 'acled' },
            raw: { type: 'boolean', default: false },
          },
        },
        response: {
          ...answersIn('Matching events, oldest first', 'text/csv'),
          200: {
            description: 'Matching events, oldest first, streamed: ACLED CSV, HXL CSV or GeoJSON (formats/)',
            content: {
              'text/csv': { schema: str },
              'application/geo+json': { schema: ref('FeatureCollection') },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { format = 'acled', limit, offset, raw, ...rest } = req.query;
      void limit;
      void offset;
      const filter = await opts.hold.filter(req, opts.toFilter(rest));
      const chunks = exportChunks(store.exportRows(filter), format, { raw: raw === true });
      return reply
        .type(CONTENT_TYPES[format])
        .header(
          'content-disposition',
          `attachment; filename="observatory-events.${format === 'geojson' ? 'geojson' : 'csv'}"`,
        )
        .send(Readable.from(chunks));
    },
  );
}
