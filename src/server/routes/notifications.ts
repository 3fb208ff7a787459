// Routes for notifications: saved filters with optional webhooks, and server-sent-event streams of
// new and changed events, for a saved filter or for filter parameters given on the stream's URL.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { InputError } from '../../ingest/read.js';
import type { EventFilter, SavedFilter, Store, Subscription } from '../../store/store.js';
import type { HoldPolicy } from '../hold.js';
import type { Notice, Notifier } from '../notify.js';
import { eventQuery } from '../query.js';
import { answers, answersIn, answersNothing, listOf, ref } from '../schemas/index.js';

export interface NotificationOptions {
  store: Store;
  notifier: Notifier;
  /** What each stream may be told of movements held back. */
  hold: HoldPolicy;
  /** The open streams' responses, for /health to show what they hold. */
  open: Set<ServerResponse>;
  toFilter: (q: Record<string, unknown>) => EventFilter;
}

/** A filter without paging: what a saved filter or a stream holds. */
function saved(f: EventFilter): SavedFilter {
  const { limit, offset, ids, ...rest } = f;
  void [limit, offset, ids];
  return rest;
}

const KEEPALIVE_MS = 15_000;

/** An event stream: `ready`, then one message per new or changed event (`data` a notice as JSON). */
const events = answersIn(
  'Server-sent events: `ready`, then one per change named by its action (created, claim_added, merged…), its data the notice as JSON; resumes from Last-Event-ID',
  'text/event-stream',
);
/**
 * The most bytes a stream keeps waiting for its client. A replay waits for the client to take
 * them; a live stream whose client falls this far behind is ended, and the client, reconnecting
 * with Last-Event-ID, is replayed what it missed a page at a time.
 */
export const STREAM_BACKLOG_BYTES = 1024 * 1024;

/** Filter parameters as a stream or saved filter takes them: an event query without paging. */
const { limit, offset, ...filterProps } = eventQuery.properties;
void [limit, offset];
const filterSchema = { type: 'object', additionalProperties: false, properties: filterProps } as const;

const subscriptionParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 100 } },
} as const;

/**
 * A delivery as the asker may see it: why a receiver could not be reached (refused, timed out,
 * no such host) tells apart what listens where, so only admins are told more than that.
 */
const shown = (req: FastifyRequest, sub: Subscription): Subscription => {
  const d = sub.lastDelivery;
  if (!d?.error || req.user?.role === 'admin' || /^HTTP \d{3}$/.test(d.error)) return sub;
  return {
    ...sub,
    lastDelivery: { ...d, error: 'the receiver could not be reached (an admin can see why)' },
  };
};

/** Answers a request with an event stream of the changes matching a filter. */
type Stream = (req: FastifyRequest, reply: FastifyReply, filter: SavedFilter) => Promise<void>;

export async function notificationRoutes(app: FastifyInstance, opts: NotificationOptions): Promise<void> {
  const streams = new Set<() => void>();

  // Open streams would keep the server from closing.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  const stream: Stream = (req, reply, filter) => openStream(opts, streams, req, reply, filter);
  filterStreamRoute(app, opts, stream);
  savedFilterRoutes(app, opts);
  savedFilterByIdRoutes(app, opts);
  savedFilterStreamRoute(app, opts, stream);
}

/** Holds the response open and writes each matching change as an SSE message. */
async function openStream(
  opts: NotificationOptions,
  streams: Set<() => void>,
  req: FastifyRequest,
  reply: FastifyReply,
  filter: SavedFilter,
): Promise<void> {
  const { notifier } = opts;
  const header = req.headers['last-event-id'];
  const from = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
  if (from !== undefined && !Number.isSafeInteger(from))
    return reply.status(400).send({ error: `Last-Event-ID ${header} is past any change` });
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // Reconnecting clients wait a few seconds; the first message says where the stream starts.
  res.write(`retry: 3000\nid: ${from ?? notifier.cursor}\nevent: ready\ndata: {}\n\n`);
  let closed = false;
  let unlisten = () => {};
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  const end = () => {
    closed = true;
    clearInterval(keepalive);
    unlisten();
    streams.delete(end);
    opts.open.delete(res);
    if (!res.writableEnded) res.end();
  };
  streams.add(end);
  opts.open.add(res);
  req.raw.on('close', end);
  let replaying = true;
  // Notices are written in order, each batch once the one before is out of hand.
  let queue = Promise.resolve();
  const send = (notices: Notice[]): Promise<void> => {
    queue = queue.then(async () => {
      if (closed) return;
      const held = await opts.hold.heldEvents(req);
      for (const n of notices)
        if (!held.has(n.event.id))
          res.write(`id: ${n.cursor}\nevent: ${n.action}\ndata: ${JSON.stringify(n)}\n\n`);
      if (res.writableLength <= STREAM_BACKLOG_BYTES) return;
      if (!replaying) return end(); // a live client this far behind reconnects and is replayed
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          req.raw.off('close', done);
          resolve();
        };
        res.on('drain', done);
        req.raw.on('close', done);
      });
    });
    return queue;
  };
  unlisten = await notifier.listen(filter, send, from, () => closed);
  replaying = false;
  if (closed) unlisten();
}

