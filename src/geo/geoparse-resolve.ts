// Resolution of the names found in a text: the evidence the whole document gives (which
// countries it is about, which divisions it names), each reading's features and score, and the
// checks a best reading must pass to be taken. Two passes: the first finds confident anchors,
// the second weighs every reading again with the anchors as nearby context.
import type { GeoPrecision } from '../model/index.js';
import { fold, skeleton } from '../nlp/normalize.js';
import type { Candidate, Gazetteer } from './gazetteer.js';
import { DIRECTIONS, lastWord } from './geoparse-context.js';
import { ARABIC_WORD, toPlace, type Found } from './geoparse-found.js';
import { MAJOR, factsOf, roughKm } from './geoparse-prior.js';
import type { Calibration, Demonym, GeoparseResult, ReadingsCollector, Toponym } from './geoparse.js';
import { FEATURE_COUNT, FEATURE_INDEX as F, scoreOf } from './resolver.js';

/** How many readings `explain` keeps per name. */
const EXPLAINED = 10;

/** What resolution is set up with: the gazetteer, the monitored countries, the model. */
export interface ResolverSetup {
  gazetteer: Gazetteer;
  focusCountries: Set<string>;
  calibration: Calibration;
  weights: number[];
}

/** What the whole document says: the countries it is about and the divisions it names. */
interface DocumentEvidence {
  votes: Map<string, number>;
  /** Each name's own vote (country, weight), which does not count toward its own reading. */
  ownVote: Map<Found, [string, number]>;
  totalAll: number;
  /** Names of a province or state, by "country|admin1". */
  regionsNamed: Map<string, Set<Found>>;
  /** Names of divisions named as such ("Hama province"), by the division's id. */
  provinceNamed: Map<string, Set<Found>>;
  focus: string[];
}

/** How near a reading lies to the anchors of the pass. */
interface AnchorFacts {
  minKm: number;
  sameAdmin1: boolean;
  contains: boolean;
}

/** What one name brings to the scoring of each of its readings. */
interface NameEvidence {
  f: Found;
  ownCc: string;
  ownW: number;
  total: number;
  surfaceKey: string;
  surfaceSkeleton: string;
  bigTownNamed: boolean;
  anchorsOther: Candidate[];
  anchorFacts: Map<Candidate, AnchorFacts>;
  comma: string | undefined;
  commaKey: string | undefined;
  topFocus: string | undefined;
}

type Scored = { c: Candidate; s: number };

/** Country focus: demonyms, hints and each name's likeliest reading vote. */
function countryVotes(found: Found[], demonyms: Demonym[], countryHints: string[]) {
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
  return { votes, ownVote };
}

function documentEvidence(found: Found[], demonyms: Demonym[], countryHints: string[]): DocumentEvidence {
  const { votes, ownVote } = countryVotes(found, demonyms, countryHints);
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
  return { votes, ownVote, totalAll, regionsNamed, provinceNamed, focus };
}

function nameEvidence(
  doc: DocumentEvidence,
  f: Found,
  anchorsOther: Candidate[],
  anchorFacts: Map<Candidate, AnchorFacts>,
): NameEvidence {
  // A name's own vote does not count toward its own reading.
  const [ownCc, ownW] = doc.ownVote.get(f) ?? ['', 0];
  const total = doc.totalAll - ownW || 1;
  const surfaceKey = fold(f.span.text);
  const surfaceSkeleton = skeleton(surfaceKey);
  const bigTownNamed = f.candidates.some(
    (c) =>
      c.featureClass === 'P' &&
      ((c.population ?? 0) > 100_000 || c.featureCode === 'PPLA' || c.featureCode === 'PPLC') &&
      factsOf(c).ascii === surfaceKey,
  );
  const comma = /^,\s*(\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)?)/u.exec(f.after)?.[1];
  const commaKey = comma ? fold(comma) : undefined;
  const topFocus = doc.focus[0];
  return {
    f,
    ownCc,
    ownW,
    total,
    surfaceKey,
    surfaceSkeleton,
    bigTownNamed,
    anchorsOther,
    anchorFacts,
    comma,
    commaKey,
    topFocus,
  };
}

/** Known by this name itself, in any transliteration, rather than only as an alternate. */
function ownName(n: NameEvidence, c: Candidate): boolean {
  return (
    factsOf(c).ascii === n.surfaceKey ||
    factsOf(c).name === n.surfaceKey ||
    factsOf(c).asciiSkeleton === n.surfaceSkeleton
  );
}

