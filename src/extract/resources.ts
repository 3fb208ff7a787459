// The data an extraction run needs, loaded once from editable files and passed in explicitly.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ActorEntry, EventType, MovementStatus, SourceEntry, SubEventType } from '../model/index.js';
import { EVENT_TYPES } from '../model/index.js';
import { Gazetteer } from '../geo/gazetteer.js';
import { Geoparser, type Calibration } from '../geo/geoparse.js';
import { ActorMatcher, type Periods } from './recognise/actors.js';
import { AttributionFinder } from './recognise/attribution.js';
import { loadModel, type EventModel } from './learn/model.js';
import { ArabicLexicon, arabicNotPlaces, type ArabicLexiconFile } from '../nlp/arabic-lexicon.js';

export type { ActorEntry, SourceEntry } from '../model/index.js';

export interface EventRule {
  id: string;
  pattern: string;
  event_type: EventType;
  sub_event_type: SubEventType;
  plover: string;
  category: string;
  nominal?: boolean;
  status?: MovementStatus;
  needs?: string;
}

export interface Resources {
  actors: ActorEntry[];
  genericDescriptors: string[];
  sources: SourceEntry[];
  rules: EventRule[];
  rulesById: Map<string, EventRule>;
  /** The Arabic lexicons (data/arabic.json): Arabic sentences are read with them. */
  arabic?: ArabicLexicon;
  gazetteer: Gazetteer;
  geoparser: Geoparser;
  actorMatcher: ActorMatcher;
  attributionFinder: AttributionFinder;
  /** Compiled trigger patterns, in rule order. */
  triggers: Array<{ rule: EventRule; re: RegExp }>;
  /** The learned coder; without one the rules alone code (as when a model is being trained). */
  model?: EventModel;
  /** Periods of state forces' names: the dictionary's, over the model's. */
  periods: Periods;
  /** Country names as ACLED spells them where the gazetteer differs, by code. */
  countryNames: Record<string, string>;
}

/** A country's name as actor names carry it. */
export function countryNameOf(res: Pick<Resources, 'countryNames' | 'gazetteer'>, code: string): string {
  return res.countryNames[code] ?? res.gazetteer.countryName(code);
}

/** Periods of `over` win over those of `under`, country by country and entry by entry. */
export function mergePeriods(under: Periods, over: Periods): Periods {
  const out: Periods = {};
  for (const p of [under, over])
    for (const [cc, byId] of Object.entries(p)) out[cc] = { ...out[cc], ...byId };
  return out;
}

export class ResourceError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ResourceError';
  }
}

const dataFile = (name: string) => fileURLToPath(new URL(`../../data/${name}`, import.meta.url));

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new ResourceError(path, `cannot be read as JSON: ${(e as Error).message}`);
  }
}

/** The shipped model, or the one OBSERVATORY_MODEL names (so worker processes use what the command line said). */
export function defaultModelPath(): string {
  return process.env.OBSERVATORY_MODEL || dataFile('event-model.json');
}

export interface ResourcePaths {
  actors?: string;
  sources?: string;
  rules?: string;
  regions?: string;
  calibration?: string;
  gazetteer?: string;
  /** The Arabic lexicons; `false` for none (Arabic is then reported, not coded). */
  arabic?: string | false;
  /** The event model file; `false` for none (the rules alone, as training needs). */
  model?: string | false;
}

/** The fitted confidence weights, if `observatory eval geo --calibrate` has written them. */
function loadCalibration(path = dataFile('geo-calibration.json')): Calibration | undefined {
  if (!existsSync(path)) return undefined;
  const c = readJson<{ weights: Calibration }>(path).weights;
  if (![c?.bias, c?.margin, c?.score].every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new ResourceError(path, 'weights must be {"bias", "margin", "score"} numbers');
  }
  return c;
}

