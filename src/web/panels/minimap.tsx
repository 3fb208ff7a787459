// A small map of where an event is, drawn as SVG from the basemap's country shapes (read once and
// kept): enough to see the place at a glance in a list, without a map canvas per item.
import { useEffect, useState } from 'preact/hooks';

type Ring = Array<[number, number]>;
interface Shape {
  box: [number, number, number, number];
  rings: Ring[];
}

let shapes: Promise<Shape[]> | undefined;
/** The basemap's countries as rings with their boxes (the browser has it cached from the map). */
function basemap(): Promise<Shape[]> {
  shapes ??= fetch('/api/basemap/countries.geojson')
    .then(
      (r) =>
        r.json() as Promise<{ features: Array<{ geometry: { type: string; coordinates: unknown } | null }> }>,
    )
    .then((fc) =>
      fc.features.flatMap((f) => {
        if (!f.geometry) return [];
        const polys = (
          f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
        ) as Ring[][];
        return polys.map((rings) => {
          let [w, s, e, n] = [180, 90, -180, -90];
          for (const [x, y] of rings[0] ?? []) {
            w = Math.min(w, x);
            e = Math.max(e, x);
            s = Math.min(s, y);
            n = Math.max(n, y);
          }
          return { box: [w, s, e, n] as [number, number, number, number], rings };
        });
      }),
    )
    .catch(() => []);
  return shapes;
}

/** The event's place (and the disc its precision allows) in a box some 4 degrees across. */
export function MiniMap({
  latitude,
  longitude,
  precision,
}: {
  latitude: number;
  longitude: number;
  precision: number;
}) {
  const [all, setAll] = useState<Shape[]>([]);
  useEffect(() => {
    void basemap().then(setAll);
  }, []);
  const half = 2;
  const [w, s, e, n] = [longitude - half, latitude - half, longitude + half, latitude + half];
  const size = 120;
  const px = (x: number) => ((x - w) / (e - w)) * size;
  const py = (y: number) => ((n - y) / (n - s)) * size;
  const paths = all
    .filter((sh) => sh.box[0] <= e && sh.box[2] >= w && sh.box[1] <= n && sh.box[3] >= s)
    .map((sh) =>
      sh.rings
        .map((r) => `M${r.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('L')}Z`)
        .join(''),
    );
  return (
    <svg
      class="minimap"
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={`Map: ${latitude.toFixed(2)}, ${longitude.toFixed(2)}`}
    >
      <rect width={size} height={size} fill="#cfe0ee" />
      {paths.map((d, i) => (
        <path key={i} d={d} fill="#f4f1ea" stroke="#a59f94" stroke-width="0.6" />
      ))}
      {precision > 1 && (
        <circle
          cx={px(longitude)}
          cy={py(latitude)}
          r={precision * 6}
          fill="rgba(192,57,43,.15)"
          stroke="#c0392b"
        />
      )}
      <circle cx={px(longitude)} cy={py(latitude)} r={4} fill="#c0392b" stroke="#fff" stroke-width="1.5" />
    </svg>
  );
}
