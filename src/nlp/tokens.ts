// Word tokens with offsets, and the small word lists the recognisers share.
import type { Span } from '../model/index.js';

export interface Token extends Span {
  /** First letter upper case, or an Arabic article glued to a capitalised word ("al-Sukna"), or Arabic script. */
  capitalised: boolean;
}

// Dotted abbreviations ("U.S.") are one token; a possessive "'s" is not part of the word.
const WORD =
  /(?:\p{Lu}\.){2,}|[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}ʿʾ]|['’‘](?![sS]\b))*(?:-[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}ʿʾ]|['’‘](?![sS]\b))*)*/gu;

const ARTICLE_PREFIX = /^(al|el|as|ash|ad|ar|az|an|at|ath|ez|es|ed|en)-\p{Lu}/u;

function isCapitalised(t: string): boolean {
  const c = t.charCodeAt(0);
  if (c >= 65 && c <= 90) return true; // A-Z, the common case, without a regular expression
  if (c >= 97 && c <= 122) return (t[2] === '-' || t[3] === '-') && ARTICLE_PREFIX.test(t); // "al-Sukna"
  if (c < 128) return false;
  return /^\p{Lu}/u.test(t) || /^\p{Script=Arabic}/u.test(t);
}

export function tokenize(text: string, offset = 0): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const t = m[0];
    out.push({
      start: offset + m.index,
      end: offset + m.index + t.length,
      text: t,
      capitalised: isCapitalised(t),
    });
  }
  return out;
}

/** Capitalised words that begin sentences or headlines but are never places. */
export const COMMON_CAPITALISED = new Set(
  `a an the this that these those it its he she they we i you his her their our but and or if as at by for from in
  into of on to with after before during following while when where since until about against between both each
  other some many most more several all any no not one two three four five six seven eight nine ten also
  however meanwhile earlier later today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
  there here what which who whom whose how why sources source according local security police army forces
  president minister ministry government officials official state news agency report reports reported said says
  mr mrs ms dr gen sheikh north south east west northern southern eastern western central
  islamic coalition observatory human rights council union party front movement brigade division
  people civilians fighters members soldiers troops residents activists protesters
  city town village province district county state capital region area airport street road square
  hospital school university mosque church market bank prison camp base checkpoint highway intersection
  valley mountain mountains river lake bridge ring molotov balad
  في على من إلى الى عن مع قصف مدينة مدينه بلدة بلده قرية قريه ريف محافظة محافظه منطقة منطقه حي شمال جنوب شرق غرب`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that begin Arabic place names ("Deir ez-Zor", "Abu Kamal") but alone name nothing. */
export const NAME_PREFIXES = new Set(
  'al el abu bin ibn um umm bab beit bayt dar tal tall ain ras jabal jebel wadi khan deir kafr tel sheikh'.split(
    ' ',
  ),
);

/** A capitalised run ending in one of these names an organisation ("Al Sham Corps", "Hamza Division"). */
export const ORGANISATION_HEADS = new Set(
  `corps division brigade brigades battalion battalions army front forces force party movement council
  committee regiment group groups faction factions unit units militia militias organization organisation
  association union federation agency ministry office bank company university school hospital church mosque
  police guard guards command`
    .split(/\s+/)
    .filter(Boolean),
);

/** Titles before a capitalised name mark it as a person. */
export const PERSON_TITLES = new Set(
  `president leader minister commander general gen spokesman spokeswoman sheikh mr mrs ms dr prime king prince
  emir mayor governor colonel col lieutenant major captain sergeant imam cleric secretary chief ambassador envoy`
    .split(/\s+/)
    .filter(Boolean),
);
