// The timeline under the map: events per month (per day over a short span) stacked by type on an
// axis proportional to time, so gaps show as gaps, with ticks and counts; drag across it to set the dates.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { TYPE_COLOURS } from '../colours.js';
import { apiQuery, type Filters } from '../state.js';

interface Bucket {
  bucket: string;
  event_type: string;
  count: number;
}

export interface TimelineProps {
  filters: Filters;
  onRange: (start: string, end: string) => void;
  /** Changes when the record changed: counts are read again. */
  refresh?: number;
}

const DAY = 86_400_000;
const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);
/** A span this short or shorter (in days) is drawn day by day. */
const DAYS_UNDER = 120;

/** The first and the day after the last day of a bucket (a YYYY-MM or YYYY-MM-DD). */
function span(bucket: string): [number, number] {
  if (bucket.length === 10) return [dayOf(bucket), dayOf(bucket) + 1];
  const [y, m] = bucket.split('-').map(Number) as [number, number];
  return [Date.UTC(y, m - 1, 1) / DAY, Date.UTC(y, m, 1) / DAY];
}

/** Tick marks for a span of days: days, weeks, months, quarters or years, about eight of them. */
export function ticks(from: number, to: number): Array<{ day: number; label: string }> {
  const days = to - from;
  const out: Array<{ day: number; label: string }> = [];
  const month = (d: Date) => d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  if (days <= 62) {
    const step = days <= 10 ? 1 : days <= 21 ? 2 : 7;
    for (let d = Math.ceil(from); d < to; d += step) {
      const date = new Date(d * DAY);
      out.push({ day: d, label: `${month(date)} ${date.getUTCDate()}` });
    }
    return out;
  }
  const years = days / 365;
  const stepMonths = years <= 1 ? 1 : years <= 2.5 ? 3 : years <= 6 ? 12 : Math.ceil(years / 8) * 12;
  const start = new Date(from * DAY);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + 1;
  for (;;) {
    if (m > 11) {
      y += Math.floor(m / 12);
      m %= 12;
    }
    const d = Date.UTC(y, m, 1) / DAY;
    if (d >= to) break;
    if (stepMonths < 12 ? m % stepMonths === 0 : m === 0 && y % (stepMonths / 12) === 0)
      out.push({
        day: d,
        label: m === 0 || stepMonths >= 12 ? String(y) : `${month(new Date(d * DAY))} ${y}`,
      });
    m++;
  }
  return out;
}

/** Counts per month, or per day when the months cover a short span, read again as the query changes. */
function useBuckets(query: string, refresh: number | undefined) {
  const [buckets, setBuckets] = useState<Bucket[]>([]);
  const [interval, setInterval] = useState<'day' | 'month'>('month');
  useEffect(() => {
    let live = true;
    void (async () => {
      const month = await api<{ buckets: Bucket[] }>(`/api/events/histogram?interval=month&${query}`).catch(
        () => null,
      );
      if (!month || !live) return;
      const keys = month.buckets.map((b) => b.bucket).sort();
      const first = keys[0];
      const last = keys[keys.length - 1];
      if (first && last && span(last)[1] - span(first)[0] <= DAYS_UNDER) {
        const day = await api<{ buckets: Bucket[] }>(`/api/events/histogram?interval=day&${query}`).catch(
          () => null,
        );
        if (day && live) {
          setBuckets(day.buckets);
          setInterval('day');
          return;
        }
      }
      if (live) {
        setBuckets(month.buckets);
        setInterval('month');
      }
    })();
    return () => {
      live = false;
    };
  }, [query, refresh]);
  return { buckets, interval };
}

/** A drag from day `a` to day `b`, snapped to whole buckets: months over a long span, days over a short one. */
function snap(a: number, b: number, interval: 'day' | 'month'): [string, string] {
  const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
  if (interval === 'day') return [dateOf(lo), dateOf(hi)];
  const s = new Date(lo * DAY);
  const e = new Date(hi * DAY);
  return [
    dateOf(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), 1) / DAY),
    dateOf(Date.UTC(e.getUTCFullYear(), e.getUTCMonth() + 1, 1) / DAY - 1),
  ];
}

