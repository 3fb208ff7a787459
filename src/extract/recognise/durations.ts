// "for two weeks", "for 10 days": how long something lasted, in days.
import type { Recogniser } from '../sentence.js';
import { parseNumber } from './counts.js';

const DURATION_UNITS: Record<string, number> = { day: 1, week: 7, month: 30, year: 365 };

export function findDuration(sentence: string): { text: string; days: number } | undefined {
  const m =
    /\b(?:for|over|during) (?:the (?:past|last) )?(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few) (day|week|month|year)s?\b/i.exec(
      sentence,
    );
  if (!m) return undefined;
  // A vague "several" or "a few" weeks is three, not ACLED's ten for casualty counts.
  const n = /^(several|a few)$/i.test(m[1]!) ? 3 : (parseNumber(m[1]!)?.[0] ?? 1);
  return { text: m[0], days: n * DURATION_UNITS[m[2]!.toLowerCase()]! };
}

export const durations: Recogniser = (s) => {
  s.duration = findDuration(s.span.text);
};
