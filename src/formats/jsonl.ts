// JSON Lines (https://jsonlines.org), the CLI's default output: one document's extraction per line.

import type { Claim } from '../model/index.js';

/**
 * One line of `observatory extract --format jsonl`, without its newline: the document's id, the
 * language it was read in when one was detected, and its events with their evidence.
 *
 * @example jsonlLine('report-1', events, 'en') // '{"doc_id":"report-1","language":"en","events":[…]}'
 */
export function jsonlLine(docId: string, events: Claim[], language?: string): string {
  return JSON.stringify(language ? { doc_id: docId, language, events } : { doc_id: docId, events });
}
