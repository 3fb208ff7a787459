// One coding thread of a CoderPool: loads the resources once, then reads and extracts each document
// it is sent, telling the pool when the text is read (so that a document over its budget can still
// be stored, uncoded) and when its events are coded.
import { parentPort, workerData } from 'node:worker_threads';
import { extract } from '../extract/extract.js';
import { loadResources, type ResourcePaths, type Resources } from '../extract/resources.js';
import type { CoderMessage, Defaults } from './coder.js';
import { InputError, toDocument, type RawInput } from './read.js';

const port = parentPort!;
const say = (m: CoderMessage) => port.postMessage(m);

let res: Resources;
try {
  res = loadResources((workerData as { paths: ResourcePaths }).paths);
  say({ ready: true });
} catch (e) {
  say({ fatal: (e as Error).message });
}

port.on('message', (m: { id: number; input: RawInput; defaults: Defaults }) => {
  const { id, input, defaults } = m;
  try {
    const doc = toDocument({ ...input, bytes: new Uint8Array(input.bytes) }, defaults);
    say({ id, read: doc });
    let result;
    try {
      result = extract({ id: doc.id, text: doc.text, published: doc.published, source: doc.publisher }, res);
    } catch (e) {
      throw new InputError(doc.id, `extraction failed: ${(e as Error).message}`);
    }
    say({ id, done: { events: result.events, language: result.language, warnings: result.warnings } });
  } catch (e) {
    say({
      id,
      error: { message: (e as Error).message, where: e instanceof InputError ? e.where : undefined },
    });
  }
});
