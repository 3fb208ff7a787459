// Routes the workspace's views read: what the record is (empty, the shipped sample, how large), the
// charts' series, and the names of places to label the map with at a town's zoom.
import type { FastifyInstance } from 'fastify';
import type { Resources } from '../extract/resources.js';
import type { EventFilter, Store } from '../store/store.js';
import type { HoldPolicy } from './hold.js';
import { answers, bool, int, listOf, num, obj, str } from './schemas.js';
import { parseBbox } from './query.js';

/** Titles the shipped sample corpus gives every one of its reports (samples/README.md). */
const SAMPLE_TITLE = /^Sample report/;

export interface ViewOptions {
  store: Store;
  resources: Resources;
  toFilter: (q: Record<string, unknown>) => EventFilter;
  eventQuery: Record<string, unknown>;
  /** What each request may see of movements held back. */
  hold: HoldPolicy;
}

export async function viewRoutes(app: FastifyInstance, opts: ViewOptions): Promise<void> {
  const { store, resources } = opts;
  const eventQuery = opts.eventQuery as { properties: Record<string, unknown> };

  // A record of a few dozen events whose every report is a sample report is the shipped sample.
  app.get(
    '/api/record',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'How large the record is, and whether it is the shipped sample',
        response: answers(
          'How large the record is; sample: every report is one of the shipped sample reports',
          obj({ documents: int, events: int, empty: bool, sample: bool }, [
            'documents',
            'events',
            'empty',
            'sample',
          ]),
        ),
      },
    },
    async () => {
      const counts = await store.counts();
      let sample = false;
      if (counts.events > 0 && counts.events <= 60) {
        const { events } = await store.listEvents({ reviewStatus: 'any', limit: 60 });
        const docs = new Set(events.flatMap((e) => e.docIds));
        sample = docs.size > 0;
        for (const id of docs)
          if (!SAMPLE_TITLE.test((await store.getDocument(id))?.title ?? '')) sample = false;
      }
      return { ...counts, empty: counts.events === 0, sample };
    },
  );

  app.get<{
    Querystring: Record<string, unknown> & {
      interval?: 'day' | 'month' | 'year';
      by?: 'event_type' | 'actor1';
      measure?: 'events' | 'fatalities';
    };
  }>(
    '/api/events/series',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'Events or fatalities per day, month or year, by type or first actor',
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            interval: { type: 'string', enum: ['day', 'month', 'year'], default: 'day' },
            by: { type: 'string', enum: ['event_type', 'actor1'], default: 'event_type' },
            measure: { type: 'string', enum: ['events', 'fatalities'], default: 'events' },
          },
        },
        response: answers(
          'One value per bucket of time and series',
          obj(
            {
              interval: str,
              by: str,
              measure: str,
              points: {
                type: 'array',
                items: obj({ bucket: str, key: str, value: num }, ['bucket', 'key', 'value']),
              },
            },
            ['interval', 'by', 'measure', 'points'],
          ),
        ),
      },
    },
    async (req) => {
      const { interval = 'day', by = 'event_type', measure = 'events', limit, offset, ...rest } = req.query;
      void limit;
      void offset;
      return {
        interval,
        by,
        measure,
        points: await store.series(await opts.hold.filter(req, opts.toFilter(rest)), interval, by, measure),
      };
    },
  );

  app.get<{ Querystring: { bbox: string; limit?: number } }>(
    '/api/places/labels',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['places'],
        summary: 'The largest places in a box, to label the map with',
        querystring: {
          type: 'object',
          required: ['bbox'],
          additionalProperties: false,
          properties: {
            bbox: { type: 'string', maxLength: 100, description: 'west,south,east,north in degrees' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 60 },
          },
        },
        response: answers(
          'The most populous places in the box, largest first',
          listOf(
            'places',
            obj({ name: str, latitude: num, longitude: num, population: int }, [
              'name',
              'latitude',
              'longitude',
            ]),
          ),
        ),
      },
    },
    async (req, reply) => {
      const places = resources.gazetteer.largestWithin(parseBbox(req.query.bbox), req.query.limit ?? 60);
      reply.header('cache-control', 'public, max-age=86400');
      return {
        places: places.map((p) => ({
          name: p.asciiName || p.name,
          latitude: p.latitude,
          longitude: p.longitude,
          population: p.population ?? 0,
        })),
      };
    },
  );
}