/** Checks a rule file against the taxonomy so a typo fails at load time, not silently at run time. */
export function validateRules(rules: EventRule[], file: string): void {
  rules.forEach((r, i) => {
    const subs = EVENT_TYPES[r.event_type] as readonly string[] | undefined;
    if (!subs) throw new ResourceError(file, `rule ${i} (${r.id}): unknown event_type "${r.event_type}"`);
    if (!subs.includes(r.sub_event_type)) {
      throw new ResourceError(
        file,
        `rule ${i} (${r.id}): "${r.sub_event_type}" is not a sub-event type of ${r.event_type}`,
      );
    }
    try {
      new RegExp(r.pattern, 'iu');
    } catch (e) {
      throw new ResourceError(file, `rule ${i} (${r.id}): bad pattern: ${(e as Error).message}`);
    }
  });
}

export function loadResources(paths: ResourcePaths = {}): Resources {
  const actorsPath = paths.actors ?? dataFile('actors.json');
  const sourcesPath = paths.sources ?? dataFile('sources.json');
  const rulesPath = paths.rules ?? dataFile('event-rules.json');
  const actorFile = readJson<{
    actors: ActorEntry[];
    generic_descriptors: string[];
    periods?: Periods;
    country_names?: Record<string, string>;
  }>(actorsPath);
  const sources = readJson<{ sources: SourceEntry[] }>(sourcesPath).sources;
  const rules = readJson<{ rules: EventRule[] }>(rulesPath).rules;
  validateRules(rules, rulesPath);
  const focusCountries =
    readJson<{ focus_countries?: string[] }>(paths.regions ?? dataFile('regions.json')).focus_countries ?? [];
  const model = paths.model === false ? undefined : loadModel(paths.model ?? defaultModelPath());
  const gazetteer = Gazetteer.open(paths.gazetteer);
  const arabicPath = paths.arabic || dataFile('arabic.json');
  const arabic = paths.arabic === false ? undefined : loadArabic(arabicPath, rules, actorFile.actors);
  const notPlaces = [
    ...actorFile.actors.flatMap((a) => a.aliases.filter((n) => /^\p{Lu}/u.test(n))),
    ...sources.flatMap((s) => s.aliases),
    ...(arabic ? arabicNotPlaces(arabic.file) : []),
  ];
  return {
    arabic,
    rulesById: new Map(rules.map((r) => [r.id, r])),
    actors: actorFile.actors,
    genericDescriptors: actorFile.generic_descriptors,
    sources,
    rules,
    gazetteer,
    geoparser: new Geoparser({
      gazetteer,
      notPlaces,
      focusCountries,
      calibration: loadCalibration(paths.calibration),
    }),
    actorMatcher: new ActorMatcher(actorFile.actors, actorFile.generic_descriptors),
    attributionFinder: new AttributionFinder(sources),
    model,
    periods: mergePeriods(model?.periods ?? {}, actorFile.periods ?? {}),
    countryNames: actorFile.country_names ?? {},
    triggers: rules.map((rule) => ({
      rule,
      re: new RegExp(`(?<![\\p{L}])(?:${rule.pattern})(?![\\p{L}])`, 'giu'),
    })),
  };
}

/** The Arabic lexicons, checked against the rules and actors they name so a typo fails at load. */
function loadArabic(path: string, rules: EventRule[], actors: ActorEntry[]): ArabicLexicon {
  const file = readJson<ArabicLexiconFile>(path);
  const ruleIds = new Set(rules.map((r) => r.id));
  const actorIds = new Set(actors.map((a) => a.id));
  for (const id of Object.keys(file.events ?? {}))
    if (!ruleIds.has(id))
      throw new ResourceError(path, `events: "${id}" is not an event rule id of the rules file`);
  for (const id of [...Object.keys(file.actors ?? {}), ...Object.keys(file.actor_adjectives ?? {})])
    if (!actorIds.has(id))
      throw new ResourceError(path, `actors: "${id}" is not an actor id of the actor dictionary`);
  return new ArabicLexicon(file);
}
