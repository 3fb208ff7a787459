// The shared schemas of GeoJSON as the exports and OGC API - Features write it, and of a link.
import { nullable, obj, str, type Schema } from './build.js';

export const GEOJSON_SCHEMAS = {
  Geometry: obj({ type: str, coordinates: { type: 'array' } }, ['type', 'coordinates']),
  Feature: obj(
    {
      type: { const: 'Feature' },
      id: str,
      geometry: { anyOf: [{ $ref: 'Geometry#' }, { type: 'null' }] },
      properties: nullable('object'),
    },
    ['type', 'geometry', 'properties'],
  ),
  FeatureCollection: obj(
    { type: { const: 'FeatureCollection' }, features: { type: 'array', items: { $ref: 'Feature#' } } },
    ['type', 'features'],
  ),
  Link: obj({ href: str, rel: str, type: str, title: str }, ['href', 'rel']),
} satisfies Record<string, Schema>;
