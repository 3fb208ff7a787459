// The map's own layers, public and cached a day: the offline basemap's country outlines and the
// curated named regions, each drawn as an approximate area.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { geoCircle } from 'd3-geo';
import type { FastifyInstance } from 'fastify';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import { featureCollection, regionFeature } from '../../formats/geojson.js';
import { answersIn, ref } from '../schemas/index.js';

const require = createRequire(import.meta.url);

let basemapCache: string | undefined;
/** Natural Earth country shapes (world-atlas) as GeoJSON, the offline basemap. */
function basemap(): string {
  if (!basemapCache) {
    const topo = JSON.parse(
      readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
    ) as Topology;
    // To a thousandth of a degree (about 100 m): a third of the bytes for the browser to parse.
    basemapCache = JSON.stringify(feature(topo, topo.objects.countries!), (_k, v: unknown) =>
      typeof v === 'number' ? Math.round(v * 1000) / 1000 : v,
    );
  }
  return basemapCache;
}

let regionsCache: string | undefined;
/** Kilometres a named region is drawn out to, by the precision it supports: its extent is approximate. */
const REGION_RADIUS_KM: Record<number, number> = { 1: 3, 2: 20, 3: 60 };
/**
 * The curated named regions (data/regions.json) as GeoJSON: each a disc around its centroid sized
 * by its precision, marked approximate, since the file records centroids, not outlines.
 */
function regions(): string {
  if (!regionsCache) {
    const file = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../../data/regions.json', import.meta.url)), 'utf8'),
    ) as {
      regions: Array<{
        id: string;
        name: string;
        lat: number;
        lon: number;
        featureCode: string;
        precision: number;
      }>;
    };
    regionsCache = JSON.stringify(
      featureCollection(
        file.regions.map((r) =>
          regionFeature(
            r,
            geoCircle()
              .center([r.lon, r.lat])
              .radius((REGION_RADIUS_KM[r.precision] ?? 20) / 111.2)
              .precision(10)(),
          ),
        ),
      ),
    );
  }
  return regionsCache;
}

export async function mapRoutes(app: FastifyInstance): Promise<void> {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  // The map's layers, public: a page shows them before anyone logs in.
  const mapLayer = (summary: string, description: string) =>
    ({
      config: { role: 'public' },
      schema: {
        tags: ['map'],
        summary,
        response: answersIn(description, 'application/geo+json', ref('FeatureCollection')),
      },
    }) as const;
  api.get(
    '/api/regions.geojson',
    mapLayer('Named regions as approximate areas', 'Named regions, each a disc marked approximate'),
    async (_req, reply) => {
      reply.header('content-type', 'application/geo+json').header('cache-control', 'public, max-age=86400');
      return regions();
    },
  );

  api.get(
    '/api/basemap/countries.geojson',
    mapLayer('Country outlines, the offline basemap', 'Country outlines'),
    async (_req, reply) => {
      reply.header('content-type', 'application/geo+json').header('cache-control', 'public, max-age=86400');
      return basemap();
    },
  );
}
