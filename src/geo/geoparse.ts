// Finds place names in raw text and resolves them against the gazetteer, using the whole
// document as context: countries in focus, places already resolved, the words around a name.
import type { GeoPrecision, Place, Span } from '../model/index.js';
import { mayNameAcrossScripts, placeCueBefore } from '../nlp/cross-script.js';
import { fold, skeleton, stripArticles } from '../nlp/normalize.js';
import { splitSentences } from '../nlp/sentences.js';
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
import { MAJOR, factsOf, roughKm, shippedWeights } from './geoparse-prior.js';
import { FEATURE_COUNT, FEATURE_INDEX as F, scoreOf } from './resolver.js';

/** A place name found in the text and what it resolved to. */
export interface Toponym {
  span: Span;
  place: Place;
  /** The coarsest precision the reference supports: a province is 3, "near X" or a valley is 2. */
  precision: GeoPrecision;
  /** 0..1: how sure the resolution is, from the score margin over the next candidate. */
  confidence: number;
  /** The resolver's score of the chosen reading and its lead over the next one (for calibration). */
  score: number;
  margin: number;
  /** Words around the name that qualify it ("province", "outskirts", "the route to"). */
  qualifier?: 'province' | 'district' | 'near' | 'region' | 'town';
  /** The preposition or verb that governs it ("in", "from", "to", "reached"), lower case. */
  governor?: string;
  featureClass: string;
  /** With `explain`: the readings weighed, best first, with their scores. */
  candidates?: ScoredCandidate[];
}

/** A reading the resolver weighed for a name, and its score. */
export interface ScoredCandidate {
  place: Place;
  featureClass: string;
  source: string;
  score: number;
}

const ARABIC_WORD = /^\p{Script=Arabic}/u;

/** How many readings `explain` keeps per name. */
const EXPLAINED = 10;

export interface ParseOptions {
  /** Countries the document is known to be about (from its sources), one vote each. */
  countryHints?: string[];
  /** Keep each toponym's weighed readings with their scores (`geoparse --explain`). */
  explain?: boolean;
}

/** A nationality word ("Syrian", "European"): it says what a text is about, not where something happened. */
export interface Demonym {
  span: Span;
  /** Empty for a region's adjective. */
  countryCode: string;
  place: Place;
}

export interface GeoparseResult {
  toponyms: Toponym[];
  demonyms: Demonym[];
  /** Country codes by weight of evidence, heaviest first. */
  focus: string[];
}

export interface GeoparserOptions {
  gazetteer: Gazetteer;
  /** Names of actors and sources that look like places but are not ("Hezbollah", "Islamic State"). */
  notPlaces?: Iterable<string>;
  /** ISO codes of the countries monitored; a weak prior when nothing else decides. */
  focusCountries?: Iterable<string>;
  /** Logistic weights turning score and margin into a probability of being right (data/geo-calibration.json). */
  calibration?: Calibration;
  /** The resolver's feature weights (data/geo-resolver.json); the hand-set ones by default. */
  weights?: number[];
}

/** confidence = 1 / (1 + exp(-(bias + margin * m + score * s))), fitted by `observatory eval geo --calibrate`. */
export interface Calibration {
  bias: number;
  margin: number;
  score: number;
}

export const DEFAULT_CALIBRATION: Calibration = { bias: -2, margin: 1.5, score: 1 };

interface Found {
  span: Span;
  candidates: Candidate[];
  qualifier?: Toponym['qualifier'];
  governor?: string;
  /** Up to 60 characters before the name, and 30 after it. */
  context: string;
  after: string;
  /** Part of a division: "the Idlib countryside", "rural Damascus", "eastern Deir ez-Zor". */
  rural?: boolean;
}

/** A name's readings as the resolver saw them (training the model). */
export type ReadingsCollector = (
  found: { span: Span },
  readings: Array<{ c: Candidate; x: Float64Array }>,
) => void;

/** The Place part of a gazetteer candidate. */
function toPlace(c: Candidate): Place {
  const {
    matchKind: _m,
    precision: _p,
    featureClass: _f,
    source: _s,
    seen: _n,
    layer: _l,
    nameAr: _a,
    ...place
  } = c;
  return place;
}

