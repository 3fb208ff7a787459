// A merged finding as the event extraction prints: ACLED's columns, PLOVER, details, evidence
// and who says it (the extraction JSON contract).
import { interaction } from './acled/index.js';
import type { Claim, Finding } from '../model/index.js';
import type { Resources } from './resources.js';

export function toEvent(c: Finding, res: Resources): Claim {
  const p = c.place;
  const location = p ? (p.featureCode === 'ADM1' ? (p.admin1 ?? p.asciiName) : p.asciiName) : '';
  return {
    event_date: c.eventDate,
    time_precision: c.timePrecision,
    event_type: c.eventType,
    sub_event_type: c.subEventType,
    actor1: c.actor1 ?? '',
    assoc_actor_1: c.assocActor1 ?? '',
    inter1: c.inter1,
    actor2: c.actor2 ?? '',
    assoc_actor_2: c.assocActor2 ?? '',
    inter2: c.inter2,
    interaction: interaction(c.inter1, c.inter2),
    country: p ? p.country : '',
    admin1: p?.admin1 ?? '',
    admin2: p?.admin2 ?? '',
    location,
    latitude: p ? p.latitude : null,
    longitude: p ? p.longitude : null,
    geo_precision: p ? (c.geoPrecision ?? 3) : null,
    fatalities: c.fatalities,
    notes: c.notes,
    // ACLED's source column names outlets and monitors, not unnamed officials.
    source: [...new Set(c.attribution.flatMap((a) => [a.source, ...a.via]))]
      .filter(
        (n) =>
          res.sources.some((s) => s.name === n) ||
          c.attribution.some((a) => a.via.at(-1) === n || (a.via.length === 0 && a.source === n)),
      )
      .join('; '),
    plover: c.details.plover,
    details: c.details,
    evidence: c.evidence,
    attribution: c.attribution,
    hedged: c.hedged,
    flags: c.flags,
    confidence: Number(c.confidence.toFixed(2)),
  };
}
