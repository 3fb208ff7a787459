// Which language a document is in, so text the extractor cannot read is reported, not mis-coded.
import { franc } from 'franc-min';

const ENGLISH_FUNCTION_WORDS = new Set(
  'the of and to in a is was were that on for with by at from as it its an be has have had said are this which after'.split(
    ' ',
  ),
);

export interface LanguageGuess {
  /** ISO 639-3 code ("eng", "arb", "tur"), or "und" when the text is too short to tell. */
  code: string;
  /** Share of words that are common English function words. */
  englishShare: number;
}

/**
 * English is recognised by its function words, which is reliable even for one short sentence;
 * anything else is named by franc (trigram statistics) on the first few thousand characters.
 */
export function detectLanguage(text: string): LanguageGuess {
  const sample = text.slice(0, 3000);
  const words = sample.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  const english = words.filter((w) => ENGLISH_FUNCTION_WORDS.has(w)).length;
  const englishShare = words.length ? english / words.length : 0;
  if (englishShare >= 0.08) return { code: 'eng', englishShare };
  if (sample.replace(/\s+/g, '').length < 20) return { code: 'und', englishShare };
  return { code: franc(sample, { minLength: 10 }), englishShare };
}
