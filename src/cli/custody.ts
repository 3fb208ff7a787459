// What the chain-of-custody commands (`audit`, `backup`, `restore`) share: the engines' modules,
// PostgreSQL's address and errors, and the expected head of the log that a check holds the record to.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export const isPostgres = (db: string) => /^postgres(ql)?:\/\//.test(db);

/** The engines' modules, loaded when a command needs them rather than at every start. */
export const engines = async () => ({
  ...(await import('../store/open.js')),
  SqliteStore: (await import('../store/sqlite/sqlite-store.js')).SqliteStore,
  Database: (await import('better-sqlite3')).default,
  pg: (await import('pg')).default,
});

export const exec = promisify(execFile);
export const hidePassword = (url: string) => url.replace(/:[^:@/]*@/, ':***@');

/** A PostgreSQL location as a server address and the schema the record is in (public by default). */
export async function pgTarget(db: string): Promise<{ url: string; schema: string }> {
  const { url, schema } = (await engines()).pgLocation(db);
  return { url, schema: schema ?? 'public' };
}

export const pgError = (e: unknown) =>
  ((e as { stderr?: string }).stderr ?? (e as Error).message).trim().split('\n').slice(-3).join(' ');

export const HEAD_HELP = '--expect-head takes the "seq:hash" an earlier verify or backup printed';

export const parseHead = (head: string) => {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(head);
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
};

interface AuditLogReader {
  auditLog: (after: number, limit: number) => Promise<Array<{ seq: number; hash: string }>>;
}

/**
 * What an expected head, kept elsewhere, finds: entries cut off the end of the log, or a log
 * rewritten from some entry on (its chain is then consistent, but not the one published).
 */
export async function headProblems(store: AuditLogReader, expected: string | undefined): Promise<string[]> {
  const head = expected ? parseHead(expected) : null;
  if (!head) return [];
  const entry = (await store.auditLog(head.seq - 1, 1))[0];
  if (!entry) return [`audit entry ${head.seq}, the head expected, is missing: the log was cut short`];
  if (entry.hash !== head.hash) return [`audit entry ${head.seq} is not the entry the expected head names`];
  return [];
}

/** The log's last entry as `seq:hash` (what --expect-head takes), or "none". */
export async function lastEntry(store: AuditLogReader): Promise<string> {
  let last: { seq: number; hash: string } | undefined;
  for (let after = 0; ;) {
    const page = await store.auditLog(after, 10_000);
    if (page.length === 0) break;
    last = page[page.length - 1]!;
    after = last.seq;
  }
  return last ? `${last.seq}:${last.hash}` : 'none';
}
