// The OGC API - Features documents a client reads first: the landing page, the conformance classes
// and the API's definition in OpenAPI 3.0.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { DOCS_PATH, toOpenApi30 } from '../openapi.js';
import { answers, answersIn, obj, str, strings } from '../schemas/index.js';
import { BASE, CONFORMANCE, OPENAPI_30, linkList, plain, type Link, type OgcContext } from './shared.js';

export function landingRoutes(app: FastifyInstance, { origin }: OgcContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  api.get(
    BASE,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'OGC API - Features landing page',
        querystring: plain,
        response: answers(
          'The landing page',
          obj({ title: str, description: str, links: linkList }, ['links']),
        ),
      },
    },
    async (req) => {
      const root = origin(req);
      return {
        title: 'Observatory',
        description: 'The record of armed-conflict events as OGC API - Features collections.',
        links: [
          { href: `${root}${BASE}`, rel: 'self', type: 'application/json', title: 'This document' },
          {
            href: `${root}${BASE}/api`,
            rel: 'service-desc',
            type: OPENAPI_30,
            title: 'The API definition',
          },
          {
            href: `${root}${DOCS_PATH}`,
            rel: 'service-doc',
            type: 'text/html',
            title: 'The API documentation',
          },
          {
            href: `${root}${BASE}/conformance`,
            rel: 'conformance',
            type: 'application/json',
            title: 'Conformance classes',
          },
          { href: `${root}${BASE}/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
        ] satisfies Link[],
      };
    },
  );

  api.get(
    `${BASE}/conformance`,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'Conformance classes implemented',
        querystring: plain,
        response: answers('The conformance classes', obj({ conformsTo: strings }, ['conformsTo'])),
      },
    },
    async () => ({ conformsTo: CONFORMANCE }),
  );

  // The media type exactly as OGC API - Features writes it: GDAL's OAPIF driver compares it
  // parameter by parameter and refuses `version="3.0"` or an added charset.
  api.get(
    `${BASE}/api`,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'This API described in OpenAPI 3.0',
        querystring: plain,
        response: answersIn('This API in OpenAPI 3.0', OPENAPI_30, { type: 'object' }),
      },
    },
    async (_req, reply) =>
      reply
        .header('content-type', OPENAPI_30)
        .serializer((doc) => JSON.stringify(doc))
        .send(toOpenApi30(app.swagger())),
  );
}