/** How near a reading lies to the pass's anchors, looked up once per candidate and pass. */
function anchorFactsOf(n: NameEvidence, c: Candidate, adm1: boolean): AnchorFacts {
  let facts = n.anchorFacts.get(c);
  if (facts === undefined) {
    facts = { minKm: Infinity, sameAdmin1: false, contains: false };
    for (const a of n.anchorsOther) {
      if (a === c || a.featureCode === 'PCLI') continue;
      const km = roughKm(a.latitude, a.longitude, c.latitude, c.longitude);
      if (km < facts.minKm) facts.minKm = km;
      if (a.countryCode === c.countryCode && c.admin1 && a.admin1 === c.admin1) {
        if (adm1) facts.contains = true;
        else facts.sameAdmin1 = true;
      }
    }
    n.anchorFacts.set(c, facts);
  }
  return facts;
}

/** The reading's features from the document's evidence and the name's own (a zeroed `x`). */
function documentFeatures(
  setup: ResolverSetup,
  doc: DocumentEvidence,
  n: NameEvidence,
  c: Candidate,
  x: Float64Array,
): void {
  const { f } = n;
  const cf = factsOf(c);
  x[F.prior] = cf.prior;
  x[F.countryVotes] =
    ((doc.votes.get(c.countryCode) ?? 0) - (c.countryCode === n.ownCc ? n.ownW : 0)) / n.total;
  x[F.monitoredCountry] = setup.focusCountries.has(c.countryCode) ? 1 : 0;
  if (c.featureCode !== 'ADM1' && c.admin1) {
    const named = doc.regionsNamed.get(cf.region);
    if (named && named.size > (named.has(f) ? 1 : 0)) x[F.admin1Named] = 1;
  }
  const adm1 = c.featureCode === 'ADM1';
  if (f.qualifier === 'province') x[adm1 ? F.provinceWordAdm1 : F.provinceWordOther] = 1;
  if (f.qualifier === 'town' && c.featureClass === 'P') x[F.townWordPlace] = 1;
  // A bare name is the big town before the province named after it ("Aleppo").
  if (adm1 && f.qualifier !== 'province' && n.bigTownNamed) x[F.bigTownBeforeAdm1] = 1;
  // A place whose own name is what the text says beats one known by it only as an alternate.
  if (c.matchKind === 0 && !ownName(n, c)) x[F.notOwnName] = 1;
  x[F.logPopulation] = Math.log10((c.population ?? 0) + 1) / 7;
  x[F.isCountry] = c.featureCode === 'PCLI' ? 1 : 0;
  x[F.isAdm1] = adm1 ? 1 : 0;
  x[F.isAdm2] = c.featureCode === 'ADM2' ? 1 : 0;
  x[F.isPopulated] = c.featureClass === 'P' ? 1 : 0;
  x[F.isSeat] = c.featureCode === 'PPLA' || c.featureCode === 'PPLC' ? 1 : 0;
  x[F.looseMatch] = c.matchKind === 1 ? 1 : 0;
  x[F.skeletonMatch] = c.matchKind === 2 ? 1 : 0;
  x[F.layerSeen] = Math.log1p(Math.max(0, c.seen)) / 3;
  x[F.topFocusCountry] = c.countryCode === n.topFocus && c.countryCode !== n.ownCc ? 1 : 0;
  // "struck Hama in Hama province": the province is named apart, so the bare name is the town.
  const apart = adm1 && f.qualifier !== 'province' ? doc.provinceNamed.get(c.id) : undefined;
  if (apart && !apart.has(f)) x[F.adm1NamedApartAsProvince] = 1;
  // The town a division is named after ("Kirkuk" in Kirkuk, "Idlib" in Idlib).
  if (c.featureClass === 'P' && c.admin1 && cf.admin1 === n.surfaceKey) x[F.townNamedLikeItsAdm1] = 1;
  // "the Idlib countryside", "eastern Deir ez-Zor": part of a division.
  if (f.rural && adm1) x[F.ruralWordAdm1] = 1;
  // "Turkey, Texas", "Tripoli, Lebanon": the division or country written after the name.
  if (
    n.commaKey &&
    (cf.admin1 === n.commaKey || cf.country === n.commaKey) &&
    !adm1 &&
    c.featureCode !== 'PCLI'
  )
    x[F.commaAdmin] = 1;
}

/** The reading's features from the anchors of the pass: nearness and containment. */
function anchorFeatures(n: NameEvidence, c: Candidate, x: Float64Array): void {
  if (n.anchorsOther.length > 0 && c.featureCode !== 'PCLI') {
    const facts = anchorFactsOf(n, c, c.featureCode === 'ADM1');
    if (facts.sameAdmin1) x[F.sameAdmin1AsAnchor] = 1;
    if (facts.contains) x[F.containsAnchor] = 1;
    if (facts.minKm < 250) x[F.nearAnchor] = 1;
    if (Number.isFinite(facts.minKm)) x[F.anchorDistance] = -Math.log1p(facts.minKm) / 8;
  }
  if (
    c.featureCode === 'PCLI' &&
    n.anchorsOther.some((a) => a.countryCode === c.countryCode && a.featureCode !== 'PCLI')
  )
    x[F.containsAnchor] = 1;
}

