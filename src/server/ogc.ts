// OGC API - Features Part 1 (Core, GeoJSON, OpenAPI 3.0) under /ogc, so that GIS clients (QGIS,
// GDAL's OAPIF driver, ArcGIS) read the record as layers: `events` (points, dated), `tracks`
// (movements' routes, dated by when they were seen) and `places` (the gazetteer, timeless).
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Resources } from '../extract/resources.js';
import type { Track } from '../model/index.js';
import { tracksAndAgreements } from '../store/derived.js';
import { MAX_LIMIT, MAX_OFFSET, StoreError, type EventFilter, type Store } from '../store/store.js';
import { eventFeature, flatTrackFeature, placeFeature } from '../formats/geojson.js';
import { InputError } from '../ingest/read.js';
import type { HoldPolicy } from './hold.js';
import { DOCS_PATH, toOpenApi30 } from './openapi.js';
import { parseBbox, parseDatetime } from './query.js';
import { answers, answersIn, int, obj, ref, str, strings } from './schemas.js';

/** OpenAPI 3.0 as OGC API - Features names it in links and answers. */
const OPENAPI_30 = 'application/vnd.oai.openapi+json;version=3.0';

const BASE = '/ogc';
const GEOJSON = 'application/geo+json';
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

interface Feature {
  type: 'Feature';
  id: string;
  geometry: unknown;
  properties: Record<string, unknown>;
}

interface Page {
  features: Feature[];
  /** Undefined when counting every match would cost more than it tells. */
  matched?: number;
  /** Whether there is a page after this one. */
  more: boolean;
}

interface Collection {
  id: string;
  title: string;
  description: string;
  /** [[west, south, east, north]] and [[first day, last day]] (null for open or timeless). */
  extent(view: View): Promise<{ bbox: number[]; interval: [string | null, string | null] | null }>;
  items(q: {
    bbox?: [number, number, number, number];
    start?: string;
    end?: string;
    limit: number;
    offset: number;
    datetime: boolean;
    /** Scheme and host the client asked, for absolute links. */
    root: string;
    /** What the asker may see (recent movements may be held back). */
    view: View;
  }): Promise<Page>;
  item(id: string, root: string, view: View): Promise<Feature | undefined>;
}

/** What one asker may see: held movements' tracks and events left out (server/hold.ts). */
interface View {
  tracks: (tracks: Track[]) => Promise<Track[]>;
  filter: (f: EventFilter) => Promise<EventFilter>;
  held: () => Promise<Set<string>>;
}

/** Where a track was seen overlaps a box: its route, or any observation placed. */
function trackInBox(t: Track, [w, s, e, n]: [number, number, number, number]): boolean {
  const points: Array<[number, number]> = [...(t.route?.coordinates ?? [])];
  for (const o of t.observations) if (o.place) points.push([o.place.longitude, o.place.latitude]);
  return points.some(([x, y]) => x >= w && x <= e && y >= s && y <= n);
}