export class Geoparser {
  private readonly gazetteer: Gazetteer;
  private readonly notPlaces: Set<string>;
  private readonly focusCountries: Set<string>;
  private readonly calibration: Calibration;
  /** The text being read, for look-ahead from a token. */
  private currentText = '';
  /** Surnames seen in the text being read ("Kelly" after "Ryan Kelly"). */
  private readonly surnames = new Set<string>();

  private readonly options: GeoparserOptions;
  private readonly weights: number[];

  constructor(options: GeoparserOptions) {
    this.options = options;
    this.weights = options.weights ?? shippedWeights();
    this.gazetteer = options.gazetteer;
    this.focusCountries = new Set(options.focusCountries ?? []);
    this.calibration = options.calibration ?? DEFAULT_CALIBRATION;
    this.notPlaces = new Set([...(options.notPlaces ?? [])].map((n) => fold(n)));
  }

  /** The same geoparser over another gazetteer (an evaluation's fold, the gazetteer before a layer). */
  withGazetteer(gazetteer: Gazetteer): Geoparser {
    return new Geoparser({ ...this.options, gazetteer });
  }

  /** The same geoparser with other resolver weights (k-fold training and scoring). */
  withWeights(weights: number[]): Geoparser {
    return new Geoparser({ ...this.options, weights });
  }

  /** Whether a country is one the deployment monitors. */
  monitors(countryCode: string): boolean {
    return this.focusCountries.has(countryCode);
  }

  /** The confidence weights in use. */
  calibrationWeights(): Calibration {
    return { ...this.calibration };
  }

  /** `countryHints`: countries the document is known to be about (from its sources), one vote each. */
  parse(text: string, hints: string[] | ParseOptions = []): GeoparseResult {
    const { countryHints = [], explain = false } = Array.isArray(hints) ? { countryHints: hints } : hints;
    this.currentText = text;
    this.surnames.clear();
    const found: Found[] = [];
    const demonyms: Demonym[] = [];
    for (const sentence of splitSentences(text)) {
      this.recognise(text, this.tokens(sentence), found, demonyms);
    }
    return this.resolveAll(this.dropNonPlaces(text, found), demonyms, countryHints, explain).result;
  }

