// The words around a place name that tell what it is: a person's name or a place's, the head word
// after it (province, district, valley), the preposition governing it, the countryside of a division.
import type { Toponym } from './geoparse.js';

// What follows a person's name, not a place's: "Ahmed Homs told", "Michael Jordan, who".
export const PERSON_AFTER =
  /^(,\s*(who|whose)\b|\s+(said|says|told|tells|added|adds|wrote|writes|scored|asked|asks|explained|argued|noted|stated|announced|insisted|admitted|claimed|denied|urged|warned)\b)/i;
// Words that make a name a place's, not a person's ("Osney Island", "Fort Worth", "St Helena").
export const PLACE_WORDS =
  /^(island|islands|isle|hill|hills|heights|meadow|meadows|dunes|park|lake|lakes|bay|beach|creek|springs?|falls|harbou?r|point|valley|county|parish|township|city|town|village|st|saint|fort|ft|port|mount|mt|cape|san|santa|lower|upper|greater|little|great|old|new)$/i;

// Acronyms that name countries or unions in news text.
export const KNOWN_ACRONYMS = new Set([
  'US',
  'UK',
  'UAE',
  'EU',
  'USA',
  'DRC',
  'KSA',
  'U.S.',
  'U.K.',
  'U.S.A.',
  'U.A.E.',
]);

export const CONNECTORS = new Set([
  'al',
  'el',
  'ez',
  'es',
  'ed',
  'ad',
  'ar',
  'as',
  'ash',
  'az',
  'an',
  'at',
  'de',
  'du',
  'la',
  'bin',
  'ibn',
  'of',
]);
export const HEAD_WORDS: Record<string, Toponym['qualifier'] | 'name'> = {
  province: 'province',
  state: 'province',
  governorate: 'province',
  governorates: 'province',
  provinces: 'province',
  district: 'district',
  subdistrict: 'district',
  countryside: 'near',
  outskirts: 'near',
  suburbs: 'near',
  area: 'near',
  region: 'region',
  border: 'name',
  borders: 'name',
  valley: 'name',
  desert: 'name',
  mountains: 'name',
  mountain: 'name',
  crossing: 'name',
  plains: 'name',
  plain: 'name',
  city: 'town',
  town: 'town',
  village: 'town',
};
export const DIRECTIONS =
  /^(north|south|east|west|northeast|northwest|southeast|southwest|central|northern|southern|eastern|western|northeastern|northwestern|southeastern|southwestern|north-eastern|north-western|south-eastern|south-western)$/i;
export const NEAR_BEFORE =
  /\b(near|outside|around|outskirts of|vicinity of|countryside of|route to|road to|way to|road between|edge of|west of|east of|north of|south of|kilometres from|km from|miles from)\s+(the\s+)?([\p{L}-]+\s+){0,4}$/iu;
const GOVERNOR_WORDS = new Set(
  'in at near from to toward towards into reached reach reaching entered left leaving departed via through across outside around of between and on'.split(
    ' ',
  ),
);
const GOVERNOR_BEFORE =
  /\b(in|at|near|from|to|toward|towards|into|reached|reach|reaching|entered|left|leaving|departed|via|through|across|outside|around|of|between|and|on)\s+(the\s+)?([\p{L}-]+\s+){0,3}$/iu;

const RURAL_BEFORE = /\b(rural|countryside of(?: the)?)\s+$/i;
// "ريف إدلب", "بريف حلب": the countryside of a division, written before its name (with its clitics).
const ARABIC_RURAL_BEFORE = /(?:^|[^\u0600-\u06FF])[وف]?[بل]?ريف\s+$/u;
// "ريف إدلب الجنوبي", "دير الزور الشرقي": a direction after the name, as Arabic writes it.
const ARABIC_DIRECTION_AFTER =
  /^\s+(?:ال)?(?:شمالي|جنوبي|شرقي|غربي|اوسط|أوسط)(?:ة|ه)?(?:\s+(?:ال)?(?:شمالي|جنوبي|شرقي|غربي)(?:ة|ه)?)?(?![\u0600-\u06FF])/u;

/** Whether the words around a name say it is part of a division. */
export function ruralAround(context: string, after: string): boolean {
  return (
    RURAL_BEFORE.test(context) ||
    DIRECTIONS.test(lastWord(context) ?? '') ||
    /^\s+countryside\b/i.test(after) ||
    ARABIC_RURAL_BEFORE.test(context) ||
    ARABIC_DIRECTION_AFTER.test(after)
  );
}

/** The preposition or verb that governs a name: the last one within its three preceding words. */
export function governorOf(context: string): string | undefined {
  const m = GOVERNOR_BEFORE.exec(context);
  if (!m) return undefined;
  // "to depart from the": the nearest governing word, not the first one the pattern meets.
  const words = context.slice(m.index).trim().split(/\s+/);
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!.toLowerCase();
    if (GOVERNOR_WORDS.has(w)) return w;
  }
  return m[1]!.toLowerCase();
}

/** The last word of a stretch of text, lower case, without a trailing full stop. */
export function lastWord(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  let start = end;
  while (start > 0 && /[\p{L}.]/u.test(text[start - 1]!)) start--;
  return start < end ? text.slice(start, end).toLowerCase().replace(/\.$/, '') : undefined;
}