/** The name's first 25 readings scored, best first; their vectors go to `collect` when given. */
function scoreReadings(
  setup: ResolverSetup,
  doc: DocumentEvidence,
  n: NameEvidence,
  collect: ReadingsCollector | undefined,
): Scored[] {
  const xs: Array<{ c: Candidate; x: Float64Array }> = [];
  // One buffer for every reading unless the vectors are kept for training.
  const keep = collect !== undefined;
  const buffer = new Float64Array(FEATURE_COUNT);
  const scored = n.f.candidates.slice(0, 25).map((c) => {
    const x = keep ? new Float64Array(FEATURE_COUNT) : buffer.fill(0);
    documentFeatures(setup, doc, n, c, x);
    anchorFeatures(n, c, x);
    if (keep) xs.push({ c, x });
    return { c, s: scoreOf(setup.weights, x) };
  });
  if (collect) collect(n.f, xs);
  scored.sort((a, b) => b.s - a.s);
  return scored;
}

/** Whether the best reading is taken: an explicit no-match otherwise. */
function takesTop(setup: ResolverSetup, doc: DocumentEvidence, n: NameEvidence, top: Scored): boolean {
  const { f } = n;
  // An explicit no-match: a loose transliteration hit on an obscure place outside the focus.
  if (top.s < 0.9) return false;
  // In focus: a monitored country, or one that other names or hints in the text point to.
  const othersVote = (doc.votes.get(top.c.countryCode) ?? 0) - (top.c.countryCode === n.ownCc ? n.ownW : 0);
  const inFocus = setup.focusCountries.has(top.c.countryCode) || othersVote > 0;
  if (
    !inFocus &&
    (top.c.matchKind > 0 || !ownName(n, top.c)) &&
    (top.c.population ?? 0) < 100_000 &&
    !MAJOR.has(top.c.featureCode)
  )
    return false;
  // "Turkey, Texas": a division of another country written after a country's name says the
  // name is a place in that division; when no reading lies there, the gazetteer lacks it.
  const commaDivision = n.comma
    ? setup.gazetteer
        .lookup(n.comma)
        .find((c) => c.featureCode === 'ADM1' && c.matchKind === 0 && fold(c.name) === n.commaKey)
    : undefined;
  if (
    commaDivision &&
    top.c.featureCode === 'PCLI' &&
    top.c.countryCode !== commaDivision.countryCode &&
    !f.candidates.some(
      (c) => c.countryCode === commaDivision.countryCode && c.admin1 === commaDivision.admin1,
    )
  )
    return false;
  // An Arabic word is as often a common noun or adjective ("الحربية", military) as a name: a
  // reading in a country no other name of the text points to, and not one the deployment
  // monitors, is not taken on its own.
  if (
    ARABIC_WORD.test(f.span.text) &&
    othersVote <= 0 &&
    top.c.featureCode !== 'PCLI' &&
    !setup.focusCountries.has(top.c.countryCode)
  )
    return false;
  return true;
}

/** The calibrated probability that the reading is right, from its score and lead. */
function confidenceOf(k: Calibration, score: number, margin: number): number {
  return Math.max(0.01, Math.min(0.99, 1 / (1 + Math.exp(-(k.bias + k.margin * margin + k.score * score)))));
}

/** The toponym for a name and its taken reading, with the precision its wording supports. */
function toponymOf(
  f: Found,
  scored: Scored[],
  margin: number,
  confidence: number,
  explain: boolean,
): Toponym {
  const top = scored[0]!;
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
  return toponym;
}

/** Resolves every name found; `byFound` maps each name to its toponym (none for a no-match). */
export function resolveAll(
  setup: ResolverSetup,
  found: Found[],
  demonyms: Demonym[],
  countryHints: string[],
  explain = false,
  collect?: ReadingsCollector,
): { result: GeoparseResult; byFound: Map<Found, Toponym> } {
  const doc = documentEvidence(found, demonyms, countryHints);
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
    const anchorFacts = new Map<Candidate, AnchorFacts>();
    resolved.length = 0;
    for (const f of found) {
      const n = nameEvidence(doc, f, pass === 1 ? anchors : [], anchorFacts);
      const scored = scoreReadings(setup, doc, n, pass === 1 ? collect : undefined);
      const top = scored[0];
      if (!top || !takesTop(setup, doc, n, top)) continue;
      const margin = top.s - (scored[1]?.s ?? top.s - 3);
      const confidence = confidenceOf(setup.calibration, top.s, margin);
      resolved.push(top.c);
      // Anchors need a clear lead, whatever the calibrated probability says.
      if (1.5 * margin + top.s >= 2.85) confident.add(top.c);
      // The first pass only finds the anchors of the second; its toponyms are not kept.
      if (pass === 0) continue;
      const toponym = toponymOf(f, scored, margin, confidence, explain);
      toponyms.push(toponym);
      byFound.set(f, toponym);
    }
  }
  return { result: { toponyms, demonyms, focus: doc.focus }, byFound };
}
