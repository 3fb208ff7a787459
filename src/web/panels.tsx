// The workspace's panels as Preact components: the timeline with its brush, the review queue and
// the field-report form. The map and the event list stay in main.ts.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { EVENT_TYPES } from '../model/index.js';
import type { EventItem } from './types.js';

export const TYPE_COLOURS: Record<string, string> = {
  Battles: '#c0392b',
  'Violence against civilians': '#8e44ad',
  'Explosions/Remote violence': '#d35400',
  Protests: '#2980b9',
  Riots: '#16a085',
  'Strategic developments': '#7f8c8d',
};

/** ACLED's sub-event types by event type, from the model every stage speaks. */
export const SUB_TYPES: Record<string, readonly string[]> = EVENT_TYPES;

interface Bucket {
  bucket: string;
  event_type: string;
  count: number;
}

/** Where a request failed, in words for the user. */
async function failure(res: Response): Promise<string> {
  try {
    return ((await res.json()) as { error?: string }).error ?? `request failed (${res.status})`;
  } catch {
    return `request failed (${res.status})`;
  }
}

// ---------------------------------------------------------------------------------------------
// Timeline

export interface TimelineProps {
  /** The list's filters without the date range, as a query string. */
  query: string;
  start: string;
  end: string;
  onRange: (start: string, end: string) => void;
}

