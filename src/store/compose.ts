// How an engine's store is made of its concerns, as Kysely's dialects are of their parts: each
// concern an object of its own (sqlite-documents.ts, postgres-documents.ts, ...) whose public
// methods the store takes on, bound to the concern, so callers see one Store.

/**
 * A base class whose instances are typed as `T` but start with nothing: an engine's store extends
 * it, then fills it with `compose`. The contract suite checks that every method is there.
 */
export function composed<T extends object>(): new () => T {
  return class {} as new () => T;
}

/**
 * Gives `target` each public method of each part, bound to the part. A name the target already
 * has, or that two parts share, is a mistake in the composition and is refused.
 */
export function compose(target: object, ...parts: object[]): void {
  for (const part of parts)
    for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(part))) {
      if (name === 'constructor') continue;
      const method = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(part), name)?.value as unknown;
      if (typeof method !== 'function') continue;
      if (name in target) throw new Error(`${name} is composed twice into ${target.constructor.name}`);
      Object.defineProperty(target, name, {
        value: (method as (...args: unknown[]) => unknown).bind(part),
        writable: true,
        configurable: true,
      });
    }
}
