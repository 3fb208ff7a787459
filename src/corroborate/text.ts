// Near-duplicate text: MinHash signatures over word shingles, so wire copy reprinted by many
// outlets is recognised as one voice, and a stored claim's text costs 128 bytes to compare.
import { fold, skeleton } from '../nlp/normalize.js';

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

// Capitalised words that name no place.
const NOT_PLACES = new Set(
  (
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday ' +
    'the a an this that these those his her its their'
  ).split(' '),
);
const ARTICLE = '(?:al|el|ad|ar|as|ash|az|ez|an|at|ath|adh)';
const PLACE_WORD = new RegExp(
  `^(?:\\p{Lu}[\\p{L}\\p{M}'’-]*|${ARTICLE}-\\p{Lu}[\\p{L}\\p{M}'’-]*|${ARTICLE}|bin|ibn|abu|de|of)$`,
  'u',
);
/** A run of place words starts with a capital or a joined article ("al-Sukna"). */
const PLACE_START = new RegExp(`^(?:\\p{Lu}|${ARTICLE}-\\p{Lu})`, 'u');
// Nationalities and affiliations are written with capitals but name no place ("the Syrian desert",
// "ISIS-held territory").
const NOT_A_PLACE =
  /(?:ian|ese|ish|-held|-controlled|-backed|-led|-based|-linked|-affiliated)$|^(?:iraqi|kuwaiti|saudi|israeli|yemeni|pakistani|afghani|omani|qatari|emirati|bahraini|somali)$/;

/**
 * The places a text names after a preposition ("in Kansafra", "the town of Kafr Takharim",
 * "near Jabal al-Zawiya") or as what was hit ("shelled Ftireh"), folded, as runs of capitalised
 * words, as placeKey keys. Two reports of one event name the same places, or one names a subset
 * of the other's; two shellings the same day in one province name two villages.
 *
 * @example placeNames('Regime forces shelled the town of Kansafra in Idleb.') // keys of Idleb and Kansafra
 */
export function placeNames(text: string): string[] {
  const out = new Set<string>();
  const tokens = text.match(/[\p{L}\p{M}][\p{L}\p{M}'’-]*|[^\s\p{L}\p{M}]/gu) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    // After a preposition, or as the object of an act ("shelled Kansafra", "hit Saraqib").
    if (
      !/^(?:in|at|near|of|from|outside|around|to|into|toward|towards)$/i.test(tokens[i]!) &&
      !/^(?:[a-z]+ed|hit|struck|shot|took|seized|overran)$/.test(tokens[i]!)
    )
      continue;
    const run: string[] = [];
    let j = i + 1;
    if (/^the$/i.test(tokens[j] ?? '')) j++;
    while (j < tokens.length && PLACE_WORD.test(tokens[j]!) && run.length < 5) run.push(tokens[j++]!);
    while (run.length && !PLACE_START.test(run[run.length - 1]!)) run.pop();
    if (run.length === 0 || !PLACE_START.test(run[0]!)) continue;
    const name = fold(run.map((t) => t.replace(/['’]s$/, '')).join(' '));
    if (!NOT_PLACES.has(name) && !(run.length === 1 && NOT_A_PLACE.test(run[0]!.toLowerCase())))
      out.add(placeKey(name));
  }
  return [...out].sort();
}

/**
 * A place name reduced to its consonants, so spellings of one name meet: Deir ez-Zor, Deir Ezzor
 * and Dayr az Zawr all become "drzr".
 */
export function placeKey(name: string): string {
  const k = skeleton(fold(name))
    .replace(/[aeiouy]/g, '')
    .replace(/(.)\1+/g, '$1');
  return k === '' ? fold(name) : k;
}

/**
 * Whether two reports name different places: each names a place the other does not. Places
 * in `common` (the country and province both are coded in) do not count.
 */
export function namesDiffer(a: string[], b: string[], common: string[] = []): boolean {
  const skip = new Set(common.filter((x) => x !== '').map(placeKey));
  const x = a.filter((n) => !skip.has(n));
  const y = b.filter((n) => !skip.has(n));
  if (x.length === 0 || y.length === 0) return false;
  const setX = new Set(x);
  const setY = new Set(y);
  return x.some((n) => !setY.has(n)) && y.some((n) => !setX.has(n));
}
