// The pool a PostgreSQL record is reached through, every connection in the record's schema, and
// what every concern shares over it: queries by rows, positional parameters, the source registry,
// audit entries, an event's current id, and the store's transactions and event refresh.
import pg from 'pg';
import { StoreError } from '../store.js';
import type { HistoryEntry } from '../store.js';
import { registryOf } from '../rows.js';
import type { SourceRegistry, SourceRow } from '../rows.js';
import type { AuditInput } from '../audit.js';
import { appendAudit } from './postgres-audit.js';

/** What a query runs on: the pool, or the client of a transaction. */
export type Q = pg.PoolClient | pg.Pool;

/** Positional parameters ($1, $2, ...) gathered as a query is built. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export async function queryRows<T>(q: Q, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await q.query(sql, params)).rows as T[];
}

export async function queryOne<T>(q: Q, sql: string, params: unknown[] = []): Promise<T | undefined> {
  return (await queryRows<T>(q, sql, params))[0];
}

/** A schema name safe to interpolate. */
function schemaName(s: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(s))
    throw new StoreError(`schema "${s}": use lower-case letters, digits and _`);
  return s;
}

/**
 * Runs `fn` in one transaction; with `lock` (the default), holding the record's lock exclusively, so
 * no placement (which holds it shared) runs beside it.
 */
export type Transaction = <T>(fn: (q: pg.PoolClient) => Promise<T>, lock?: boolean) => Promise<T>;
/** Recomputes an event from its claims and corrections, and records why in its history. */
export type Refresh = (
  q: pg.PoolClient,
  eventId: string,
  cause: { action: HistoryEntry['action']; by?: string },
  now: string,
) => Promise<void>;

export class PostgresConnection {
  readonly pool: pg.Pool;
  readonly schema: string | undefined;
  private registry: SourceRegistry | null = null;

  /** `tx` and `refresh` are the store's: the write path owns the lock and the recomputation. */
  constructor(
    readonly url: string,
    opts: { schema?: string; max?: number },
    readonly tx: Transaction,
    readonly refresh: Refresh,
  ) {
    // Every connection works in the record's schema; migrate() creates it.
    this.schema = opts.schema ? schemaName(opts.schema) : undefined;
    this.pool = new pg.Pool({
      connectionString: url,
      max: opts.max ?? 10,
      // No JIT compilation: the store's queries are short, and a plan whose estimated cost is high
      // (a full-text filter with an OR) would spend hundreds of milliseconds compiling.
      options: `-c jit=off${this.schema ? ` -c search_path=${this.schema}` : ''}`,
    });
    // An idle client that loses its server (a restart) is dropped, not thrown.
    this.pool.on('error', () => undefined);
  }

  /** Where it is, with any password hidden. */
  get where(): string {
    return this.url.replace(/:[^:@/]*@/, ':***@');
  }

  /** The registered sources' grades and the names they are known by, read once until they change. */
  async sources(q: Q = this.pool): Promise<SourceRegistry> {
    this.registry ??= registryOf(await queryRows<SourceRow>(q, 'SELECT * FROM sources'));
    return this.registry;
  }

  /** After sources were registered or graded: the registry is read again when next needed. */
  forgetSources(): void {
    this.registry = null;
  }

  /** Appends an entry to the audit log; call inside the transaction that makes the change. */
  audit(q: Q, input: AuditInput, at = new Date().toISOString()): Promise<void> {
    return appendAudit(q, input, at);
  }

  /** The id an event answers under now (an event merged away answers under the one it joined). */
  async resolveId(id: string, q: Q = this.pool): Promise<string> {
    let current = id;
    for (let i = 0; i < 10; i++) {
      const a = await queryOne<{ new_id: string }>(q, 'SELECT new_id FROM event_aliases WHERE old_id = $1', [
        current,
      ]);
      if (!a) break;
      current = a.new_id;
    }
    return current;
  }
}
