// Field contacts' identities and details, encrypted at rest (AES-256-GCM) with a key kept apart from
// the database: from OBSERVATORY_KEY (32 bytes, base64 or hex), OBSERVATORY_KEY_FILE, or beside an
// embedded database as <db>.key, made on first use readable by its owner only. Only admins can read
// them back; they are never in an export, a log or any other route.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export class ContactCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the contact key must be 32 bytes');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
  }

  /** The details, or an error if the stored text was not written with this key (or was altered). */
  decrypt(stored: string): string {
    const [version, iv, tag, body] = stored.split(':');
    if (version !== 'v1' || !iv || !tag || body === undefined)
      throw new Error('not an encrypted contact (stored before encryption, or altered)');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}

function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${where}: the contact key must be 32 bytes, in base64 or hex`);
  return key;
}

/**
 * The key contacts are encrypted with: the environment's, else the file it names, else (for an
 * embedded database) `<db>.key`, made if missing. Undefined when there is none to be had: contacts
 * are then refused rather than kept in clear.
 */
export function contactKey(env: NodeJS.ProcessEnv, db: string): Buffer | undefined {
  if (env.OBSERVATORY_KEY) return parseKey(env.OBSERVATORY_KEY, 'OBSERVATORY_KEY');
  if (env.OBSERVATORY_KEY_FILE)
    return parseKey(readFileSync(env.OBSERVATORY_KEY_FILE, 'utf8'), env.OBSERVATORY_KEY_FILE);
  if (/^postgres(ql)?:\/\//.test(db)) return undefined;
  const path = `${db}.key`;
  if (!existsSync(path))
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return parseKey(readFileSync(path, 'utf8'), path);
}
