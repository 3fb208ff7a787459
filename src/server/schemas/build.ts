// The building blocks the API's schemas are written with: the JSON Schema types, an object with
// its required keys, a list under one key, and a reference to a shared schema by its `$id`.
import type { SchemaId } from './index.js';

export type Schema = Record<string, unknown>;

/** A reference to a shared schema, by its `$id`. */
export const ref = (id: SchemaId): Schema => ({ $ref: `${id}#` });

export const str = { type: 'string' } as const;
export const int = { type: 'integer' } as const;
export const num = { type: 'number' } as const;
export const bool = { type: 'boolean' } as const;
export const strings = { type: 'array', items: str } as const;
export const nullable = (type: string, extra: Schema = {}) => ({ type: [type, 'null'], ...extra });
export const obj = (properties: Schema, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  properties,
  ...(required.length ? { required } : {}),
  ...extra,
});
export const list = (key: string, items: Schema, description?: string): Schema =>
  obj({ [key]: { type: 'array', items, ...(description ? { description } : {}) } }, [key]);
