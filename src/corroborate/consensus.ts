// One event from the claims behind it: the values most sources give, ACLED's conservative
// fatality figure, every disagreement kept side by side, and how far the event is borne out.
import type { Claim } from '../model/index.js';
import { haversineKm } from '../geo/distance.js';
import type { Contested, ContestedValue, Credibility, Reliability } from '../model/index.js';
import { codedPart, COPY_SIMILARITY, type ClaimRecord } from './cluster.js';
import { similarity } from './text.js';

/** The merged values of an event, in the shape extraction codes one. */
export interface Consensus extends Claim {
  contested: Contested;
  /** Groups of sources that are not independent of one another; one group is one voice. */
  voices: string[][];
  /** The fatality figures sources give, lowest and highest. */
  fatalitiesRange: [number, number] | null;
}

/**
 * Independent voices among claims: claims from the same original source are one voice, and so
 * are claims whose words are copies of each other (a wire story reprinted under other names).
 */
export function voicesOf(claims: Array<Pick<ClaimRecord, 'root' | 'signature'>>): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const c of claims) if (!parent.has(c.root)) parent.set(c.root, c.root);
  for (let i = 0; i < claims.length; i++)
    for (let j = i + 1; j < claims.length; j++)
      if (similarity(claims[i]!.signature, claims[j]!.signature) >= COPY_SIMILARITY)
        parent.set(find(claims[i]!.root), find(claims[j]!.root));
  const groups = new Map<string, string[]>();
  for (const root of parent.keys()) {
    const r = find(root);
    groups.set(r, [...(groups.get(r) ?? []), root]);
  }
  return [...groups.values()].map((g) => g.sort());
}

const RANK: Record<Reliability, number> = { A: 0, B: 1, C: 2, D: 3, E: 4, F: 5 };

/**
 * Information credibility (1-6) from the independent voices behind an event and the grades of
 * their sources: three voices, or two with one graded A or B, confirm it (1); two make it probably
 * true (2); one source graded A-C possibly true (3); one graded D or E doubtful (4); one that
 * cannot be judged (F) leaves it at 6. Hedged wording in every report lowers it one step (to 5 at most).
 */
export function credibility(
  voices: string[][],
  grade: (source: string) => Reliability,
  hedged: boolean,
): Credibility {
  const best = voices.map((v) => Math.min(...v.map((s) => RANK[grade(s)])));
  let level: number;
  if (voices.length >= 3 || (voices.length === 2 && best.some((r) => r <= RANK.B))) level = 1;
  else if (voices.length === 2) level = 2;
  else if (best.length === 0 || best[0] === RANK.F) return 6;
  else level = best[0]! <= RANK.C ? 3 : 4;
  return (hedged ? Math.min(5, level + 1) : level) as Credibility;
}

function tally<T>(
  claims: ClaimRecord[],
  valueOf: (c: ClaimRecord) => T | undefined,
  key = (v: T) => String(v),
) {
  const out = new Map<string, ContestedValue<T>>();
  for (const c of claims) {
    const v = valueOf(c);
    if (v === undefined) continue;
    const k = key(v);
    const entry = out.get(k) ?? { value: v, sources: [], claimIds: [] };
    if (!entry.sources.includes(c.root)) entry.sources.push(c.root);
    entry.claimIds.push(c.id);
    out.set(k, entry);
  }
  return [...out.values()];
}

/** The value with the most independent sources; ties go to the earliest claim's. */
function majority<T>(values: ContestedValue<T>[]): ContestedValue<T> | undefined {
  let best: ContestedValue<T> | undefined;
  for (const v of values) if (!best || v.sources.length > best.sources.length) best = v;
  return best;
}

/** Values that differ only when different sources give them (one source changing its mind is not a dispute). */
function disputed<T>(values: ContestedValue<T>[]): ContestedValue<T>[] | undefined {
  if (values.length < 2) return undefined;
  const roots = new Set(values.flatMap((v) => v.sources));
  return roots.size >= 2 ? values : undefined;
}

/** Places more than 25 km apart, among claims placed to a town or near one. */
function disputedPlaces(claims: ClaimRecord[]): ContestedValue<string>[] | undefined {
  const precise = claims.filter(
    (c) => c.latitude !== null && c.longitude !== null && (c.geo_precision ?? 3) <= 2,
  );
  const values = tally(precise, (c) => c.location);
  if (values.length < 2) return undefined;
  const at = new Map(precise.map((c) => [c.location, c]));
  const far = values.some((a) =>
    values.some((b) => {
      const x = at.get(a.value)!;
      const y = at.get(b.value)!;
      return haversineKm(x.latitude!, x.longitude!, y.latitude!, y.longitude!) > 25;
    }),
  );
  return far ? disputed(values) : undefined;
}

