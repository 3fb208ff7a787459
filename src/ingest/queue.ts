// The ingest work queue. On PostgreSQL it is pg-boss: documents are queued by any process and
// taken by `observatory worker` processes on any number of machines; a job a worker dies holding
// expires and is taken again. Ingestion is idempotent (a document is known by the SHA-256 of its
// bytes and stored in one transaction), so a retried job never stores anything twice. On SQLite the
// same interface runs each job at once, in process.
import PgBoss from 'pg-boss';
import type { CaptureMethod } from '../model/index.js';
import { InputError, type RawInput } from './read.js';

export const INGEST_QUEUE = 'ingest';

/** A raw input as a job carries it: bytes in base64, the rest as given. */
interface IngestJob extends Omit<RawInput, 'bytes'> {
  bytes: string;
}

export interface QueueOptions {
  /** Seconds a worker may hold a job before it is taken again. */
  jobTimeoutSeconds?: number;
  /** Tries a job gets before it is left failed. */
  retryLimit?: number;
}

export interface WorkQueue {
  enqueue(input: RawInput): Promise<void>;
  /** Takes jobs until stopped, `concurrency` at a time; `handle` throwing means try again later. */
  work(handle: (input: RawInput) => Promise<void>, concurrency: number): Promise<void>;
  /** Jobs waiting or being worked on. */
  pending(): Promise<number>;
  stop(): Promise<void>;
}

const toJob = (input: RawInput): IngestJob => ({
  ...input,
  bytes: Buffer.from(input.bytes).toString('base64'),
});
const fromJob = (job: IngestJob): RawInput => ({
  ...job,
  bytes: Buffer.from(job.bytes, 'base64'),
  captureMethod: job.captureMethod as CaptureMethod,
});

export class PgQueue implements WorkQueue {
  private readonly boss: PgBoss;
  private started: Promise<void> | undefined;
  private readonly timeout: number;
  private readonly retries: number;

  constructor(url: string, opts: QueueOptions & { schema?: string } = {}) {
    this.timeout = opts.jobTimeoutSeconds ?? 300;
    this.retries = opts.retryLimit ?? 5;
    this.boss = new PgBoss({
      connectionString: url,
      schema: opts.schema ? `${opts.schema}_queue` : 'observatory_queue',
      // Expired jobs are looked for this often, so a dead worker's job is soon taken again.
      maintenanceIntervalSeconds: Math.max(1, Math.min(30, Math.floor(this.timeout / 2))),
    });
    this.boss.on('error', () => undefined);
  }

  private async ready(): Promise<void> {
    this.started ??= (async () => {
      await this.boss.start();
      await this.boss.createQueue(INGEST_QUEUE, {
        name: INGEST_QUEUE,
        expireInSeconds: this.timeout,
        retryLimit: this.retries,
        retryDelay: 2,
        retryBackoff: true,
      });
    })();
    return this.started;
  }

  async enqueue(input: RawInput): Promise<void> {
    await this.ready();
    await this.boss.send(INGEST_QUEUE, toJob(input), {
      expireInSeconds: this.timeout,
      retryLimit: this.retries,
      retryDelay: 2,
      retryBackoff: true,
    });
  }

  private loops: Array<Promise<void>> = [];
  private stopping = false;

  /**
   * Each of `concurrency` loops takes one job, works it, marks it done (or failed, to be retried),
   * and takes the next at once; only an empty queue makes it wait before asking again.
   */
  async work(handle: (input: RawInput) => Promise<void>, concurrency: number): Promise<void> {
    await this.ready();
    const loop = async () => {
      while (!this.stopping) {
        let jobs: Array<PgBoss.Job<IngestJob>>;
        try {
          jobs = await this.boss.fetch<IngestJob>(INGEST_QUEUE, { batchSize: 1 });
        } catch {
          jobs = []; // the database away: ask again after the pause
        }
        if (jobs.length === 0) {
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        for (const job of jobs) {
          try {
            await handle(fromJob(job.data));
            await this.boss.complete(INGEST_QUEUE, job.id);
          } catch (e) {
            await this.boss
              .fail(INGEST_QUEUE, job.id, { error: (e as Error).message })
              .catch(() => undefined);
          }
        }
      }
    };
    for (let i = 0; i < concurrency; i++) this.loops.push(loop());
  }

  async pending(): Promise<number> {
    await this.ready();
    return (await this.boss.getQueueSize(INGEST_QUEUE, { before: 'completed' })) ?? 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // The jobs in hand are finished first.
    await Promise.all(this.loops);
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/** The embedded engine's queue: each job runs when it is queued, in this process. */
export class LocalQueue implements WorkQueue {
  private handle: ((input: RawInput) => Promise<void>) | undefined;

  async enqueue(input: RawInput): Promise<void> {
    if (!this.handle)
      throw new InputError(
        input.id,
        'no worker: the embedded queue runs jobs in the process that queues them',
      );
    await this.handle(input);
  }

  async work(handle: (input: RawInput) => Promise<void>): Promise<void> {
    this.handle = handle;
  }

  async pending(): Promise<number> {
    return 0;
  }

  async stop(): Promise<void> {
    this.handle = undefined;
  }
}
