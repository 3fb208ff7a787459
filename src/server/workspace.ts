// Routes of the analyst's workspace: the timeline, the place search, the review queue and its
// gold export, field-report submissions and document uploads.
import { capturerOf } from './auth.js';
import type { ContactCipher } from './contacts.js';
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { CONTENT_TYPES, exportChunks, type ExportFormat } from './export.js';
import type { Resources } from '../extract/resources.js';
import { InputError } from '../ingest/read.js';
import type { Coder } from '../ingest/coder.js';
import type { HoldPolicy } from './hold.js';
import { answerOf, ingestOne } from '../ingest/pipeline.js';
import { FACET_FIELDS, type FacetField } from '../store/filters.js';
import { MAX_POINTS, StoreError, type EventFilter, type Store } from '../store/store.js';
import { answers, answersIn, ingested, int, listOf, num, obj, ref, str } from './schemas.js';
import { reviewRoutes } from './reviews.js';

/** The largest document an upload or a submission may carry. */
export const UPLOAD_LIMIT = 5 * 1024 * 1024;
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/**
 * A report's date checked against the calendar: no report is of a day after tomorrow (UTC; a
 * day's grace for a reporter ahead of UTC).
 */
export function notFuture(field: string, date: string): string {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  if (date > tomorrow) throw new InputError(field, `${date} is in the future: give the day it was reported`);
  return date;
}

const place = {
  type: 'object',
  required: ['name', 'latitude', 'longitude'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    latitude: { type: 'number', minimum: -90, maximum: 90 },
    longitude: { type: 'number', minimum: -180, maximum: 180 },
    geo_precision: { type: 'integer', enum: [1, 2, 3] },
    country: { type: 'string', maxLength: 100 },
    admin1: { type: 'string', maxLength: 200 },
  },
} as const;

export interface WorkspaceOptions {
  store: Store;
  resources: Resources;
  /** The list's filters from the query string, shared with /api/events. */
  toFilter: (q: Record<string, unknown>) => EventFilter;
  /** What each request may see of movements held back. */
  hold: HoldPolicy;
  /** Reads and codes the documents sent in (threads with a time budget). */
  coder: Coder;
  /** Encrypts field contacts; without it, a submission with contact details is refused. */
  contacts?: ContactCipher;
  eventQuery: Record<string, unknown>;
}

