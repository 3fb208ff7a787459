// What the OGC API - Features routes share: the paths and media types the standard names, the shape
// of a collection (events, tracks, places) and of what one asker may see, and the small schemas.
import type { FastifyRequest } from 'fastify';
import type { Track } from '../../model/index.js';
import type { EventFilter, Store } from '../../store/store.js';
import type { HoldPolicy } from '../hold.js';
import { ref } from '../schemas/index.js';

/** OpenAPI 3.0 as OGC API - Features names it in links and answers. */
export const OPENAPI_30 = 'application/vnd.oai.openapi+json;version=3.0';

export const BASE = '/ogc';
export const GEOJSON = 'application/geo+json';
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

export interface Link {
  href: string;
  rel: string;
  type: string;
  title?: string;
}

export interface Feature {
  type: 'Feature';
  id: string;
  geometry: unknown;
  properties: Record<string, unknown>;
}

export interface Page {
  features: Feature[];
  /** Undefined when counting every match would cost more than it tells. */
  matched?: number;
  /** Whether there is a page after this one. */
  more: boolean;
}

export interface Collection {
  id: string;
  title: string;
  description: string;
  /** [[west, south, east, north]] and [[first day, last day]] (null for open or timeless). */
  extent(view: View): Promise<{ bbox: number[]; interval: [string | null, string | null] | null }>;
  items(q: {
    bbox?: [number, number, number, number];
    start?: string;
    end?: string;
    limit: number;
    offset: number;
    datetime: boolean;
    /** Scheme and host the client asked, for absolute links. */
    root: string;
    /** What the asker may see (recent movements may be held back). */
    view: View;
  }): Promise<Page>;
  item(id: string, root: string, view: View): Promise<Feature | undefined>;
}

/** What one asker may see: held movements' tracks and events left out (server/hold.ts). */
export interface View {
  tracks: (tracks: Track[]) => Promise<Track[]>;
  filter: (f: EventFilter) => Promise<EventFilter>;
  held: () => Promise<Set<string>>;
}

export const fQuery = { f: { type: 'string', enum: ['json'] } } as const;
export const plain = { type: 'object', additionalProperties: false, properties: fQuery } as const;
export const collectionParams = {
  type: 'object',
  required: ['collectionId'],
  properties: { collectionId: { type: 'string', maxLength: 100 } },
} as const;

export const linkList = { type: 'array', items: ref('Link') } as const;

/** What the OGC routes' modules share: the record, the asker's view and the collections. */
export interface OgcContext {
  store: Store;
  hold: HoldPolicy;
  /** Scheme and host the client asked: the links a response carries are absolute, on that host. */
  origin: (req: FastifyRequest) => string;
  viewOf: (req: FastifyRequest) => View;
  byId: Map<string, Collection>;
  /** The collection asked for; an unknown one is a 404, as OGC API - Features requires. */
  collection: (id: string) => Collection;
}
