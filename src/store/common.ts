// What the SQLite write path (events.ts) reads from before it moves beside its PostgreSQL twin:
// the row mappers now live in rows.ts, the review rules in reviews.ts, the grid's levels in filters.ts.
export { claimFromRow, eventChanges, eventColumns } from './rows.js';
export { initialStatus } from './reviews.js';
export { CELL_LEVELS } from './filters.js';
