// The source concern on SQLite: the registry of sources and the analysts' grades of them.
import { entryFor } from '../audit.js';
import type { RegisteredSource, Reliability } from '../../model/index.js';
import { sourceOfRow, sourceValues } from '../rows.js';
import type { SourceRow } from '../rows.js';
import { StoreError } from '../store.js';
import type { Sources } from '../store.js';
import type { SqliteConnection } from './sqlite-connection.js';

export class SqliteSources implements Sources {
  constructor(private readonly c: SqliteConnection) {}

  async listSources(): Promise<RegisteredSource[]> {
    return (this.c.db.prepare('SELECT * FROM sources ORDER BY name').all() as SourceRow[]).map(sourceOfRow);
  }

  async registerSources(sources: RegisteredSource[]): Promise<void> {
    const insert = this.c.db.prepare(
      `INSERT INTO sources (name, kind, country, languages, aliases, reliability) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, country = excluded.country, languages = excluded.languages, aliases = excluded.aliases`,
    );
    // Every command registers the shipped sources when it opens the record: only what differs is
    // written, so that opening takes no write lock from the processes already writing.
    const known = new Map(
      (
        this.c.db.prepare('SELECT name, kind, country, languages, aliases FROM sources').all() as SourceRow[]
      ).map((r) => [r.name, `${r.kind}\n${r.country ?? ''}\n${r.languages}\n${r.aliases}`]),
    );
    const changed = sources.filter(
      (s) =>
        known.get(s.name) !==
        `${s.kind}\n${s.country ?? ''}\n${JSON.stringify(s.languages ?? [])}\n${JSON.stringify(s.aliases)}`,
    );
    if (changed.length === 0) return;
    await this.c.write(() => {
      for (const s of changed) insert.run(...sourceValues(s));
    });
    this.c.forgetSources();
  }

  async gradeSource(name: string, grade: Reliability, by: string): Promise<RegisteredSource> {
    if (!/^[A-F]$/.test(grade)) throw new StoreError(`grade "${grade}": use A, B, C, D, E or F`, 'invalid');
    const canonical = this.c.sources().canonical(name);
    const now = new Date().toISOString();
    await this.c.write(() => {
      const before = this.c.db.prepare('SELECT reliability FROM sources WHERE name = ?').get(canonical) as
        { reliability: string } | undefined;
      if (before) {
        this.c.db
          .prepare('UPDATE sources SET reliability = ?, graded_by = ?, graded_at = ? WHERE name = ?')
          .run(grade, by, now, canonical);
      } else {
        // A source only ever seen in reports (a newspaper, an unnamed official) can be graded too.
        this.c.db
          .prepare(
            "INSERT INTO sources (name, kind, reliability, graded_by, graded_at) VALUES (?, 'unknown', ?, ?, ?)",
          )
          .run(canonical, grade, by, now);
      }
      this.c.audit(entryFor.sourceGraded(canonical, before?.reliability ?? null, grade, by), now);
    });
    this.c.forgetSources();
    return (await this.listSources()).find((s) => s.name === canonical)!;
  }
}
