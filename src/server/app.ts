// The HTTP API and the web app's host: Fastify routes with declared schemas over a Store.
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Resources } from '../extract/resources.js';
import { CoderPool, CoderStopped, type Coder } from '../ingest/coder.js';
import { outboundPolicy } from '../ingest/outbound.js';
import { InputError } from '../ingest/read.js';
import { StoreError, type Store } from '../store/store.js';
import { authRoutes, type AuthOptions } from './auth.js';
import { registerResponseCache, ResponseCache } from './cache.js';
import { ContactCipher } from './contacts.js';
import { registerGuards } from './guard.js';
import { HoldPolicy } from './hold.js';
import { Notifier, type NotifierOptions } from './notify.js';
import { ogcRoutes } from './ogc/index.js';
import { registerOpenApi } from './openapi.js';
import { filterReader, schemaRefusal, type EventQuery } from './query.js';
import type { RouteContext } from './routes/context.js';
import { documentRoutes, UPLOAD_LIMIT } from './routes/documents.js';
import { eventRoutes } from './routes/events.js';
import { exportRoutes } from './routes/exports.js';
import { mapRoutes } from './routes/map.js';
import { notificationRoutes } from './routes/notifications.js';
import { placeRoutes } from './routes/places.js';
import { recordRoutes } from './routes/records.js';
import { reviewRoutes } from './routes/reviews.js';
import { userRoutes } from './routes/users.js';
import { answers, int, obj, registerSchemas } from './schemas/index.js';

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
  /**
   * The local gazetteer layer the names analysts use for points are added to (a place picked for
   * a field report, a place corrected in review); omitted, none is written. `serve` gives the
   * layer its coders read (localGazetteerPath()).
   */
  analystLayer?: string;
  /** Hosts webhooks may be sent to besides public addresses (and those OBSERVATORY_ALLOW_HOSTS names). */
  allowHosts?: string[];
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
  await userRoutes(app, { store });
  const contacts = opts.contactKey ? new ContactCipher(opts.contactKey) : undefined;
  // Movements held back from viewers and contributors, wherever the record leaves the server.
  const hold = new HoldPolicy(store, resources.actors, opts.holdTracksDays);
  const cache = new ResponseCache(opts.cacheBytes ?? 256 * 1024 * 1024);
  registerResponseCache(app, store, cache, (req) => hold.variant(req));
  // Documents are read and coded in threads, never on the loop that answers requests; a document
  // being coded when the server stops is given up at once (nothing of it was stored).
  const coder = opts.coder ?? new CoderPool({ budgetSeconds: opts.codeBudgetSeconds });
  if (!opts.coder) app.addHook('preClose', async () => coder.close());

  answerErrors(app);

  const openStreams = new Set<ServerResponse>();
  healthRoute(app, store, cache, openStreams);

  await app.register(recordRoutes, { store, resources, hold });
  await app.register(ogcRoutes, { store, resources, hold });
  if (opts.notify !== false) await notificationsOf(app, opts, toFilter, hold, openStreams);
  const context: RouteContext = {
    store,
    resources,
    hold,
    coder,
    contacts,
    toFilter: (q) => toFilter(q as EventQuery),
    analystLayer: opts.analystLayer,
  };
  await app.register(eventRoutes, context);
  await app.register(documentRoutes, context);
  await app.register(placeRoutes, context);
  await app.register(exportRoutes, context);
  await app.register(reviewRoutes, {
    store,
    ...(opts.analystLayer ? { places: { layer: opts.analystLayer, gazetteer: resources.gazetteer } } : {}),
  });
  await app.register(mapRoutes);

  await serveWebApp(app, opts.webRoot);
  return app;
}

/** What answers a request that failed: a status and a message for each kind of failure. */
function answerErrors(app: FastifyInstance): void {
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
}

/** GET /health: liveness, with what the service holds and its open streams. */
function healthRoute(
  app: FastifyInstance,
  store: Store,
  cache: ResponseCache,
  openStreams: Set<ServerResponse>,
): void {
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
}

/** Notifications: the notifier that reads the change log and sends webhooks, and its routes. */
async function notificationsOf(
  app: FastifyInstance,
  opts: AppOptions,
  toFilter: ReturnType<typeof filterReader>,
  hold: HoldPolicy,
  openStreams: Set<ServerResponse>,
): Promise<void> {
  const { store } = opts;
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
    hold,
    open: openStreams,
  });
}

/** The built web app at the root, or a line saying how to build it. */
async function serveWebApp(app: FastifyInstance, root: string | undefined): Promise<void> {
  const webRoot = root ?? fileURLToPath(new URL('../web', import.meta.url));
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/' });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('web app not built: run "npm run build:web"'),
    );
  }
}
