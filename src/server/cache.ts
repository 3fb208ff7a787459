// Answers to the event queries, kept while the store is unchanged. Analysts of one team look at the
// same fronts and periods again and again (the map's list, its points, the timeline), and each of
// those answers is read from a million events; the store's data version (Store.dataVersion) says
// whether anything was written since, by this server or another process, so a kept answer is never
// stale. Each answer also carries an ETag built from the version, and a client that sends it back
// with If-None-Match is told 304 Not Modified without the query being run.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../store/store.js';

/** The routes whose answers depend only on the stored events and the request's URL. */
export const CACHED_ROUTES = [
  '/api/events',
  '/api/events/:id',
  '/api/events/points',
  '/api/events/grid',
  '/api/events/histogram',
  '/ogc/collections/:collectionId/items',
  '/ogc/collections/:collectionId/items/:featureId',
];

/**
 * Of the OGC collections, only the events: tracks depend on who asks (recent ones are held back
 * from some roles) and places on the gazetteer file, which the store's version does not cover.
 */
function cacheable(req: FastifyRequest): boolean {
  const params = req.params as { collectionId?: string };
  return params.collectionId === undefined || params.collectionId === 'events';
}

interface Kept {
  version: string;
  type: string;
  /** Encoded once, sent as it is on every hit. */
  body: Buffer;
}

/**
 * What one kept answer costs in memory: its body, and its key, version and type as JavaScript keeps
 * them (two bytes a character), and the map entry and objects around them. A client that asks for
 * many distinct long URLs with small answers is held to the bound like any other.
 */
const ENTRY_OVERHEAD = 200;
function footprint(key: string, k: Kept): number {
  return k.body.length + 2 * (key.length + k.version.length + k.type.length) + ENTRY_OVERHEAD;
}

/** What the cache has done, for the /health route and the benchmarks. */
export interface CacheStats {
  hits: number;
  misses: number;
  notModified: number;
  entries: number;
  bytes: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    cacheKey?: { key: string; version: string };
  }
}

export class ResponseCache {
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0, notModified: 0 };

  /** `maxBytes`: the most bytes of answers kept, the least recently used going first; 0 keeps none. */
  constructor(private readonly maxBytes: number) {}

  get(key: string, version: string): Kept | undefined {
    const k = this.kept.get(key);
    if (!k) return undefined;
    this.kept.delete(key);
    if (k.version !== version) {
      this.bytes -= footprint(key, k);
      return undefined;
    }
    this.kept.set(key, k); // the most recently used last
    return k;
  }

  set(key: string, kept: Kept): void {
    const size = footprint(key, kept);
    if (size > this.maxBytes / 4) return; // one answer may not crowd out the rest
    const old = this.kept.get(key);
    if (old) {
      this.kept.delete(key);
      this.bytes -= footprint(key, old);
    }
    this.kept.set(key, kept);
    this.bytes += size;
    for (const [k, v] of this.kept) {
      if (this.bytes <= this.maxBytes) break;
      this.kept.delete(k);
      this.bytes -= footprint(k, v);
    }
  }

  /** The bytes the kept answers take, counted afresh from what is kept (for tests and benchmarks). */
  measured(): number {
    let n = 0;
    for (const [k, v] of this.kept) n += footprint(k, v);
    return n;
  }

  summary(): CacheStats {
    return { ...this.stats, entries: this.kept.size, bytes: this.bytes };
  }
}

/** An ETag naming one answer: the host and URL it was asked at, at one data version. */
function etagOf(key: string, version: string): string {
  return `"${createHash('sha256').update(version).update('\n').update(key).digest('base64url').slice(0, 27)}"`;
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * Serves CACHED_ROUTES from a ResponseCache. The hooks run after authentication and validation,
 * so a request refused there is refused as before, and only successful JSON answers are kept.
 */
export function registerResponseCache(
  app: FastifyInstance,
  store: Store,
  cache: ResponseCache,
  /** What else an answer depends on for this request (what its role may see), '' for nothing. */
  variant: (req: FastifyRequest) => string = () => '',
): void {
  const routes = new Set(CACHED_ROUTES);
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET' || !routes.has(req.routeOptions.url ?? '') || !cacheable(req)) return;
    const version = await store.dataVersion();
    // The host is part of what an answer says (OGC links are absolute); no route here answers
    // differently by Accept, so that is not.
    const key = `${req.headers.host ?? ''} ${req.url} ${variant(req)}`;
    const etag = etagOf(key, version);
    reply.header('etag', etag);
    reply.header('cache-control', 'no-cache');
    if (matches(req.headers['if-none-match'], etag)) {
      cache.stats.notModified++;
      return reply.status(304).send();
    }
    const kept = cache.get(key, version);
    if (kept) {
      cache.stats.hits++;
      return reply.type(kept.type).send(kept.body);
    }
    cache.stats.misses++;
    req.cacheKey = { key, version };
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.cacheKey || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8');
    const body = Buffer.from(payload);
    cache.set(req.cacheKey.key, { version: req.cacheKey.version, type, body });
    return body;
  });
}
