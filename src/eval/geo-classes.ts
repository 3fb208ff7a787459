// Resolution given the gold spans by the kind of place the gold names (country, first-level
// division, city, village), k-fold, with and without the UCDP layer of the default gazetteer.
import type { Resources } from '../extract/resources.js';
import { haversineKm } from '../geo/distance.js';
import type { Candidate } from '../geo/gazetteer.js';
import type { Geoparser } from '../geo/geoparse.js';
import type { GoldDocument } from './datasets.js';
import type { ResolverFit } from './geo-train.js';

const CLASSES = ['country', 'admin1', 'city', 'village', 'other', 'not in gazetteer'] as const;
type PlaceClass = (typeof CLASSES)[number];

/** The kind of place a gold toponym is: that of its reading nearest the gold point. */
export function classOf(c: Candidate | undefined): PlaceClass {
  if (!c) return 'not in gazetteer';
  if (c.featureCode === 'PCLI') return 'country';
  if (c.featureCode === 'ADM1') return 'admin1';
  if (c.featureClass === 'P')
    return (c.population ?? 0) >= 100_000 || c.featureCode === 'PPLC' || c.featureCode === 'PPLA'
      ? 'city'
      : 'village';
  return 'other';
}

function byClass(docs: GoldDocument[], parserFor: (doc: number) => Geoparser) {
  const out = new Map<PlaceClass, { n: number; ok: number }>(CLASSES.map((c) => [c, { n: 0, ok: 0 }]));
  docs.forEach((doc, d) => {
    const nearest: Array<Candidate | undefined> = [];
    const r = parserFor(d).resolveSpans(doc.text, doc.toponyms, [], (i, readings) => {
      const g = doc.toponyms[i]!;
      let best: Candidate | undefined;
      let bestKm = 161;
      for (const x of readings) {
        const km = haversineKm(g.lat, g.lon, x.c.latitude, x.c.longitude);
        if (km <= bestKm) {
          best = x.c;
          bestKm = km;
        }
      }
      nearest[i] = best;
    });
    doc.toponyms.forEach((g, i) => {
      const s = out.get(classOf(nearest[i]))!;
      s.n++;
      const t = r[i];
      if (t && haversineKm(g.lat, g.lon, t.place.latitude, t.place.longitude) <= 161) s.ok++;
    });
  });
  return out;
}

export function featureClassSection(
  sets: Array<[string, GoldDocument[]]>,
  fit: ResolverFit,
  _res: Resources,
  log: (s: string) => void,
): string[] {
  const lines = [
    '',
    '#### By kind of place',
    '',
    'acc@161km given the gold spans, k-fold, by the kind of the gold point\'s nearest reading in the gazetteer (a city is a capital, a first-level seat or a place of 100,000 people or more; a village any other populated place; "not in gazetteer": no reading within 161 km). Each cell: without the UCDP layer / with it (toponyms).',
    '',
    `| set | ${CLASSES.join(' | ')} |`,
    `|---|${CLASSES.map(() => '---').join('|')}|`,
  ];
  for (const [name, docs] of sets) {
    log(`by kind of place: ${name}`);
    const before = byClass(docs, (d) => fit.heldOutWithout(d, ['ucdp']));
    const after = byClass(docs, (d) => fit.heldOut(d));
    const cell = (c: PlaceClass) => {
      const b = before.get(c)!;
      const a = after.get(c)!;
      if (a.n === 0) return '-';
      const p = (x: { n: number; ok: number }) => (x.n ? `${((100 * x.ok) / x.n).toFixed(1)}%` : '-');
      return `${p(b)} / ${p(a)} (${a.n})`;
    };
    lines.push(`| ${name} | ${CLASSES.map(cell).join(' | ')} |`);
  }
  return lines;
}