/** One bucket's bar, its types stacked from the bottom. */
function Bar({
  k,
  buckets,
  total,
  max,
  height,
  x,
}: {
  k: string;
  buckets: Bucket[];
  total: number;
  max: number;
  height: number;
  x: (day: number) => number;
}) {
  const [a, b] = span(k);
  let y = height;
  return (
    <g>
      <title>{`${k}: ${total.toLocaleString('en')} events`}</title>
      {buckets
        .filter((bk) => bk.bucket === k)
        .map((bk) => {
          const h = (bk.count / max) * (height - 2);
          y -= h;
          return (
            <rect
              key={bk.event_type}
              x={x(a) + 0.3}
              y={y}
              width={Math.max(0.8, x(b) - x(a) - 0.6)}
              height={h}
              fill={TYPE_COLOURS[bk.event_type] ?? '#333'}
            />
          );
        })}
    </g>
  );
}

/** The ticks under the bars, placed in proportion to time. */
function Axis({ from, to, shown }: { from: number; to: number; shown: boolean }) {
  return (
    <div class="timeline-axis" aria-hidden="true">
      {shown &&
        ticks(from, to).map((t) => (
          <span key={t.day} class="tick" style={{ left: `${(100 * (t.day - from)) / (to - from)}%` }}>
            {t.label}
          </span>
        ))}
    </div>
  );
}

function Timeline({ filters, onRange, refresh }: TimelineProps) {
  const [drag, setDrag] = useState<[number, number] | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const { start = '', end = '' } = filters;
  // Counted over every date, so the whole span shows and a range can be dragged anywhere in it.
  const undated = { ...filters };
  delete undated.start;
  delete undated.end;
  const { buckets, interval } = useBuckets(apiQuery(undated).toString(), refresh);

  const totals = new Map<string, number>();
  for (const b of buckets) totals.set(b.bucket, (totals.get(b.bucket) ?? 0) + b.count);
  const keys = [...totals.keys()].sort();
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const from = keys.length ? span(keys[0]!)[0] : 0;
  const to = keys.length ? span(keys[keys.length - 1]!)[1] : 1;
  const max = Math.max(1, ...totals.values());
  const width = 1000;
  const height = 60;
  const x = (day: number) => ((day - from) / (to - from)) * width;
  const dayAt = (clientX: number) => {
    const box = svg.current!.getBoundingClientRect();
    const f = Math.max(0, Math.min(0.9999, (clientX - box.left) / box.width));
    return Math.floor(from + f * (to - from));
  };
  const chosen: [number, number] | null = drag
    ? [Math.min(...drag), Math.max(...drag) + 1]
    : start || end
      ? [start ? dayOf(start) : from, end ? dayOf(end) + 1 : to]
      : null;
  return (
    <section class="timeline" aria-label="Timeline of events" data-interval={interval}>
      <div class="timeline-head">
        <span>
          {all.toLocaleString('en')} events, per {interval}; tallest {max.toLocaleString('en')}
        </span>
        {(start || end) && (
          <button type="button" onClick={() => onRange('', '')}>
            All dates
          </button>
        )}
      </div>
      <svg
        ref={svg}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Events per ${interval} from ${keys.length ? dateOf(from) : 'none'} to ${keys.length ? dateOf(to - 1) : 'none'}. Drag across to choose dates.`}
        onPointerDown={(e) => {
          if (!keys.length) return;
          (e.currentTarget as SVGSVGElement).setPointerCapture(e.pointerId);
          const d = dayAt(e.clientX);
          setDrag([d, d]);
        }}
        onPointerMove={(e) => drag && setDrag([drag[0], dayAt(e.clientX)])}
        onPointerUp={() => {
          if (!drag) return;
          setDrag(null);
          onRange(...snap(drag[0], drag[1], interval));
        }}
      >
        {chosen && (
          <rect
            class="chosen"
            x={x(chosen[0])}
            y={0}
            width={Math.max(1, x(chosen[1]) - x(chosen[0]))}
            height={height}
          />
        )}
        {keys.map((k) => (
          <Bar key={k} k={k} buckets={buckets} total={totals.get(k)!} max={max} height={height} x={x} />
        ))}
      </svg>
      <Axis from={from} to={to} shown={keys.length > 0} />
    </section>
  );
}

export function mountTimeline(container: HTMLElement, props: TimelineProps): void {
  render(<Timeline {...props} />, container);
}
