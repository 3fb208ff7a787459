// Merges the findings of one document that tell the same event (same kind, compatible date and
// place); a back-reference never stands alone if it has a home. Linear in the document: spans are
// gathered as they come and sorted once at the end.
import type { Attribution, Span } from '../model/index.js';
import { arrestsAtDemonstration, isDemonstration, worstDemonstration } from './acled/index.js';
import type { EvidenceField, Finding } from '../model/index.js';
import { daysBetween } from './reading.js';
import { dedupeSpans } from './spans.js';

function compatiblePlaces(a: Finding, b: Finding): boolean {
  if (!a.place || !b.place || a.placeInferred || b.placeInferred) return true;
  if (a.place.id === b.place.id) return true;
  if (a.place.countryCode !== b.place.countryCode) return false;
  const coarse = (c: Finding) => c.place!.featureCode === 'PCLI' || (c.geoPrecision ?? 1) === 3;
  if (coarse(a) || coarse(b))
    return !a.place.admin1 || !b.place.admin1 || a.place.admin1 === b.place.admin1 || coarse(a) !== coarse(b);
  return a.place.admin1 === b.place.admin1 && a.details.category === 'agreement';
}

function compatibleDates(a: Finding, b: Finding): boolean {
  if (a.dateInferred || b.dateInferred) return true;
  const window =
    a.timePrecision === 1 && b.timePrecision === 1
      ? 1
      : a.timePrecision === 3 || b.timePrecision === 3
        ? 31
        : 7;
  return daysBetween(a.eventDate, b.eventDate) <= window;
}

/** Findings that may tell one event share a bucket: demonstrations together, else one per kind. */
const bucketOf = (c: Finding) =>
  isDemonstration(c)
    ? `demonstration|${c.details.movement?.status[0] ?? ''}`
    : `${c.subEventType}|${c.details.category}|${c.details.movement?.status[0] ?? ''}`;

/**
 * How many events of one kind a document may tell before older ones stop being merge candidates:
 * far beyond any report's, it keeps a document of repeated text from costing quadratic time.
 */
const BUCKET_LIMIT = 256;

interface Home {
  event: Finding;
  /** Evidence fields that received spans from merged findings, to be deduplicated and sorted. */
  touched: Set<EvidenceField>;
  evidenceTouched: boolean;
}

export function mergeClaims(claims: Finding[]): Finding[] {
  const merged: Home[] = [];
  const buckets = new Map<string, Home[]>();
  const recoded = arrestsAtDemonstration(claims);
  const ordered = [...recoded.filter((c) => !c.reference), ...recoded.filter((c) => c.reference)];
  for (const c of ordered) {
    const bucket = buckets.get(bucketOf(c)) ?? [];
    const home = bucket.find(
      (h) =>
        (h.event.details.category === c.details.category ||
          (isDemonstration(h.event) && isDemonstration(c))) &&
        compatibleDates(h.event, c) &&
        compatiblePlaces(h.event, c),
    );
    if (home) {
      absorb(home, c);
      continue;
    }
    const fresh: Home = {
      event: {
        ...c,
        evidence: [...c.evidence],
        attribution: [...c.attribution],
        flags: [...c.flags],
        // The event's details are its own, so merging does not change the claims it came from.
        details: {
          ...c.details,
          counts: { ...c.details.counts },
          fieldEvidence: Object.fromEntries(
            Object.entries(c.details.fieldEvidence).map(([k, v]) => [k, [...v]]),
          ),
        },
      },
      touched: new Set(),
      evidenceTouched: false,
    };
    merged.push(fresh);
    bucket.push(fresh);
    if (bucket.length > BUCKET_LIMIT) bucket.shift();
    buckets.set(bucketOf(c), bucket);
  }
  return merged.map(finish);
}

function finish(h: Home): Finding {
  const e = h.event;
  if (h.evidenceTouched) e.evidence = dedupeSpans(e.evidence);
  for (const field of h.touched)
    e.details.fieldEvidence[field] = dedupeSpans(e.details.fieldEvidence[field]!);
  return e;
}

