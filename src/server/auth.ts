// Who may do what: users with roles (viewer < contributor < analyst < admin), passwords hashed with
// scrypt, login sessions in an HttpOnly cookie with a CSRF token for every unsafe request, API
// tokens for scripts, a rate limit on logging in, and a table giving each route the least role it
// needs. A wrong name and a wrong password get the same answer, in the same time.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import rateLimit from '@fastify/rate-limit';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createHash,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { ROLES, StoreError, type ApiToken, type Role, type Store, type User } from '../store/store.js';
import { answers, answersNothing, bool, listOf, obj, ref, str } from './schemas.js';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** scrypt's cost: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s a check on this machine kind). */
const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: COST.maxmem,
  });
  return timingSafeEqual(key, expected);
}

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
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Who captured a document sent in by a logged-in user; undefined in open mode (the channel's name is used). */
export function capturerOf(req: FastifyRequest): string | undefined {
  return req.user && req.user !== LOCAL_USER ? req.user.name : undefined;
}

/** The name an action is recorded under: the user's, or in open mode what the request says. */
export function actorOf(req: FastifyRequest, claimed: string | undefined, fallback: string): string {
  if (req.user && req.user !== LOCAL_USER) return req.user.name;
  return claimed ?? fallback;
}

export async function authRoutes(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  const hours = opts.sessionHours ?? 12;
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

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

  const credentials = {
    type: 'object',
    required: ['name', 'password'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      password: { type: 'string', minLength: 1, maxLength: 1000 },
    },
  } as const;

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

  const roleSchema = { type: 'string', enum: [...ROLES] } as const;
  const nameParams = {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', maxLength: 64 } },
  } as const;
  const password = { type: 'string', minLength: 12, maxLength: 1000 } as const;

  api.get(
    '/api/users',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Every user with their role (admin)',
        response: answers('Every user', listOf('users', ref('User'))),
      },
    },
    async () => ({
      users: await store.listUsers(),
    }),
  );

  api.post(
    '/api/users',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Add a user (admin)',
        body: {
          type: 'object',
          required: ['name', 'role', 'password'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', pattern: '^[A-Za-z0-9._@-]{2,64}$' },
            role: roleSchema,
            password,
          },
        },
        response: answers('The user added', ref('User'), 201),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await store.createUser(
            { name: req.body.name, role: req.body.role, passwordHash: await hashPassword(req.body.password) },
            req.user!.name,
          ),
        ),
  );

  api.patch(
    '/api/users/:name',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Change a user’s role, password or standing (admin)',
        params: nameParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { role: roleSchema, disabled: { type: 'boolean' }, password },
        },
        response: answers('The user as changed', ref('User')),
      },
    },
    async (req) =>
      store.updateUser(
        req.params.name,
        {
          role: req.body.role,
          disabled: req.body.disabled,
          passwordHash: req.body.password ? await hashPassword(req.body.password) : undefined,
        },
        req.user!.name,
      ),
  );

  api.post(
    '/api/users/:name/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Create an API token for a user, shown once; it works for expires_days (default 90) (admin)',
        params: nameParams,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            expires_days: { type: 'integer', minimum: 1, maximum: MAX_TOKEN_DAYS, default: TOKEN_DAYS },
          },
        },
        response: answers(
          'The token, shown this once (only its hash is kept), and how it is listed',
          { allOf: [ref('ApiToken'), obj({ token: str }, ['token'])] },
          201,
        ),
      },
    },
    async (req, reply) => {
      const { token, listed } = await createToken(
        store,
        req.params.name,
        req.body.name,
        req.user!.name,
        req.body.expires_days,
      );
      // The token is shown this once; only its hash is kept.
      return reply.status(201).send({ token, ...listed });
    },
  );

  api.get(
    '/api/users/:name/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: "A user's API tokens: id, label, expiry, revocation; never the secret (admin)",
        params: nameParams,
        response: answers('The user’s tokens', listOf('tokens', ref('ApiToken'))),
      },
    },
    async (req) => {
      if (!(await store.findUser(req.params.name)))
        throw new StoreError(`no user ${req.params.name}`, 'not_found');
      return { tokens: await store.listApiTokens(req.params.name) };
    },
  );

  api.get(
    '/api/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Every API token, as listed per user (admin)',
        response: answers('Every token', listOf('tokens', ref('ApiToken'))),
      },
    },
    async () => ({ tokens: await store.listApiTokens() }),
  );

  api.delete(
    '/api/tokens/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an API token by its id (admin)',
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', maxLength: 40 } },
        },
        response: answers('The token, revoked', ref('ApiToken')),
      },
    },
    async (req) => store.revokeApiToken(req.params.id, req.user!.name),
  );
}

/** How long a new token works unless asked otherwise, and the longest it may. */
export const TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 3650;

/** A token for scripts (shown once; its hash is kept), working for `days` days. */
export async function createToken(
  store: Store,
  userName: string,
  name: string,
  by: string,
  days = TOKEN_DAYS,
): Promise<{ token: string; listed: ApiToken }> {
  const user = await store.findUser(userName);
  if (!user) throw new StoreError(`no user ${userName}`, 'not_found');
  if (!(Number.isInteger(days) && days >= 1 && days <= MAX_TOKEN_DAYS))
    throw new StoreError(`a token works for 1 to ${MAX_TOKEN_DAYS} days, not ${days}`, 'invalid');
  const token = `obs_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
  const listed = await store.saveApiToken({ tokenHash: sha256(token), userId: user.id, name, expiresAt }, by);
  return { token, listed };
}
