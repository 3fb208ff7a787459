// The analyst's workspace: the filters and the address they live in, the map and the views, the
// event panel, review and field reports, and new events arriving from the stream.
import './style.css';
import { api } from './api.js';
import { bounds, createMap, type GridCell, type MapPoint } from './map.js';
import { mountLegend } from './legend.js';
import { clearNotice, notice } from './notices.js';
import { session } from './session.js';
import { addressOf, apiQuery, readAddress, type Filters, type PageState, type View, VIEWS } from './state.js';
import { FACETS, fillFacet, readForm, setupFilterForm, writeForm } from './filters.js';
import { mountTimeline } from './panels/timeline.js';
import { mountList } from './panels/list.js';
import { closeEventPanel, mountEventPanel } from './panels/event-panel.js';
import { mountReview } from './panels/review-queue.js';
import { mountSubmit } from './panels/submit.js';
import { mountTable } from './panels/table.js';
import { mountCharts } from './panels/charts.js';
import { mountAgreements } from './panels/agreements.js';

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = el<HTMLFormElement>('filters');
const mapEl = el('map');
const emap = createMap(mapEl);
// Scripts and tests read what the map draws from here.
(window as unknown as { observatoryMap: unknown }).observatoryMap = emap.map;
mountLegend(el('legend'));

const state: PageState = readAddress(location.search);
if (state.notices.length)
  notice(
    'address',
    `Set aside from the address: ${state.notices.join('; ')}. The record is shown without ${state.notices.length > 1 ? 'them' : 'it'}.`,
  );
setupFilterForm(form);
writeForm(form, state.filters);
for (const k of FACETS) {
  const select = form.elements.namedItem(k) as HTMLSelectElement;
  for (const on of ['focus', 'pointerdown'])
    select.addEventListener(on, () => void fillFacet(form, k, state.filters));
}

// How many events the map draws one by one before it switches to server-counted cells;
// `?maxpoints=N` in the address lowers it for a slow device.
const MAX_DRAWN = Math.max(
  1,
  Math.min(50_000, Number(new URLSearchParams(location.search).get('maxpoints')) || 20_000),
);

const analyst = el<HTMLInputElement>('analyst');
analyst.value = localStorage.getItem('observatory.analyst') ?? '';
analyst.addEventListener('change', () => localStorage.setItem('observatory.analyst', analyst.value.trim()));
const reviewer = () => analyst.value.trim();

/** Each load is numbered: an answer to an older one is dropped, never drawn. */
let generation = 0;
let gridMode = false;