function absorb(h: Home, c: Finding): void {
  const home = h.event;
  // The same demonstration told as a protest and as a riot is the riot.
  worstDemonstration(home, c);
  for (const s of c.evidence) home.evidence.push(s);
  h.evidenceTouched = true;
  for (const [field, spans] of Object.entries(c.details.fieldEvidence) as Array<[EvidenceField, Span[]]>) {
    const into = (home.details.fieldEvidence[field] ??= []);
    for (const s of spans) into.push(s);
    h.touched.add(field);
  }
  // A back-reference ("Nasrallah defended the deal") adds words and counts, not who reports it or where it was.
  if (c.reference && !home.reference) {
    mergeCounts(home, c);
    home.confidence = Math.min(0.99, home.confidence + 0.02);
    return;
  }
  const same = (a: Attribution, b: Attribution) =>
    a.source === b.source && a.via.join('>') === b.via.join('>');
  for (const a of c.attribution) if (!home.attribution.some((x) => same(x, a))) home.attribution.push(a);
  // The more precise place and date win; inferred ones yield to stated ones.
  const rank = (x: Finding) => (x.geoPrecision ?? 3) + (x.place?.featureCode === 'PCLI' ? 0.5 : 0);
  const better = c.place && !c.placeInferred && (home.placeInferred || !home.place || rank(c) < rank(home));
  if (better) {
    home.place = c.place;
    home.geoPrecision = c.geoPrecision;
    home.placeInferred = false;
  }
  if (home.dateInferred && !c.dateInferred) {
    home.eventDate = c.eventDate;
    home.timePrecision = c.timePrecision;
    home.dateInferred = false;
  }
  for (const k of ['actor1', 'actor2', 'assocActor1'] as const) if (!home[k] && c[k]) home[k] = c[k];
  if (!home.inter1) home.inter1 = c.inter1;
  if (!home.inter2) home.inter2 = c.inter2;
  mergeCounts(home, c);
  home.details.target ??= c.details.target;
  home.details.requestedBy ??= c.details.requestedBy;
  home.details.duration ??= c.details.duration;
  if (c.details.movement) {
    const m = (home.details.movement ??= { status: [] });
    for (const s of c.details.movement.status) if (!m.status.includes(s)) m.status.push(s);
    m.from ??= c.details.movement.from;
    m.to ??= c.details.movement.to;
    if (c.details.movement.escortedBy)
      m.escortedBy = [...new Set([...(m.escortedBy ?? []), ...c.details.movement.escortedBy])];
  }
  home.hedged = home.hedged && c.hedged;
  for (const f of c.flags) if (!home.flags.includes(f)) home.flags.push(f);
  home.reference = home.reference && c.reference;
  home.confidence = Math.min(0.99, Math.max(home.confidence, c.confidence) + 0.05);
  home.notes =
    home.notes.includes(c.notes) || home.notes.length > 900 ? home.notes : `${home.notes} ${c.notes}`;
}

/** ACLED Codebook, "Fatalities": when reports differ, the most conservative figure is coded. */
function mergeCounts(home: Finding, c: Finding): void {
  if (c.fatalities > 0 && (home.fatalities === 0 || c.fatalities < home.fatalities))
    home.fatalities = c.fatalities;
  for (const key of ['fatalities', 'injured', 'peopleMoved', 'vehicles'] as const) {
    const a = home.details.counts[key];
    const b = c.details.counts[key];
    // "It remains unclear if all 17 buses arrived" does not count arrivals; a death toll
    // "reportedly" given is still the toll ACLED codes.
    const unsure =
      c.hedged &&
      !home.hedged &&
      home.details.movement !== undefined &&
      (key === 'vehicles' || key === 'peopleMoved');
    if (b && !unsure)
      home.details.counts[key] = a
        ? { low: Math.min(a.low, b.low), best: Math.min(a.best, b.best), high: Math.max(a.high, b.high) }
        : b;
  }
}