  /**
   * Single words that the rest of the text shows are not place names: a surname seen in a full
   * name ("Kelly" after "Ryan Kelly"), a common word seen in lower case ("Park" beside "park").
   */
  private dropNonPlaces(text: string, found: Found[]): Found[] {
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
    const before = text.slice(Math.max(0, run[0]!.start - 60), run[0]!.start);
    const prevWord = lastWord(before);
    if (prevWord && PERSON_TITLES.has(prevWord)) return;
    const runText = text.slice(run[0]!.start, run[run.length - 1]!.end);
    if (this.notPlaces.has(fold(runText))) return;
    // "Al Sham Corps", "Hamza Division", "Tripoli Brigade": an organisation, not a place.
    const last = run[run.length - 1]!.text.toLowerCase();
    const next = tokens[to]?.text.toLowerCase();
    if (
      run.length >= 2 &&
      ORGANISATION_HEADS.has(last) &&
      !['university', 'school', 'hospital', 'church', 'mosque'].includes(last)
    )
      return;
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
      return;
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
          const a = run[k]!;
          const b = run[k + len - 1]!;
          let end = b.end;
          const surface = text.slice(a.start, end);
          const key = fold(surface);
          if (this.notPlaces.has(key) || (len === 1 && COMMON_CAPITALISED.has(key))) continue;
          // "Tall", "Abu", "Tall Ad": the first word of a longer name, not a name.
          if (NAME_PREFIXES.has(stripArticles(key).replace(/ /g, ''))) continue;
          // Overlapping a longer actor name ("Islamic State" inside "Islamic State group") is not a place.
          if (
            acrossScripts &&
            (!mayNameAcrossScripts(surface) || !placeCueBefore(tokens[from + k - 1]?.text))
          )
            continue;
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
          if (candidates.length === 0) continue;
          // Part of a longer name that matched nothing ("Taal" of "Kafr Taal"): only an exact name will do.
          // (Arabic words run together without capitals, so there a part is no less a name.)
          if (len < run.length && !arabicRun && !candidates.some((c) => c.matchKind === 0)) continue;
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
          matches.push({ span, candidates, qualifier, governor, context: ctx, after: following, rural });
          taken.fill(true, k, k + len);
          k += len;
          matched = true;
          break;
        }
        if (!matched) k++;
      }
    }
    matches.sort((x, y) => x.span.start - y.span.start);
    // A person's or organisation's name that merely contains a small place ("Hassan Nasrallah")
    // is not a place; a major place inside a facility's name ("Aleppo University") still is.
    // "Michael Jordan", "Ahmed Homs": given names the gazetteer does not know before a place name
    // are a person's name, and the place name is a surname for the rest of the text.
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
        return;
      }
    }
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
   * Resolves given spans (gold toponyms in an evaluation, or names an analyst marked); each
   * result is the resolved toponym, or null for an explicit no-match.
   */
  resolveSpans(
    text: string,
    spans: Array<{ start: number; end: number }>,
    countryHints: string[] = [],
    collect?: (index: number, readings: Array<{ c: Candidate; x: Float64Array }>) => void,
  ): Array<Toponym | null> {
    const demonyms: Demonym[] = [];
    const found: Found[] = spans.map((sp) => {
      const surface = text.slice(sp.start, sp.end);
      const span = { start: sp.start, end: sp.end, text: surface };
      const ctx = text.slice(Math.max(0, sp.start - 60), sp.start);
      const after = /^\s*([\p{L}]+)/u.exec(text.slice(sp.end, sp.end + 30))?.[1]?.toLowerCase();
      const head = after ? HEAD_WORDS[after] : undefined;
      let qualifier: Toponym['qualifier'] = head && head !== 'name' ? head : undefined;
      if (NEAR_BEFORE.test(ctx) && qualifier !== 'province') qualifier = 'near';
      return {
        span,
        candidates: this.candidatesFor(surface),
        qualifier,
        governor: governorOf(ctx),
        context: ctx,
        after: text.slice(sp.end, sp.end + 30),
        rural: ruralAround(ctx, text.slice(sp.end, sp.end + 30)),
      };
    });
    // Other names in the text still tell which country it is about.
    this.currentText = text;
    const context: Found[] = [];
    for (const sentence of splitSentences(text))
      this.recognise(text, this.tokens(sentence), context, demonyms);
    const given = new Set(found);
    const index = new Map(found.map((f, i) => [f, i]));
    const { byFound } = this.resolveAll(
      [...found, ...context.filter((c) => !found.some((f) => f.span.start === c.span.start))],
      demonyms,
      countryHints,
      false,
      collect &&
        ((f, readings) => {
          const i = index.get(f as Found);
          if (i !== undefined) collect(i, readings);
        }),
    );
    return found.map((f) => (given.has(f) ? (byFound.get(f) ?? null) : null));
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

  /** Candidates for a name as written, trying the forms reports use around a name. */
  private candidatesFor(surface: string): Candidate[] {
    const direct = this.gazetteer.lookup(surface);
    const nationality = this.gazetteer.demonymPlace(surface);
    // "Russian", "Canadian": a nationality before a town of the same name.
    if (nationality && !direct.some((c) => c.featureCode === 'PCLI' && c.matchKind === 0))
      return [nationality];
    if (direct.length) return direct;
    const adjective = this.gazetteer.demonymPlace(surface);
    if (adjective) return [adjective];
    const trimmed = surface.replace(/^the\s+/i, '').replace(/['’]s$/, '');
    const bare = trimmed.replace(
      /\s+(county|parish|city|province|governorate|state|region|district|river|island|islands|valley|mountains|municipality)$/i,
      '',
    );
    for (const form of [trimmed, bare]) {
      if (form !== surface && form.length > 1) {
        const c = this.gazetteer.lookup(form);
        if (c.length) return c;
      }
    }
    return [];
  }

  private resolveAll(
    found: Found[],
    demonyms: Demonym[],
    countryHints: string[],
    explain = false,
    collect?: ReadingsCollector,
  ): { result: GeoparseResult; byFound: Map<Found, Toponym> } {
    // Country focus: demonyms and unambiguous country or major-place mentions vote.
    const votes = new Map<string, number>();
    const vote = (cc: string, w: number) => votes.set(cc, (votes.get(cc) ?? 0) + w);
    for (const d of demonyms) if (d.countryCode) vote(d.countryCode, 0.5);
    for (const cc of countryHints) vote(cc, 1);
    const ownVote = new Map<Found, [string, number]>();
    for (const f of found) {
      // Each name votes for the country of its likeliest reading, as strongly as that reading dominates.
      const ranked = f.candidates.map((c) => ({ c, p: factsOf(c).prior })).sort((a, b) => b.p - a.p);
      const top = ranked[0];
      if (!top) continue;
      const rival = ranked.find((r) => r.c.countryCode !== top.c.countryCode);
      const margin = rival ? top.p - rival.p : 2;
      if (margin > 0) {
        const w = Math.min(1, margin / 2);
        vote(top.c.countryCode, w);
        ownVote.set(f, [top.c.countryCode, w]);
      }
    }
    const totalAll = [...votes.values()].reduce((a, b) => a + b, 0);
    // Admin hierarchy: a province or state named in the text ("California", "Idlib province")
    // favours the places inside it.
    const regionsNamed = new Map<string, Set<Found>>();
    for (const f of found) {
      const adm = f.candidates.find((c) => c.featureCode === 'ADM1' && c.matchKind === 0);
      if (!adm?.admin1) continue;
      const key = `${adm.countryCode}|${adm.admin1}`;
      const set = regionsNamed.get(key) ?? new Set<Found>();
      set.add(f);
      regionsNamed.set(key, set);
    }
    const focus = [...votes.entries()].sort((a, b) => b[1] - a[1]).map(([cc]) => cc);
    // Divisions named as such somewhere in the text ("Hama province", "محافظة حماة"), by the names that name them.
    const provinceNamed = new Map<string, Set<Found>>();
    for (const f of found) {
      if (f.qualifier !== 'province' && !/^محافظ/.test(f.span.text)) continue;
      for (const c of f.candidates)
        if (c.featureCode === 'ADM1') provinceNamed.set(c.id, (provinceNamed.get(c.id) ?? new Set()).add(f));
    }

    const toponyms: Toponym[] = [];
    const byFound = new Map<Found, Toponym>();
    const resolved: Candidate[] = [];
    const confident = new Set<Candidate>();
    // Two passes: first pick with focus only, then again with nearby resolved places as context.
    for (let pass = 0; pass < 2; pass++) {
      toponyms.length = 0;
      byFound.clear();
      // Only confident, exact readings anchor their neighbours.
      // Each place once, and each candidate's nearness looked up once a pass: a long document
      // names the same places over and over, which must not cost names x mentions.
      const anchors = [...new Set(resolved.filter((c) => c.matchKind === 0 && confident.has(c)))];
      const anchorFacts = new Map<Candidate, { minKm: number; sameAdmin1: boolean; contains: boolean }>();
      resolved.length = 0;
      for (const f of found) {
        // A name's own vote does not count toward its own reading.
        const [ownCc, ownW] = ownVote.get(f) ?? ['', 0];
        const total = totalAll - ownW || 1;
        const surfaceKey = fold(f.span.text);
        const surfaceSkeleton = skeleton(surfaceKey);
        // Known by this name itself, in any transliteration, rather than only as an alternate.
        const ownName = (c: Candidate) =>
          factsOf(c).ascii === surfaceKey ||
          factsOf(c).name === surfaceKey ||
          factsOf(c).asciiSkeleton === surfaceSkeleton;
        const bigTownNamed = f.candidates.some(
          (c) =>
            c.featureClass === 'P' &&
            ((c.population ?? 0) > 100_000 || c.featureCode === 'PPLA' || c.featureCode === 'PPLC') &&
            factsOf(c).ascii === surfaceKey,
        );
        const anchorsOther = pass === 1 ? anchors : [];
        const comma = /^,\s*(\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)?)/u.exec(f.after)?.[1];
        const commaKey = comma ? fold(comma) : undefined;
        const topFocus = focus[0];
        const xs: Array<{ c: Candidate; x: Float64Array }> = [];
        // One buffer for every reading unless the vectors are kept for training.
        const keep = pass === 1 && collect !== undefined;
        const buffer = new Float64Array(FEATURE_COUNT);
        const scored = f.candidates.slice(0, 25).map((c) => {
          const x = keep ? new Float64Array(FEATURE_COUNT) : buffer.fill(0);
          const cf = factsOf(c);
          x[F.prior] = cf.prior;
          x[F.countryVotes] =
            ((votes.get(c.countryCode) ?? 0) - (c.countryCode === ownCc ? ownW : 0)) / total;
          x[F.monitoredCountry] = this.focusCountries.has(c.countryCode) ? 1 : 0;
          if (c.featureCode !== 'ADM1' && c.admin1) {
            const named = regionsNamed.get(cf.region);
            if (named && named.size > (named.has(f) ? 1 : 0)) x[F.admin1Named] = 1;
          }
          const adm1 = c.featureCode === 'ADM1';
          if (f.qualifier === 'province') x[adm1 ? F.provinceWordAdm1 : F.provinceWordOther] = 1;
          if (f.qualifier === 'town' && c.featureClass === 'P') x[F.townWordPlace] = 1;
          // A bare name is the big town before the province named after it ("Aleppo").
          if (adm1 && f.qualifier !== 'province' && bigTownNamed) x[F.bigTownBeforeAdm1] = 1;
          // A place whose own name is what the text says beats one known by it only as an alternate.
          if (c.matchKind === 0 && !ownName(c)) x[F.notOwnName] = 1;
          x[F.logPopulation] = Math.log10((c.population ?? 0) + 1) / 7;
          x[F.isCountry] = c.featureCode === 'PCLI' ? 1 : 0;
          x[F.isAdm1] = adm1 ? 1 : 0;
          x[F.isAdm2] = c.featureCode === 'ADM2' ? 1 : 0;
          x[F.isPopulated] = c.featureClass === 'P' ? 1 : 0;
          x[F.isSeat] = c.featureCode === 'PPLA' || c.featureCode === 'PPLC' ? 1 : 0;
          x[F.looseMatch] = c.matchKind === 1 ? 1 : 0;
          x[F.skeletonMatch] = c.matchKind === 2 ? 1 : 0;
          x[F.layerSeen] = Math.log1p(Math.max(0, c.seen)) / 3;
          x[F.topFocusCountry] = c.countryCode === topFocus && c.countryCode !== ownCc ? 1 : 0;
          // "struck Hama in Hama province": the province is named apart, so the bare name is the town.
          const apart = adm1 && f.qualifier !== 'province' ? provinceNamed.get(c.id) : undefined;
          if (apart && !apart.has(f)) x[F.adm1NamedApartAsProvince] = 1;
          // The town a division is named after ("Kirkuk" in Kirkuk, "Idlib" in Idlib).
          if (c.featureClass === 'P' && c.admin1 && cf.admin1 === surfaceKey) x[F.townNamedLikeItsAdm1] = 1;
          // "the Idlib countryside", "eastern Deir ez-Zor": part of a division.
          if (f.rural && adm1) x[F.ruralWordAdm1] = 1;
          // "Turkey, Texas", "Tripoli, Lebanon": the division or country written after the name.
          if (
            commaKey &&
            (cf.admin1 === commaKey || cf.country === commaKey) &&
            !adm1 &&
            c.featureCode !== 'PCLI'
          )
            x[F.commaAdmin] = 1;
          if (anchorsOther.length > 0 && c.featureCode !== 'PCLI') {
            let facts = anchorFacts.get(c);
            if (facts === undefined) {
              facts = { minKm: Infinity, sameAdmin1: false, contains: false };
              for (const a of anchorsOther) {
                if (a === c || a.featureCode === 'PCLI') continue;
                const km = roughKm(a.latitude, a.longitude, c.latitude, c.longitude);
                if (km < facts.minKm) facts.minKm = km;
                if (a.countryCode === c.countryCode && c.admin1 && a.admin1 === c.admin1) {
                  if (adm1) facts.contains = true;
                  else facts.sameAdmin1 = true;
                }
              }
              anchorFacts.set(c, facts);
            }
            if (facts.sameAdmin1) x[F.sameAdmin1AsAnchor] = 1;
            if (facts.contains) x[F.containsAnchor] = 1;
            if (facts.minKm < 250) x[F.nearAnchor] = 1;
            if (Number.isFinite(facts.minKm)) x[F.anchorDistance] = -Math.log1p(facts.minKm) / 8;
          }
          if (
            c.featureCode === 'PCLI' &&
            anchorsOther.some((a) => a.countryCode === c.countryCode && a.featureCode !== 'PCLI')
          )
            x[F.containsAnchor] = 1;
          if (keep) xs.push({ c, x });
          return { c, s: scoreOf(this.weights, x) };
        });
        if (keep) collect(f, xs);
        scored.sort((a, b) => b.s - a.s);
        const top = scored[0];
        if (!top) continue;
        // An explicit no-match: a loose transliteration hit on an obscure place outside the focus.
        if (top.s < 0.9) continue;
        // In focus: a monitored country, or one that other names or hints in the text point to.
        const othersVote = (votes.get(top.c.countryCode) ?? 0) - (top.c.countryCode === ownCc ? ownW : 0);
        const inFocus = this.focusCountries.has(top.c.countryCode) || othersVote > 0;
        if (
          !inFocus &&
          (top.c.matchKind > 0 || !ownName(top.c)) &&
          (top.c.population ?? 0) < 100_000 &&
          !MAJOR.has(top.c.featureCode)
        )
          continue;
        // "Turkey, Texas": a division of another country written after a country's name says the
        // name is a place in that division; when no reading lies there, the gazetteer lacks it.
        const commaDivision = comma
          ? this.gazetteer
              .lookup(comma)
              .find((c) => c.featureCode === 'ADM1' && c.matchKind === 0 && fold(c.name) === commaKey)
          : undefined;
        if (
          commaDivision &&
          top.c.featureCode === 'PCLI' &&
          top.c.countryCode !== commaDivision.countryCode &&
          !f.candidates.some(
            (c) => c.countryCode === commaDivision.countryCode && c.admin1 === commaDivision.admin1,
          )
        )
          continue;
        // An Arabic word is as often a common noun or adjective ("الحربية", military) as a name: a
        // reading in a country no other name of the text points to, and not one the deployment
        // monitors, is not taken on its own.
        if (
          ARABIC_WORD.test(f.span.text) &&
          othersVote <= 0 &&
          top.c.featureCode !== 'PCLI' &&
          !this.focusCountries.has(top.c.countryCode)
        )
          continue;
        const margin = top.s - (scored[1]?.s ?? top.s - 3);
        const k = this.calibration;
        const confidence = Math.max(
          0.01,
          Math.min(0.99, 1 / (1 + Math.exp(-(k.bias + k.margin * margin + k.score * top.s)))),
        );
        resolved.push(top.c);
        // Anchors need a clear lead, whatever the calibrated probability says.
        if (1.5 * margin + top.s >= 2.85) confident.add(top.c);
        // The first pass only finds the anchors of the second; its toponyms are not kept.
        if (pass === 0) continue;
        let precision: GeoPrecision = top.c.precision;
        if (f.qualifier === 'near' || f.qualifier === 'district')
          precision = Math.max(precision, 2) as GeoPrecision;
        if (f.qualifier === 'province' || f.qualifier === 'region') precision = 3;
        if (DIRECTIONS.test(lastWord(f.context) ?? '')) precision = 3;
        // Part of a division ("eastern Deir ez-Zor", "the Idlib countryside") is ACLED's precision 2.
        if (f.rural && top.c.featureCode !== 'PCLI') precision = 2;
        const { featureClass } = top.c;
        const place = toPlace(top.c);
        const toponym: Toponym = {
          span: f.span,
          place,
          precision,
          confidence,
          score: top.s,
          margin,
          qualifier: f.qualifier,
          governor: f.governor,
          featureClass,
        };
        if (explain)
          toponym.candidates = scored.slice(0, EXPLAINED).map(({ c, s }) => ({
            place: toPlace(c),
            featureClass: c.featureClass,
            source: c.source,
            score: Number(s.toFixed(3)),
          }));
        toponyms.push(toponym);
        byFound.set(f, toponym);
      }
    }
    return { result: { toponyms, demonyms, focus }, byFound };
  }
}
