// Charts of the filtered record: events and fatalities per day (per month over long spans), by
// event type or by the first actor (the eight most active, the rest together), as stacked bars.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { TYPE_COLOURS } from '../colours.js';
import { apiQuery, type Filters } from '../state.js';

interface Point {
  bucket: string;
  key: string;
  value: number;
}
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const OTHER = 'all others';

/** The series per month, or per day while that is at most a few months of bars. */
function useSeries(query: string) {
  const [points, setPoints] = useState<Point[]>([]);
  const [interval, setInterval] = useState<'day' | 'month'>('day');
  useEffect(() => {
    let live = true;
    void (async () => {
      const month = await api<{ points: Point[] }>(`/api/events/series?${query}&interval=month`).catch(
        () => null,
      );
      if (!month || !live) return;
      // Per day while that is at most a few months of bars.
      const months = new Set(month.points.map((p) => p.bucket)).size;
      if (months <= 4) {
        const day = await api<{ points: Point[] }>(`/api/events/series?${query}&interval=day`).catch(
          () => null,
        );
        if (day && live) {
          setPoints(day.points);
          setInterval('day');
          return;
        }
      }
      if (live) {
        setPoints(month.points);
        setInterval('month');
      }
    })();
    return () => {
      live = false;
    };
  }, [query]);
  return { points, interval };
}

/** One bucket's bar, its keys stacked from the bottom in the keys' order. */
function Stack({
  b,
  i,
  s,
  keys,
  max,
  h,
  bw,
  colour,
}: {
  b: string;
  i: number;
  s: Map<string, number>;
  keys: string[];
  max: number;
  h: number;
  bw: number;
  colour: (k: string) => string;
}) {
  let y = h;
  return (
    <g>
      <title>{`${b}: ${[...s.entries()].map(([k, v]) => `${k} ${v}`).join(', ')}`}</title>
      {keys
        .filter((k) => s.has(k))
        .map((k) => {
          const bh = (s.get(k)! / max) * (h - 2);
          y -= bh;
          return (
            <rect key={k} x={i * bw + 0.5} y={y} width={Math.max(1, bw - 1)} height={bh} fill={colour(k)} />
          );
        })}
    </g>
  );
}

function ChartKeys({
  keys,
  totals,
  top,
  colour,
}: {
  keys: string[];
  totals: Map<string, number>;
  top: string[];
  colour: (k: string) => string;
}) {
  return (
    <ul class="chart-keys">
      {keys.map((k) => (
        <li key={k}>
          <span class="swatch" style={{ background: colour(k) }} />
          {k} (
          {(k === OTHER
            ? [...totals.entries()].filter(([x]) => !top.includes(x)).reduce((a, [, v]) => a + v, 0)
            : (totals.get(k) ?? 0)
          ).toLocaleString('en')}
          )
        </li>
      ))}
    </ul>
  );
}

function Chart({
  filters,
  by,
  measure,
}: {
  filters: Filters;
  by: 'event_type' | 'actor1';
  measure: 'events' | 'fatalities';
}) {
  const { points, interval } = useSeries(apiQuery(filters, { by, measure }).toString());
  const totals = new Map<string, number>();
  for (const p of points) totals.set(p.key, (totals.get(p.key) ?? 0) + p.value);
  const top = [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k]) => k);
  const keyOf = (k: string) => (by === 'event_type' || top.includes(k) ? k : OTHER);
  const colour = (k: string) =>
    by === 'event_type' ? (TYPE_COLOURS[k] ?? '#333') : k === OTHER ? '#bbb' : PALETTE[top.indexOf(k)]!;
  const buckets = [...new Set(points.map((p) => p.bucket))].sort();
  const stacks = new Map<string, Map<string, number>>();
  for (const p of points) {
    const s = stacks.get(p.bucket) ?? new Map<string, number>();
    s.set(keyOf(p.key), (s.get(keyOf(p.key)) ?? 0) + p.value);
    stacks.set(p.bucket, s);
  }
  const max = Math.max(1, ...[...stacks.values()].map((s) => [...s.values()].reduce((a, b) => a + b, 0)));
  const keys =
    by === 'event_type' ? [...totals.keys()] : [...top, ...(totals.size > top.length ? [OTHER] : [])];
  const w = 1000;
  const h = 160;
  const bw = buckets.length ? w / buckets.length : w;
  const title = `${measure === 'events' ? 'Events' : 'Fatalities'} per ${interval} by ${by === 'event_type' ? 'type' : 'first actor'}`;
  return (
    <figure class="chart" data-by={by} data-measure={measure}>
      <figcaption>
        {title}: {[...totals.values()].reduce((a, b) => a + b, 0).toLocaleString('en')} in all; tallest bar{' '}
        {max.toLocaleString('en')}
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" role="img" aria-label={title}>
        {buckets.map((b, i) => (
          <Stack key={b} b={b} i={i} s={stacks.get(b)!} keys={keys} max={max} h={h} bw={bw} colour={colour} />
        ))}
      </svg>
      <div class="chart-axis">
        <span>{buckets[0] ?? ''}</span>
        <span>{buckets[buckets.length - 1] ?? ''}</span>
      </div>
      <ChartKeys keys={keys} totals={totals} top={top} colour={colour} />
    </figure>
  );
}

function Charts({ filters }: { filters: Filters }) {
  return (
    <div class="charts">
      <Chart filters={filters} by="event_type" measure="events" />
      <Chart filters={filters} by="event_type" measure="fatalities" />
      <Chart filters={filters} by="actor1" measure="events" />
      <Chart filters={filters} by="actor1" measure="fatalities" />
    </div>
  );
}

export function mountCharts(container: HTMLElement, props: { filters: Filters }): void {
  render(<Charts {...props} />, container);
}
