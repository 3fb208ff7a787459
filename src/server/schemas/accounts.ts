// The shared schemas of who uses the record: saved filters with their webhooks, users, API tokens.
import { bool, int, obj, str, type Schema } from './build.js';

export const ACCOUNT_SCHEMAS = {
  Subscription: obj(
    {
      id: str,
      name: str,
      filter: { type: 'object', description: 'the saved event filter' },
      webhookUrl: str,
      signed: bool,
      cursor: int,
      createdAt: str,
      lastDelivery: obj({ at: str, status: str, attempts: int, error: str, events: int }),
    },
    ['id', 'name', 'filter', 'signed', 'cursor', 'createdAt'],
  ),
  User: obj(
    {
      id: str,
      name: str,
      role: { type: 'string', enum: ['viewer', 'contributor', 'analyst', 'admin'] },
      disabled: bool,
      createdAt: str,
    },
    ['id', 'name', 'role', 'disabled'],
  ),
  ApiToken: obj({ id: str, user: str, name: str, createdAt: str, expiresAt: str, revokedAt: str }, [
    'id',
    'user',
    'name',
    'createdAt',
  ]),
} satisfies Record<string, Schema>;
