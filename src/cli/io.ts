// What every command writes and reads first: its output, its warnings, and the resources
// (gazetteer, actors, rules, model) that coding and resolving need.
import { loadResources, type Resources } from '../extract/resources.js';

export const out = (s: string): void => {
  process.stdout.write(s);
};

export const warn = (e: Error | string): void => {
  process.stderr.write(`observatory: ${typeof e === 'string' ? e : e.message}\n`);
};

/** The shipped resources; a command cannot go on without them, so a failure exits 2. */
export function load(): Resources {
  try {
    return loadResources();
  } catch (e) {
    warn(e as Error);
    process.exit(2);
  }
}
