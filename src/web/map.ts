// The workspace's map: an offline MapLibre style (Natural Earth countries, named regions, tracks,
// events as points or server-counted cells), the selected event ringed, and what it draws kept
// exactly to the answer of the last load: an older answer is never drawn over a newer one.
import {
  Map as MapLibreMap,
  NavigationControl,
  setWorkerUrl,
  type GeoJSONSource,
  type LayerSpecification,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The map's worker is a file of its own; bundled as an asset and served from this origin.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { featureCollection, pointFeature } from '../formats/geojson.js';
import { TYPE_COLOURS } from './colours.js';
import { Labels } from './labels.js';

setWorkerUrl(workerUrl);

/** An event as a dot: id, longitude, latitude, event type, geo_precision (the points route's rows). */
export type MapPoint = [string, number, number, string, number];
export interface GridCell {
  longitude: number;
  latitude: number;
  count: number;
  types: Record<string, number>;
}

const empty = featureCollection([]);
// Absolute: the map parses GeoJSON in a worker, which cannot resolve a relative URL.
const own = (path: string) => new URL(path, location.href).href;

/** The map's data: the basemap and regions from this origin, the rest set as loads answer. */
function styleSources(): StyleSpecification['sources'] {
  return {
    countries: { type: 'geojson', data: own('/api/basemap/countries.geojson') },
    events: { type: 'geojson', data: empty },
    regions: { type: 'geojson', data: own('/api/regions.geojson') },
    grid: { type: 'geojson', data: empty },
    // lineMetrics: the route is shaded from pale at its start to dark at its end, showing direction.
    tracks: { type: 'geojson', lineMetrics: true, data: empty },
  };
}

/** What is drawn, bottom to top. */
const LAYERS: LayerSpecification[] = [
  { id: 'sea', type: 'background', paint: { 'background-color': '#cfe0ee' } },
  { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4f1ea' } },
  {
    id: 'borders',
    type: 'line',
    source: 'countries',
    paint: { 'line-color': '#a59f94', 'line-width': 0.8 },
  },
  {
    // A precision-2 or -3 event is an area, not a pin: drawn as a wide, faint disc.
    id: 'events-area',
    type: 'circle',
    source: 'events',
    filter: ['>=', ['get', 'geo_precision'], 2],
    paint: {
      'circle-radius': [
        'interpolate',
        ['linear'],
        ['zoom'],
        3,
        ['*', 6, ['get', 'geo_precision']],
        9,
        ['*', 30, ['get', 'geo_precision']],
      ],
      'circle-color': ['get', 'colour'],
      'circle-opacity': 0.18,
      'circle-stroke-color': ['get', 'colour'],
      'circle-stroke-width': 1,
    },
  },
  // Named regions (valleys, ranges, deserts, border areas), drawn at their approximate extent.
  {
    id: 'regions-fill',
    type: 'fill',
    source: 'regions',
    paint: { 'fill-color': '#b9a66f', 'fill-opacity': 0.12 },
  },
  {
    id: 'regions-outline',
    type: 'line',
    source: 'regions',
    paint: { 'line-color': '#8c7a45', 'line-width': 0.8, 'line-dasharray': [3, 2] },
  },
  {
    // A record too large to draw event by event is drawn as cells counted on the server.
    id: 'grid-cells',
    type: 'circle',
    source: 'grid',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 9, 100, 30],
      'circle-color': ['get', 'colour'],
      'circle-opacity': 0.55,
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1,
    },
  },
  {
    id: 'tracks-line',
    type: 'line',
    source: 'tracks',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 6, 3],
      'line-dasharray': [2, 1],
      'line-gradient': ['interpolate', ['linear'], ['line-progress'], 0, '#f5b7b1', 1, '#7b241c'],
    },
  },
  {
    id: 'events-point',
    type: 'circle',
    source: 'events',
    paint: {
      'circle-radius': 5,
      'circle-color': ['get', 'colour'],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 1.5,
    },
  },
  {
    // The event open in the panel: a dark ring around its marker.
    id: 'events-selected',
    type: 'circle',
    source: 'events',
    filter: ['==', ['get', 'id'], ''],
    paint: {
      'circle-radius': 11,
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-color': '#111',
      'circle-stroke-width': 3,
    },
  },
];

export function createMap(container: HTMLElement) {
  const map = new MapLibreMap({
    container,
    center: [39, 34.5],
    zoom: 4.5,
    attributionControl: { compact: true, customAttribution: 'Natural Earth; GeoNames (CC BY 4.0)' },
    style: { version: 8, sources: styleSources(), layers: LAYERS },
  });
  map.addControl(new NavigationControl({ showCompass: false }));
  // The map takes data only once its style has loaded. 'load' fires once: a later draw must not
  // wait for it again (isStyleLoaded() is false whenever a source reloads, which lost redraws).
  const ready = new Promise<void>((resolve) => map.once('load', () => resolve()));
  // Marks the element once everything asked of the map has been drawn (for tests and screen readers).
  map.on('idle', () => container.setAttribute('data-idle', String(Date.now())));
  const labels = new Labels(map);

  let selected = '';
  let fitted: [number, number, number, number] | null = null;
  const setSource = async (id: string, data: GeoJSON.FeatureCollection) => {
    await ready;
    await (map.getSource(id) as GeoJSONSource).setData(data);
  };

  return {
    map,
    ready,
    labels,
    /** Draws exactly these points (and no cells). */
    async drawPoints(points: MapPoint[]): Promise<void> {
      const features = points.map(([id, longitude, latitude, type, precision]) =>
        pointFeature(
          longitude,
          latitude,
          { id, geo_precision: precision ?? 3, event_type: type, colour: TYPE_COLOURS[type] ?? '#333' },
          id,
        ),
      );
      fitted = features.length ? bounds(points.map((p) => [p[1], p[2]])) : null;
      await Promise.all([setSource('events', featureCollection(features)), setSource('grid', empty)]);
      labels.cells([]);
    },
    /** Draws exactly these cells (and no points). */
    async drawCells(cells: GridCell[]): Promise<void> {
      const features = cells.map((c) => {
        const top = Object.entries(c.types).sort((x, y) => y[1] - x[1])[0]?.[0] ?? '';
        return pointFeature(c.longitude, c.latitude, { count: c.count, colour: TYPE_COLOURS[top] ?? '#333' });
      });
      await Promise.all([setSource('grid', featureCollection(features)), setSource('events', empty)]);
      labels.cells(cells);
    },
    async drawTracks(fc: GeoJSON.FeatureCollection): Promise<void> {
      await setSource('tracks', fc);
    },
    /** Rings the event open in the panel. */
    select(id: string | null): void {
      selected = id ?? '';
      void ready.then(() => map.setFilter('events-selected', ['==', ['get', 'id'], selected]));
    },
    /** Where the drawn points lie, when points are drawn. */
    pointsBounds: () => fitted,
    /** The box the map shows, clamped to the world, as the API takes it. */
    viewBox(): string {
      const b = map.getBounds();
      const clamp = (v: number, m: number) => Math.max(-m, Math.min(m, v));
      return [
        clamp(b.getWest(), 180),
        clamp(b.getSouth(), 90),
        clamp(b.getEast(), 180),
        clamp(b.getNorth(), 90),
      ]
        .map((v) => v.toFixed(4))
        .join(',');
    },
  };
}

export type EventMap = ReturnType<typeof createMap>;

/** West, south, east, north of some positions. */
export function bounds(positions: Array<[number, number]>): [number, number, number, number] {
  let [w, s, e, n] = [180, 90, -180, -90];
  for (const [x, y] of positions) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  return [w, s, e, n];
}
