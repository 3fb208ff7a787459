// Which language a document is in, so text the extractor cannot read is reported, not mis-coded.
import { franc } from 'franc-min';
import { arabicShare, detectMojibake, looksArabizi, scriptLanguage } from './arabic.js';

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

const SCRIPT_CODES = { persian: 'fas', urdu: 'urd', kurdish: 'ckb' } as const;

/**
 * The language a document is coded in ("eng", "arb", or "mixed" for a bilingual text), or why
 * it is not coded: another language, Persian, Urdu or Kurdish in Arabic script, Arabizi, or an
 * encoding read wrongly. `arabic` says whether the Arabic lexicons are loaded.
 */
export function readableLanguage(text: string, arabic: boolean): { language: string; refusal?: string } {
  const mojibake = detectMojibake(text);
  if (mojibake)
    return {
      language: 'und',
      refusal: `the text looks like Arabic in a broken encoding (${mojibake.encoding}); no events were coded: read the file again with the right encoding`,
    };
  const share = arabicShare(text.slice(0, 5000));
  if (share > 0.05) {
    const script = scriptLanguage(text);
    if (script !== 'arabic' && share > 0.5)
      return {
        language: SCRIPT_CODES[script],
        refusal: `the text is ${script[0]!.toUpperCase()}${script.slice(1)} in Arabic script, not Arabic; the extractor reads English and Arabic only, so no events were coded`,
      };
    if (!arabic)
      return {
        language: share > 0.5 ? 'arb' : 'mixed',
        refusal: 'Arabic text and no Arabic lexicons loaded; no events were coded',
      };
    if (share > 0.5) return { language: 'arb' };
    const english = detectLanguage(text.replace(/[\u0600-\u06FF]+/g, ' '));
    if (english.code === 'eng' || english.code === 'und') return { language: 'mixed' };
    return {
      language: english.code,
      refusal: `language "${english.code}" detected beside Arabic; the extractor reads English and Arabic only, so no events were coded`,
    };
  }
  const guess = detectLanguage(text);
  if (guess.code === 'eng' || guess.code === 'und') return { language: guess.code };
  if (looksArabizi(text))
    return {
      language: 'arabizi',
      refusal:
        'the text looks like Arabic written in Latin letters (Arabizi), which the extractor does not read; no events were coded',
    };
  return {
    language: guess.code,
    refusal: `language "${guess.code}" detected; the extractor reads English and Arabic only, so no events were coded`,
  };
}
