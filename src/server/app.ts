// The HTTP API and the web app's host: Fastify routes with declared schemas over a Store.
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { geoCircle } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Resources } from '../extract/resources.js';
import { featureCollection, regionFeature } from '../formats/geojson.js';
import { InputError } from '../ingest/read.js';
import { CoderPool, CoderStopped, type Coder } from '../ingest/coder.js';
import { outboundPolicy } from '../ingest/outbound.js';
import { answerOf, ingestOne } from '../ingest/pipeline.js';
import { authRoutes, capturerOf, type AuthOptions } from './auth.js';
import { registerResponseCache, ResponseCache } from './cache.js';
import { registerGuards } from './guard.js';
import { HoldPolicy } from './hold.js';
import { ContactCipher } from './contacts.js';
import { notificationRoutes } from './notifications.js';
import { Notifier, type NotifierOptions } from './notify.js';
import { ogcRoutes } from './ogc.js';
import { registerOpenApi } from './openapi.js';
import { recordRoutes } from './records.js';
import { answers, answersIn, ingested, int, obj, ref, registerSchemas } from './schemas.js';
import { eventQuery, filterReader, schemaRefusal, type EventQuery } from './query.js';
import { viewRoutes } from './views.js';
import { UPLOAD_LIMIT, workspaceRoutes } from './workspace.js';
import { StoreError, type Store } from '../store/store.js';

const require = createRequire(import.meta.url);

export interface AppOptions {
  store: Store;
  resources: Resources;
  /** Where the built web app is; omitted, the packaged dist/web. */
  webRoot?: string;
  logger?: boolean;
  /** Where request logs go (JSON lines); given, logging is on. */
  loggerStream?: NodeJS.WritableStream;
  /** How notifications read the change log and send webhooks; false for none. */
  notify?: NotifierOptions | false;
  /** Accounts: 'required' on a team server; 'off' (the default) for one trusted local user. */
  auth?: Omit<AuthOptions, 'store'>;
  /** The key field contacts are encrypted with (32 bytes); without one they are refused. */
  contactKey?: Buffer;
  /** Tracks last seen within this many days are held back from viewers and contributors. */
  holdTracksDays?: number;
  /** The most bytes of event-query answers kept while the store is unchanged (default 256 MiB; 0 keeps none). */
  cacheBytes?: number;
  /** Where documents sent in are read and coded; by default a pool of threads the app starts and stops. */
  coder?: Coder;
  /** With the app's own pool: seconds a document may take to code (default 30, or OBSERVATORY_CODE_BUDGET). */
  codeBudgetSeconds?: number;
  /** The address served, which an open server's Host header may name besides loopback's names. */
  host?: string;
  /**
   * Behind a reverse proxy: trust its X-Forwarded-For/-Proto/-Host (true, or the proxies'
   * addresses), so that each client has its own rate limit and a login over HTTPS a Secure cookie.
   */
  trustProxy?: boolean | string[];
  /** Hosts webhooks may be sent to besides public addresses (and those OBSERVATORY_ALLOW_HOSTS names). */
  allowHosts?: string[];
}

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

const documentBody = {
  type: 'object',
  required: ['text', 'published'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 500 },
    text: { type: 'string', minLength: 1 },
    published: { type: 'string', pattern: DATE },
    source: { type: 'string', maxLength: 200 },
    url: { type: 'string', maxLength: 2000 },
    title: { type: 'string', maxLength: 500 },
    format: { type: 'string', enum: ['txt', 'md', 'html'] },
  },
} as const;

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 100 } },
  required: ['id'],
} as const;

let basemapCache: string | undefined;
/** Natural Earth country shapes (world-atlas) as GeoJSON, the offline basemap. */
function basemap(): string {
  if (!basemapCache) {
    const topo = JSON.parse(
      readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
    ) as Topology;
    // To a thousandth of a degree (about 100 m): a third of the bytes for the browser to parse.
    basemapCache = JSON.stringify(feature(topo, topo.objects.countries!), (_k, v: unknown) =>
      typeof v === 'number' ? Math.round(v * 1000) / 1000 : v,
    );
  }
  return basemapCache;
}

let regionsCache: string | undefined;
/** Kilometres a named region is drawn out to, by the precision it supports: its extent is approximate. */
const REGION_RADIUS_KM: Record<number, number> = { 1: 3, 2: 20, 3: 60 };
/**
 * The curated named regions (data/regions.json) as GeoJSON: each a disc around its centroid sized
 * by its precision, marked approximate, since the file records centroids, not outlines.
 */
