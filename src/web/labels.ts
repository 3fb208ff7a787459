// Words on the map without fonts to fetch: place names from the gazetteer at a town's zoom and the
// counts of grid cells, as HTML markers placed by MapLibre, the larger place winning where two meet.
import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import type { GridCell } from './map.js';

/** The zoom from which places are named (a town's). */
export const LABEL_ZOOM = 7;

export class Labels {
  private places: Marker[] = [];
  private counts: Marker[] = [];
  private asked = 0;

  constructor(private readonly map: MapLibreMap) {
    map.on('moveend', () => void this.refresh());
  }

  /** Cells' counts, each a button that zooms in on its cell. */
  cells(cells: GridCell[]): void {
    for (const m of this.counts) m.remove();
    this.counts = cells.map((c) => {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = 'cell-count';
      el.textContent = c.count >= 10_000 ? `${Math.round(c.count / 1000)}k` : c.count.toLocaleString('en');
      el.title = `${c.count.toLocaleString('en')} events: click to zoom in`;
      el.addEventListener('click', (ev) => {
        ev.stopPropagation();
        this.map.easeTo({ center: [c.longitude, c.latitude], zoom: Math.min(18, this.map.getZoom() + 2) });
      });
      return new Marker({ element: el }).setLngLat([c.longitude, c.latitude]).addTo(this.map);
    });
  }

  /** The largest places in view, named where they do not overlap a larger one's name. */
  private async refresh(): Promise<void> {
    const asked = ++this.asked;
    if (this.map.getZoom() < LABEL_ZOOM) return this.show([]);
    const b = this.map.getBounds();
    const box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(3)).join(',');
    const res = await fetch(`/api/places/labels?bbox=${box}&limit=80`);
    if (!res.ok || asked !== this.asked) return;
    const { places } = (await res.json()) as {
      places: Array<{ name: string; latitude: number; longitude: number }>;
    };
    this.show(places);
  }

  private show(places: Array<{ name: string; latitude: number; longitude: number }>): void {
    for (const m of this.places) m.remove();
    const taken: Array<[number, number, number, number]> = [];
    this.places = [];
    for (const p of places) {
      const at = this.map.project([p.longitude, p.latitude]);
      // About 7 px a letter, 16 px high, centred above the place.
      const w = p.name.length * 7 + 8;
      const box: [number, number, number, number] = [at.x - w / 2, at.y - 18, at.x + w / 2, at.y];
      if (taken.some((t) => t[0] < box[2] && box[0] < t[2] && t[1] < box[3] && box[1] < t[3])) continue;
      taken.push(box);
      const el = document.createElement('div');
      el.className = 'place-label';
      el.textContent = p.name;
      this.places.push(
        new Marker({ element: el, anchor: 'bottom' }).setLngLat([p.longitude, p.latitude]).addTo(this.map),
      );
    }
    this.map.getContainer().dataset.placeLabels = String(this.places.length);
  }
}
