// The features of a collection, a page at a time with links to the next and previous, and one
// feature by its id.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { MAX_LIMIT, MAX_OFFSET } from '../../store/store.js';
import { parseBbox, parseDatetime } from '../query.js';
import { answersIn, int, obj, ref, str } from '../schemas/index.js';
import {
  BASE,
  GEOJSON,
  collectionParams,
  fQuery,
  linkList,
  plain,
  type Collection,
  type Link,
  type OgcContext,
} from './shared.js';

export function itemRoutes(app: FastifyInstance, ctx: OgcContext): void {
  itemsRoute(app, ctx);
  featureRoute(app, ctx);
}

/** GET /ogc/collections/:collectionId/items: a page of features, with links to the next and previous. */
function itemsRoute(app: FastifyInstance, { origin, collection, viewOf }: OgcContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  api.get(
    `${BASE}/collections/:collectionId/items`,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'Features of a collection, paged',
        params: collectionParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...fQuery,
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 10_000,
              default: 10,
              description: `Features per page; more than ${MAX_LIMIT} are served as ${MAX_LIMIT}.`,
            },
            offset: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 },
            bbox: { type: 'string', description: 'west,south,east,north in degrees (CRS84)' },
            datetime: {
              type: 'string',
              description: 'An instant or an interval start/end, either end open with ".."',
            },
          },
        },
        response: answersIn('A page of features, with links to the next and previous', GEOJSON, {
          allOf: [
            ref('FeatureCollection'),
            obj({ numberMatched: int, numberReturned: int, timeStamp: str, links: linkList }, [
              'numberReturned',
              'timeStamp',
              'links',
            ]),
          ],
        }),
      },
    },
    async (req, reply) => {
      const root = origin(req);
      const c = collection(req.params.collectionId);
      const limit = Math.min(req.query.limit ?? 10, MAX_LIMIT);
      const offset = req.query.offset ?? 0;
      const bbox = req.query.bbox !== undefined ? parseBbox(req.query.bbox) : undefined;
      const when = req.query.datetime !== undefined ? parseDatetime(req.query.datetime) : {};
      const page = await c.items({
        bbox,
        ...when,
        limit,
        offset,
        datetime: req.query.datetime !== undefined,
        root,
        view: viewOf(req),
      });
      const links = pageLinks(root, c, req.query, limit, offset, page.more);
      return reply.type(GEOJSON).send({
        type: 'FeatureCollection',
        features: page.features,
        ...(page.matched !== undefined ? { numberMatched: page.matched } : {}),
        numberReturned: page.features.length,
        timeStamp: new Date().toISOString(),
        links,
      });
    },
  );
}

/** GET /ogc/collections/:collectionId/items/:featureId: one feature, with links. */
function featureRoute(app: FastifyInstance, { origin, collection, viewOf }: OgcContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  api.get(
    `${BASE}/collections/:collectionId/items/:featureId`,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'One feature',
        params: {
          ...collectionParams,
          required: ['collectionId', 'featureId'],
          properties: { ...collectionParams.properties, featureId: { type: 'string', maxLength: 200 } },
        },
        querystring: plain,
        response: answersIn('One feature, with links to its collection', GEOJSON, {
          allOf: [ref('Feature'), obj({ links: linkList }, ['links'])],
        }),
      },
    },
    async (req, reply) => {
      const root = origin(req);
      const c = collection(req.params.collectionId);
      const f = await c.item(req.params.featureId, root, viewOf(req));
      if (!f) return reply.status(404).send({ error: `no feature ${req.params.featureId} in ${c.id}` });
      return reply.type(GEOJSON).send({
        ...f,
        links: [
          {
            href: `${root}${BASE}/collections/${c.id}/items/${encodeURIComponent(f.id)}`,
            rel: 'self',
            type: GEOJSON,
          },
          { href: `${root}${BASE}/collections/${c.id}`, rel: 'collection', type: 'application/json' },
        ] satisfies Link[],
      });
    },
  );
}

/** A page's links: itself, its collection, and the pages after and before it. */
function pageLinks(
  root: string,
  c: Collection,
  query: { bbox?: string; datetime?: string },
  limit: number,
  offset: number,
  more: boolean,
): Link[] {
  const href = (o: number) => {
    const params = new URLSearchParams();
    params.set('limit', String(limit));
    params.set('offset', String(o));
    if (query.bbox !== undefined) params.set('bbox', query.bbox);
    if (query.datetime !== undefined) params.set('datetime', query.datetime);
    return `${root}${BASE}/collections/${c.id}/items?${params}`;
  };
  const links: Link[] = [
    { href: href(offset), rel: 'self', type: GEOJSON, title: 'This page' },
    {
      href: `${root}${BASE}/collections/${c.id}`,
      rel: 'collection',
      type: 'application/json',
      title: c.title,
    },
  ];
  if (more) links.push({ href: href(offset + limit), rel: 'next', type: GEOJSON, title: 'Next page' });
  if (offset > 0)
    links.push({
      href: href(Math.max(0, offset - limit)),
      rel: 'prev',
      type: GEOJSON,
      title: 'Previous page',
    });
  return links;
}
