// Parsers for the command line's option values: one for numbers, one for dates, one for choices
// (matched without regard to case), so that every bad value is refused the same way, naming the
// option (commander prefixes the message with it) and what it takes.
import { InvalidArgumentError, Option } from 'commander';
import { EVENT_TYPES, validDate } from '../model/index.js';

/**
 * A parser for a numeric option between `min` and `max` (whole numbers only unless `fractions`).
 * Example: `.option('--limit <n>', 'at most this many', numberOption(1, 1000, 'a whole number'), 100)`.
 */
export function numberOption(
  min: number,
  max: number,
  what: string,
  fractions = false,
): (value: string) => number {
  return (value) => {
    const n = value.trim() === '' ? NaN : Number(value);
    if (!Number.isFinite(n) || (!fractions && !Number.isInteger(n)) || n < min || n > max)
      throw new InvalidArgumentError(`expected ${what} ${min}-${max}`);
    return n;
  };
}

export function dateOption(value: string): string {
  if (!validDate(value)) throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  return value;
}

/**
 * A parser that takes any of `values` whatever its case ("battles" is "Battles") and gives the
 * value as written in `values`; anything else is refused with the choices.
 */
export function choice<T extends string>(values: readonly T[]): (value: string) => T {
  const byKey = new Map(values.map((v) => [v.toLowerCase(), v]));
  return (value) => {
    const found = byKey.get(value.trim().toLowerCase());
    if (found === undefined)
      throw new InvalidArgumentError(`expected one of ${values.map((v) => `"${v}"`).join(', ')}`);
    return found;
  };
}

/** An option taking one of `values` (any case); help lists them. */
export function choiceOption<T extends string>(
  flags: string,
  description: string,
  values: readonly T[],
  defaultValue?: T,
): Option {
  const o = new Option(flags, description).choices(values).argParser(choice(values));
  return defaultValue === undefined ? o : o.default(defaultValue);
}

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as Array<keyof typeof EVENT_TYPES>;
export const SUB_EVENT_TYPE_NAMES: string[] = Object.values(EVENT_TYPES).flat();

export const portOption = numberOption(0, 65535, 'a port number');
export const countOption = numberOption(1, 64, 'a whole number');
export const sizeOption = numberOption(0, 65536, 'a size in MB,', true);
export const secondsOption = numberOption(1, 86_400, 'a number of seconds');
