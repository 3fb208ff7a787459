// How the chain-of-custody checks compare what is stored with what an audit entry recorded: digests,
// values as either engine returns them, and values as a problem names them.
import { createHash } from 'node:crypto';

/** SHA-256 in hex, what the entries record of bytes, text, hashes and contacts. */
export const sha = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');
/** Values as both engines return them, compared as text: 36.4 and "36.4" are one value. */
export const same = (a: unknown, b: unknown) =>
  (a === null || a === undefined ? null : String(a)) === (b === null || b === undefined ? null : String(b));
export const shown = (v: unknown) => (v === null || v === undefined ? '(none)' : JSON.stringify(v));