function remember(push: boolean): void {
  const url = addressOf(state);
  if (url === location.search || (url === location.pathname && !location.search)) return;
  if (push) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

/** Points when they fit, cells otherwise; only the newest load's answer is drawn. */
async function drawMap(asked: number): Promise<void> {
  const q = apiQuery(state.filters, { limit: MAX_DRAWN, whole: 'true' });
  const body = await api<{ total: number; points: MapPoint[] }>(`/api/events/points?${q}`).catch(() => ({
    total: 0,
    points: [] as MapPoint[],
  }));
  if (asked !== generation) return;
  gridMode = body.total > body.points.length;
  mapEl.dataset.mode = gridMode ? 'grid' : 'points';
  if (gridMode) return drawGrid(asked);
  await emap.drawPoints(body.points);
  if (asked === generation) mapEl.dataset.drawn = String(asked);
}

/** In cell mode, the cells of the view the map shows, under the current filters. */
async function drawGrid(asked = generation): Promise<void> {
  if (!gridMode) return;
  const q = apiQuery(state.filters, { bbox: emap.viewBox(), zoom: emap.map.getZoom().toFixed(1) });
  const body = await api<{ cells: GridCell[] }>(`/api/events/grid?${q}`).catch(() => null);
  if (!body || asked !== generation || !gridMode) return;
  await emap.drawCells(body.cells);
  if (asked !== generation) return;
  mapEl.dataset.drawn = String(asked);
  mapEl.dataset.gridDrawn = String(asked);
}
emap.map.on('moveend', () => void drawGrid());

/** Fits the map to the filtered record: its points, or its cells counted over the whole world. */
async function fitToRecord(): Promise<void> {
  let box = emap.pointsBounds();
  if (gridMode) {
    const body = await api<{ cells: GridCell[] }>(
      `/api/events/grid?${apiQuery(state.filters, { zoom: 2 })}`,
    ).catch(() => null);
    box = body?.cells.length ? bounds(body.cells.map((c) => [c.longitude, c.latitude])) : null;
  }
  if (!box) return;
  const [w, s, e, n] = box;
  emap.map.fitBounds(
    [
      [w - 0.2, s - 0.2],
      [e + 0.2, n + 0.2],
    ],
    { padding: 40, maxZoom: 11, duration: 600 },
  );
}
emap.map.addControl(
  {
    onAdd: () => {
      const box = document.createElement('div');
      box.className = 'maplibregl-ctrl maplibregl-ctrl-group';
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'fit-record';
      b.title = 'Fit the map to the filtered record';
      b.setAttribute('aria-label', 'Fit to the record');
      b.textContent = '⤢';
      b.addEventListener('click', () => void fitToRecord());
      box.append(b);
      return box;
    },
    onRemove: () => undefined,
  },
  'top-right',
);

function renderView(): void {
  for (const v of VIEWS) {
    el(`view-${v}`).hidden = v !== state.view;
    document.querySelector(`.views [data-view=${v}]`)?.setAttribute('aria-pressed', String(v === state.view));
  }
  const filters = state.filters;
  if (state.view === 'table')
    mountTable(el('view-table'), {
      filters,
      sort: state.sort,
      page: state.page,
      onOpen: (id) => openEvent(id),
      onPage: (sort, page) => {
        state.sort = sort;
        state.page = page;
        remember(false);
        renderView();
      },
    });
  if (state.view === 'charts') mountCharts(el('view-charts'), { filters });
  if (state.view === 'agreements') mountAgreements(el('view-agreements'), { onOpen: (id) => openEvent(id) });
  if (state.view === 'map') emap.map.resize();
}

/** Loads everything the filters show: list, map, timeline, the view, the review queue, the stream. */
async function load(push = true): Promise<void> {
  const asked = ++generation;
  state.filters = readForm(form);
  state.page = 0;
  remember(push);
  const filters = state.filters;
  const count = Object.keys(filters).length;
  el('filter-count').textContent = count ? `(${count})` : '';
  for (const f of ['acled', 'geojson', 'hxl'])
    el<HTMLAnchorElement>(`export-${f}`).href = `/api/export?${apiQuery(filters, { format: f })}`;
  // The timeline first (its counts are kept, so cheap, and it sets the map's height), then the map:
  // on a large record anything else would queue before it on the server.
  mountTimeline(el('timeline'), { filters, onRange: setRange });
  if (state.view === 'map') await drawMap(asked);
  if (asked !== generation) return;
  mountList(el('panel-events'), { filters, onOpen: (id) => openEvent(id), selected: state.event });
  renderView();
  if (state.view !== 'map') void drawMap(asked);
  if (document.body.dataset.tab === 'review') showQueue();
  listen(filters);
}

/** The review queue, read when its tab is open. */
function showQueue(): void {
  mountReview(el('panel-review'), {
    filters: state.filters,
    reviewer,
    onChanged: refreshMap,
    onOpen: (id) => openEvent(id),
  });
}

/** Redraws what a change in the record may have changed, keeping the filters. */
function refreshMap(): void {
  const asked = ++generation;
  mountList(el('panel-events'), {
    filters: state.filters,
    onOpen: (id) => openEvent(id),
    selected: state.event,
    refresh: asked,
  });
  mountTimeline(el('timeline'), { filters: state.filters, onRange: setRange, refresh: asked });
  void drawMap(asked);
}

function setRange(start: string, end: string): void {
  (form.elements.namedItem('start') as HTMLInputElement).value = start;
  (form.elements.namedItem('end') as HTMLInputElement).value = end;
  void load();
}

function openEvent(id: string, push = true): void {
  // On a phone the report form hides the map; the event is shown beside it again.
  if (document.body.dataset.tab === 'submit') openTab('events');
  const changed = state.event !== id;
  state.event = id;
  if (changed) remember(push);
  emap.select(id);
  mountEventPanel(el('event-panel'), {
    id,
    reviewer,
    map: emap,
    onClose: () => {
      state.event = null;
      remember(true);
      emap.select(null);
      closeEventPanel(el('event-panel'));
    },
    onReviewed: refreshMap,
    onOpen: (other) => openEvent(other),
  });
}

// New and changed events under the filters arrive from the server's stream: the map, the list and
// the timeline are redrawn, and a notice says so.
let stream: EventSource | undefined;
let arrived = 0;
let redraw: ReturnType<typeof setTimeout> | undefined;
function listen(filters: Filters): void {
  stream?.close();
  arrived = 0;
  stream = new EventSource(`/api/events/stream?${apiQuery(filters)}`);
  const onChange = () => {
    arrived++;
    clearTimeout(redraw);
    redraw = setTimeout(() => {
      const n = arrived;
      arrived = 0;
      notice(
        'live',
        `${n} new or changed event${n > 1 ? 's' : ''} arrived at ${new Date().toTimeString().slice(0, 5)}; the map and list show them.`,
      );
      refreshMap();
    }, 800);
  };
  for (const action of ['created', 'claim_added', 'merged', 'split', 'reclustered', 'reviewed'])
    stream.addEventListener(action, onChange);
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  clearNotice('address');
  void load();
});
el('clear-filters').addEventListener('click', () => {
  writeForm(form, {});
  void load();
});
window.addEventListener('popstate', () => {
  const next = readAddress(location.search);
  Object.assign(state, { view: next.view, sort: next.sort, page: next.page });
  writeForm(form, next.filters);
  void load(false);
  if (next.event) openEvent(next.event, false);
  else if (state.event) {
    state.event = null;
    emap.select(null);
    closeEventPanel(el('event-panel'));
  }
});

