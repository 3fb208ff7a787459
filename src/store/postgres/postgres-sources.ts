// The source concern on PostgreSQL: the registry of sources and the analysts' grades of them.
import { entryFor } from '../audit.js';
import type { RegisteredSource, Reliability } from '../../model/index.js';
import { sourceOfRow, sourceValues } from '../rows.js';
import type { SourceRow } from '../rows.js';
import { StoreError } from '../store.js';
import type { Sources } from '../store.js';
import { queryOne, queryRows } from './postgres-connection.js';
import type { PostgresConnection } from './postgres-connection.js';

export class PostgresSources implements Sources {
  constructor(private readonly c: PostgresConnection) {}

  async listSources(): Promise<RegisteredSource[]> {
    return (await queryRows<SourceRow>(this.c.pool, 'SELECT * FROM sources ORDER BY name')).map(sourceOfRow);
  }

  async registerSources(sources: RegisteredSource[]): Promise<void> {
    await this.c.tx(async (q) => {
      for (const s of sources)
        await q.query(
          `INSERT INTO sources (name, kind, country, languages, aliases, reliability) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, country = excluded.country, languages = excluded.languages, aliases = excluded.aliases`,
          sourceValues(s),
        );
    }, false);
    this.c.forgetSources();
  }

  async gradeSource(name: string, grade: Reliability, by: string): Promise<RegisteredSource> {
    if (!/^[A-F]$/.test(grade)) throw new StoreError(`grade "${grade}": use A, B, C, D, E or F`, 'invalid');
    const canonical = (await this.c.sources()).canonical(name);
    await this.c.tx(async (q) => {
      const now = new Date().toISOString();
      const before = await queryOne<{ reliability: string }>(
        q,
        'SELECT reliability FROM sources WHERE name = $1',
        [canonical],
      );
      if (before)
        await q.query('UPDATE sources SET reliability = $1, graded_by = $2, graded_at = $3 WHERE name = $4', [
          grade,
          by,
          now,
          canonical,
        ]);
      else
        await q.query(
          "INSERT INTO sources (name, kind, reliability, graded_by, graded_at) VALUES ($1, 'unknown', $2, $3, $4)",
          [canonical, grade, by, now],
        );
      await this.c.audit(q, entryFor.sourceGraded(canonical, before?.reliability ?? null, grade, by), now);
    });
    this.c.forgetSources();
    return (await this.listSources()).find((s) => s.name === canonical)!;
  }
}
