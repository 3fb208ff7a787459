// Who may do what: users with roles (viewer < contributor < analyst < admin), login sessions in an
// HttpOnly cookie with a CSRF token for every unsafe request, API tokens for scripts, a rate limit
// on logging in, and each route's least role checked on every request. A wrong name and a wrong
// password get the same answer, in the same time. Hashing is in credentials.ts, the accounts'
// routes in routes/users.ts.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { ROLES, type Role, type Store, type User } from '../store/store.js';
import { hashPassword, sha256, verifyPassword } from './credentials.js';
import { answers, answersNothing, bool, obj, ref, str } from './schemas/index.js';

export { createToken, hashPassword, MAX_TOKEN_DAYS, TOKEN_DAYS, verifyPassword } from './credentials.js';

/** Checked against when the name is unknown, so that an unknown name costs what a known one does. */
let decoy: Promise<string> | undefined;

export const rank = (role: Role) => ROLES.indexOf(role);

/**
 * The role a request needs: the least role its route declares in `config.role`; a route that
 * declares none is for admins under /api/, viewers under /ogc, and public elsewhere (the web app's
 * files, the docs page). A HEAD has the options of its GET.
 */
export function roleFor(route: { url?: string; config?: { role?: Role | 'public' } }): Role | 'public' {
  const { url, config } = route;
  if (!url) return 'public';
  if (config?.role) return config.role;
  return url.startsWith('/api/') && !url.startsWith('/api/docs')
    ? 'admin'
    : url.startsWith('/ogc')
      ? 'viewer'
      : 'public';
}

export interface AuthOptions {
  store: Store;
  /** 'required': every API route but the public ones needs a user. 'off': one trusted local user. */
  mode: 'required' | 'off';
  /** How long a login lasts. */
  sessionHours?: number;
  /** Logins allowed per client address per minute. */
  loginsPerMinute?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking, when known; in open mode the local user. */
    user?: User;
  }
  interface FastifyContextConfig {
    /** The least role the route needs; 'public' needs no login. */
    role?: Role | 'public';
  }
}

/** A login's answer: the user, and the token each change must carry (empty when accounts are off). */
const SESSION = obj({ user: ref('User'), csrf: str, open: bool }, ['user', 'csrf']);

/** The single user of an open (loopback, no accounts) server. */
export const LOCAL_USER: User = { id: 'local', name: 'local', role: 'admin', disabled: false, createdAt: '' };

const COOKIE = 'obs_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who captured a document sent in by a logged-in user; undefined in open mode (the channel's name is used). */
export function capturerOf(req: FastifyRequest): string | undefined {
  return req.user && req.user !== LOCAL_USER ? req.user.name : undefined;
}

/** The name an action is recorded under: the user's, or in open mode what the request says. */
export function actorOf(req: FastifyRequest, claimed: string | undefined, fallback: string): string {
  if (req.user && req.user !== LOCAL_USER) return req.user.name;
  return claimed ?? fallback;
}

const credentials = {
  type: 'object',
  required: ['name', 'password'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    password: { type: 'string', minLength: 1, maxLength: 1000 },
  },
} as const;

export async function authRoutes(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  authenticate(app, opts);

  loginRoute(app, opts);
  sessionRoute(app, opts);
  logoutRoute(app, opts);
}

/** Who each request is (session cookie, API token, or the local user), checked against its route's role. */
function authenticate(app: FastifyInstance, opts: AuthOptions): void {
  const { store } = opts;
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (opts.mode === 'off') {
      req.user = LOCAL_USER;
      return;
    }
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const cookieToken = req.cookies[COOKIE];
    if (bearer) {
      req.user = (await store.findApiToken(sha256(bearer))) ?? undefined;
      if (!req.user) return reply.status(401).send({ error: 'the API token is not valid' });
    } else if (cookieToken) {
      const session = await store.findSession(sha256(cookieToken));
      if (session) {
        req.user = session.user;
        // A browser sends the cookie with any request it makes, even one another site asked for:
        // a change must also carry the token only this site's pages can read.
        const sent = req.headers['x-csrf-token'];
        const isLogin = req.url.startsWith('/api/session');
        if (UNSAFE.has(req.method) && !isLogin && sent !== session.csrf)
          return reply.status(403).send({ error: 'the CSRF token is missing or wrong; reload the page' });
      }
    }
    const needed = roleFor(req.routeOptions);
    if (needed === 'public') return;
    if (!req.user)
      return reply.status(401).send({ error: 'log in first (POST /api/session) or send an API token' });
    if (rank(req.user.role) < rank(needed))
      return reply.status(403).send({ error: `this needs the ${needed} role; you are ${req.user.role}` });
  });
}

/** POST /api/session: log in, rate limited; a wrong name and a wrong password answer alike. */
function loginRoute(app: FastifyInstance, opts: AuthOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  const hours = opts.sessionHours ?? 12;
  api.post(
    '/api/session',
    {
      config: { role: 'public', rateLimit: { max: opts.loginsPerMinute ?? 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['accounts'],
        summary: 'Log in: sets the session cookie, returns the user and the CSRF token',
        body: credentials,
        response: answers('Logged in: the user and the CSRF token to send with each change', SESSION),
      },
    },
    async (req, reply) => {
      if (opts.mode === 'off') return { user: LOCAL_USER, csrf: '' };
      const found = await store.findUser(req.body.name);
      decoy ??= hashPassword(randomBytes(16).toString('hex'));
      const ok = await verifyPassword(req.body.password, found?.passwordHash ?? (await decoy));
      if (!found || !ok || found.disabled) return reply.status(401).send({ error: 'wrong name or password' });
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      await store.saveSession({
        tokenHash: sha256(token),
        userId: found.id,
        csrf,
        expiresAt: new Date(Date.now() + hours * 3_600_000).toISOString(),
      });
      const { passwordHash, ...user } = found;
      void passwordHash;
      return reply
        .setCookie(COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: req.protocol === 'https',
          path: '/',
          maxAge: hours * 3600,
        })
        .send({ user, csrf });
    },
  );
}

/** GET /api/session: who is logged in. */
function sessionRoute(app: FastifyInstance, opts: AuthOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/session',
    {
      config: { role: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Who is logged in, with the CSRF token',
        response: answers('Who is logged in (open: accounts are off here)', SESSION),
      },
    },
    async (req, reply) => {
      if (opts.mode === 'off') return { user: LOCAL_USER, csrf: '', open: true };
      const token = req.cookies[COOKIE];
      const session = token ? await store.findSession(sha256(token)) : null;
      if (!session) return reply.status(401).send({ error: 'not logged in' });
      return { user: session.user, csrf: session.csrf };
    },
  );
}

/** DELETE /api/session: log out. */
function logoutRoute(app: FastifyInstance, opts: AuthOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.delete(
    '/api/session',
    {
      config: { role: 'public' },
      schema: { tags: ['accounts'], summary: 'Log out', response: answersNothing('Logged out') },
    },
    async (req, reply) => {
      const token = req.cookies[COOKIE];
      if (token) await store.deleteSession(sha256(token));
      return reply.clearCookie(COOKIE, { path: '/' }).status(204).send();
    },
  );
}