for (const b of document.querySelectorAll<HTMLButtonElement>('.views [data-view]'))
  b.addEventListener('click', () => {
    state.view = b.dataset.view as View;
    remember(true);
    renderView();
  });

// On a phone the filter bar starts folded, leaving the screen to the map and the panels.
const toggle = el('toggle-filters');
const fold = (open: boolean) => {
  toggle.setAttribute('aria-expanded', String(open));
  form.hidden = !open;
};
fold(!matchMedia('(max-width: 700px)').matches);
toggle.addEventListener('click', () => fold(toggle.getAttribute('aria-expanded') !== 'true'));
const helpToggle = el('toggle-help');
helpToggle.addEventListener('click', () => {
  const open = helpToggle.getAttribute('aria-expanded') !== 'true';
  helpToggle.setAttribute('aria-expanded', String(open));
  el('helps').hidden = !open;
});

// Tabs: events, the review queue, the submission form.
const tabs = ['events', 'review', 'submit'] as const;
function openTab(name: (typeof tabs)[number]): void {
  for (const t of tabs) {
    el(`tab-${t}`).setAttribute('aria-selected', String(t === name));
    el(`panel-${t}`).hidden = t !== name;
  }
  document.body.dataset.tab = name;
  if (name === 'review') showQueue();
}
for (const t of tabs) el(`tab-${t}`).addEventListener('click', () => openTab(t));

mountSubmit(el('panel-submit'), {
  pickOnMap: () =>
    new Promise((resolve) => {
      emap.map.getCanvas().style.cursor = 'crosshair';
      emap.map.once('click', (ev) => {
        emap.map.getCanvas().style.cursor = '';
        resolve({ latitude: ev.lngLat.lat, longitude: ev.lngLat.lng });
      });
    }),
  onSubmitted: () => refreshMap(),
  onOpen: (id) => openEvent(id),
});

emap.map.on('click', 'events-point', (ev) => {
  const id = ev.features?.[0]?.properties?.id as string | undefined;
  if (id) openEvent(id);
});
emap.map.on('click', 'tracks-line', (ev) => {
  const id = ev.features?.[0]?.properties?.id as string | undefined;
  if (id) {
    state.view = 'agreements';
    remember(true);
    renderView();
    mountAgreements(el('view-agreements'), { onOpen: (e) => openEvent(e), track: id });
  }
});
for (const layer of ['events-point', 'tracks-line', 'grid-cells']) {
  emap.map.on('mouseenter', layer, () => (emap.map.getCanvas().style.cursor = 'pointer'));
  emap.map.on('mouseleave', layer, () => (emap.map.getCanvas().style.cursor = ''));
}
emap.map.on('click', 'grid-cells', (ev) =>
  emap.map.easeTo({ center: ev.lngLat, zoom: Math.min(18, emap.map.getZoom() + 2) }),
);

async function loadTracks(): Promise<void> {
  const fc = await api<GeoJSON.FeatureCollection>('/api/tracks?format=geojson').catch(() => null);
  if (fc) await emap.drawTracks({ ...fc, features: fc.features.filter((f) => f.geometry !== null) });
}

/** What the record is: empty (say how to fill it) or the shipped sample (say so). */
async function describeRecord(): Promise<void> {
  const r = await api<{ events: number; documents: number; empty: boolean; sample: boolean }>(
    '/api/record',
  ).catch(() => null);
  if (!r) return;
  document.body.dataset.record = r.empty ? 'empty' : r.sample ? 'sample' : 'own';
  if (r.sample)
    notice(
      'sample',
      `This is the shipped sample record: ${r.documents} short reports written for the project, not real reporting. Fill your own with "observatory ingest", "observatory import --format acled" or the Submit tab.`,
    );
}

void session().then((who) => {
  if (!who.open) {
    // Actions are recorded under the logged-in user, whatever the field says.
    analyst.value = who.name;
    analyst.readOnly = true;
  }
  void describeRecord();
  // Tracks are drawn once the events are.
  void load(false).then(() => loadTracks());
  if (state.event) openEvent(state.event, false);
});
