// The first analyst page: events on an offline map and in a list, with filters and evidence.
import { Map as MapLibreMap, NavigationControl, setWorkerUrl, type GeoJSONSource } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The map's worker is a file of its own; bundled as an asset and served from this origin.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import './style.css';
import { mountReview, mountSubmit, mountTimeline, TYPE_COLOURS } from './panels.js';
import { session } from './session.js';
import type { EventItem } from './types.js';

setWorkerUrl(workerUrl);

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = el<HTMLFormElement>('filters');

// The view lives in the URL so it can be shared.
function readUrl(): void {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of params) {
    const input = form.elements.namedItem(k) as HTMLInputElement | null;
    if (input) input.value = v;
  }
}

function query(): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v !== '') params.set(k, v);
  return params;
}

const map = new MapLibreMap({
  container: 'map',
  center: [39, 34.5],
  zoom: 4.5,
  attributionControl: { compact: true, customAttribution: 'Natural Earth; GeoNames (CC BY 4.0)' },
  style: {
    version: 8,
    sources: {
      // Absolute: the map parses GeoJSON in a worker, which cannot resolve a relative URL.
      countries: { type: 'geojson', data: new URL('/api/basemap/countries.geojson', location.href).href },
      events: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      regions: { type: 'geojson', data: new URL('/api/regions.geojson', location.href).href },
      grid: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      // lineMetrics: the route is shaded from pale at its start to dark at its end, showing direction.
      tracks: { type: 'geojson', lineMetrics: true, data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': '#cfe0ee' } },
      { id: 'land', type: 'fill', source: 'countries', paint: { 'fill-color': '#f4f1ea' } },
      {
        id: 'borders',
        type: 'line',
        source: 'countries',
        paint: { 'line-color': '#a59f94', 'line-width': 0.8 },
      },
      {
        // A precision-3 event is an area, not a pin: drawn as a wide, faint disc.
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
      {
        // Named regions (valleys, ranges, deserts, border areas), drawn at their approximate extent.
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
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'count']], 1, 4, 100, 28],
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
          'line-width': 3,
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
    ],
  },
});
map.addControl(new NavigationControl({ showCompass: false }));
// The map takes data only once its style has loaded; 'load' fires once, so later draws must not wait
// for it (isStyleLoaded() is false again whenever a source is reloading, which lost every redraw).
const mapReady = new Promise<void>((resolve) => map.once('load', () => resolve()));
// Scripts and tests read what the map draws from here.
(window as unknown as { observatoryMap: MapLibreMap }).observatoryMap = map;
/** Each load of the filters is numbered: an answer to an older one is dropped, never drawn. */
let generation = 0;
// Marks the map element once everything asked of the map has been drawn (for tests and screen readers).
map.on('idle', () => el('map').setAttribute('data-idle', String(Date.now())));

/** What the list shows of an event. */
type ListItem = Pick<
  EventItem,
  'id' | 'event_date' | 'event_type' | 'sub_event_type' | 'location' | 'actor1' | 'actor2' | 'source'
>;
let current: ListItem[] = [];

let gridMode = false;
// How many events the map draws one by one before it switches to server-counted cells;
// `?maxpoints=N` in the address lowers it for a slow device.
const MAX_DRAWN = Math.max(
  1,
  Math.min(50_000, Number(new URLSearchParams(location.search).get('maxpoints')) || 20_000),
);

