// The shared schemas of events as the API sends them: evidence spans, an event with ACLED's
// columns, an event with everything behind it, and pages of either.
import { ACLED_COLUMNS } from '../../model/index.js';
import { bool, int, nullable, num, obj, str, strings, type Schema } from './build.js';

const NUMERIC: ReadonlySet<string> = new Set([
  'time_precision',
  'inter1',
  'inter2',
  'interaction',
  'fatalities',
]);
const NULLABLE_NUMERIC: ReadonlySet<string> = new Set(['latitude', 'longitude', 'geo_precision']);
/** ACLED's columns as an event carries them: text, integer codes, and a place that may be unknown. */
const acledFields = Object.fromEntries(
  ACLED_COLUMNS.map((c) => [
    c,
    NULLABLE_NUMERIC.has(c) ? nullable('number') : NUMERIC.has(c) ? (c === 'fatalities' ? int : num) : str,
  ]),
);

const span = obj({ start: int, end: int, text: str }, ['start', 'end', 'text']);

export const EVENT_SCHEMAS = {
  Span: span,
  DocumentSpan: obj({ start: int, end: int, text: str, docId: str }, ['start', 'end', 'text', 'docId']),
  Event: obj(
    {
      id: str,
      ...acledFields,
      location_ar: {
        type: 'string',
        description:
          'the location’s name in Arabic script, where the gazetteer has one (not an ACLED column)',
      },
      plover: str,
      hedged: bool,
      confidence: num,
      details: { type: 'object', description: 'category, counts, movement, terms and per-field evidence' },
      attribution: { type: 'array', items: { type: 'object' }, description: 'who says it, through whom' },
      flags: strings,
      evidence: { type: 'array', items: { $ref: 'DocumentSpan#' } },
      docIds: strings,
      createdAt: str,
      updatedAt: str,
      version: int,
      claimCount: int,
      contested: { type: 'object', description: 'fields on which independent sources disagree' },
      voices: { type: 'array', items: strings },
      credibility: { type: 'integer', minimum: 1, maximum: 6 },
      fatalitiesRange: nullable('array', { items: int }),
      reviewStatus: { type: 'string', enum: ['pending', 'accepted', 'corrected', 'rejected'] },
    },
    ['id', ...ACLED_COLUMNS, 'evidence', 'docIds', 'version', 'claimCount', 'credibility', 'reviewStatus'],
  ),
  EventDetail: {
    allOf: [
      { $ref: 'Event#' },
      obj(
        {
          documents: { type: 'array', items: { type: 'object' } },
          claims: { type: 'array', items: { type: 'object' }, description: 'each document’s coding' },
          history: {
            type: 'array',
            items: obj({ version: int, at: str, action: str, changes: { type: 'object' } }, [
              'version',
              'at',
              'action',
            ]),
          },
          reviews: { type: 'array', items: { $ref: 'Review#' } },
        },
        ['documents', 'claims', 'history', 'reviews'],
      ),
    ],
  },
  EventPage: obj(
    {
      total: { type: 'integer', description: 'matches, counted up to 100,000' },
      totalExact: bool,
      limit: int,
      offset: int,
      events: { type: 'array', items: { $ref: 'Event#' } },
    },
    ['total', 'totalExact', 'limit', 'offset', 'events'],
  ),
  EventFieldPage: obj(
    {
      total: int,
      totalExact: bool,
      limit: int,
      offset: int,
      events: {
        type: 'array',
        description: 'each event with only the fields asked, and its id',
        items: obj({ id: str }, ['id']),
      },
    },
    ['total', 'totalExact', 'limit', 'offset', 'events'],
  ),
} satisfies Record<string, Schema>;
