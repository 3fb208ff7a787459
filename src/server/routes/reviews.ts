// Routes of analysts' review: a decision on one event (checked against the version they saw), a
// batch of decisions, taking a decision back, the decisions made, and the gold export.
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { goldCsv, type GoldEntry } from '../../formats/acled-csv.js';
import type { Gazetteer } from '../../geo/gazetteer.js';
import { recordAnalystPlace } from '../analyst-places.js';
import { capturerOf } from '../auth.js';
import { answers, answersIn, bool, int, listOf, obj, ref, str } from '../schemas/index.js';
import { InputError } from '../../ingest/read.js';
import { ACLED_COLUMNS } from '../../model/index.js';
import { StoreError, type EventDetail, type ReviewInput, type Store } from '../../store/store.js';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 100 } },
  required: ['id'],
} as const;

const INTEGERS: Record<string, [number, number]> = {
  time_precision: [1, 3],
  geo_precision: [1, 3],
  inter1: [0, 8],
  inter2: [0, 8],
  interaction: [0, 99],
  fatalities: [0, 1_000_000],
};

/** Every ACLED column, each with its type: what a correction may change. */
const changes = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    ACLED_COLUMNS.map((c) => {
      if (c in INTEGERS) return [c, { type: 'integer', minimum: INTEGERS[c]![0], maximum: INTEGERS[c]![1] }];
      if (c === 'latitude') return [c, { type: 'number', minimum: -90, maximum: 90 }];
      if (c === 'longitude') return [c, { type: 'number', minimum: -180, maximum: 180 }];
      if (c === 'event_date') return [c, { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }];
      return [c, { type: 'string', maxLength: c === 'notes' ? 20_000 : 300 }];
    }),
  ),
} as const;

const decision = {
  action: { type: 'string', enum: ['accept', 'correct', 'reject'] },
  note: { type: 'string', maxLength: 2000, description: 'why: a rejection’s reason, a correction’s source' },
  version: {
    type: 'integer',
    minimum: 1,
    description:
      'the version of the event decided on; refused with 409 and the event as it is when it has changed',
  },
  changes,
} as const;

const byField = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description: 'the analyst; with accounts, the logged-in user is recorded instead',
} as const;

/**
 * Who decides: the logged-in user when accounts are on, otherwise the name given. A decision
 * without a name is refused: a record of who decided what cannot say "anonymous".
 */
export function analystOf(req: FastifyRequest, claimed: string | undefined): string {
  const user = capturerOf(req);
  if (user) return user;
  const name = claimed?.trim();
  if (!name) throw new InputError('by', 'a review is recorded under the analyst’s name: give "by"');
  return name;
}

type Decision = Omit<ReviewInput, 'by'>;

/** Where analysts' places go, and the gazetteer that names their countries. */
interface AnalystLayer {
  layer: string;
  gazetteer: Pick<Gazetteer, 'countryCodeOf'>;
}

/** A correction that moves an event's place: the name used for the new point goes into the local layer. */
function placeCorrected(
  places: AnalystLayer | undefined,
  d: Decision,
  e: EventDetail,
  log: FastifyBaseLogger,
): void {
  const c = d.changes as Partial<Record<string, unknown>> | undefined;
  if (!places || d.action !== 'correct' || !c) return;
  if (!('location' in c) && !('latitude' in c) && !('longitude' in c)) return;
  const reviewId = e.reviews.at(-1)?.id;
  recordAnalystPlace(
    places.layer,
    places.gazetteer,
    {
      name: e.location,
      latitude: e.latitude,
      longitude: e.longitude,
      country: e.country,
      admin1: e.admin1,
      admin2: e.admin2,
      precision: e.geo_precision,
    },
    `review:${e.id}:${reviewId ?? e.version}`,
    log,
  );
}

interface ReviewOptions {
  store: Store;
  places?: AnalystLayer;
}

export async function reviewRoutes(app: FastifyInstance, opts: ReviewOptions): Promise<void> {
  reviewRoute(app, opts);
  batchReviewRoute(app, opts);
  undoReviewRoute(app, opts);
  reviewListRoute(app, opts);
  reviewExportRoute(app, opts);
}

/** POST /api/events/:id/review: one event accepted, corrected or rejected. */
function reviewRoute(app: FastifyInstance, opts: ReviewOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store, places } = opts;
  api.post(
    '/api/events/:id/review',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['review'],
        summary: 'Accept, correct or reject an event (checked against the version seen)',
        params: idParams,
        body: {
          type: 'object',
          required: ['action'],
          additionalProperties: false,
          properties: { ...decision, by: byField },
        },
        response: answers(
          'The event as decided (409 with the version now stored if it changed)',
          ref('EventDetail'),
        ),
      },
    },
    async (req) => {
      const e = await store.reviewEvent(req.params.id, { ...req.body, by: analystOf(req, req.body.by) });
      placeCorrected(places, req.body, e, req.log);
      return e;
    },
  );
}