/** In grid mode, the cells for the view the map shows, under the current filters. */
async function drawGrid(): Promise<void> {
  const asked = generation;
  const source = () => map.getSource('grid') as GeoJSONSource | undefined;
  if (!gridMode) {
    source()?.setData({ type: 'FeatureCollection', features: [] });
    return;
  }
  const b = map.getBounds();
  const params = query();
  const clamp = (v: number, m: number) => Math.max(-m, Math.min(m, v));
  params.set(
    'bbox',
    [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)]
      .map((v) => v.toFixed(4))
      .join(','),
  );
  params.set('zoom', map.getZoom().toFixed(1));
  const res = await fetch(`/api/events/grid?${params}`);
  if (!res.ok) return;
  const { cells } = (await res.json()) as {
    cells: Array<{ longitude: number; latitude: number; count: number; types: Record<string, number> }>;
  };
  await mapReady;
  if (asked !== generation || !gridMode) return;
  source()?.setData({
    type: 'FeatureCollection',
    features: cells.map((c) => {
      const top = Object.entries(c.types).sort((x, y) => y[1] - x[1])[0]?.[0] ?? '';
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [c.longitude, c.latitude] },
        properties: { count: c.count, colour: TYPE_COLOURS[top] ?? '#333' },
      };
    }),
  });
  el('map').dataset.gridDrawn = String(asked);
}
map.on('moveend', () => void drawGrid());
// A region's name shows as the pointer's tooltip: the basemap has no fonts to label it with.
map.on('mousemove', 'regions-fill', (ev) => {
  const name = ev.features?.[0]?.properties?.name as string | undefined;
  map.getCanvas().title = name ? `${name} (approximate extent)` : '';
});
// A track says who moved, when and how far it got as the pointer's tooltip.
map.on('mousemove', 'tracks-line', (ev) => {
  const p = ev.features?.[0]?.properties as
    { mover?: string; firstSeen?: string; lastSeen?: string; status?: string } | undefined;
  map.getCanvas().title = p?.mover ? `${p.mover}: ${p.firstSeen} to ${p.lastSeen}, ${p.status}` : '';
});
map.on('mouseleave', 'tracks-line', () => {
  map.getCanvas().title = '';
});
map.on('mouseleave', 'regions-fill', () => {
  map.getCanvas().title = '';
});

/** The filters without the date range: what the timeline counts over. */
function undated(params: URLSearchParams): string {
  const p = new URLSearchParams(params);
  p.delete('start');
  p.delete('end');
  return p.toString();
}

function setRange(start: string, end: string): void {
  (form.elements.namedItem('start') as HTMLInputElement).value = start;
  (form.elements.namedItem('end') as HTMLInputElement).value = end;
  void load();
}

async function loadTracks(): Promise<void> {
  const res = await fetch('/api/tracks?format=geojson');
  if (!res.ok) return;
  const fc = (await res.json()) as { features: Array<{ geometry: unknown }> };
  const set = () =>
    (map.getSource('tracks') as GeoJSONSource).setData({
      type: 'FeatureCollection',
      features: fc.features.filter((f) => f.geometry !== null),
    } as GeoJSON.FeatureCollection);
  void mapReady.then(set);
}

