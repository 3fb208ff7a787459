// Routes that read events: the list (with ACLED's fields= and sort=), one event with everything
// behind it, and the views the workspace draws from the filtered record — histogram, map points
// and grid cells, facets, chart series and the record's size.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { FACET_FIELDS } from '../../store/filters.js';
import { MAX_POINTS } from '../../store/store.js';
import { withArabicLocations, type EventPlace } from '../../geo/arabic-name.js';
import { eventQuery } from '../query.js';
import { answers, bool, int, num, obj, ref, str } from '../schemas/index.js';
import { idParams, type RouteContext } from './context.js';

/** The fields the Arabic name of an event's place is found from. */
const PLACE_FIELDS = ['location', 'latitude', 'longitude', 'country'];

/** Titles the shipped sample corpus gives every one of its reports (samples/README.md). */
const SAMPLE_TITLE = /^Sample report/;

export async function eventRoutes(app: FastifyInstance, opts: RouteContext): Promise<void> {
  listEventsRoute(app, opts);
  eventRoute(app, opts);
  histogramRoute(app, opts);
  pointsRoute(app, opts);
  gridRoute(app, opts);
  facetsRoute(app, opts);
  seriesRoute(app, opts);
  recordSizeRoute(app, opts);
}

/** GET /api/events: a page of matching events, or only the fields asked for. */
function listEventsRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store, hold, toFilter } = opts;
  api.get(
    '/api/events',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'List events matching a filter, newest first',
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            // As ACLED's API: the fields wanted, separated by | (or commas); id always comes.
            fields: { type: 'string', pattern: '^[A-Za-z0-9_]+([|,][A-Za-z0-9_]+)*$', maxLength: 1000 },
            sort: {
              type: 'string',
              pattern: '^-?[A-Za-z0-9_]+$',
              maxLength: 40,
              description:
                'a field to order by (as in fields), - before it for descending; newest first by default',
            },
          },
        },
        response: answers('A page of matching events (with fields=, only those fields and each id)', {
          anyOf: [ref('EventPage'), ref('EventFieldPage')],
        }),
      },
    },
    async (req) => {
      const { fields, ...query } = req.query;
      const filter = await hold.filter(req, toFilter(query));
      if (fields) {
        const wanted = fields.split(/[|,]/);
        if (!wanted.includes('location_ar')) return store.listEventFields(filter, wanted);
        // location_ar is the gazetteer's, not a stored column: read what finds it, keep what was asked.
        const asked = new Set(['id', ...wanted]);
        const read = [...new Set([...wanted.filter((f) => f !== 'location_ar'), ...PLACE_FIELDS])];
        const page = await store.listEventFields(filter, read);
        const events = withArabicLocations(
          opts.resources.gazetteer,
          page.events as unknown as EventPlace[],
        ) as unknown as Array<Record<string, unknown>>;
        return {
          ...page,
          events: events.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => asked.has(k)))),
        };
      }
      const page = await store.listEvents(filter);
      return { ...page, events: withArabicLocations(opts.resources.gazetteer, page.events) };
    },
  );
}

/** GET /api/events/:id: one event with everything behind it. */
function eventRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store, hold } = opts;
  api.get(
    '/api/events/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'One event with its claims, documents and history',
        params: idParams,
        response: answers('The event with its claims, documents, history and reviews', ref('EventDetail')),
      },
    },
    async (req, reply) => {
      const event = await store.getEvent(req.params.id);
      if (!event || (await hold.heldEvents(req)).has(event.id))
        return reply.status(404).send({ error: `no event ${req.params.id}` });
      return withArabicLocations(opts.resources.gazetteer, [event])[0];
    },
  );
}

/** GET /api/events/histogram: matching events counted by bucket of time. */
function histogramRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/events/histogram',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'Counts of matching events by day, month or year',
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            interval: { type: 'string', enum: ['day', 'month', 'year'], default: 'day' },
          },
        },
        response: answers(
          'Matching events counted by bucket of time and event type',
          obj(
            {
              interval: str,
              buckets: {
                type: 'array',
                items: obj({ bucket: str, event_type: str, count: int }, ['bucket', 'event_type', 'count']),
              },
            },
            ['buckets'],
          ),
        ),
      },
    },
    async (req) => {
      const { interval, ...rest } = req.query;
      return {
        interval,
        buckets: await store.histogram(await opts.hold.filter(req, opts.toFilter(rest)), interval ?? 'day'),
      };
    },
  );
}

/** GET /api/events/points: matching events as light map points. */
function pointsRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/events/points',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'Matching events as light map points',
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            limit: { type: 'integer', minimum: 1, maximum: MAX_POINTS, default: 20_000 },
            whole: {
              type: 'boolean',
              description:
                'no points when more than limit match (total then counted to limit + 1): the map asks so',
            },
          },
        },
        response: answers(
          'Matching events as [id, longitude, latitude, event_type, geo_precision]',
          obj(
            {
              total: int,
              points: {
                type: 'array',
                items: { type: 'array', prefixItems: [str, num, num, str, { type: ['integer', 'null'] }] },
              },
            },
            ['total', 'points'],
          ),
        ),
      },
    },
    async (req) => {
      const { whole, ...rest } = req.query;
      return store.mapPoints(await opts.hold.filter(req, opts.toFilter(rest)), { whole: whole === true });
    },
  );
}

/** GET /api/events/grid: matching events counted in cells for a zoom. */
function gridRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/events/grid',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'Counts of matching events in grid cells, for the map at a zoom',
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            zoom: { type: 'number', minimum: 0, maximum: 22, default: 4 },
          },
        },
        response: answers(
          'Cells of `cell` degrees: where their events are on average, how many, of which types',
          obj(
            {
              cell: num,
              cells: {
                type: 'array',
                items: obj({ longitude: num, latitude: num, count: int, types: { type: 'object' } }, [
                  'longitude',
                  'latitude',
                  'count',
                  'types',
                ]),
              },
            },
            ['cell', 'cells'],
          ),
        ),
      },
    },
    async (req) => {
      const { zoom, ...rest } = req.query;
      // About 40 cells across the screen at any zoom.
      const cell = 360 / 2 ** ((zoom ?? 4) + 3);
      return { cell, cells: await store.grid(await opts.hold.filter(req, opts.toFilter(rest)), cell) };
    },
  );
}

/** GET /api/events/facets: the values a field takes among matching events. */
function facetsRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  // The values a filter may take, from the record's own events under the other filters, with counts.
  api.get(
    '/api/events/facets',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['events'],
        summary: 'The values a field takes among matching events, with counts',
        querystring: {
          ...eventQuery,
          required: ['field'],
          properties: {
            ...eventQuery.properties,
            field: { type: 'string', enum: [...FACET_FIELDS] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
        },
        response: answers(
          'The values the field takes, most frequent first',
          obj(
            {
              field: str,
              values: { type: 'array', items: obj({ value: {}, count: int }, ['value', 'count']) },
            },
            ['field', 'values'],
          ),
        ),
      },
    },
    async (req) => {
      const { field, limit, offset, ...rest } = req.query;
      void offset;
      return {
        field,
        values: await store.facets(
          await opts.hold.filter(req, opts.toFilter(rest)),
          field,
          Number(limit ?? 200),
        ),
      };
    },
  );
}

/** GET /api/events/series: events or fatalities per bucket of time and series. */
function seriesRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
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
}

/** GET /api/record: how large the record is, and whether it is the shipped sample. */
function recordSizeRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  // A record of a few dozen events whose every report is a sample report is the shipped sample.
  api.get(
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
}
