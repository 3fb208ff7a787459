// Credentials at rest: passwords hashed with scrypt (checked in constant time), API tokens made
// for scripts and kept only as their SHA-256.
import {
  createHash,
  randomBytes,
  scrypt as scryptCb,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { StoreError, type ApiToken, type Store } from '../store/store.js';

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

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

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
