// Routes of documents: one as stored, and the three ways one comes in — JSON, the web form's field
// report (with a contact kept encrypted) and an upload of the file itself — each coded in a thread.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { answerOf, ingestOne } from '../../ingest/pipeline.js';
import { InputError } from '../../ingest/read.js';
import { StoreError } from '../../store/store.js';
import { recordAnalystPlace } from '../analyst-places.js';
import { capturerOf } from '../auth.js';
import { answers, ingested, obj, ref, str } from '../schemas/index.js';
import { DATE, idParams, type RouteContext } from './context.js';

/** The largest document an upload or a submission may carry. */
export const UPLOAD_LIMIT = 5 * 1024 * 1024;

/**
 * A report's date checked against the calendar: no report is of a day after tomorrow (UTC; a
 * day's grace for a reporter ahead of UTC).
 */
export function notFuture(field: string, date: string): string {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  if (date > tomorrow) throw new InputError(field, `${date} is in the future: give the day it was reported`);
  return date;
}

const documentBody = {
  type: 'object',
  required: ['text', 'published'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', maxLength: 500 },
    text: { type: 'string', minLength: 1 },
    published: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description:
        'YYYY-MM-DD, or the date as a feed or site writes it ("Dec 17, 2016 8:46 AM ET", RFC 2822, ISO 8601 with time); kept as written beside the date read',
    },
    source: { type: 'string', maxLength: 200 },
    url: { type: 'string', maxLength: 2000 },
    title: { type: 'string', maxLength: 500 },
    format: { type: 'string', enum: ['txt', 'md', 'html'] },
  },
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

export async function documentRoutes(app: FastifyInstance, opts: RouteContext): Promise<void> {
  documentRoute(app, opts);
  ingestRoute(app, opts);
  submissionRoute(app, opts);
  contactRoute(app, opts);
  uploadRoute(app, opts);
}

/** GET /api/documents/:id: a stored document, its capture record for admins only. */
function documentRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/documents/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['documents'],
        summary: 'A stored document with its capture record',
        params: idParams,
        response: answers(
          'The document as stored (who captured it, from where: admins only)',
          ref('Document'),
        ),
      },
    },
    async (req, reply) => {
      const doc = await store.getDocument(req.params.id);
      if (!doc) return reply.status(404).send({ error: `no document ${req.params.id}` });
      // Who sent a report in, and from which address, protects the sender: admins only.
      if (req.user?.role !== 'admin') {
        const { capturedBy, capturedFrom, ...rest } = doc;
        void [capturedBy, capturedFrom];
        return rest;
      }
      return doc;
    },
  );
}

/** POST /api/documents: a document given as JSON, read and coded. */
function ingestRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store, coder } = opts;
  api.post(
    '/api/documents',
    {
      config: { role: 'contributor' },
      schema: {
        tags: ['documents'],
        summary: 'Ingest a document given as JSON',
        body: documentBody,
        response: ingested,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const bytes = Buffer.from(b.text, 'utf8');
      const { doc, outcome } = await ingestOne(
        {
          id: b.id ?? `api:${new Date().toISOString()}`,
          bytes,
          format: b.format ?? 'txt',
          published: b.published,
          source: b.source,
          url: b.url,
          title: b.title,
          captureMethod: 'api',
          capturedFrom: req.ip,
          capturedBy: capturerOf(req),
        },
        store,
        coder,
      );
      return reply.status(outcome.status === 'new' ? 201 : 200).send(answerOf(outcome, doc));
    },
  );
}

/** POST /api/submissions: a field report from the web form, with its place and contact. */
function submissionRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.post(
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
      if (b.place && outcome.status === 'new' && opts.analystLayer)
        recordAnalystPlace(
          opts.analystLayer,
          opts.resources.gazetteer,
          { ...b.place, precision: b.place.geo_precision ?? 1 },
          `submission:${outcome.documentId}`,
          req.log,
        );
      return reply.status(outcome.status === 'new' ? 201 : 200).send(answerOf(outcome, doc));
    },
  );
}

/** GET /api/documents/:id/contact: the field contact behind a report, decrypted. */
function contactRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
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
}

/** POST /api/uploads: a text or HTML file as the body, with the parsers that read it. */
function uploadRoute(app: FastifyInstance, opts: RouteContext): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  // Uploads: the document itself as the body, text/plain or text/html.
  for (const type of ['text/plain', 'text/html'])
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
  api.post(
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
