// Files the commands find beside the code: the project's own (samples, data, fixtures) and the
// evaluation data in ../shared. Resolved from this folder, in src/cli as in dist/cli.
import { fileURLToPath } from 'node:url';

/** A path inside the project, e.g. `projectPath('data/event-model.json')`. */
export const projectPath = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/** The evaluation data folder beside the project (../shared/eval), the default of every --data. */
export const sharedEval = () => fileURLToPath(new URL('../../../shared/eval', import.meta.url));
