// OGC API - Features Part 1 (Core, GeoJSON, OpenAPI 3.0) under /ogc, so that GIS clients (QGIS,
// GDAL's OAPIF driver, ArcGIS) read the record as layers: `events` (points, dated), `tracks`
// (movements' routes, dated by when they were seen) and `places` (the gazetteer, timeless).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Resources } from '../../extract/resources.js';
import { StoreError, type Store } from '../../store/store.js';
import { InputError } from '../../ingest/read.js';
import type { HoldPolicy } from '../hold.js';
import { collectionRoutes, collections } from './collections.js';
import { itemRoutes } from './items.js';
import { landingRoutes } from './landing.js';
import type { Collection, OgcContext, View } from './shared.js';

export async function ogcRoutes(
  app: FastifyInstance,
  opts: { store: Store; resources: Resources; hold: HoldPolicy },
): Promise<void> {
  const viewOf = (req: FastifyRequest): View => ({
    tracks: (t) => opts.hold.tracks(req, t),
    filter: (f) => opts.hold.filter(req, f),
    held: () => opts.hold.heldEvents(req),
  });
  // The links a response carries are absolute, on the host the client asked.
  const origin = (req: FastifyRequest) => `${req.protocol}://${req.headers.host ?? '127.0.0.1'}`;
  const byId = collections(opts.store, opts.resources);

  // OGC API - Features wants an unknown query parameter refused (Fastify's validator would drop it).
  app.addHook('preValidation', async (req) => {
    const schema = req.routeOptions.schema?.querystring as
      { properties?: Record<string, unknown> } | undefined;
    const known = new Set(Object.keys(schema?.properties ?? {}));
    for (const name of new URL(req.url, 'http://localhost').searchParams.keys())
      if (!known.has(name))
        throw new InputError(name, `unknown query parameter; this route takes ${[...known].join(', ')}`);
  });

  /** The collection asked for; an unknown one is a 404, as OGC API - Features requires. */
  const collection = (id: string): Collection => {
    const c = byId.get(id);
    if (!c)
      throw new StoreError(`no collection "${id}": there are ${[...byId.keys()].join(', ')}`, 'not_found');
    return c;
  };

  const ctx: OgcContext = { store: opts.store, hold: opts.hold, origin, viewOf, byId, collection };
  landingRoutes(app, ctx);
  collectionRoutes(app, ctx);
  itemRoutes(app, ctx);
}
