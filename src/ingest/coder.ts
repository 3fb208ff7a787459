// Coding a document (its bytes read into text, then its events extracted) off the event loop: a
// pool of worker threads, each loading the resources once, with a time budget per document. A
// document that takes longer is stored uncoded, saying so, and its thread replaced: no report,
// however long or strange, holds up the server or a batch.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Claim } from '../model/index.js';
import { extract } from '../extract/extract.js';
import type { ResourcePaths, Resources } from '../extract/resources.js';
import type { Document } from '../model/index.js';
import { InputError, toDocument, type RawInput } from './read.js';

/** A document read and coded. */
export interface Coded {
  doc: Document;
  events: Claim[];
  /** Why something was not coded, as the extractor or the budget says it. */
  warnings: string[];
  /** Set when no events were coded because the budget ran out: the reason, for the stored record. */
  notCoded?: string;
}

export type Defaults = { published?: string; source?: string };

export interface Coder {
  code(input: RawInput, defaults?: Defaults): Promise<Coded>;
  /** Stops every thread; documents being coded fail (nothing of them was stored). */
  close(): Promise<void>;
}

/** Reads and extracts in the calling thread: for evaluations and tests, which need no budget. */
export function codeHere(input: RawInput, res: Resources, defaults: Defaults = {}): Coded {
  const doc = toDocument(input, defaults);
  try {
    const result = extract(
      { id: doc.id, text: doc.text, published: doc.published, source: doc.publisher },
      res,
    );
    doc.language = result.language;
    return { doc, events: result.events, warnings: result.warnings };
  } catch (e) {
    throw new InputError(doc.id, `extraction failed: ${(e as Error).message}`);
  }
}

/** Seconds a document may take to code, from OBSERVATORY_CODE_BUDGET or 30. */
export function defaultBudgetSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.OBSERVATORY_CODE_BUDGET);
  return s > 0 ? s : 30;
}

export interface PoolOptions {
  /** Threads coding at once (default: the cores, at most 2). */
  size?: number;
  /** Seconds a document may take (default defaultBudgetSeconds()). */
  budgetSeconds?: number;
  /** Where the threads load their resources from (the shipped files by default). */
  paths?: ResourcePaths;
  /** Start the threads now, loading their resources while the caller gets ready (default: at the first document). */
  eager?: boolean;
}

/** What a thread says back: ready, a document read, a document coded, or an error. */
export type CoderMessage =
  | { ready: true }
  | { id: number; read: Document }
  | { id: number; done: { events: Claim[]; language: string; warnings: string[] } }
  | { id: number; error: { message: string; where?: string } }
  | { fatal: string };

interface Job {
  id: number;
  input: RawInput;
  defaults: Defaults;
  resolve: (c: Coded) => void;
  reject: (e: Error) => void;
  doc?: Document;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
}

/** The thread's module: the built .js file, or under tsx (the tests) the .ts source with tsx loaded first. */
function startThread(paths: ResourcePaths): Worker {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const entry = new URL('./coder-thread.ts', self).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return new Worker(
      `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`,
      { eval: true, workerData: { paths } },
    );
  }
  return new Worker(new URL('./coder-thread.js', self), { workerData: { paths } });
}

export class CoderPool implements Coder {
  readonly size: number;
  readonly budgetSeconds: number;
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;
  private broken: string | undefined;

  constructor(private readonly opts: PoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? Math.min(2, availableParallelism()));
    this.budgetSeconds = opts.budgetSeconds ?? defaultBudgetSeconds();
    if (opts.eager) while (this.slots.length < this.size) this.spawn();
  }

  /** Documents being coded or waiting for a thread. */
  get pending(): number {
    return this.waiting.length + this.slots.filter((s) => s.job).length;
  }

  code(input: RawInput, defaults: Defaults = {}): Promise<Coded> {
    if (this.closed) return Promise.reject(new CoderStopped());
    if (this.broken) return Promise.reject(new Error(this.broken));
    return new Promise<Coded>((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, input, defaults, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.waiting.length) {
      const free = this.slots.find((s) => s.ready && !s.job);
      if (!free) {
        if (this.slots.length < this.size) this.spawn();
        return;
      }
      this.run(free, this.waiting.shift()!);
    }
  }

  private spawn(): void {
    const slot: Slot = { worker: startThread(this.opts.paths ?? {}), ready: false };
    slot.worker.unref();
    this.slots.push(slot);
    slot.worker.on('message', (m: CoderMessage) => this.onMessage(slot, m));
    slot.worker.on('error', (e) => this.lost(slot, `coding failed: ${e.message}`));
    slot.worker.on('exit', (code) => this.lost(slot, `coding failed: the coding thread ended (${code})`));
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.worker.ref(); // a document in hand keeps the process alive
    const bytes = Buffer.from(job.input.bytes);
    slot.worker.postMessage({ id: job.id, input: { ...job.input, bytes }, defaults: job.defaults });
    job.timer = setTimeout(() => this.overrun(slot, job), this.budgetSeconds * 1000);
  }

  private onMessage(slot: Slot, m: CoderMessage): void {
    if ('ready' in m) {
      slot.ready = true;
      this.dispatch();
      return;
    }
    if ('fatal' in m) {
      // The resources could not be loaded: every thread would fail the same way.
      this.broken = m.fatal;
      for (const j of this.waiting.splice(0)) j.reject(new Error(m.fatal));
      return;
    }
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    if ('read' in m) {
      job.doc = m.read;
      return;
    }
    this.finish(slot);
    if ('done' in m) {
      const doc = job.doc!;
      doc.language = m.done.language;
      job.resolve({ doc, events: m.done.events, warnings: m.done.warnings });
    } else {
      job.reject(
        m.error.where ? new InputErrorFrom(m.error.where, m.error.message) : new Error(m.error.message),
      );
    }
    this.dispatch();
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.job?.timer);
    slot.job = undefined;
    slot.worker.unref();
  }

  /** The budget ran out: the thread is stopped (a busy loop included) and another started. */
  private overrun(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    this.finish(slot);
    this.replace(slot);
    const s = this.budgetSeconds;
    if (job.doc) {
      const why = `not coded: too long to code in ${s} s`;
      job.resolve({ doc: job.doc, events: [], warnings: [why], notCoded: why });
    } else {
      const where = job.input.id;
      job.reject(new InputError(where, `could not be read within ${s} s; not stored`));
    }
    this.dispatch();
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
  }

  private lost(slot: Slot, why: string): void {
    const job = slot.job;
    this.finish(slot);
    this.replace(slot);
    job?.reject(this.closed ? new CoderStopped() : new Error(why));
    if (!this.closed) this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.waiting.splice(0)) j.reject(new CoderStopped());
    const slots = this.slots.splice(0);
    for (const s of slots) {
      const job = s.job;
      this.finish(s);
      s.worker.removeAllListeners('exit');
      job?.reject(new CoderStopped());
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/** The pool was closed (the process is stopping) while a document was being coded: nothing was stored. */
export class CoderStopped extends Error {
  constructor() {
    super('stopping: the document was not coded or stored; send it again');
    this.name = 'CoderStopped';
  }
}

/** An InputError rebuilt from a thread's message, naming the same document. */
class InputErrorFrom extends InputError {
  constructor(where: string, message: string) {
    super(where, message.startsWith(`${where}: `) ? message.slice(where.length + 2) : message);
  }
}