function collections(store: Store, resources: Resources): Map<string, Collection> {
  const tracks = async () => (await tracksAndAgreements(store, resources.actors)).tracks;
  const list: Collection[] = [
    {
      id: 'events',
      title: 'Events',
      description:
        'Corroborated events in ACLED’s taxonomy, each a point at its place (null where it could not be placed), ' +
        'with its credibility, number of reports and review status; `detail` links to its claims and evidence.',
      async extent(view) {
        const all = await view.filter({});
        const cells = await store.grid(all, 1);
        const days = await store.histogram(all, 'day');
        const bbox = cells.length
          ? [
              Math.max(-180, Math.min(...cells.map((c) => c.longitude)) - 1),
              Math.max(-90, Math.min(...cells.map((c) => c.latitude)) - 1),
              Math.min(180, Math.max(...cells.map((c) => c.longitude)) + 1),
              Math.min(90, Math.max(...cells.map((c) => c.latitude)) + 1),
            ]
          : [-180, -90, 180, 90];
        const sorted = days.map((d) => d.bucket).sort();
        return { bbox, interval: sorted.length ? [sorted[0]!, sorted[sorted.length - 1]!] : null };
      },
      async items(q) {
        const page = await store.listEvents(
          await q.view.filter({
            bbox: q.bbox,
            start: q.start,
            end: q.end,
            limit: q.limit,
            offset: q.offset,
          }),
        );
        return {
          features: page.events.map((e) => eventFeature(e, q.root)),
          matched: page.totalExact ? page.total : undefined,
          more: page.totalExact ? q.offset + page.events.length < page.total : page.events.length === q.limit,
        };
      },
      async item(id, root, view) {
        const e = await store.getEvent(id);
        // An id merged away leads to the surviving event; as a feature, it is that event's.
        return e && !(await view.held()).has(e.id) ? eventFeature(e, root) : undefined;
      },
    },
    {
      id: 'tracks',
      title: 'Tracks',
      description:
        'Movements rebuilt from reports (a convoy’s route): the places seen at town or district precision, in order, ' +
        'dated from first to last sighting.',
      async extent(view) {
        const all = await view.tracks(await tracks());
        const xs = all.flatMap((t) => t.route?.coordinates ?? []);
        const bbox = xs.length
          ? [
              Math.min(...xs.map((c) => c[0])),
              Math.min(...xs.map((c) => c[1])),
              Math.max(...xs.map((c) => c[0])),
              Math.max(...xs.map((c) => c[1])),
            ]
          : [-180, -90, 180, 90];
        const first = all.map((t) => t.firstSeen).sort()[0];
        const last = all
          .map((t) => t.lastSeen)
          .sort()
          .at(-1);
        return { bbox, interval: first && last ? [first, last] : null };
      },
      async items(q) {
        const matching = (await q.view.tracks(await tracks())).filter(
          (t) =>
            (!q.bbox || trackInBox(t, q.bbox)) &&
            (!q.start || t.lastSeen >= q.start) &&
            (!q.end || t.firstSeen <= q.end),
        );
        const features = matching.slice(q.offset, q.offset + q.limit).map(flatTrackFeature);
        return { features, matched: matching.length, more: q.offset + q.limit < matching.length };
      },
      async item(id, _root, view) {
        const t = (await view.tracks(await tracks())).find((x) => x.id === id);
        return t ? flatTrackFeature(t) : undefined;
      },
    },
    {
      id: 'places',
      title: 'Places',
      description:
        'The gazetteer events are placed against: towns, districts, regions and countries with the coarsest ' +
        'geo_precision each supports. Places have no time, so a datetime filter selects none.',
      async extent() {
        return { bbox: [-180, -90, 180, 90], interval: null };
      },
      async items(q) {
        if (q.datetime) return { features: [], matched: 0, more: false };
        const { total, places } = resources.gazetteer.within(q.bbox, q.limit, q.offset);
        return {
          features: places.map(placeFeature),
          matched: total,
          more: q.offset + places.length < total,
        };
      },
      async item(id) {
        const p = resources.gazetteer.place(id);
        return p ? placeFeature(p) : undefined;
      },
    },
  ];
  return new Map(list.map((c) => [c.id, c]));
}

const fQuery = { f: { type: 'string', enum: ['json'] } } as const;
const plain = { type: 'object', additionalProperties: false, properties: fQuery } as const;
const collectionParams = {
  type: 'object',
  required: ['collectionId'],
  properties: { collectionId: { type: 'string', maxLength: 100 } },
} as const;

