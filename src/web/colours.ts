// What the page names and colours the same way everywhere: ACLED's types, sub-types and actor types.
import { EVENT_TYPES } from '../model/index.js';

export const TYPE_COLOURS: Record<string, string> = {
  Battles: '#c0392b',
  'Violence against civilians': '#8e44ad',
  'Explosions/Remote violence': '#d35400',
  Protests: '#2980b9',
  Riots: '#16a085',
  'Strategic developments': '#7f8c8d',
};

/** ACLED's sub-event types by event type, from the model every stage speaks. */
export const SUB_TYPES: Record<string, readonly string[]> = EVENT_TYPES;

/** ACLED's actor types (inter1, inter2), by code. */
export const ACTOR_TYPES: Record<number, string> = {
  0: 'none',
  1: 'state forces',
  2: 'rebel groups',
  3: 'political militias',
  4: 'identity militias',
  5: 'rioters',
  6: 'protesters',
  7: 'civilians',
  8: 'external/other forces',
};

/** An interaction code in words: 12 is "state forces v. rebel groups". */
export function interactionName(code: number): string {
  const a = Math.floor(code / 10);
  const b = code % 10;
  if (b === 0) return `${ACTOR_TYPES[a] ?? a} alone`;
  return `${ACTOR_TYPES[a] ?? a} v. ${ACTOR_TYPES[b] ?? b}`;
}
