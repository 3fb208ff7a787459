// What every answer carries and what every request must show before any route sees it. An open
// server (loopback, no accounts) is this machine's alone: a web page the local user visits may
// make the browser send it requests, so a request must name the server by its own address (no
// DNS rebinding) and a change must come from the server's own pages (no cross-site forms or
// fetches). Every answer forbids framing, inline script and content sniffing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface GuardOptions {
  /** Open mode: one trusted local user, no accounts. */
  open: boolean;
  /** The address the server listens on, which a Host header may name besides loopback's names. */
  host?: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The web app's policy: its own scripts, styles and workers only; MapLibre draws with blobs. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `host[:port]` split; undefined when it is not a host. */
function splitHost(value: string): { name: string; port?: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s]+)(?::(\d{1,5}))?$/.exec(value.trim());
  return m ? { name: m[1]!.toLowerCase(), port: m[2] ? Number(m[2]) : undefined } : undefined;
}

/** Why an open server refuses the request, or undefined when it may go on. */
export function openModeRefusal(
  req: Pick<FastifyRequest, 'method' | 'headers'> & { localPort?: number },
  servedHost: string | undefined,
): string | undefined {
  const host = splitHost(req.headers.host ?? '');
  const names = new Set(LOOPBACK);
  if (servedHost && !['0.0.0.0', '::', '[::]'].includes(servedHost)) names.add(servedHost.toLowerCase());
  const port = host?.port ?? 80;
  if (!host || !names.has(host.name) || (req.localPort !== undefined && port !== req.localPort))
    return `this server answers to its own address only (Host ${JSON.stringify(req.headers.host ?? '')} is not it)`;
  if (!UNSAFE.has(req.method)) return undefined;
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let same: boolean;
    try {
      const o = new URL(origin);
      same = (o.protocol === 'http:' || o.protocol === 'https:') && o.host === req.headers.host;
    } catch {
      same = false; // "null" and anything else that is not an origin
    }
    return same ? undefined : `a change must come from this server's own pages, not ${origin}`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none')
    return "a change must come from this server's own pages";
  return undefined; // a script or command-line client, which no web page can make send this
}

/** The first string holding a NUL character in a parsed body, as a path (`source`, `place.name`). */
export function nulIn(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'the body' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulIn(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object' && !Buffer.isBuffer(value))
    for (const [k, v] of Object.entries(value)) {
      const found = nulIn(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  return undefined;
}

export function registerGuards(app: FastifyInstance, opts: GuardOptions): void {
  // A NUL character is no text any field holds, and PostgreSQL cannot store one: refused up front,
  // the same on both engines, rather than failing deep in a query.
  app.addHook('onRequest', async (req, reply) => {
    if (/%00/.test(req.url) || req.url.includes('\u0000'))
      return reply.status(400).send({ error: 'the address holds a NUL character (%00), which no field may' });
  });
  app.addHook('preValidation', async (req, reply) => {
    const field = nulIn(req.body);
    if (field)
      return reply.status(400).send({ error: `${field}: holds a NUL character, which no field may` });
  });
  if (opts.open)
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      const why = openModeRefusal(
        { method: req.method, headers: req.headers, localPort: req.socket?.localPort },
        opts.host,
      );
      if (why) return reply.status(403).send({ error: why });
    });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    const set = reply.getHeader('content-security-policy');
    // The API's docs page brings a policy of its own; it is kept, and framing forbidden there too.
    if (set === undefined) reply.header('content-security-policy', CSP);
    else
      reply.header(
        'content-security-policy',
        /frame-ancestors/.test(String(set))
          ? String(set).replace(/frame-ancestors[^;]*/, "frame-ancestors 'none'")
          : `${String(set)}; frame-ancestors 'none'`,
      );
    return payload;
  });
}
