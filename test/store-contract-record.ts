// The Store contract for what analysts filter and decide by, written once against the interface:
// places, fatalities, interaction, review status, words with OR and spellings, sorting, facets,
// review decisions checked against the version seen, undo, imported rows arriving accepted.
import type { Store } from '../src/store/store.js';
import { importedQueriesContract } from './store-contract/event-queries.js';
import { importedEditsContract } from './store-contract/edits.js';

export function recordContract(engine: string, open: () => Promise<Store>): void {
  importedQueriesContract(engine, open);
  importedEditsContract(engine, open);
}