/** Events per month (or day, over short spans) stacked by type; drag across it to set the dates. */
function Timeline({ query, start, end, onRange }: TimelineProps) {
  const [buckets, setBuckets] = useState<Bucket[]>([]);
  const [interval, setInterval] = useState<'day' | 'month'>('month');
  const [drag, setDrag] = useState<[number, number] | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const month = await fetch(`/api/events/histogram?interval=month&${query}`);
      if (!month.ok) return;
      const m = ((await month.json()) as { buckets: Bucket[] }).buckets;
      const months = new Set(m.map((b) => b.bucket));
      // A few months are better read day by day.
      if (months.size > 0 && months.size <= 3) {
        const day = await fetch(`/api/events/histogram?interval=day&${query}`);
        if (day.ok && live) {
          setBuckets(((await day.json()) as { buckets: Bucket[] }).buckets);
          setInterval('day');
          return;
        }
      }
      if (live) {
        setBuckets(m);
        setInterval('month');
      }
    })();
    return () => {
      live = false;
    };
  }, [query]);

  const keys = [...new Set(buckets.map((b) => b.bucket))].sort();
  const totals = new Map<string, number>();
  for (const b of buckets) totals.set(b.bucket, (totals.get(b.bucket) ?? 0) + b.count);
  const max = Math.max(1, ...totals.values());
  const width = 1000;
  const height = 60;
  const bw = keys.length ? width / keys.length : width;
  const indexAt = (clientX: number) => {
    const box = svg.current!.getBoundingClientRect();
    return Math.max(
      0,
      Math.min(keys.length - 1, Math.floor(((clientX - box.left) / box.width) * keys.length)),
    );
  };
  const first = (k: string) => (interval === 'day' ? k : `${k}-01`);
  const last = (k: string) => {
    if (interval === 'day') return k;
    const [y, m] = k.split('-').map(Number) as [number, number];
    return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  };
  const selected = (k: string) =>
    drag
      ? keys.indexOf(k) >= Math.min(...drag) && keys.indexOf(k) <= Math.max(...drag)
      : (!start || last(k) >= start) && (!end || first(k) <= end) && (start !== '' || end !== '');
  const finish = () => {
    if (!drag) return;
    const [a, b] = [Math.min(...drag), Math.max(...drag)];
    setDrag(null);
    onRange(first(keys[a]!), last(keys[b]!));
  };
  return (
    <section class="timeline" aria-label="Timeline of events">
      <svg
        ref={svg}
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Events per ${interval}: ${keys.length} ${interval}s. Drag across to choose dates.`}
        onPointerDown={(e) => {
          if (!keys.length) return;
          (e.currentTarget as SVGSVGElement).setPointerCapture(e.pointerId);
          const i = indexAt(e.clientX);
          setDrag([i, i]);
        }}
        onPointerMove={(e) => drag && setDrag([drag[0], indexAt(e.clientX)])}
        onPointerUp={finish}
      >
        {keys.map((k, i) => {
          let y = height;
          return (
            <g key={k} opacity={selected(k) || (!start && !end && !drag) ? 1 : 0.35}>
              <title>{`${k}: ${totals.get(k)} events`}</title>
              {buckets
                .filter((b) => b.bucket === k)
                .map((b) => {
                  const h = (b.count / max) * (height - 4);
                  y -= h;
                  return (
                    <rect
                      key={b.event_type}
                      x={i * bw + 0.5}
                      y={y}
                      width={Math.max(1, bw - 1)}
                      height={h}
                      fill={TYPE_COLOURS[b.event_type] ?? '#333'}
                    />
                  );
                })}
            </g>
          );
        })}
      </svg>
      <div class="timeline-axis">
        <span>{keys[0] ?? ''}</span>
        {(start || end) && (
          <button type="button" onClick={() => onRange('', '')}>
            All dates
          </button>
        )}
        <span>{keys[keys.length - 1] ?? ''}</span>
      </div>
    </section>
  );
}

export function mountTimeline(container: HTMLElement, props: TimelineProps): void {
  render(<Timeline {...props} />, container);
}

// ---------------------------------------------------------------------------------------------
// Place search, shared by the review and the submission forms

export interface PlaceHit {
  name: string;
  country: string;
  admin1: string;
  latitude: number;
  longitude: number;
  geo_precision: 1 | 2 | 3;
}

function PlaceSearch({ label, onPick }: { label: string; onPick: (p: PlaceHit) => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<PlaceHit[]>([]);
  useEffect(() => {
    if (q.trim().length < 2) {
      setHits([]);
      return;
    }
    const t = setTimeout(() => {
      void fetch(`/api/places?q=${encodeURIComponent(q.trim())}&limit=8`).then(async (r) =>
        setHits(r.ok ? ((await r.json()) as { places: PlaceHit[] }).places : []),
      );
    }, 200);
    return () => clearTimeout(t);
  }, [q]);
  return (
    <div class="place-search">
      <label>
        {label}
        <input type="search" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </label>
      {hits.length > 0 && (
        <ul role="listbox" aria-label="Places found">
          {hits.map((p) => (
            <li key={`${p.name}${p.latitude}`}>
              <button
                type="button"
                onClick={() => {
                  onPick(p);
                  setQ(`${p.name}, ${p.admin1 ? `${p.admin1}, ` : ''}${p.country}`);
                  setHits([]);
                }}
              >
                {p.name}
                {p.admin1 ? `, ${p.admin1}` : ''}, {p.country} (precision {p.geo_precision})
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Review queue

/** An event in the review queue: what the queue shows and corrects. */
type QueueEvent = Pick<
  EventItem,
  | 'id'
  | 'event_date'
  | 'event_type'
  | 'sub_event_type'
  | 'actor1'
  | 'actor2'
  | 'location'
  | 'fatalities'
  | 'notes'
> & { credibility: number; claimCount: number };

function Correction({ e, onDone }: { e: QueueEvent; onDone: (changes: Record<string, unknown>) => void }) {
  const [type, setType] = useState(e.event_type);
  const [sub, setSub] = useState(e.sub_event_type);
  const [actor1, setActor1] = useState(e.actor1);
  const [date, setDate] = useState(e.event_date);
  const [fatalities, setFatalities] = useState(String(e.fatalities));
  const [place, setPlace] = useState<PlaceHit | null>(null);
  return (
    <form
      class="correction"
      aria-label={`Correct event ${e.id}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        const changes: Record<string, unknown> = {};
        if (type !== e.event_type) changes.event_type = type;
        if (sub !== e.sub_event_type || type !== e.event_type) changes.sub_event_type = sub;
        if (actor1 !== e.actor1) changes.actor1 = actor1;
        if (date !== e.event_date) changes.event_date = date;
        if (Number(fatalities) !== e.fatalities) changes.fatalities = Number(fatalities);
        if (place)
          Object.assign(changes, {
            location: place.name,
            admin1: place.admin1,
            country: place.country,
            latitude: place.latitude,
            longitude: place.longitude,
            geo_precision: place.geo_precision,
          });
        onDone(changes);
      }}
    >
      <label>
        Type
        <select
          value={type}
          onChange={(ev) => {
            const t = (ev.target as HTMLSelectElement).value;
            setType(t);
            setSub(SUB_TYPES[t]![0]!);
          }}
        >
          {Object.keys(SUB_TYPES).map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Sub-type
        <select value={sub} onChange={(ev) => setSub((ev.target as HTMLSelectElement).value)}>
          {SUB_TYPES[type]!.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Actor 1
        <input value={actor1} onInput={(ev) => setActor1((ev.target as HTMLInputElement).value)} />
      </label>
      <label>
        Date
        <input type="date" value={date} onInput={(ev) => setDate((ev.target as HTMLInputElement).value)} />
      </label>
      <label>
        Fatalities
        <input
          type="number"
          min="0"
          value={fatalities}
          onInput={(ev) => setFatalities((ev.target as HTMLInputElement).value)}
        />
      </label>
      <PlaceSearch label="Place" onPick={setPlace} />
      <button type="submit">Save correction</button>
    </form>
  );
}

