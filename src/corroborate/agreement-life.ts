// A deal's life: the steps its reports tell (proposed, reached, denied, collapsed, fulfilled...),
// in date order, when it counts as reached, and where reports contradict one another on it.
import type { DealReading } from '../extract/claim.js';
import type {
  Agreement,
  AgreementStatus,
  AgreementStep,
  ContestedValue,
  TimePrecision,
} from '../model/index.js';
import type { MovementClaim } from './tracks.js';

/** The ACLED name of the side that denies: the agreement's party of that actor, or the dictionary's name. */
export function sideName(
  id: string,
  country: string,
  actorName: (id: string, country: string) => string,
  parties: string[],
): string {
  const n = actorName(id, country);
  return n.includes('{') ? (parties.find((p) => p.startsWith(n.split(' {')[0]!)) ?? id) : n;
}

/** Every dated step the documents report, in date order; the same step on the same day from one document once. */
export function lifeOf(readings: Array<{ documentId: string; deal: DealReading }>): AgreementStep[] {
  const seen = new Set<string>();
  const out: AgreementStep[] = [];
  for (const r of readings)
    for (const o of r.deal.life) {
      const key = `${o.status}|${o.date}|${r.documentId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        status: o.status,
        date: o.date,
        timePrecision: o.timePrecision,
        ...(o.by ? { by: o.by } : {}),
        source: o.source,
        documentId: r.documentId,
        evidence: o.evidence,
      });
    }
  return out.sort((a, b) => a.date.localeCompare(b.date) || ORDER[a.status] - ORDER[b.status]);
}

const ORDER: Record<AgreementStatus, number> = {
  proposed: 0,
  reached: 1,
  denied: 2,
  disputed: 3,
  stalled: 4,
  collapsed: 5,
  revived: 6,
  implemented: 7,
  fulfilled_part: 8,
  fulfilled: 9,
};

/** One side says it was reached, another denies it: both, with who says each. */
export function contestedOf(
  life: AgreementStep[],
): { status: ContestedValue<AgreementStatus>[] } | undefined {
  const against = life.filter((o) => o.status === 'denied' || o.status === 'disputed');
  const for_ = life.filter((o) => o.status === 'reached' || o.status === 'implemented');
  if (!against.length || !for_.length) return undefined;
  const value = (status: AgreementStatus, steps: AgreementStep[]): ContestedValue<AgreementStatus> => ({
    value: status,
    sources: [...new Set(steps.map((o) => o.source))],
    claimIds: [],
  });
  const statuses = [...new Set([...for_, ...against].map((o) => o.status))];
  return {
    status: statuses.map((s) =>
      value(
        s,
        life.filter((o) => o.status === s),
      ),
    ),
  };
}

/**
 * The reached steps the words date (`dated`), and the steps the deal counts as reached by: the
 * dated ones, else the founding unit's Agreement event's own date, else the undated reached steps.
 */
export function reachedBy(
  life: AgreementStep[],
  founding: Array<MovementClaim & { sub_event_type?: string }>,
): { dated: AgreementStep[]; reached: AgreementStep[] } {
  const reachedSteps = life.filter((o) => o.status === 'reached');
  const dated = reachedSteps.filter((o) => o.timePrecision === 1);
  // A reached step the words do not date gives way to the Agreement event's own date.
  const eventDay = founding
    .filter((c) => c.sub_event_type === 'Agreement')
    .sort((x, y) => x.time_precision - y.time_precision || x.event_date.localeCompare(y.event_date))[0];
  const reached: AgreementStep[] = dated.length
    ? dated
    : eventDay
      ? [
          {
            status: 'reached',
            date: eventDay.event_date,
            timePrecision: eventDay.time_precision,
            source: eventDay.root,
            documentId: eventDay.documentId,
            evidence: eventDay.evidence,
          },
        ]
      : reachedSteps;
  return { dated, reached };
}

/** When a deal was reached, how precisely, and who says so. */
export function reachedOn(reached: AgreementStep[]): NonNullable<Agreement['reached']> {
  return {
    date: reached.map((o) => o.date).sort()[0]!,
    timePrecision: Math.min(...reached.map((o) => o.timePrecision)) as TimePrecision,
    sources: [...new Set(reached.map((o) => o.source))],
  };
}