export async function workspaceRoutes(app: FastifyInstance, opts: WorkspaceOptions): Promise<void> {
  const { store, resources } = opts;
  const eventQuery = opts.eventQuery as { properties: Record<string, unknown> };

  app.get<{ Querystring: Record<string, unknown> & { interval?: 'day' | 'month' | 'year' } }>(
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

  app.get<{ Querystring: Record<string, unknown> }>(
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
      const { whole, ...rest } = req.query as Record<string, unknown> & { whole?: boolean };
      return store.mapPoints(await opts.hold.filter(req, opts.toFilter(rest)), { whole: whole === true });
    },
  );

  app.get<{ Querystring: Record<string, unknown> & { format?: ExportFormat; raw?: boolean } }>(
    '/api/export',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['exports'],
        summary: 'Export matching events as ACLED CSV, GeoJSON or HXL',
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            format: { type: 'string', enum: ['acled', 'geojson', 'hxl'], default: 'acled' },
            raw: { type: 'boolean', default: false },
          },
        },
        response: {
          ...answersIn('Matching events, oldest first', 'text/csv'),
          200: {
            description: 'Matching events, oldest first, streamed: ACLED CSV, HXL CSV or GeoJSON (formats/)',
            content: {
              'text/csv': { schema: str },
              'application/geo+json': { schema: ref('FeatureCollection') },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const { format = 'acled', limit, offset, raw, ...rest } = req.query;
      void limit;
      void offset;
      const filter = await opts.hold.filter(req, opts.toFilter(rest));
      const chunks = exportChunks(store.exportRows(filter), format, { raw: raw === true });
      return reply
        .type(CONTENT_TYPES[format])
        .header(
          'content-disposition',
          `attachment; filename="observatory-events.${format === 'geojson' ? 'geojson' : 'csv'}"`,
        )
        .send(Readable.from(chunks));
    },
  );

  app.get<{ Querystring: Record<string, unknown> & { zoom?: number } }>(
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

  // The values a filter may take, from the record's own events under the other filters, with counts.
  app.get<{ Querystring: Record<string, unknown> & { field: FacetField } }>(
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

  app.get<{ Querystring: { q: string; limit?: number } }>(
    '/api/places',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['places'],
        summary: 'Search the gazetteer by name',
        querystring: {
          type: 'object',
          required: ['q'],
          additionalProperties: false,
          properties: {
            q: { type: 'string', minLength: 2, maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
          },
        },
        response: answers(
          'Gazetteer places the name may be, best first',
          listOf(
            'places',
            obj(
              {
                id: str,
                name: str,
                country: str,
                admin1: str,
                latitude: num,
                longitude: num,
                geo_precision: int,
                feature_code: str,
              },
              ['id', 'name', 'latitude', 'longitude', 'geo_precision'],
            ),
          ),
        ),
      },
    },
    async (req) => {
      const found = resources.gazetteer.lookup(req.query.q).slice(0, req.query.limit ?? 10);
      return {
        places: found.map((p) => ({
          id: p.id,
          name: p.asciiName || p.name,
          country: p.country,
          admin1: p.admin1 ?? '',
          latitude: p.latitude,
          longitude: p.longitude,
          geo_precision: p.precision,
          feature_code: p.featureCode,
        })),
      };
    },
  );

  await app.register(reviewRoutes, { store });

  app.post<{
    Body: {
      text: string;
      date: string;
      source?: string;
      title?: string;
      place?: {
        name: string;
        latitude: number;
        longitude: number;
        geo_precision?: 1 | 2 | 3;
        country?: string;
        admin1?: string;
      };
      contact?: string;
    };
  }>(
    '/api/submissions',
    {
      bodyLimit: UPLOAD_LIMIT,
      config: { role: 'contributor' },
      schema: {
        tags: ['documents'],
        summary: 'Submit a field report from the web form',
        body: {
          type: 'object',
          required: ['text', 'date'],
          additionalProperties: false,
          properties: {
            text: { type: 'string', minLength: 1, maxLength: UPLOAD_LIMIT },
            date: { type: 'string', pattern: DATE },
            source: { type: 'string', maxLength: 200 },
            title: { type: 'string', maxLength: 500 },
            place,
            contact: { type: 'string', maxLength: 2000 },
          },
        },
        response: ingested,
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.contact?.trim() && !opts.contacts)
        throw new InputError(
          'contact',
          'contact details cannot be kept: this server has no encryption key (set OBSERVATORY_KEY or OBSERVATORY_KEY_FILE)',
        );
      notFuture('date', b.date);
      const { doc, outcome } = await ingestOne(
        {
          id: `form:${new Date().toISOString()}`,
          bytes: Buffer.from(b.text, 'utf8'),
          format: 'txt',
          published: b.date,
          source: b.source || 'field contact',
          title: b.title,
          captureMethod: 'form',
          capturedFrom: 'web form',
          capturedBy: capturerOf(req),
        },
        store,
        opts.coder,
        {
          // The sender's source is the report's source; whom the text cites stays in its claim.
          reporter: b.source || 'field contact',
          ...(b.place
            ? {
                place: {
                  name: b.place.name,
                  latitude: b.place.latitude,
                  longitude: b.place.longitude,
                  geoPrecision: b.place.geo_precision ?? 1,
                  country: b.place.country,
                  admin1: b.place.admin1,
                },
              }
            : {}),
        },
      );
      if (b.contact?.trim() && opts.contacts)
        await store.storeContact(outcome.documentId, opts.contacts.encrypt(b.contact.trim()));
      return reply.status(outcome.status === 'new' ? 201 : 200).send(answerOf(outcome, doc));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id/contact',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['documents'],
        summary: 'The field contact behind a report, decrypted (admin)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        response: answers(
          'The field contact behind a report, decrypted',
          obj({ documentId: str, contact: str }, ['documentId', 'contact']),
        ),
      },
    },
    async (req, reply) => {
      const stored = await store.readContact(req.params.id);
      if (stored === null)
        return reply.status(404).send({ error: `no contact details for ${req.params.id}` });
      if (!opts.contacts)
        throw new StoreError('contact details are encrypted and this server has no key', 'failed');
      return { documentId: req.params.id, contact: opts.contacts.decrypt(stored) };
    },
  );

  // Uploads: the document itself as the body, text/plain or text/html.
  for (const type of ['text/plain', 'text/html'])
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  app.post<{ Querystring: { published: string; source?: string; title?: string }; Body: Buffer }>(
    '/api/uploads',
    {
      bodyLimit: UPLOAD_LIMIT,
      config: { role: 'contributor' },
      schema: {
        tags: ['documents'],
        summary: 'Upload a text or HTML file as a document',
        querystring: {
          type: 'object',
          required: ['published'],
          additionalProperties: false,
          properties: {
            published: { type: 'string', pattern: DATE },
            source: { type: 'string', maxLength: 200 },
            title: { type: 'string', maxLength: 500 },
          },
        },
        response: ingested,
      },
    },
    async (req, reply) => {
      notFuture('published', req.query.published);
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw new InputError('upload', 'an empty document: send the text or HTML as the request body');
      const { doc, outcome } = await ingestOne(
        {
          id: `upload:${req.query.title ?? new Date().toISOString()}`,
          bytes: req.body,
          format: type === 'text/html' ? 'html' : 'txt',
          published: req.query.published,
          source: req.query.source,
          title: req.query.title,
          captureMethod: 'api',
          capturedBy: capturerOf(req),
          capturedFrom: 'upload',
        },
        store,
        opts.coder,
      );
      return reply.status(outcome.status === 'new' ? 201 : 200).send(answerOf(outcome, doc));
    },
  );
}
