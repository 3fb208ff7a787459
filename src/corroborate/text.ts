// Near-duplicate text: MinHash signatures over word shingles, so wire copy reprinted by many
// outlets is recognised as one voice, and a stored claim's text costs 128 bytes to compare.
import { fold } from '../nlp/normalize.js';

/** Hash functions in a signature; the similarity estimate's error is about 1/sqrt(SIZE). */
export const SIGNATURE_SIZE = 32;
const SHINGLE = 3;

// Odd multipliers and offsets for h_i(x) = a_i * x + b_i (mod 2^32), fixed so signatures stored
// today compare with signatures computed tomorrow.
const A = new Uint32Array(SIGNATURE_SIZE);
const B = new Uint32Array(SIGNATURE_SIZE);
{
  let s = 0x9e3779b9;
  const next = () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  for (let i = 0; i < SIGNATURE_SIZE; i++) {
    A[i] = next() | 1;
    B[i] = next();
  }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Words folded to plain lower-case letters and digits. */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Hashes of the overlapping three-word runs of a text (one per word for texts under three words). */
export function shingles(text: string): Set<number> {
  const w = words(text);
  const out = new Set<number>();
  if (w.length < SHINGLE) {
    for (const x of w) out.add(fnv1a(x));
    return out;
  }
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(fnv1a(w.slice(i, i + SHINGLE).join(' ')));
  return out;
}

/**
 * The MinHash signature of a text: for each of SIGNATURE_SIZE hash functions, the smallest hash of
 * any shingle. Two signatures agree in a position with probability equal to the texts' Jaccard
 * similarity. An empty text gets all-ones, which agrees with nothing real.
 *
 * @example similarity(signature('the convoy left Qalamoun'), signature('the convoy left Qalamoun')) === 1
 */
export function signature(text: string): Uint32Array {
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const x of shingles(text)) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const h = (Math.imul(A[i]!, x) + B[i]!) >>> 0;
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of the texts behind two signatures, 0..1. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) same++;
  return same / SIGNATURE_SIZE;
}

export function signatureToBuffer(sig: Uint32Array): Buffer {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength);
}

export function signatureFromBuffer(buf: Uint8Array): Uint32Array {
  const copy = new Uint8Array(buf); // aligned copy
  return new Uint32Array(copy.buffer, 0, SIGNATURE_SIZE);
}