export async function ogcRoutes(
  app: FastifyInstance,
  opts: { store: Store; resources: Resources; hold: HoldPolicy },
): Promise<void> {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const viewOf = (req: FastifyRequest): View => ({
    tracks: (t) => opts.hold.tracks(req, t),
    filter: (f) => opts.hold.filter(req, f),
    held: () => opts.hold.heldEvents(req),
  });
  // The links a response carries are absolute, on the host the client asked.
  const origin = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`;
  const byId = collections(opts.store, opts.resources);

  // OGC API - Features wants an unknown query parameter refused (Fastify's validator would drop it).
  app.addHook('preValidation', async (req) => {
    const schema = req.routeOptions.schema?.querystring as
      { properties?: Record<string, unknown> } | undefined;
    const known = new Set(Object.keys(schema?.properties ?? {}));
    for (const name of new URL(req.url, 'http://localhost').searchParams.keys())
      if (!known.has(name))
        throw new InputError(name, `unknown query parameter; this route takes ${[...known].join(', ')}`);
  });

  /** The collection asked for; an unknown one is a 404, as OGC API - Features requires. */
  const collection = (id: string): Collection => {
    const c = byId.get(id);
    if (!c)
      throw new StoreError(`no collection "${id}": there are ${[...byId.keys()].join(', ')}`, 'not_found');
    return c;
  };

  // Extents change only when the record does (and, for those held to the hold, the day): each is
  // worked out once per change-log position and view.
  const extents = new Map<string, { cursor: number; value: ReturnType<Collection['extent']> }>();
  const extentOf = async (c: Collection, req: FastifyRequest) => {
    const cursor = await opts.store.latestChange();
    const key = `${c.id} ${opts.hold.variant(req)}`;
    const last = extents.get(key);
    if (last && last.cursor === cursor) return last.value;
    const value = c.extent(viewOf(req));
    extents.set(key, { cursor, value });
    value.catch(() => extents.delete(key));
    return value;
  };

  const describe = async (c: Collection, root: string, req: FastifyRequest) => {
    const { bbox, interval } = await extentOf(c, req);
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      itemType: 'feature',
      crs: [CRS84],
      extent: {
        spatial: { bbox: [bbox], crs: CRS84 },
        ...(interval
          ? {
              temporal: {
                interval: [[`${interval[0]}T00:00:00Z`, `${interval[1]}T23:59:59Z`]],
                trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
              },
            }
          : {}),
      },
      links: [
        { href: `${root}${BASE}/collections/${c.id}`, rel: 'self', type: 'application/json', title: c.title },
        { href: `${root}${BASE}/collections/${c.id}/items`, rel: 'items', type: GEOJSON, title: c.title },
      ] satisfies Link[],
    };
  };

  const linkList = { type: 'array', items: ref('Link') } as const;
  const collectionSchema = obj(
    {
      id: str,
      title: str,
      description: str,
      itemType: str,
      crs: strings,
      extent: { type: 'object' },
      links: linkList,
    },
    ['id', 'title', 'links'],
  );

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

  api.get(
    `${BASE}/collections`,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'Feature collections: events, tracks, places',
        querystring: plain,
        response: answers(
          'The collections: events, tracks, places',
          obj({ links: linkList, collections: { type: 'array', items: collectionSchema } }, [
            'links',
            'collections',
          ]),
        ),
      },
    },
    async (req) => {
      const root = origin(req);
      return {
        links: [
          { href: `${root}${BASE}/collections`, rel: 'self', type: 'application/json' },
        ] satisfies Link[],
        collections: await Promise.all([...byId.values()].map((c) => describe(c, root, req))),
      };
    },
  );

  api.get(
    `${BASE}/collections/:collectionId`,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'One feature collection',
        params: collectionParams,
        querystring: plain,
        response: answers('The collection', collectionSchema),
      },
    },
    async (req) => describe(collection(req.params.collectionId), origin(req), req),
  );

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
      const href = (o: number) => {
        const params = new URLSearchParams();
        params.set('limit', String(limit));
        params.set('offset', String(o));
        if (req.query.bbox !== undefined) params.set('bbox', req.query.bbox);
        if (req.query.datetime !== undefined) params.set('datetime', req.query.datetime);
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
      if (page.more)
        links.push({ href: href(offset + limit), rel: 'next', type: GEOJSON, title: 'Next page' });
      if (offset > 0)
        links.push({
          href: href(Math.max(0, offset - limit)),
          rel: 'prev',
          type: GEOJSON,
          title: 'Previous page',
        });
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
