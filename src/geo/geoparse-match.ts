// Recognition of place names in a text: runs of capitalised words (or, in Arabic, of any words)
// matched against the gazetteer at their longest known names, with the words around each name
// that qualify it, and the runs that are a person's or an organisation's name set aside.
import type { Span } from '../model/index.js';
import { mayNameAcrossScripts, placeCueBefore } from '../nlp/cross-script.js';
import { fold, stripArticles } from '../nlp/normalize.js';
import {
  COMMON_CAPITALISED,
  NAME_PREFIXES,
  ORGANISATION_HEADS,
  PERSON_TITLES,
  tokenize,
  type Token,
} from '../nlp/tokens.js';
import type { Candidate, Gazetteer } from './gazetteer.js';
import {
  CONNECTORS,
  DIRECTIONS,
  HEAD_WORDS,
  KNOWN_ACRONYMS,
  NEAR_BEFORE,
  PERSON_AFTER,
  PLACE_WORDS,
  governorOf,
  lastWord,
  ruralAround,
} from './geoparse-context.js';
import { ARABIC_WORD, toPlace, type Found } from './geoparse-found.js';
import type { Demonym, Toponym } from './geoparse.js';

export class Recogniser {
  private readonly gazetteer: Gazetteer;
  private readonly notPlaces: Set<string>;
  /** The text being read, for look-ahead from a token. */
  private currentText = '';
  /** Surnames seen in the text being read ("Kelly" after "Ryan Kelly"). */
  private readonly surnames = new Set<string>();

  constructor(gazetteer: Gazetteer, notPlaces: Set<string>) {
    this.gazetteer = gazetteer;
    this.notPlaces = notPlaces;
  }

  /** Starts reading a text: its surnames are learnt afresh when `fresh`. */
  read(text: string, fresh: boolean): void {
    this.currentText = text;
    if (fresh) this.surnames.clear();
  }

  /** The names and demonyms of every sentence of a text, after `read`. */
  recogniseAll(text: string, sentences: Span[], found: Found[], demonyms: Demonym[]): void {
    for (const sentence of sentences) this.recognise(text, this.tokens(sentence), found, demonyms);
  }