async function load(): Promise<void> {
  const asked = ++generation;
  const params = query();
  history.replaceState(null, '', params.toString() ? `?${params}` : location.pathname);
  mountTimeline(el('timeline'), {
    query: undated(params),
    start: params.get('start') ?? '',
    end: params.get('end') ?? '',
    onRange: setRange,
  });
  // The map draws every filtered event from a light list of points; the panel lists the newest.
  const points = fetch(`/api/events/points?${params}&limit=${MAX_DRAWN}`);
  // The list shows a few fields of each event; the rest is read when one is opened.
  params.set('limit', '200');
  params.set('fields', 'event_date|event_type|sub_event_type|location|actor1|actor2|source');
  const res = await fetch(`/api/events?${params}`);
  const page = (await res.json()) as {
    total: number;
    totalExact?: boolean;
    events: ListItem[];
    error?: string;
  };
  if (asked !== generation) return;
  if (!res.ok) {
    el('count').textContent = page.error ?? 'request failed';
    return;
  }
  current = page.events;
  el('count').textContent =
    `${page.total.toLocaleString('en')}${page.totalExact === false ? '+' : ''} events${page.total > page.events.length ? ` (showing ${page.events.length})` : ''}`;
  const list = el<HTMLOListElement>('events');
  list.replaceChildren(
    ...current.map((e) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      const dot = document.createElement('span');
      dot.className = 'type';
      dot.style.background = TYPE_COLOURS[e.event_type] ?? '#333';
      const title = document.createElement('strong');
      title.textContent = `${e.sub_event_type} — ${e.location || 'unplaced'}`;
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = `${e.event_date} · ${[e.actor1, e.actor2].filter(Boolean).join(' vs ') || 'no actor'} · ${e.source}`;
      b.append(dot, title, meta);
      b.addEventListener('click', () => void show(e.id));
      li.append(b);
      return li;
    }),
  );
  const drawn = await points;
  const body = drawn.ok
    ? ((await drawn.json()) as { total: number; points: Array<[string, number, number, string, number]> })
    : { total: 0, points: [] };
  if (asked !== generation) return;
  gridMode = body.total > body.points.length;
  el('map').dataset.mode = gridMode ? 'grid' : 'points';
  const dots = gridMode ? [] : body.points;
  void drawGrid();
  const features = dots.map(([id, longitude, latitude, type, precision]) => ({
    type: 'Feature' as const,
    id,
    geometry: { type: 'Point' as const, coordinates: [longitude, latitude] },
    properties: { id, geo_precision: precision ?? 3, colour: TYPE_COLOURS[type] ?? '#333' },
  }));
  await mapReady;
  if (asked !== generation) return;
  await (map.getSource('events') as GeoJSONSource).setData({ type: 'FeatureCollection', features });
  el('map').dataset.drawn = String(asked);
}

let gradeCache: Map<string, string> | undefined;
/** The reliability grade of each registered source (read once per page). */
async function sourceGrades(): Promise<Map<string, string>> {
  if (!gradeCache) {
    const res = await fetch('/api/sources');
    const body = res.ok
      ? ((await res.json()) as { sources: Array<{ name: string; reliability: string }> })
      : null;
    gradeCache = new Map((body?.sources ?? []).map((x) => [x.name, x.reliability]));
  }
  return gradeCache;
}

