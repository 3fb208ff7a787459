// The source concern: the registry of sources, their aliases and the analysts' grades of them.
import type { RegisteredSource, Reliability } from '../../model/index.js';

export interface Sources {
  listSources(): Promise<RegisteredSource[]>;
  /** Adds sources not yet registered; an analyst's grade for a known source is kept. */
  registerSources(sources: RegisteredSource[]): Promise<void>;
  gradeSource(name: string, grade: Reliability, by: string): Promise<RegisteredSource>;
}
