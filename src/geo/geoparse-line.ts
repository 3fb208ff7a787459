// The JSON line `observatory geoparse` prints for a document (a public interface: fields are only
// ever added). Toponyms as before; demonyms as associative toponyms at their country; the focus.
import type { Document } from '../model/index.js';
import type { GeoparseResult } from './geoparse.js';

const coordinate = (x: number) => Number(x.toFixed(5));

/** One document's geoparse, as the JSON object printed on its line. */
export function geoparseLine(
  doc: Pick<Document, 'id' | 'published' | 'publishedAsWritten' | 'publishedAmbiguous'> & { dated?: boolean },
  result: GeoparseResult,
  countryName: (code: string) => string,
): Record<string, unknown> {
  return {
    doc_id: doc.id,
    toponyms: result.toponyms.map((t) => ({
      start: t.span.start,
      end: t.span.end,
      text: t.span.text,
      name: t.place.name,
      latitude: t.place.latitude,
      longitude: t.place.longitude,
      country: t.place.country,
      country_code: t.place.countryCode,
      admin1: t.place.admin1 ?? null,
      ...(t.place.admin1Pcode ? { admin1_pcode: t.place.admin1Pcode } : {}),
      ...(t.place.admin2 ? { admin2: t.place.admin2 } : {}),
      ...(t.place.admin2Pcode ? { admin2_pcode: t.place.admin2Pcode } : {}),
      feature_code: t.place.featureCode,
      ...(t.place.geonameid ? { geonameid: t.place.geonameid } : {}),
      geo_precision: t.precision,
      confidence: Number(t.confidence.toFixed(2)),
      ...(t.candidates
        ? {
            candidates: t.candidates.map((c) => ({
              name: c.place.name,
              latitude: coordinate(c.place.latitude),
              longitude: coordinate(c.place.longitude),
              country_code: c.place.countryCode,
              admin1: c.place.admin1 ?? null,
              feature_code: c.place.featureCode,
              population: c.place.population ?? 0,
              source: c.source,
              score: c.score,
            })),
          }
        : {}),
    })),
    // Nationality words ("Syrian", "Turkish"), which geoparsing gold sets count as associative
    // toponyms: they say what the text is about, not where something happened.
    demonyms: result.demonyms.map((d) => ({
      start: d.span.start,
      end: d.span.end,
      text: d.span.text,
      type: 'associative',
      name: d.place.name,
      latitude: d.place.latitude,
      longitude: d.place.longitude,
      country: d.countryCode ? countryName(d.countryCode) : null,
      country_code: d.countryCode || null,
      feature_code: d.place.featureCode,
    })),
    country_focus: result.focus.map((code) => ({ country_code: code, country: countryName(code) })),
    ...(doc.dated === false
      ? { published: null }
      : {
          published: doc.published,
          ...(doc.publishedAsWritten ? { published_as_written: doc.publishedAsWritten } : {}),
          ...(doc.publishedAmbiguous ? { published_ambiguous: doc.publishedAmbiguous } : {}),
        }),
  };
}
