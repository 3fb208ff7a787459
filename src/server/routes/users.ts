// Accounts (admin): users and their roles, and the API tokens scripts log in with, a user's own
// or every one.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { ROLES, StoreError, type Store } from '../../store/store.js';
import { createToken, hashPassword, MAX_TOKEN_DAYS, TOKEN_DAYS } from '../credentials.js';
import { answers, listOf, obj, ref, str } from '../schemas/index.js';

const roleSchema = { type: 'string', enum: [...ROLES] } as const;
const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', maxLength: 64 } },
} as const;
const password = { type: 'string', minLength: 12, maxLength: 1000 } as const;

export async function userRoutes(app: FastifyInstance, { store }: { store: Store }): Promise<void> {
  listUsersRoute(app, store);
  createUserRoute(app, store);
  updateUserRoute(app, store);
  issueTokenRoute(app, store);
  userTokensRoute(app, store);
  tokensRoute(app, store);
  revokeTokenRoute(app, store);
}

/** GET /api/users: the accounts. */
function listUsersRoute(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
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
}

/** POST /api/users: a new account. */
function createUserRoute(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
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
}

/** PATCH /api/users/:name: an account's role, password or standing changed. */
function updateUserRoute(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
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
}

/** POST /api/users/:name/tokens: a new API token for an account. */
function issueTokenRoute(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
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
}

/** GET /api/users/:name/tokens: an account's API tokens. */
function userTokensRoute(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
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
}

/** GET /api/tokens: every API token. */
function tokensRoute(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
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
}

/** DELETE /api/tokens/:id: an API token revoked. */
function revokeTokenRoute(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
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