/** POST /api/reviews: several decisions at once. */
function batchReviewRoute(app: FastifyInstance, opts: ReviewOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store, places } = opts;
  // Several decisions at once (a selection accepted together): each stands or fails alone.
  api.post(
    '/api/reviews',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['review'],
        summary: 'Several review decisions at once, each standing or failing alone',
        body: {
          type: 'object',
          required: ['decisions'],
          additionalProperties: false,
          properties: {
            by: byField,
            decisions: {
              type: 'array',
              minItems: 1,
              maxItems: 500,
              items: {
                type: 'object',
                required: ['id', 'action'],
                additionalProperties: false,
                properties: { id: { type: 'string', maxLength: 100 }, ...decision },
              },
            },
          },
        },
        response: answers(
          'Each decision’s outcome, in the order sent',
          obj(
            {
              by: str,
              results: {
                type: 'array',
                items: obj({ id: str, ok: bool, version: int, reviewId: int, error: str, kind: str }, [
                  'id',
                  'ok',
                ]),
              },
            },
            ['by', 'results'],
          ),
        ),
      },
    },
    async (req) => {
      const by = analystOf(req, req.body.by);
      const results = [];
      for (const { id, ...d } of req.body.decisions) {
        try {
          const e = await store.reviewEvent(id, { ...d, by });
          placeCorrected(places, d, e, req.log);
          results.push({ id, ok: true, version: e.version, reviewId: e.reviews.at(-1)?.id });
        } catch (err) {
          if (!(err instanceof StoreError)) throw err;
          results.push({ id, ok: false, error: err.message, kind: err.kind });
        }
      }
      return { by, results };
    },
  );
}

/** POST /api/reviews/:id/undo: a decision taken back. */
function undoReviewRoute(app: FastifyInstance, opts: ReviewOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.post(
    '/api/reviews/:id/undo',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['review'],
        summary: 'Take back a review decision while no later one stands',
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'integer', minimum: 1 } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { by: byField },
        },
        response: answers('The event with the decision taken back', ref('EventDetail')),
      },
    },
    async (req) => store.undoReview(Number(req.params.id), analystOf(req, req.body?.by)),
  );
}

/** GET /api/reviews: every review decision, oldest first. */
function reviewListRoute(app: FastifyInstance, opts: ReviewOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  api.get(
    '/api/reviews',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['review'],
        summary: 'Every review decision, oldest first (of one event with event=)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { event: { type: 'string', maxLength: 100 } },
        },
        response: answers('The decisions, oldest first', listOf('reviews', ref('Review'))),
      },
    },
    async (req) => ({ reviews: await store.listReviews(req.query.event) }),
  );
}

/** GET /api/reviews/export.csv: analysts' verdicts as gold data. */
function reviewExportRoute(app: FastifyInstance, opts: ReviewOptions): void {
  const api = app.withTypeProvider<JsonSchemaToTsProvider>();
  const { store } = opts;
  // Gold data: events analysts accepted and corrected, in ACLED's columns, the report's text as notes, so
  // `observatory eval events --data` can score the extractor against analysts' own coding.
  api.get(
    '/api/reviews/export.csv',
    {
      config: { role: 'analyst' },
      schema: {
        tags: ['review'],
        summary: 'Review verdicts as CSV',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { raw: { type: 'boolean', default: false } },
        },
        response: answersIn('Accepted and corrected events as gold CSV (formats/acled-csv.ts)', 'text/csv'),
      },
    },
    async (req, reply) => {
      const last = new Map<string, { by: string; at: string; action: string }>();
      for (const r of await store.listReviews()) if (!r.undone) last.set(r.eventId, r);
      const gold: GoldEntry[] = [];
      for (const status of ['accepted', 'corrected'] as const) {
        let offset = 0;
        for (;;) {
          const page = await store.listEvents({ reviewStatus: status, limit: 1000, offset });
          for (const e of page.events) {
            const r = last.get(e.id);
            // Only analysts' own decisions are gold: rows imported as their coder reviewed them are not.
            if (!r) continue;
            const doc = e.docIds[0] ? await store.getDocument(e.docIds[0]) : null;
            gold.push({ event: e, text: doc?.text ?? null, review: r, status });
          }
          offset += page.events.length;
          if (offset >= page.total || page.events.length === 0) break;
        }
      }
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="observatory-gold.csv"');
      return goldCsv(gold, req.query.raw === true);
    },
  );
}
