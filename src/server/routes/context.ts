// What app.ts gives each route module: the record, the resources, and the policies a request is
// answered under.
import type { Resources } from '../../extract/resources.js';
import type { Coder } from '../../ingest/coder.js';
import type { EventFilter, Store } from '../../store/store.js';
import type { ContactCipher } from '../contacts.js';
import type { HoldPolicy } from '../hold.js';
import type { EventQuery } from '../query.js';

export interface RouteContext {
  store: Store;
  resources: Resources;
  /** An event filter from the query string, place names widened to their other spellings. */
  toFilter: (q: EventQuery | Record<string, unknown>) => EventFilter;
  /** What each request may see of movements held back. */
  hold: HoldPolicy;
  /** Reads and codes the documents sent in (threads with a time budget). */
  coder: Coder;
  /** Encrypts field contacts; without it, a submission with contact details is refused. */
  contacts?: ContactCipher;
  /** The local gazetteer layer analysts' places are added to; omitted, none is written. */
  analystLayer?: string;
}

/** Path parameters of a route about one thing by its id. */
export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 100 } },
  required: ['id'],
} as const;

/** A day as the API takes it, YYYY-MM-DD. */
export const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