  /**
   * Single words that the rest of the text shows are not place names: a surname seen in a full
   * name ("Kelly" after "Ryan Kelly"), a common word seen in lower case ("Park" beside "park").
   */
  dropNonPlaces(text: string, found: Found[]): Found[] {
    let lowerWords: Set<string> | undefined;
    return found.filter((f) => {
      if (/\s/.test(f.span.text)) return true;
      if (this.surnames.has(f.span.text)) return false;
      const lower = f.span.text.toLowerCase();
      if (lower === f.span.text) return true;
      lowerWords ??= new Set(text.match(/\p{Ll}[\p{L}'’-]*/gu) ?? []);
      return !lowerWords.has(lower);
    });
  }

  /**
   * A sentence's words, with hyphenated compounds that are not names themselves split into their
   * parts: "US-based", "Iran-backed", "Armenia-Italy" hold names; "al-Sukna" and "Lebanon-Syria
   * border" stay whole where the gazetteer knows them.
   */
  private tokens(sentence: Span): Token[] {
    const out: Token[] = [];
    const words = tokenize(sentence.text, sentence.start);
    for (const [i, t] of words.entries()) {
      const next = words[i + 1];
      // "Lebanon-Syria border": kept whole when, with the word that heads it, it is a known name.
      const headed =
        next !== undefined &&
        HEAD_WORDS[next.text.toLowerCase()] === 'name' &&
        this.gazetteer.lookup(`${t.text} ${next.text}`).length > 0;
      if (
        !t.text.includes('-') ||
        headed ||
        /^(al|el|as|ash|ad|ar|az|an|at|ath|ez|es|ed|en)-/i.test(t.text) ||
        this.gazetteer.lookup(t.text).length > 0
      ) {
        out.push(t);
        continue;
      }
      let at = t.start;
      for (const part of t.text.split('-')) {
        if (part)
          out.push({ start: at, end: at + part.length, text: part, capitalised: /^\p{Lu}/u.test(part) });
        at += part.length + 1;
      }
    }
    return out;
  }

  private isCandidateWord(t: Token, first: boolean): boolean {
    if (!t.capitalised) return false;
    // Short all-capital words are acronyms ("US", "UN", "IS"), not place names.
    // Acronyms and words in capitals ("NATO", "CHEMICAL") are not place names, but for a few.
    if (/^\p{Lu}{2,3}$/u.test(t.text) && !KNOWN_ACRONYMS.has(t.text)) return false;
    if (/^\p{Lu}$/u.test(t.text)) return false;
    // "US dollar", "UK pound": a currency, not a place.
    if (
      KNOWN_ACRONYMS.has(t.text) &&
      /^\s+(dollars?|pounds?|sterling|euros?)\b/i.test(this.currentText.slice(t.end, t.end + 10))
    )
      return false;
    if (first && COMMON_CAPITALISED.has(t.text.toLowerCase())) return false;
    return true;
  }

  /**
   * A word that alone is no name ("West", "North", "New") but begins one the gazetteer knows whole
   * with the next word ("West Virginia", "North Carolina"): the longer name is read, not its tail.
   */
  private beginsKnownName(text: string, t: Token, next: Token | undefined): boolean {
    if (!t.capitalised || !next?.capitalised || text.slice(t.end, next.start) !== ' ') return false;
    return this.gazetteer.lookup(`${t.text} ${next.text}`).some((c) => c.matchKind === 0);
  }

  private recognise(text: string, tokens: Token[], found: Found[], demonyms: Demonym[]): void {
    let i = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      const demonymPlace = t.capitalised ? this.gazetteer.demonymPlace(t.text) : undefined;
      if (demonymPlace) {
        const cc = demonymPlace.countryCode;
        // "Lebanese border", "Syrian desert": a demonym that heads a named region is part of the name.
        const next = tokens[i + 1];
        if (next && HEAD_WORDS[next.text.toLowerCase()] === 'name') {
          const span = { start: t.start, end: next.end, text: text.slice(t.start, next.end) };
          const cands = this.gazetteer.lookup(span.text).filter((c) => c.source === 'curated');
          if (cands.length > 0) {
            found.push({
              span,
              candidates: cands,
              context: text.slice(Math.max(0, t.start - 60), t.start),
              after: text.slice(next.end, next.end + 30),
            });
            i += 2;
            continue;
          }
        }
        demonyms.push({
          span: { start: t.start, end: t.end, text: t.text },
          countryCode: cc,
          place: toPlace(demonymPlace),
        });
        i++;
        continue;
      }
      if (!this.isCandidateWord(t, true) && !this.beginsKnownName(text, t, tokens[i + 1])) {
        i++;
        continue;
      }
      // A run of capitalised words, possibly joined by articles ("Deir ez Zor", "Gulf of Aden").
      let j = i + 1;
      while (j < tokens.length) {
        const u = tokens[j]!;
        const gap = text.slice(tokens[j - 1]!.end, u.start);
        // Words of one name are joined by a space.
        if (gap !== ' ' && gap !== '') break;
        if (this.isCandidateWord(u, false)) j++;
        else if (CONNECTORS.has(u.text.toLowerCase()) && tokens[j + 1]?.capitalised) j++;
        else break;
      }
      this.matchRun(text, tokens, i, j, found);
      i = j;
    }
  }

  private matchRun(text: string, tokens: Token[], from: number, to: number, found: Found[]): void {
    const run = tokens.slice(from, to);
    if (this.rejectsRun(text, tokens, run, to)) return;
    const matches = this.namesInRun(text, tokens, run, from);
    if (this.isPersonsName(text, run, matches)) return;
    this.keepMatches(run, matches, found);
  }

  /** A run after a person's title, or one naming an actor or an armed group, holds no place. */
  private rejectsRun(text: string, tokens: Token[], run: Token[], to: number): boolean {
    const before = text.slice(Math.max(0, run[0]!.start - 60), run[0]!.start);
    const prevWord = lastWord(before);
    if (prevWord && PERSON_TITLES.has(prevWord)) return true;
    const runText = text.slice(run[0]!.start, run[run.length - 1]!.end);
    if (this.notPlaces.has(fold(runText))) return true;
    // "Al Sham Corps", "Hamza Division", "Tripoli Brigade": an organisation, not a place.
    const last = run[run.length - 1]!.text.toLowerCase();
    const next = tokens[to]?.text.toLowerCase();
    if (
      run.length >= 2 &&
      ORGANISATION_HEADS.has(last) &&
      !['university', 'school', 'hospital', 'church', 'mosque'].includes(last)
    )
      return true;
    if (
      next &&
      ORGANISATION_HEADS.has(next) &&
      [
        'corps',
        'division',
        'brigade',
        'brigades',
        'battalion',
        'regiment',
        'front',
        'army',
        'militia',
        'faction',
      ].includes(next)
    )
      return true;
    return false;
  }

  /** The run's names, longest first from each word, in order of where they start. */
  private namesInRun(text: string, tokens: Token[], run: Token[], from: number): Found[] {
    const matches: Found[] = [];
    const arabicRun = ARABIC_WORD.test(run[0]!.text);
    // Names written in Arabic first, over the whole run; then, in the words no such name took, the
    // places the gazetteer knows in Latin letters only, looked up across scripts.
    const taken = new Array<boolean>(run.length).fill(false);
    for (const acrossScripts of arabicRun ? [false, true] : [false]) {
      let k = 0;
      while (k < run.length) {
        let matched = false;
        if (taken[k]) {
          k++;
          continue;
        }
        // An Arabic run is the whole sentence (no capitals mark names): its names are looked up at
        // up to three words ("معرة النعمان", "رأس العين", "بصرى الشام"), not five, which costs
        // two lookups a word less.
        for (let len = Math.min(arabicRun ? 3 : 5, run.length - k); len >= 1; len--) {
          if (taken.slice(k, k + len).some(Boolean)) continue;
          const m = this.nameAt(text, tokens, run, from, k, len, acrossScripts, arabicRun);
          if (!m) continue;
          matches.push(m);
          taken.fill(true, k, k + len);
          k += len;
          matched = true;
          break;
        }
        if (!matched) k++;
      }
    }
    matches.sort((x, y) => x.span.start - y.span.start);
    return matches;
  }

  /** The name of `len` words at word `k` of the run, with its readings and qualifiers, if any. */
  private nameAt(
    text: string,
    tokens: Token[],
    run: Token[],
    from: number,
    k: number,
    len: number,
    acrossScripts: boolean,
    arabicRun: boolean,
  ): Found | undefined {
    const a = run[k]!;
    const b = run[k + len - 1]!;
    let end = b.end;
    const surface = text.slice(a.start, end);
    const key = fold(surface);
    if (this.notPlaces.has(key) || (len === 1 && COMMON_CAPITALISED.has(key))) return undefined;
    // "Tall", "Abu", "Tall Ad": the first word of a longer name, not a name.
    if (NAME_PREFIXES.has(stripArticles(key).replace(/ /g, ''))) return undefined;
    // Overlapping a longer actor name ("Islamic State" inside "Islamic State group") is not a place.
    if (acrossScripts && (!mayNameAcrossScripts(surface) || !placeCueBefore(tokens[from + k - 1]?.text)))
      return undefined;
    let candidates = acrossScripts
      ? this.gazetteer.lookupAcrossScripts(surface)
      : this.gazetteer.lookup(surface);
    let qualifier: Toponym['qualifier'];
    const after = tokens[from + k + len];
    const head = after && after.start - end <= 1 ? HEAD_WORDS[after.text.toLowerCase()] : undefined;
    if (head === 'name' && after) {
      const longer = this.gazetteer.lookup(text.slice(a.start, after.end));
      if (longer.length > 0) {
        candidates = longer;
        end = after.end;
      }
    } else if (head && head !== 'name') {
      qualifier = head;
    }
    if (candidates.length === 0) return undefined;
    // Part of a longer name that matched nothing ("Taal" of "Kafr Taal"): only an exact name will do.
    // (Arabic words run together without capitals, so there a part is no less a name.)
    if (len < run.length && !arabicRun && !candidates.some((c) => c.matchKind === 0)) return undefined;
    const span = { start: a.start, end, text: text.slice(a.start, end) };
    const ctx = text.slice(Math.max(0, a.start - 60), a.start);
    if (NEAR_BEFORE.test(ctx) && qualifier !== 'province') qualifier = 'near';
    if (!qualifier && /\b(town|city|village) of\s+$/i.test(ctx)) qualifier = 'town';
    // "بلدة سراقب", "قرية", "مدينة": the Arabic word for a town before the name.
    if (!qualifier && arabicRun && placeCueBefore(tokens[from + k - 1]?.text)) qualifier = 'town';
    const governor = governorOf(ctx);
    const following = text.slice(end, end + 30);
    // "ريف دمشق" is itself a division's name (Rif Dimashq): the governorate, part of it told.
    const rifName = /^ريف\s/u.test(surface);
    const rural = rifName || ruralAround(ctx, following);
    if (rifName && candidates.some((c) => c.featureCode === 'ADM1'))
      candidates = candidates.filter((c) => c.featureCode === 'ADM1');
    else if (rural) candidates = this.countryside(surface) ?? candidates;
    return { span, candidates, qualifier, governor, context: ctx, after: following, rural };
  }

  /**
   * A person's or organisation's name that merely contains a small place ("Hassan Nasrallah")
   * is not a place; a major place inside a facility's name ("Aleppo University") still is.
   * "Michael Jordan", "Ahmed Homs": given names the gazetteer does not know before a place name
   * are a person's name, and the place name is a surname for the rest of the text.
   */
  private isPersonsName(text: string, run: Token[], matches: Found[]): boolean {
    const lastWordOfRun = run[run.length - 1]!;
    if (
      run.length >= 2 &&
      run.length <= 3 &&
      PERSON_AFTER.test(text.slice(lastWordOfRun.end, lastWordOfRun.end + 30)) &&
      !PLACE_WORDS.test(lastWordOfRun.text) &&
      !PLACE_WORDS.test(run[0]!.text) &&
      matches.some((m) => m.span.start === lastWordOfRun.start && m.span.end === lastWordOfRun.end)
    ) {
      const given = run.slice(0, -1);
      if (
        given.every(
          (w) =>
            /^\p{Lu}\p{Ll}+$/u.test(w.text) &&
            !COMMON_CAPITALISED.has(w.text.toLowerCase()) &&
            !DIRECTIONS.test(w.text) &&
            !this.gazetteer
              .lookup(w.text)
              .some((c) => c.matchKind === 0 && fold(c.asciiName) === fold(w.text)) &&
            !this.gazetteer.demonymPlace(w.text),
        )
      ) {
        this.surnames.add(run[run.length - 1]!.text);
        return true;
      }
    }
    return false;
  }

  /** The run's names that are kept: all of them, or only strong ones when the run is more than its names. */
  private keepMatches(run: Token[], matches: Found[], found: Found[]): void {
    // Arabic script has no capitals, so a run of Arabic words is not a proper name: each match stands alone.
    if (matches.length > 0 && run.length >= 2 && !ARABIC_WORD.test(run[0]!.text)) {
      const covered = matches.reduce((n, m) => n + m.span.text.split(/\s+/).length, 0);
      // Two or more places side by side with nothing between ("Ryan Kelly") are a person's name.
      const sideBySide = matches.length >= 2 && matches.every((m) => !/\s/.test(m.span.text));
      if (covered < run.length || sideBySide) {
        const strong = (m: Found) =>
          m.candidates.some(
            (c) =>
              c.matchKind === 0 &&
              (['PCLI', 'ADM1', 'PPLC'].includes(c.featureCode) ||
                (c.population ?? 0) > 100_000 ||
                c.source === 'curated'),
          );
        for (const m of matches) if (strong(m)) found.push(m);
        if (sideBySide && matches.every(strong)) return; // "Greece Italy": a list missing its comma
        // "Ryan Kelly": the last word of a name that is not a place is a surname for the rest of the text.
        const last = run[run.length - 1]!;
        const lastMatch = matches.find((m) => m.span.end === last.end);
        if ((sideBySide || !lastMatch) && !(lastMatch && strong(lastMatch)) && run.length <= 3)
          this.surnames.add(last.text);
        return;
      }
    }
    found.push(...matches);
  }

  /**
   * "rural Damascus", "the Damascus countryside": a division named for a city's countryside
   * (Rif Dimashq, "Damascus Countryside"), when the gazetteer has one under that name.
   */
  private countryside(surface: string): Candidate[] | undefined {
    const arabic = ARABIC_WORD.test(surface);
    const c = this.gazetteer
      .lookup(arabic ? `ريف ${surface}` : `${surface} countryside`)
      .filter((x) => x.matchKind === 0 && x.featureClass === 'A');
    return c.length > 0 ? c : undefined;
  }
}
