// Finds place names in raw text and resolves them against the gazetteer, using the whole
// document as context: countries in focus, places already resolved, the words around a name.
// The steps are in files of their own: recognising names (geoparse-match.ts), the words around
// them (geoparse-context.ts), readings' priors (geoparse-prior.ts), resolution (geoparse-resolve.ts).
import type { GeoPrecision, Place, Span } from '../model/index.js';
import { fold } from '../nlp/normalize.js';
import { splitSentences } from '../nlp/sentences.js';
import type { Candidate, Gazetteer } from './gazetteer.js';
import { HEAD_WORDS, NEAR_BEFORE, governorOf, ruralAround } from './geoparse-context.js';
import type { Found } from './geoparse-found.js';
import { Recogniser } from './geoparse-match.js';
import { shippedWeights } from './geoparse-prior.js';
import { resolveAll, type ResolverSetup } from './geoparse-resolve.js';

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

/** A name's readings as the resolver saw them (training the model). */
export type ReadingsCollector = (
  found: { span: Span },
  readings: Array<{ c: Candidate; x: Float64Array }>,
) => void;

export class Geoparser {
  private readonly gazetteer: Gazetteer;
  private readonly focusCountries: Set<string>;
  private readonly calibration: Calibration;
  private readonly recogniser: Recogniser;
  private readonly setup: ResolverSetup;

  private readonly options: GeoparserOptions;
  private readonly weights: number[];

  constructor(options: GeoparserOptions) {
    this.options = options;
    this.weights = options.weights ?? shippedWeights();
    this.gazetteer = options.gazetteer;
    this.focusCountries = new Set(options.focusCountries ?? []);
    this.calibration = options.calibration ?? DEFAULT_CALIBRATION;
    const notPlaces = new Set([...(options.notPlaces ?? [])].map((n) => fold(n)));
    this.recogniser = new Recogniser(this.gazetteer, notPlaces);
    this.setup = {
      gazetteer: this.gazetteer,
      focusCountries: this.focusCountries,
      calibration: this.calibration,
      weights: this.weights,
    };
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
    this.recogniser.read(text, true);
    const found: Found[] = [];
    const demonyms: Demonym[] = [];
    this.recogniser.recogniseAll(text, splitSentences(text), found, demonyms);
    const names = this.recogniser.dropNonPlaces(text, found);
    return resolveAll(this.setup, names, demonyms, countryHints, explain).result;
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
    this.recogniser.read(text, false);
    const context: Found[] = [];
    this.recogniser.recogniseAll(text, splitSentences(text), context, demonyms);
    const given = new Set(found);
    const index = new Map(found.map((f, i) => [f, i]));
    const { byFound } = resolveAll(
      this.setup,
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
}
