// The behaviour every Store engine must show, written once against the interface: one file per
// concern under store-contract/, as the Store itself is composed.
import type { Store } from '../src/store/store.js';
import { documentsContract } from './store-contract/documents.js';
import { eventQueriesContract } from './store-contract/event-queries.js';
import { placementContract } from './store-contract/placement.js';
import { editsContract } from './store-contract/edits.js';
import { aggregatesContract } from './store-contract/aggregates.js';
import { changesContract } from './store-contract/changes.js';
import { accountsContract } from './store-contract/accounts.js';
import { sourcesContract } from './store-contract/sources.js';

export { makeDocument, makeEvent } from './store-contract/fixtures.js';

/** Registers the contract tests; `open` gives a fresh, migrated, empty store each call. */
export function storeContract(engine: string, open: () => Promise<Store>): void {
  documentsContract(engine, open);
  eventQueriesContract(engine, open);
  placementContract(engine, open);
  editsContract(engine, open);
  aggregatesContract(engine, open);
  changesContract(engine, open);
  accountsContract(engine, open);
  sourcesContract(engine, open);
}
