// The batch loop of the stateless commands (`extract`, `geoparse`): every document given, read,
// handed on, its failure told and counted, and the batch's exit status at the end.
import { InputError, toDocument } from '../ingest/read.js';
import type { Document } from '../model/index.js';
import { documentWithOptionalDate, gatherInputs } from './inputs.js';
import { warn } from './io.js';
import { batchFailed, FailureTally } from './summary.js';

export interface DocOptions {
  input?: string;
  published?: string;
  source?: string;
}

/**
 * Runs `fn` on every readable document; returns how many were processed and what failed.
 * With `dates: 'optional'` a document without a readable publication date is still read
 * (`dated` false), its unreadable date reported.
 */
export async function eachDocument(
  files: string[],
  opts: DocOptions,
  fn: (doc: Document, dated: boolean) => void,
  dates: 'required' | 'optional' = 'required',
) {
  let ok = 0;
  const failures = new FailureTally();
  const fail = (e: Error) => {
    failures.add(e);
    warn(e);
  };
  for await (const item of gatherInputs(files, opts.input)) {
    if (item instanceof Error) {
      fail(item);
      continue;
    }
    try {
      if (dates === 'optional') {
        const { doc, dated } = documentWithOptionalDate(item, opts, warn);
        fn(doc, dated);
      } else fn(toDocument(item, opts), true);
      ok++;
    } catch (e) {
      fail(e instanceof InputError ? e : new InputError(item.id, (e as Error).message));
    }
  }
  return { ok, failures };
}

/** The end of a batch: the failures by cause, and exit status 1 by the rule in summary.ts. */
export function finish(ok: number, failures: FailureTally): void {
  if (ok + failures.total === 0)
    warn('no documents given: name files or directories, or pass --input DOCS.jsonl (- for stdin)');
  if (failures.total > 0) warn(`${ok} of ${ok + failures.total} documents processed; ${failures}`);
  if (batchFailed(ok, failures.total)) process.exitCode = 1;
}
