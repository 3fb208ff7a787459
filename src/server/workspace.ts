// Routes of the analyst's workspace: the timeline, the place search, the review queue and its
// gold export, field-report submissions and document uploads.
import { actorOf, capturerOf } from './auth.js';
import type { ContactCipher } from './contacts.js';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import { CONTENT_TYPES, exportChunks, type ExportFormat } from './export.js';
import type { Resources } from '../extract/resources.js';
import { InputError } from '../ingest/read.js';
import { ingestOne } from '../ingest/pipeline.js';
import { MAX_POINTS, StoreError, type EventFilter, type ReviewInput, type Store } from '../store/store.js';

/** The largest document an upload or a submission may carry. */
export const UPLOAD_LIMIT = 5 * 1024 * 1024;
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 100 } },
  required: ['id'],
} as const;

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
      schema: {
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            interval: { type: 'string', enum: ['day', 'month', 'year'], default: 'day' },
          },
        },
      },
    },
    async (req) => {
      const { interval, ...rest } = req.query;
      return { interval, buckets: await store.histogram(opts.toFilter(rest), interval ?? 'day') };
    },
  );

  app.get<{ Querystring: Record<string, unknown> }>(
    '/api/events/points',
    {
      schema: {
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            limit: { type: 'integer', minimum: 1, maximum: MAX_POINTS, default: 20_000 },
          },
        },
      },
    },
    async (req) => store.mapPoints(opts.toFilter(req.query)),
  );

  app.get<{ Querystring: Record<string, unknown> & { format?: ExportFormat } }>(
    '/api/export',
    {
      schema: {
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            format: { type: 'string', enum: ['acled', 'geojson', 'hxl'], default: 'acled' },
          },
        },
      },
    },
    async (req, reply) => {
      const { format = 'acled', limit, offset, ...rest } = req.query;
      void limit;
      void offset;
      const chunks = exportChunks(store.exportRows(opts.toFilter(rest)), format);
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
      schema: {
        querystring: {
          ...eventQuery,
          properties: {
            ...eventQuery.properties,
            zoom: { type: 'number', minimum: 0, maximum: 22, default: 4 },
          },
        },
      },
    },
    async (req) => {
      const { zoom, ...rest } = req.query;
      // About 40 cells across the screen at any zoom.
      const cell = 360 / 2 ** ((zoom ?? 4) + 3);
      return { cell, cells: await store.grid(opts.toFilter(rest), cell) };
    },
  );

  app.get<{ Querystring: { q: string; limit?: number } }>(
    '/api/places',
    {
      schema: {
        querystring: {
          type: 'object',
          required: ['q'],
          additionalProperties: false,
          properties: {
            q: { type: 'string', minLength: 2, maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
          },
        },
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

  app.post<{ Params: { id: string }; Body: ReviewInput & { by?: string } }>(
    '/api/events/:id/review',
    {
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['action'],
          additionalProperties: false,
          properties: {
            action: { type: 'string', enum: ['accept', 'correct', 'reject'] },
            by: { type: 'string', minLength: 1, maxLength: 200 },
            note: { type: 'string', maxLength: 2000 },
            changes: {
              type: 'object',
              additionalProperties: false,
              properties: {
                event_type: { type: 'string', maxLength: 100 },
                sub_event_type: { type: 'string', maxLength: 100 },
                actor1: { type: 'string', maxLength: 300 },
                actor2: { type: 'string', maxLength: 300 },
                event_date: { type: 'string', pattern: DATE },
                fatalities: { type: 'integer', minimum: 0, maximum: 1_000_000 },
                location: { type: 'string', maxLength: 200 },
                admin1: { type: 'string', maxLength: 200 },
                country: { type: 'string', maxLength: 100 },
                latitude: { type: 'number', minimum: -90, maximum: 90 },
                longitude: { type: 'number', minimum: -180, maximum: 180 },
                geo_precision: { type: 'integer', enum: [1, 2, 3] },
              },
            },
          },
        },
      },
    },
    async (req) => store.reviewEvent(req.params.id, { ...req.body, by: actorOf(req, req.body.by, 'web') }),
  );

  app.get('/api/reviews', async () => ({ reviews: await store.listReviews() }));

  // Gold data: accepted and corrected events in ACLED's columns, the report's text as notes, so
  // `observatory eval events --data` can score the extractor against analysts' own coding.
  app.get('/api/reviews/export.csv', async (_req, reply) => {
    const columns = [
      'event_date',
      'time_precision',
      'event_type',
      'sub_event_type',
      'actor1',
      'actor2',
      'country',
      'admin1',
      'location',
      'latitude',
      'longitude',
      'geo_precision',
      'fatalities',
      'source',
      'notes',
      'reviewed_by',
      'reviewed_at',
      'review',
      'event_id',
    ];
    const last = new Map<string, { by: string; at: string; action: string }>();
    for (const r of await store.listReviews()) last.set(r.eventId, r);
    const rows: unknown[][] = [columns];
    for (const status of ['accepted', 'corrected'] as const) {
      let offset = 0;
      for (;;) {
        const page = await store.listEvents({ reviewStatus: status, limit: 1000, offset });
        for (const e of page.events) {
          const doc = e.docIds[0] ? await store.getDocument(e.docIds[0]) : null;
          const r = last.get(e.id);
          rows.push([
            e.event_date,
            e.time_precision,
            e.event_type,
            e.sub_event_type,
            e.actor1,
            e.actor2,
            e.country,
            e.admin1,
            e.location,
            e.latitude ?? '',
            e.longitude ?? '',
            e.geo_precision ?? '',
            e.fatalities,
            e.source,
            doc?.text ?? e.notes,
            r?.by ?? '',
            r?.at ?? '',
            status,
            e.id,
          ]);
        }
        offset += page.events.length;
        if (offset >= page.total || page.events.length === 0) break;
      }
    }
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="observatory-gold.csv"');
    return stringify(rows);
  });

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
      schema: {
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
      },
    },
    async (req, reply) => {
      const b = req.body;
      if (b.contact?.trim() && !opts.contacts)
        throw new InputError(
          'contact',
          'contact details cannot be kept: this server has no encryption key (set OBSERVATORY_KEY or OBSERVATORY_KEY_FILE)',
        );
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
        resources,
        b.place
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
          : {},
      );
      if (b.contact?.trim() && opts.contacts)
        await store.storeContact(outcome.documentId, opts.contacts.encrypt(b.contact.trim()));
      return reply.status(outcome.status === 'new' ? 201 : 200).send({ ...outcome, sha256: doc.sha256 });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id/contact',
    {
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
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
      schema: {
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
      },
    },
    async (req, reply) => {
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
        resources,
      );
      return reply.status(outcome.status === 'new' ? 201 : 200).send({ ...outcome, sha256: doc.sha256 });
    },
  );
}