function regions(): string {
  if (!regionsCache) {
    const file = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../data/regions.json', import.meta.url)), 'utf8'),
    ) as {
      regions: Array<{
        id: string;
        name: string;
        lat: number;
        lon: number;
        featureCode: string;
        precision: number;
      }>;
    };
    regionsCache = JSON.stringify(
      featureCollection(
        file.regions.map((r) =>
          regionFeature(
            r,
            geoCircle()
              .center([r.lon, r.lat])
              .radius((REGION_RADIUS_KM[r.precision] ?? 20) / 111.2)
              .precision(10)(),
          ),
        ),
      ),
    );
  }
  return regionsCache;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.loggerStream ? { stream: opts.loggerStream } : (opts.logger ?? false),
    bodyLimit: 11 * 1024 * 1024,
    // A parameter the route does not know is refused, never dropped: a mistyped filter would
    // otherwise match everything.
    ajv: { customOptions: { removeAdditional: false } },
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
  });
  const { store, resources } = opts;
  // Event filters as every event route reads them, place names widened to their other spellings.
  const toFilter = filterReader(resources.gazetteer);
  registerSchemas(app);
  // The generator sees every route added after it.
  await registerOpenApi(app);
  // Before any route: an open server answers only requests to its own address, changes only
  // from its own pages; then every request is checked against the route's least role.
  registerGuards(app, { open: (opts.auth?.mode ?? 'off') === 'off', host: opts.host });
  await authRoutes(app, { store, mode: 'off', ...opts.auth });
  const contacts = opts.contactKey ? new ContactCipher(opts.contactKey) : undefined;
  // Movements held back from viewers and contributors, wherever the record leaves the server.
  const hold = new HoldPolicy(store, resources.actors, opts.holdTracksDays);
  const cache = new ResponseCache(opts.cacheBytes ?? 256 * 1024 * 1024);
  registerResponseCache(app, store, cache, (req) => hold.variant(req));
  // Documents are read and coded in threads, never on the loop that answers requests; a document
  // being coded when the server stops is given up at once (nothing of it was stored).
  const coder = opts.coder ?? new CoderPool({ budgetSeconds: opts.codeBudgetSeconds });
  if (!opts.coder) app.addHook('preClose', async () => coder.close());

  app.setErrorHandler((err, _req, reply) => {
    if (err instanceof InputError) return reply.status(400).send({ error: err.message });
    if (err instanceof CoderStopped)
      return reply.status(503).header('retry-after', '5').send({ error: err.message });
    if (err instanceof StoreError && err.kind === 'full')
      return reply.status(507).send({ error: err.message });
    if (err instanceof StoreError && err.kind === 'busy')
      // Nothing was written: the client may send it again shortly.
      return reply.status(503).header('retry-after', '2').send({ error: err.message });
    if (err instanceof StoreError && err.kind === 'conflict')
      return reply.status(409).send({ error: err.message, current: err.current });
    if (err instanceof StoreError)
      return reply
        .status(err.kind === 'not_found' ? 404 : err.kind === 'invalid' ? 400 : 500)
        .send({ error: err.message });
    const refused = schemaRefusal(err as Parameters<typeof schemaRefusal>[0]);
    if (refused) return reply.status(400).send({ error: refused });
    const e = err as { statusCode?: number; message?: string; code?: string };
    const status = e.statusCode ?? 500;
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply
        .status(413)
        .send({ error: `too large: a document may be at most ${UPLOAD_LIMIT / 1024 / 1024} MB` });
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.status(415).send({
        error: 'unsupported document type: upload text/plain or text/html (or JSON to /api/documents)',
      });
    return reply
      .status(status)
      .send({ error: status >= 500 ? 'internal error' : (e.message ?? 'bad request') });
  });

  const openStreams = new Set<ServerResponse>();
  app.get(
    '/health',
    {
      config: { role: 'public' },
      schema: {
        tags: ['service'],
        summary: 'Liveness, with counts of documents, events and claims',
        response: answers(
          'The service is up: what it holds, its answer cache and its open event streams',
          obj(
            {
              status: { const: 'ok' },
              documents: int,
              events: int,
              cache: { type: 'object', description: 'hits, misses, entries and bytes of the answer cache' },
              streams: obj({ open: int, bufferedBytes: int }),
            },
            ['status', 'documents', 'events'],
          ),
        ),
      },
    },
    async () => ({
      status: 'ok',
      ...(await store.counts()),
      cache: cache.summary(),
      // What event streams hold for clients that have not read it yet (bounded per stream).
      streams: {
        open: openStreams.size,
        bufferedBytes: [...openStreams].reduce((n, r) => n + r.writableLength, 0),
      },
    }),
  );

  app.get<{ Querystring: EventQuery & { fields?: string } }>(
    '/api/events',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'List events matching a filter, newest first',
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            // As ACLED's API: the fields wanted, separated by | (or commas); id always comes.
            fields: { type: 'string', pattern: '^[A-Za-z0-9_]+([|,][A-Za-z0-9_]+)*$', maxLength: 1000 },
            sort: {
              type: 'string',
              pattern: '^-?[A-Za-z0-9_]+$',
              maxLength: 40,
              description:
                'a field to order by (as in fields), - before it for descending; newest first by default',
            },
          },
        },
        response: answers('A page of matching events (with fields=, only those fields and each id)', {
          anyOf: [ref('EventPage'), ref('EventFieldPage')],
        }),
      },
    },
    async (req) => {
      const { fields, ...query } = req.query;
      const filter = await hold.filter(req, toFilter(query));
      if (fields) return store.listEventFields(filter, fields.split(/[|,]/));
      return store.listEvents(filter);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/events/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'One event with its claims, documents and history',
        params: idParams,
        response: answers('The event with its claims, documents, history and reviews', ref('EventDetail')),
      },
    },
    async (req, reply) => {
      const event = await store.getEvent(req.params.id);
      if (!event || (await hold.heldEvents(req)).has(event.id))
        return reply.status(404).send({ error: `no event ${req.params.id}` });
      return event;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['documents'],
        summary: 'A stored document with its capture record',
        params: idParams,
        response: answers(
          'The document as stored (who captured it, from where: admins only)',
          ref('Document'),
        ),
      },
    },
    async (req, reply) => {
      const doc = await store.getDocument(req.params.id);
      if (!doc) return reply.status(404).send({ error: `no document ${req.params.id}` });
      // Who sent a report in, and from which address, protects the sender: admins only.
      if (req.user?.role !== 'admin') {
        const { capturedBy, capturedFrom, ...rest } = doc;
        void [capturedBy, capturedFrom];
        return rest;
      }
      return doc;
    },
  );

  app.post<{
    Body: {
      id?: string;
      text: string;
      published: string;
      source?: string;
      url?: string;
      title?: string;
      format?: 'txt' | 'md' | 'html';
    };
  }>(
    '/api/documents',
    {
      config: { role: 'contributor' },
      schema: {
        tags: ['documents'],
        summary: 'Ingest a document given as JSON',
        body: documentBody,
        response: ingested,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const bytes = Buffer.from(b.text, 'utf8');
      const { doc, outcome } = await ingestOne(
        {
          id: b.id ?? `api:${new Date().toISOString()}`,
          bytes,
          format: b.format ?? 'txt',
          published: b.published,
          source: b.source,
          url: b.url,
          title: b.title,
          captureMethod: 'api',
          capturedFrom: req.ip,
          capturedBy: capturerOf(req),
        },
        store,
        coder,
      );
      return reply.status(outcome.status === 'new' ? 201 : 200).send(answerOf(outcome, doc));
    },
  );

  await app.register(recordRoutes, { store, resources, hold });
  await app.register(ogcRoutes, { store, resources, hold });
  if (opts.notify !== false) {
    const notifier = new Notifier(store, {
      onFailure: (id, error) => app.log.warn({ subscription: id, error }, 'webhook delivery failed'),
      outbound: outboundPolicy(opts.allowHosts),
      ...opts.notify,
    });
    await notifier.start();
    app.addHook('onClose', async () => notifier.stop());
    await app.register(notificationRoutes, {
      store,
      notifier,
      toFilter: (q) => toFilter(q as EventQuery),
      eventQuery,
      hold,
      open: openStreams,
    });
  }
  await app.register(viewRoutes, {
    store,
    resources,
    toFilter: (q) => toFilter(q as EventQuery),
    eventQuery,
    hold,
  });
  await app.register(workspaceRoutes, {
    store,
    resources,
    coder,
    hold,
    toFilter: (q) => toFilter(q as EventQuery),
    eventQuery,
    contacts,
  });

  // The map's layers, public: a page shows them before anyone logs in.
  const mapLayer = (summary: string, description: string) =>
    ({
      config: { role: 'public' },
      schema: {
        tags: ['map'],
        summary,
        response: answersIn(description, 'application/geo+json', ref('FeatureCollection')),
      },
    }) as const;
  app.get(
    '/api/regions.geojson',
    mapLayer('Named regions as approximate areas', 'Named regions, each a disc marked approximate'),
    async (_req, reply) => {
      reply.header('content-type', 'application/geo+json').header('cache-control', 'public, max-age=86400');
      return regions();
    },
  );

  app.get(
    '/api/basemap/countries.geojson',
    mapLayer('Country outlines, the offline basemap', 'Country outlines'),
    async (_req, reply) => {
      reply.header('content-type', 'application/geo+json').header('cache-control', 'public, max-age=86400');
      return basemap();
    },
  );

  const webRoot = opts.webRoot ?? fileURLToPath(new URL('../web', import.meta.url));
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/' });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('web app not built: run "npm run build:web"'),
    );
  }
  return app;
}