/** Claims in the order they were stored; the first one names and describes the event. */
export function consensus(claims: ClaimRecord[]): Consensus {
  if (claims.length === 0) throw new Error('consensus of no claims');
  const first = claims[0]!;
  if (claims.length === 1) return alone(first);
  const types = tally(claims, (c) => `${c.event_type}|${c.sub_event_type}`);
  const [eventType, subType] = majority(types)!.value.split('|') as [
    Claim['event_type'],
    Claim['sub_event_type'],
  ];
  const typed = claims.filter((c) => c.event_type === eventType && c.sub_event_type === subType);
  const lead = typed[0]!;

  // Date: from the most precise reports, the value most sources give.
  const bestTp = Math.min(...claims.map((c) => c.time_precision));
  const dates = tally(
    claims.filter((c) => c.time_precision === bestTp),
    (c) => c.event_date,
  );
  const date = majority(dates)!.value;

  // Place: from the most precise placed reports.
  const where = placeOf(claims) ?? lead;

  // Perpetrator: the actor1 most sources name.
  const actor1s = tally(claims, (c) => (c.actor1 === '' ? undefined : c.actor1));
  const actor1 = majority(actor1s)?.value ?? '';
  const withActor = claims.find((c) => c.actor1 === actor1) ?? lead;

  // Fatalities: ACLED's most conservative figure among reports that give one.
  const reporting = claims.filter((c) => c.details.counts.fatalities !== undefined || c.fatalities > 0);
  const fatalityValues = tally(reporting, (c) => c.fatalities);
  const figures = reporting.map((c) => c.fatalities);
  const fatalities = figures.length ? Math.min(...figures) : 0;

  const contested = contestedOf(claims, fatalityValues, actor1s);
  const voices = voicesOf(claims);
  const flags = [...new Set(claims.flatMap((c) => c.flags))];
  if (Object.keys(contested).length && !flags.includes('contested')) flags.push('contested');

  return {
    ...lead,
    event_type: eventType,
    sub_event_type: subType,
    event_date: date,
    time_precision: bestTp as Claim['time_precision'],
    actor1,
    assoc_actor_1: withActor.assoc_actor_1,
    inter1: withActor.inter1,
    actor2: withActor.actor2,
    assoc_actor_2: withActor.assoc_actor_2,
    inter2: withActor.inter2,
    interaction: withActor.interaction,
    country: where.country,
    admin1: where.admin1,
    admin2: where.admin2,
    location: where.location,
    latitude: where.latitude,
    longitude: where.longitude,
    geo_precision: where.geo_precision,
    fatalities,
    notes: first.notes,
    source: voices.map((v) => v.join(' / ')).join('; '),
    evidence: claims.flatMap((c) => c.evidence),
    attribution: claims.flatMap((c) => c.attribution),
    hedged: claims.every((c) => c.hedged),
    flags,
    confidence: confidenceOf(voices, claims),
    contested,
    voices,
    fatalitiesRange: figures.length ? [Math.min(...figures), Math.max(...figures)] : null,
  };
}

/**
 * The place of the most precise placed reports that most sources give: the claim that gives it,
 * or undefined when no claim is placed.
 */
function placeOf(claims: ClaimRecord[]): ClaimRecord | undefined {
  const placed = claims.filter((c) => c.latitude !== null && c.longitude !== null);
  const bestGp = Math.min(...placed.map((c) => c.geo_precision ?? 3));
  const places = tally(
    placed.filter((c) => (c.geo_precision ?? 3) === bestGp),
    (c) => c.location,
  );
  const placeName = majority(places)?.value;
  return placeName === undefined ? undefined : placed.find((c) => c.location === placeName)!;
}

/** The fields the claims' independent sources disagree on, each with who gives which value. */
function contestedOf(
  claims: ClaimRecord[],
  fatalityValues: ContestedValue<number>[],
  actor1s: ContestedValue<string>[],
): Contested {
  const contested: Contested = {};
  const put = <K extends keyof Contested>(k: K, v: Contested[K] | undefined) => {
    if (v) contested[k] = v;
  };
  put('fatalities', disputed(fatalityValues));
  put('actor1', disputed(actor1s)?.length && perpetratorsDisagree(claims) ? disputed(actor1s) : undefined);
  put('location', disputedPlaces(claims));
  put(
    'event_date',
    disputed(
      tally(
        claims.filter((c) => c.time_precision === 1),
        (c) => c.event_date,
      ),
    ),
  );
  put('event_type', disputed(tally(claims, (c) => c.event_type)));
  return contested;
}

/** Independent voices raise confidence: 1 - the product of each voice's doubt, to three places. */
function confidenceOf(voices: string[][], claims: ClaimRecord[]): number {
  const doubt = voices
    .map((v) => Math.max(...claims.filter((c) => v.includes(c.root)).map((c) => c.confidence)))
    .reduce((p, conf) => p * (1 - conf), 1);
  return Math.round((1 - doubt) * 1000) / 1000;
}

/** Sources disagree on who did it only if one's perpetrator is nowhere among the other's actors. */
function perpetratorsDisagree(claims: ClaimRecord[]): boolean {
  const named = claims.filter((c) => c.actor1 !== '');
  return named.some((a) =>
    named.some(
      (b) =>
        a.root !== b.root &&
        a.actor1 !== b.actor1 &&
        ![b.actor1, b.actor2, b.assoc_actor_1, b.assoc_actor_2].join(';').includes(a.actor1),
    ),
  );
}

/** An event of one claim is that claim: one voice, nothing contested. */
function alone(c: ClaimRecord): Consensus {
  const root = c.root;
  const coded = codedPart(c);
  const reported = c.details.counts.fatalities !== undefined || c.fatalities > 0;
  return {
    ...coded,
    // A row of a coded dataset names its outlets itself ("Liveuamap; SOHR"): all of them stay.
    source: c.details.imported && c.source ? c.source : root,
    contested: {},
    voices: [[root]],
    fatalitiesRange: reported ? [c.fatalities, c.fatalities] : null,
  };
}
