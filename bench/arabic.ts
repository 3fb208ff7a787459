// Arabic against English per document: the project's Arabic bulletins (eval/arabic) and its
// English sentences written for the coder (data/coder-sentences.jsonl), each coded end to end
// with the shipped model, interleaved in rounds so both see the same machine load. Prints
// milliseconds per document and per 100 characters; not a test.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extract } from '../src/extract/extract.js';
import { loadResources } from '../src/extract/resources.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const lines = (p: string) =>
  readFileSync(`${root}/${p}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);
const arabic = lines('eval/arabic/bulletins.jsonl');
const english = lines('data/coder-sentences.jsonl');
const res = loadResources();
const code = (texts: string[]) => {
  const t = performance.now();
  texts.forEach((text, i) => extract({ id: String(i), text, published: '2024-10-14' }, res));
  return performance.now() - t;
};
code(arabic);
code(english); // warm
const rounds = 5;
let ar = 0;
let en = 0;
for (let r = 0; r < rounds; r++) {
  ar += code(arabic);
  en += code(english);
}
const chars = (xs: string[]) => xs.reduce((n, x) => n + x.length, 0);
const perDoc = (ms: number, xs: string[]) => ms / rounds / xs.length;
const per100 = (ms: number, xs: string[]) => (100 * ms) / rounds / chars(xs);
console.log(`| set | documents | mean characters | ms per document | ms per 100 characters |`);
console.log(`|---|---|---|---|---|`);
for (const [name, ms, xs] of [
  ['Arabic bulletins', ar, arabic],
  ['English written sentences', en, english],
] as const)
  console.log(
    `| ${name} | ${xs.length} | ${(chars(xs) / xs.length).toFixed(0)} | ${perDoc(ms, xs).toFixed(2)} | ${per100(ms, xs).toFixed(2)} |`,
  );
console.log(`\nArabic / English per document: ${(perDoc(ar, arabic) / perDoc(en, english)).toFixed(2)}`);
