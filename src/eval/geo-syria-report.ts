// The Markdown section of `observatory eval geo` on Syrian places coded by UCDP: before the UCDP
// layer, k-fold (the honest figure), and with the shipped layer (in-sample, labelled so).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readSyriaLayer } from '../geo/build-syria.js';
import { SYRIA_LAYER_PATH } from '../geo/distil-syria.js';
import { Gazetteer, defaultGazetteerPath } from '../geo/gazetteer.js';
import type { Geoparser } from '../geo/geoparse.js';
import {
  arabicNames,
  commonestGovernorate,
  foldGazetteers,
  governorateBaseline,
  readHeadlines,
  scoreHeadlines,
  scorePlaces,
  testPlaces,
  type WithinScores,
} from './geo-syria.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const cell = (s: WithinScores) => (s.n ? `${pct(s.within / s.n)} (${s.n})` : '-');

export function syriaSection(evalDir: string, geoparser: Geoparser, log: (s: string) => void): string[] {
  const csv = join(evalDir, 'ucdp', 'ged191_syria_2016-2017.csv');
  const layer = readSyriaLayer(SYRIA_LAYER_PATH);
  if (!existsSync(csv) || !layer) return [];
  log('Syrian places coded by UCDP');
  const places = testPlaces(csv, layer, arabicNames(layer));
  const gaz = foldGazetteers(places, layer);
  const folds = gaz.folds.map((g) => geoparser.withGazetteer(g));
  const before = geoparser.withGazetteer(gaz.before);
  const shipped = geoparser.withGazetteer(gaz.shipped);
  const runs: Array<[string, (fold: number) => Geoparser]> = [
    ['without the UCDP layer', () => before],
    ['UCDP layer, 5-fold (fold held out)', (f) => folds[f]!],
    ['shipped UCDP layer (in-sample)', () => shipped],
  ];
  const lines = [
    '',
    '### Syrian places coded by UCDP',
    '',
    `Each of the ${places.length} places UCDP GED coded events at in 2016-2017 (precision 1-2, spellings merged) in "Warplanes struck <place> in <governorate> province, Syria."; right when the toponym found at the place's name lies within 5 km of UCDP's point. The 5-fold rows score each fold with a UCDP layer built from the other four (places within 5 km of each other share a fold); the shipped layer holds every place, so its row is in-sample. Arabic: the places with an Arabic name in GeoNames cities500 or OpenSyria (same place: within 5 km, same name skeleton), in "قصفت الطائرات الحربية <place> في محافظة <governorate>، سوريا."; "other letter forms" writes each Arabic name with bare alef, haa for taa marbuta, yaa for alef maqsura, a tatweel, and the article added or dropped; "after بلدة" puts the word for a town before the name, as bulletins write it ("قصفت الطائرات الحربية بلدة <place>"). "Arabic names held out": the same Arabic names against a gazetteer whose names in Arabic script find only countries and governorates, so a place is found only through the cross-script key of its Latin names (what Arabic text finds of a place a gazetteer knows in Latin letters only, as most of UCDP's villages); the Arabic names come from GeoNames and OpenSyria, not from UCDP, so they are not in-sample in any row. Trivial baseline (the governorate's centroid): ${pct(governorateBaseline(places, layer))} within 5 km.`,
    '',
    '| script | gazetteer | all | villages | towns | cities | other | wrong place (> 5 km) | nothing found | false toponyms in the other words |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  // The same Arabic names against a gazetteer whose names in Arabic script are not searched: what
  // a report in Arabic finds of the places a gazetteer knows only in Latin letters.
  const latinOnly = foldGazetteers(places, layer, undefined, false);
  const latinOnlyFolds = latinOnly.folds.map((g) => geoparser.withGazetteer(g));
  const ucdpOnlyGazetteer = Gazetteer.reopen(defaultGazetteerPath(), {
    arabicNames: false,
    excludeSources: ['geonames'],
  });
  const ucdpOnly = geoparser.withGazetteer(ucdpOnlyGazetteer);
  const latinOnlyRuns: Array<[string, (fold: number) => Geoparser]> = [
    ['without the UCDP layer', () => geoparser.withGazetteer(latinOnly.before)],
    ['UCDP layer, 5-fold (fold held out)', (f) => latinOnlyFolds[f]!],
    ['shipped UCDP layer (in-sample)', () => geoparser.withGazetteer(latinOnly.shipped)],
    // Only UCDP's own spellings to go by, as for the villages no registry package lists.
    ['shipped UCDP layer, GeoNames left out (in-sample)', () => ucdpOnly],
  ];
  const rows: Array<[string, 'latin' | 'arabic' | 'arabic-variant' | 'arabic-cue', typeof runs]> = [
    ['Latin', 'latin', runs],
    ['Arabic', 'arabic', runs],
    ['Arabic, other letter forms', 'arabic-variant', runs],
    ['Arabic, after بلدة', 'arabic-cue', runs],
    ['Arabic, Arabic names held out', 'arabic', latinOnlyRuns],
    ['Arabic after بلدة, Arabic names held out', 'arabic-cue', latinOnlyRuns],
  ];
  for (const [name, script, rowRuns] of rows) {
    for (const [label, gp] of rowRuns) {
      log(`  ${name}: ${label}`);
      const s = scorePlaces(places, gp, script);
      lines.push(
        `| ${name} | ${label} | ${cell(s.all)} | ${cell(s.village)} | ${cell(s.town)} | ${cell(s.city)} | ${cell(s.other)} | ${s.all.n ? pct((s.all.n - s.all.within - s.all.notFound) / s.all.n) : '-'} | ${s.all.n ? pct(s.all.notFound / s.all.n) : '-'} | ${s.all.falseToponyms} |`,
      );
    }
  }
  latinOnly.close();
  ucdpOnlyGazetteer.close();
  const headlines = readHeadlines(csv, layer, places);
  lines.push(
    '',
    `SOHR's headlines (UCDP source_headline, ${headlines.length} distinct headline-and-point pairs): the headline's most precise Syrian toponym against the coded event's governorate and point. Trivial baseline: the commonest governorate, ${pct(commonestGovernorate(headlines))}.`,
    '',
    '| gazetteer | governorate | within 25 km | no place found |',
    '|---|---|---|---|',
  );
  for (const [label, gp] of runs) {
    log(`  headlines: ${label}`);
    const h = scoreHeadlines(headlines, gp, (t) => t.place.admin1Pcode);
    lines.push(`| ${label} | ${pct(h.admin1 / h.n)} | ${pct(h.within25 / h.n)} | ${h.unplaced} |`);
  }
  gaz.close();
  return lines;
}