function ReviewQueue({ reviewer, onChanged }: { reviewer: () => string; onChanged: () => void }) {
  const [events, setEvents] = useState<QueueEvent[]>([]);
  const [total, setTotal] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const load = async () => {
    const r = await fetch('/api/events?review_status=pending&limit=50');
    if (!r.ok) return setMessage(await failure(r));
    const page = (await r.json()) as { total: number; events: QueueEvent[] };
    setEvents(page.events);
    setTotal(page.total);
  };
  useEffect(() => {
    void load();
  }, []);
  const review = async (id: string, action: string, changes?: Record<string, unknown>) => {
    const r = await fetch(`/api/events/${encodeURIComponent(id)}/review`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action, by: reviewer(), ...(changes ? { changes } : {}) }),
    });
    if (!r.ok) return setMessage(await failure(r));
    setMessage(
      `${action === 'correct' ? 'Corrected' : action === 'accept' ? 'Accepted' : 'Rejected'} ${id}.`,
    );
    setEditing(null);
    await load();
    onChanged();
  };
  return (
    <section class="review" aria-label="Review queue">
      <p aria-live="polite">
        {total} events to review. {message}
      </p>
      <a href="/api/reviews/export.csv" download>
        Export reviewed events as gold data (CSV)
      </a>
      <ol>
        {events.map((e) => (
          <li key={e.id} data-event={e.id}>
            <strong>
              {e.sub_event_type} — {e.location || 'unplaced'}
            </strong>
            <div class="meta">
              {e.event_date} · {[e.actor1, e.actor2].filter(Boolean).join(' vs ') || 'no actor'} · fatalities{' '}
              {e.fatalities} · {e.claimCount} report(s), credibility {e.credibility}
            </div>
            <p dir="auto" class="notes">
              {e.notes}
            </p>
            <div class="actions">
              <button type="button" onClick={() => void review(e.id, 'accept')}>
                Accept
              </button>
              <button type="button" onClick={() => setEditing(editing === e.id ? null : e.id)}>
                Correct
              </button>
              <button type="button" onClick={() => void review(e.id, 'reject')}>
                Reject
              </button>
            </div>
            {editing === e.id && (
              <Correction
                e={e}
                onDone={(changes) =>
                  Object.keys(changes).length
                    ? void review(e.id, 'correct', changes)
                    : setMessage('Nothing changed: accept it instead.')
                }
              />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function mountReview(container: HTMLElement, reviewer: () => string, onChanged: () => void): void {
  render(<ReviewQueue reviewer={reviewer} onChanged={onChanged} />, container);
}

// ---------------------------------------------------------------------------------------------
// Field reports and uploads

export interface SubmitProps {
  /** Asks the map for the next click; resolves with where it was. */
  pickOnMap: () => Promise<{ latitude: number; longitude: number }>;
  onSubmitted: (eventIds: string[]) => void;
}

function Submit({ pickOnMap, onSubmitted }: SubmitProps) {
  // What the user typed stays in state, so a failed submission loses nothing.
  const [text, setText] = useState('');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [source, setSource] = useState('');
  const [contact, setContact] = useState('');
  const [place, setPlace] = useState<PlaceHit | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const submit = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setStatus('Sending…');
    try {
      const r = await fetch('/api/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          text,
          date,
          ...(source ? { source } : {}),
          ...(contact ? { contact } : {}),
          ...(place
            ? {
                place: {
                  name: place.name,
                  latitude: place.latitude,
                  longitude: place.longitude,
                  geo_precision: place.geo_precision,
                  ...(place.country ? { country: place.country } : {}),
                  ...(place.admin1 ? { admin1: place.admin1 } : {}),
                },
              }
            : {}),
        }),
      });
      if (!r.ok) {
        setStatus(`Not sent: ${await failure(r)}. Your report is kept here; correct it and send again.`);
        return;
      }
      const out = (await r.json()) as { eventIds: string[] };
      setStatus(`Sent: ${out.eventIds.length} event(s) coded, now in the review queue.`);
      setText('');
      setContact('');
      onSubmitted(out.eventIds);
    } catch {
      setStatus('Not sent: the server could not be reached. Your report is kept here.');
    } finally {
      setBusy(false);
    }
  };
  const upload = async (file: File) => {
    const type = file.name.match(/\.html?$/i)
      ? 'text/html'
      : file.name.match(/\.(txt|md)$/i)
        ? 'text/plain'
        : file.type;
    const r = await fetch(
      `/api/uploads?published=${encodeURIComponent(date)}&title=${encodeURIComponent(file.name)}${source ? `&source=${encodeURIComponent(source)}` : ''}`,
      { method: 'POST', headers: { 'content-type': type || 'application/octet-stream' }, body: file },
    );
    if (!r.ok) return setStatus(`Not uploaded: ${await failure(r)}`);
    const out = (await r.json()) as { eventIds: string[]; status: string };
    setStatus(
      `Uploaded ${file.name}: ${out.status === 'duplicate' ? 'already stored' : `${out.eventIds.length} event(s) coded`}.`,
    );
    onSubmitted(out.eventIds);
  };
  return (
    <section class="submit" aria-label="Submit a field report">
      <form onSubmit={(ev) => void submit(ev)}>
        <label>
          Report
          <textarea
            required
            dir="auto"
            rows={6}
            value={text}
            onInput={(ev) => setText((ev.target as HTMLTextAreaElement).value)}
          />
        </label>
        <label>
          Date
          <input
            type="date"
            required
            value={date}
            onInput={(ev) => setDate((ev.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Source
          <input
            value={source}
            placeholder="who reports it"
            onInput={(ev) => setSource((ev.target as HTMLInputElement).value)}
          />
        </label>
        <PlaceSearch label="Place" onPick={setPlace} />
        <button
          type="button"
          aria-pressed={picking}
          onClick={() => {
            setPicking(true);
            setStatus('Click the map where it happened.');
            void pickOnMap().then((p) => {
              setPicking(false);
              setPlace({
                name: `${p.latitude.toFixed(4)}, ${p.longitude.toFixed(4)}`,
                country: '',
                admin1: '',
                ...p,
                geo_precision: 1,
              });
              setStatus('Place picked on the map.');
            });
          }}
        >
          Pick on the map
        </button>
        {place && <p class="picked">Place: {place.name}</p>}
        <label>
          Contact details (kept protected, never shown or exported)
          <input value={contact} onInput={(ev) => setContact((ev.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={busy}>
          Send report
        </button>
      </form>
      <label class="upload">
        Or upload a document (.txt, .html; up to 5 MB)
        <input
          type="file"
          accept=".txt,.md,.html,.htm,text/plain,text/html"
          onChange={(ev) => {
            const f = (ev.target as HTMLInputElement).files?.[0];
            if (f) void upload(f);
          }}
        />
      </label>
      <p role="status" aria-live="polite">
        {status}
      </p>
    </section>
  );
}

export function mountSubmit(container: HTMLElement, props: SubmitProps): void {
  render(<Submit {...props} />, container);
}