/** GET /api/events/stream: changes matching the filter given on the URL. */
function filterStreamRoute(app: FastifyInstance, opts: NotificationOptions, stream: Stream): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  api.get(
    '/api/events/stream',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['notifications'],
        summary: 'Server-sent events for new or changed events matching the filter given',
        querystring: filterSchema,
        response: events,
      },
    },
    async (req, reply) => stream(req, reply, saved(opts.toFilter(req.query))),
  );
}

/** GET and POST /api/subscriptions: the saved filters, and a new one. */
function savedFilterRoutes(app: FastifyInstance, opts: NotificationOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/subscriptions',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['notifications'],
        summary: 'Saved filters with their webhooks and last deliveries',
        response: answers('Every saved filter', listOf('subscriptions', ref('Subscription'))),
      },
    },
    async (req) => ({
      subscriptions: (await store.listSubscriptions()).map((s) => shown(req, s)),
    }),
  );

  api.post(
    '/api/subscriptions',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['notifications'],
        summary: 'Save a filter, optionally with a webhook',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            filter: filterSchema,
            webhook_url: { type: 'string', maxLength: 2000 },
            secret: { type: 'string', minLength: 16, maxLength: 200 },
          },
        },
        response: answers('The saved filter', ref('Subscription'), 201),
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.webhook_url !== undefined) {
        let protocol = '';
        try {
          protocol = new URL(b.webhook_url).protocol;
        } catch {
          /* reported below */
        }
        if (protocol !== 'http:' && protocol !== 'https:')
          throw new InputError('webhook_url', 'must be an http(s) address');
      }
      if (b.secret && !b.webhook_url)
        throw new InputError('secret', 'signs webhooks: give a webhook_url with it');
      const sub = await store.saveSubscription({
        name: b.name,
        filter: saved(opts.toFilter(b.filter ?? {})),
        webhookUrl: b.webhook_url,
        secret: b.secret,
      });
      return reply.status(201).send(sub);
    },
  );
}

/** GET and DELETE /api/subscriptions/:id: one saved filter. */
function savedFilterByIdRoutes(app: FastifyInstance, opts: NotificationOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/subscriptions/:id',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['notifications'],
        summary: 'One saved filter',
        params: subscriptionParams,
        response: answers('The saved filter', ref('Subscription')),
      },
    },
    async (req, reply) => {
      const sub = await store.getSubscription(req.params.id);
      if (!sub) return reply.status(404).send({ error: `no subscription ${req.params.id}` });
      return shown(req, sub);
    },
  );

  api.delete(
    '/api/subscriptions/:id',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['notifications'],
        summary: 'Delete a saved filter',
        params: subscriptionParams,
        response: answersNothing('Deleted'),
      },
    },
    async (req, reply) => {
      await store.deleteSubscription(req.params.id);
      return reply.status(204).send();
    },
  );
}

/** GET /api/subscriptions/:id/stream: changes matching a saved filter. */
function savedFilterStreamRoute(app: FastifyInstance, opts: NotificationOptions, stream: Stream): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/subscriptions/:id/stream',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['notifications'],
        summary: 'Server-sent events for new or changed events matching a saved filter',
        params: subscriptionParams,
        response: events,
      },
    },
    async (req, reply) => {
      const sub = await store.getSubscription(req.params.id);
      if (!sub) return reply.status(404).send({ error: `no subscription ${req.params.id}` });
      return stream(req, reply, sub.filter);
    },
  );
}
