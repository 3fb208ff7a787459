// The three feature collections (events, tracks, places), each over its part of the record, and
// the routes that describe them with their extents.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Resources } from '../../extract/resources.js';
import { eventFeature, flatTrackFeature, placeFeature } from '../../formats/geojson.js';
import type { Track } from '../../model/index.js';
import { tracksAndAgreements } from '../../store/derived.js';
import type { Store } from '../../store/store.js';
import { answers, obj, str, strings } from '../schemas/index.js';
import {
  BASE,
  CRS84,
  GEOJSON,
  collectionParams,
  linkList,
  plain,
  type Collection,
  type Link,
  type OgcContext,
} from './shared.js';

/** Where a track was seen overlaps a box: its route, or any observation placed. */
function trackInBox(t: Track, [w, s, e, n]: [number, number, number, number]): boolean {
  const points: Array<[number, number]> = [...(t.route?.coordinates ?? [])];
  for (const o of t.observations) if (o.place) points.push([o.place.longitude, o.place.latitude]);
  return points.some(([x, y]) => x >= w && x <= e && y >= s && y <= n);
}

export function collections(store: Store, resources: Resources): Map<string, Collection> {
  const tracks = async () => (await tracksAndAgreements(store, resources.actors)).tracks;
  const list: Collection[] = [eventCollection(store), trackCollection(tracks), placeCollection(resources)];
  return new Map(list.map((c) => [c.id, c]));
}

/** Corroborated events, each a point at its place. */
function eventCollection(store: Store): Collection {
  return {
    id: 'events',
    title: 'Events',
    description:
      'Corroborated events in ACLED’s taxonomy, each a point at its place (null where it could not be placed), ' +
      'with its credibility, number of reports and review status; `detail` links to its claims and evidence.',
    async extent(view) {
      const all = await view.filter({});
      const cells = await store.grid(all, 1);
      const days = await store.histogram(all, 'day');
      const bbox = cells.length
        ? [
            Math.max(-180, Math.min(...cells.map((c) => c.longitude)) - 1),
            Math.max(-90, Math.min(...cells.map((c) => c.latitude)) - 1),
            Math.min(180, Math.max(...cells.map((c) => c.longitude)) + 1),
            Math.min(90, Math.max(...cells.map((c) => c.latitude)) + 1),
          ]
        : [-180, -90, 180, 90];
      const sorted = days.map((d) => d.bucket).sort();
      return { bbox, interval: sorted.length ? [sorted[0]!, sorted[sorted.length - 1]!] : null };
    },
    async items(q) {
      const page = await store.listEvents(
        await q.view.filter({
          bbox: q.bbox,
          start: q.start,
          end: q.end,
          limit: q.limit,
          offset: q.offset,
        }),
      );
      return {
        features: page.events.map((e) => eventFeature(e, q.root)),
        matched: page.totalExact ? page.total : undefined,
        more: page.totalExact ? q.offset + page.events.length < page.total : page.events.length === q.limit,
      };
    },
    async item(id, root, view) {
      const e = await store.getEvent(id);
      // An id merged away leads to the surviving event; as a feature, it is that event's.
      return e && !(await view.held()).has(e.id) ? eventFeature(e, root) : undefined;
    },
  };
}

/** Movements rebuilt from the record, read through `tracks`. */
function trackCollection(tracks: () => Promise<Track[]>): Collection {
  return {
    id: 'tracks',
    title: 'Tracks',
    description:
      'Movements rebuilt from reports (a convoy’s route): the places seen at town or district precision, in order, ' +
      'dated from first to last sighting.',
    async extent(view) {
      const all = await view.tracks(await tracks());
      const xs = all.flatMap((t) => t.route?.coordinates ?? []);
      const bbox = xs.length
        ? [
            Math.min(...xs.map((c) => c[0])),
            Math.min(...xs.map((c) => c[1])),
            Math.max(...xs.map((c) => c[0])),
            Math.max(...xs.map((c) => c[1])),
          ]
        : [-180, -90, 180, 90];
      const first = all.map((t) => t.firstSeen).sort()[0];
      const last = all
        .map((t) => t.lastSeen)
        .sort()
        .at(-1);
      return { bbox, interval: first && last ? [first, last] : null };
    },
    async items(q) {
      const matching = (await q.view.tracks(await tracks())).filter(
        (t) =>
          (!q.bbox || trackInBox(t, q.bbox)) &&
          (!q.start || t.lastSeen >= q.start) &&
          (!q.end || t.firstSeen <= q.end),
      );
      const features = matching.slice(q.offset, q.offset + q.limit).map(flatTrackFeature);
      return { features, matched: matching.length, more: q.offset + q.limit < matching.length };
    },
    async item(id, _root, view) {
      const t = (await view.tracks(await tracks())).find((x) => x.id === id);
      return t ? flatTrackFeature(t) : undefined;
    },
  };
}