/** Shows one event: its fields, who says it, and the document text with the evidence marked. */
async function show(id: string): Promise<void> {
  const res = await fetch(`/api/events/${encodeURIComponent(id)}`);
  if (!res.ok) return;
  const e = (await res.json()) as EventItem;
  const detail = el<HTMLElement>('detail');
  detail.hidden = false;
  const h = document.createElement('h2');
  h.textContent = `${e.event_type}: ${e.sub_event_type}`;
  const facts = document.createElement('p');
  facts.textContent = `${e.event_date} · ${e.location}${e.admin1 ? `, ${e.admin1}` : ''}${e.country ? `, ${e.country}` : ''} (precision ${e.geo_precision ?? '-'}) · fatalities ${e.fatalities} · confidence ${e.confidence}`;
  const who = document.createElement('p');
  who.textContent = `Actors: ${[e.actor1, e.actor2].filter(Boolean).join(' / ') || 'none named'}. Claimed by: ${e.attribution.map((a) => [a.source, ...a.via].join(' via ')).join('; ') || 'unattributed'}.`;
  const record = document.createElement('p');
  record.className = 'record';
  record.textContent = `${e.claimCount ?? 1} report(s) from ${e.voices?.length ?? 1} independent voice(s); credibility ${e.credibility ?? 6} of 6 (1 confirmed, 6 cannot be judged).`;
  const parts: Node[] = [h, facts, who, record];
  const grades = await sourceGrades();
  if (e.claims?.length) {
    const h = document.createElement('h3');
    h.textContent = 'Reports';
    const ul = document.createElement('ul');
    ul.className = 'claims';
    for (const c of e.claims) {
      const li = document.createElement('li');
      const chain = c.attribution.map((a) => [a.source, ...a.via].join(' via ')).join('; ');
      li.textContent = `${c.root} (grade ${grades.get(c.root) ?? 'F'}): ${c.event_date}, ${c.location || 'unplaced'}, fatalities ${c.fatalities}${chain ? ` (${chain})` : ''}`;
      ul.append(li);
    }
    parts.push(h, ul);
  }
  if (e.history?.length) {
    const h = document.createElement('h3');
    h.textContent = `History (review: ${e.reviewStatus ?? 'pending'})`;
    const ol = document.createElement('ol');
    ol.className = 'history';
    for (const x of e.history) {
      const li = document.createElement('li');
      const changed = Object.keys(x.changes).join(', ');
      li.textContent = `v${x.version} ${x.at.slice(0, 16).replace('T', ' ')} ${x.action}${x.by ? ` by ${x.by}` : ''}${changed ? `: ${changed}` : ''}`;
      ol.append(li);
    }
    parts.push(h, ol);
  }
  for (const [field, values] of Object.entries(e.contested ?? {})) {
    const c = document.createElement('p');
    c.className = 'contested';
    c.textContent = `Contested ${field}: ${values.map((v) => `${String(v.value)} (${v.sources.join(', ')})`).join(' vs ')}`;
    parts.push(c);
  }
  for (const docId of e.docIds) {
    const d = await fetch(`/api/documents/${encodeURIComponent(docId)}`);
    if (!d.ok) continue;
    const doc = (await d.json()) as { text: string; title?: string };
    const quote = document.createElement('blockquote');
    quote.dir = 'auto';
    let at = 0;
    const here = e.evidence.filter((s) => s.docId === undefined || s.docId === docId);
    for (const s of here.sort((a, b) => a.start - b.start)) {
      if (s.start < at) continue;
      quote.append(document.createTextNode(doc.text.slice(at, s.start)));
      const mark = document.createElement('mark');
      mark.textContent = doc.text.slice(s.start, s.end);
      quote.append(mark);
      at = s.end;
    }
    quote.append(document.createTextNode(doc.text.slice(at)));
    const t = document.createElement('h3');
    t.textContent = doc.title ?? docId;
    parts.push(t, quote);
  }
  detail.replaceChildren(...parts);
  if (e.latitude !== null && e.longitude !== null)
    map.flyTo({ center: [e.longitude, e.latitude], zoom: Math.max(map.getZoom(), 6) });
}

map.on('click', 'events-point', (ev) => {
  const id = ev.features?.[0]?.properties?.id as string | undefined;
  if (id) void show(id);
});
form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  void load();
});
// Tabs: events, the review queue, the submission form.
const tabs = ['events', 'review', 'submit'] as const;
function openTab(name: (typeof tabs)[number]): void {
  for (const t of tabs) {
    el(`tab-${t}`).setAttribute('aria-selected', String(t === name));
    el(`panel-${t}`).hidden = t !== name;
  }
}
for (const t of tabs) el(`tab-${t}`).addEventListener('click', () => openTab(t));

const analyst = el<HTMLInputElement>('analyst');
analyst.value = localStorage.getItem('observatory.analyst') ?? '';
analyst.addEventListener('change', () => localStorage.setItem('observatory.analyst', analyst.value));
mountReview(
  el('panel-review'),
  () => analyst.value.trim() || 'anonymous analyst',
  () => void load(),
);
mountSubmit(el('panel-submit'), {
  pickOnMap: () =>
    new Promise((resolve) => {
      map.getCanvas().style.cursor = 'crosshair';
      map.once('click', (ev) => {
        map.getCanvas().style.cursor = '';
        resolve({ latitude: ev.lngLat.lat, longitude: ev.lngLat.lng });
      });
    }),
  onSubmitted: () => {
    void load();
    // The review queue reads the new events when it is opened next.
    mountReview(
      el('panel-review'),
      () => analyst.value.trim() || 'anonymous analyst',
      () => void load(),
    );
  },
});

readUrl();
void session().then((who) => {
  if (!who.open) {
    // Actions are recorded under the logged-in user, whatever the field says.
    analyst.value = who.name;
    analyst.readOnly = true;
  }
  void load();
  void loadTracks();
});
