// The types every pipeline stage speaks, one noun per file; this file only gathers them so a
// stage imports `model/index.js`. ACLED's columns keep ACLED's snake_case names, so a coded event
// can be written out as an ACLED row without renaming; the project's own fields are camelCase.
export * from './span.js';
export * from './document.js';
export * from './acled.js';
export * from './source.js';
export * from './actor.js';
export * from './place.js';
export * from './claim.js';
export * from './event.js';
export * from './review.js';
export * from './track.js';
export * from './agreement.js';
