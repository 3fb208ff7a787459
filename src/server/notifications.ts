// Routes for notifications: saved filters with optional webhooks, and server-sent-event streams of
// new and changed events, for a saved filter or for filter parameters given on the stream's URL.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../ingest/read.js';
import type { EventFilter, SavedFilter, Store } from '../store/store.js';
import type { Notice, Notifier } from './notify.js';

export interface NotificationOptions {
  store: Store;
  notifier: Notifier;
  toFilter: (q: Record<string, unknown>) => EventFilter;
  eventQuery: { properties: Record<string, unknown> };
}

/** A filter without paging: what a saved filter or a stream holds. */
function saved(f: EventFilter): SavedFilter {
  const { limit, offset, ids, ...rest } = f;
  void [limit, offset, ids];
  return rest;
}

const KEEPALIVE_MS = 15_000;

export async function notificationRoutes(app: FastifyInstance, opts: NotificationOptions): Promise<void> {
  const { store, notifier } = opts;
  const { limit, offset, ...filterProps } = opts.eventQuery.properties;
  void [limit, offset];
  const filterSchema = { type: 'object', additionalProperties: false, properties: filterProps };
  const streams = new Set<() => void>();

  // Open streams would keep the server from closing.
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });

  /** Holds the response open and writes each matching change as an SSE message. */
  async function stream(req: FastifyRequest, reply: FastifyReply, filter: SavedFilter): Promise<void> {
    const header = req.headers['last-event-id'];
    const from = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : undefined;
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
    const send = (notices: Notice[]) => {
      for (const n of notices)
        res.write(`id: ${n.cursor}\nevent: ${n.action}\ndata: ${JSON.stringify(n)}\n\n`);
    };
    const unlisten = await notifier.listen(filter, send, from);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const end = () => {
      clearInterval(keepalive);
      unlisten();
      streams.delete(end);
      if (!res.writableEnded) res.end();
    };
    streams.add(end);
    req.raw.on('close', end);
  }

  app.get<{ Querystring: Record<string, unknown> }>(
    '/api/events/stream',
    { schema: { querystring: filterSchema } },
    async (req, reply) => stream(req, reply, saved(opts.toFilter(req.query))),
  );

  app.get('/api/subscriptions', async () => ({ subscriptions: await store.listSubscriptions() }));

  app.post<{
    Body: { name: string; filter?: Record<string, unknown>; webhook_url?: string; secret?: string };
  }>(
    '/api/subscriptions',
    {
      schema: {
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

  const idParams = {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', maxLength: 100 } },
  } as const;

  app.get<{ Params: { id: string } }>(
    '/api/subscriptions/:id',
    { schema: { params: idParams } },
    async (req, reply) => {
      const sub = await store.getSubscription(req.params.id);
      if (!sub) return reply.status(404).send({ error: `no subscription ${req.params.id}` });
      return sub;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/subscriptions/:id',
    { schema: { params: idParams } },
    async (req, reply) => {
      await store.deleteSubscription(req.params.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/subscriptions/:id/stream',
    { schema: { params: idParams } },
    async (req, reply) => {
      const sub = await store.getSubscription(req.params.id);
      if (!sub) return reply.status(404).send({ error: `no subscription ${req.params.id}` });
      return stream(req, reply, sub.filter);
    },
  );
}