/** The gazetteer's places. */
function placeCollection(resources: Resources): Collection {
  return {
    id: 'places',
    title: 'Places',
    description:
      'The gazetteer events are placed against: towns, districts, regions and countries with the coarsest ' +
      'geo_precision each supports. Places have no time, so a datetime filter selects none.',
    async extent() {
      return { bbox: [-180, -90, 180, 90], interval: null };
    },
    async items(q) {
      if (q.datetime) return { features: [], matched: 0, more: false };
      const { total, places } = resources.gazetteer.within(q.bbox, q.limit, q.offset);
      return {
        features: places.map(placeFeature),
        matched: total,
        more: q.offset + places.length < total,
      };
    },
    async item(id) {
      const p = resources.gazetteer.place(id);
      return p ? placeFeature(p) : undefined;
    },
  };
}

const collectionSchema = obj(
  {
    id: str,
    title: str,
    description: str,
    itemType: str,
    crs: strings,
    extent: { type: 'object' },
    links: linkList,
  },
  ['id', 'title', 'links'],
);

export function collectionRoutes(app: FastifyInstance, ctx: OgcContext): void {
  const describe = describer(ctx);
  collectionsRoute(app, ctx, describe);
  collectionRoute(app, ctx, describe);
}

/** How a collection is described to an asker, its extent worked out once per change and view. */
function describer(ctx: OgcContext) {
  const { viewOf } = ctx;
  // Extents change only when the record does (and, for those held to the hold, the day): each is
  // worked out once per change-log position and view.
  const extents = new Map<string, { cursor: number; value: ReturnType<Collection['extent']> }>();
  const extentOf = async (c: Collection, req: FastifyRequest) => {
    const cursor = await ctx.store.latestChange();
    const key = `${c.id} ${ctx.hold.variant(req)}`;
    const last = extents.get(key);
    if (last && last.cursor === cursor) return last.value;
    const value = c.extent(viewOf(req));
    extents.set(key, { cursor, value });
    value.catch(() => extents.delete(key));
    return value;
  };

  const describe = async (c: Collection, root: string, req: FastifyRequest) => {
    const { bbox, interval } = await extentOf(c, req);
    return {
      id: c.id,
      title: c.title,
      description: c.description,
      itemType: 'feature',
      crs: [CRS84],
      extent: {
        spatial: { bbox: [bbox], crs: CRS84 },
        ...(interval
          ? {
              temporal: {
                interval: [[`${interval[0]}T00:00:00Z`, `${interval[1]}T23:59:59Z`]],
                trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
              },
            }
          : {}),
      },
      links: [
        { href: `${root}${BASE}/collections/${c.id}`, rel: 'self', type: 'application/json', title: c.title },
        { href: `${root}${BASE}/collections/${c.id}/items`, rel: 'items', type: GEOJSON, title: c.title },
      ] satisfies Link[],
    };
  };
  return describe;
}

type Describe = ReturnType<typeof describer>;

/** GET /ogc/collections: every collection described. */
function collectionsRoute(app: FastifyInstance, { origin, byId }: OgcContext, describe: Describe): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  api.get(
    `${BASE}/collections`,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'Feature collections: events, tracks, places',
        querystring: plain,
        response: answers(
          'The collections: events, tracks, places',
          obj({ links: linkList, collections: { type: 'array', items: collectionSchema } }, [
            'links',
            'collections',
          ]),
        ),
      },
    },
    async (req) => {
      const root = origin(req);
      return {
        links: [
          { href: `${root}${BASE}/collections`, rel: 'self', type: 'application/json' },
        ] satisfies Link[],
        collections: await Promise.all([...byId.values()].map((c) => describe(c, root, req))),
      };
    },
  );
}

/** GET /ogc/collections/:collectionId: one collection described. */
function collectionRoute(app: FastifyInstance, { origin, collection }: OgcContext, describe: Describe): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  api.get(
    `${BASE}/collections/:collectionId`,
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['ogc'],
        summary: 'One feature collection',
        params: collectionParams,
        querystring: plain,
        response: answers('The collection', collectionSchema),
      },
    },
    async (req) => describe(collection(req.params.collectionId), origin(req), req),
  );
}
