// One event beside the map (a drawer on a phone): its ACLED fields, each showing the words it rests
// on in the reports when hovered or focused, who said it and through whom, contested values,
// history and review decisions, and the analyst's decision in place.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { interactionName, TYPE_COLOURS } from '../colours.js';
import type { EventMap } from '../map.js';
import type { EventItem } from '../types.js';
import { DecisionBar, undoLast, decisions, refusal } from './decide.js';
import { Report, type Doc } from './reports.js';

/** Counts a report may give besides deaths: the details' key, the evidence's field, a label. */
const COUNTS = [
  ['injured', 'injured', 'Injured'],
  ['peopleMoved', 'people_moved', 'People moved'],
  ['vehicles', 'vehicles', 'Vehicles'],
] as const;

export interface PanelProps {
  id: string;
  reviewer: () => string;
  map: EventMap;
  onClose: () => void;
  onReviewed: () => void;
  onOpen: (id: string) => void;
}

/** The event, its reports and the sources' grades, read again whenever `id` changes. */
function useEvent(id: string, map: EventMap) {
  const [e, setE] = useState<EventItem | null>(null);
  const [docs, setDocs] = useState<Doc[]>([]);
  const [grades, setGrades] = useState<Map<string, string>>(new Map());
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState('');
  const show = async (fly: boolean) => {
    const ev = await api<EventItem>(`/api/events/${encodeURIComponent(id)}`).catch((err: Error) => {
      setMissing(err.message);
      return null;
    });
    if (!ev) return;
    setE(ev);
    if (fly && ev.latitude !== null && ev.longitude !== null)
      map.map.flyTo({
        center: [ev.longitude, ev.latitude],
        zoom: Math.max(map.map.getZoom(), 7),
        // Beside the panel on a wide screen, above the drawer on a phone.
        padding: matchMedia('(max-width: 700px)').matches
          ? { bottom: Math.round(innerHeight * 0.6), top: 0, left: 0, right: 0 }
          : { left: 440, top: 0, bottom: 0, right: 0 },
      });
    const read = await Promise.all(
      ev.docIds.map((d) => api<Doc>(`/api/documents/${encodeURIComponent(d)}`).catch(() => null)),
    );
    setDocs(read.filter((d): d is Doc => d !== null));
  };
  useEffect(() => {
    setE(null);
    setDocs([]);
    setMessage('');
    setMissing('');
    void show(true);
    void api<{ sources: Array<{ name: string; reliability: string }> }>('/api/sources').then(
      (r) => setGrades(new Map(r.sources.map((s) => [s.name, s.reliability]))),
      () => undefined,
    );
  }, [id]);
  return { e, setE, docs, grades, message, setMessage, missing, show };
}

/** The field whose words are lit, and how it was reached. */
function useLit() {
  const [lit, setLit] = useState('');
  // A field reached by keyboard brings its first words into view (under a pointer, scrolling would
  // move the field away from it).
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (lit && focused) document.querySelector('#event-panel mark.lit')?.scrollIntoView({ block: 'nearest' });
  }, [lit, focused]);
  const light = (field: string, byKeyboard: boolean) => {
    setFocused(byKeyboard);
    setLit(field);
  };
  return { lit, light, unlight: () => setLit('') };
}

type Lighting = ReturnType<typeof useLit>;

function Field({
  field,
  label,
  value,
  extra,
  lighting: { lit, light, unlight },
}: {
  field: string;
  label: string;
  value: string;
  extra?: preact.ComponentChildren;
  lighting: Lighting;
}) {
  return (
    <div
      class={`field${lit === field ? ' lit' : ''}`}
      tabIndex={0}
      data-field={field}
      onMouseEnter={() => light(field, false)}
      onMouseLeave={unlight}
      onFocus={() => light(field, true)}
      onBlur={unlight}
    >
      <dt>{label}</dt>
      <dd dir="auto">
        {value || '—'}
        {extra}
      </dd>
    </div>
  );
}

function Fields({ e, lighting }: { e: EventItem; lighting: Lighting }) {
  const row = (field: string, label: string, value: string, extra?: preact.ComponentChildren) => (
    <Field field={field} label={label} value={value} extra={extra} lighting={lighting} />
  );
  return (
    <dl class="fields">
      {row('event_type', 'Type', `${e.event_type} / ${e.sub_event_type}`)}
      {row('event_date', 'Date', `${e.event_date} (time precision ${e.time_precision})`)}
      {row('actor1', 'Actor 1', [e.actor1, e.assoc_actor_1].filter(Boolean).join('; with '))}
      {row('actor2', 'Actor 2', [e.actor2, e.assoc_actor_2].filter(Boolean).join('; with '))}
      {row(
        'interaction',
        'Interaction',
        e.interaction ? `${e.interaction}: ${interactionName(e.interaction)}` : '',
      )}
      {row(
        'location',
        'Where',
        `${[e.location, e.admin2, e.admin1, e.country].filter(Boolean).join(', ')} (precision ${e.geo_precision ?? '-'})`,
        e.location_ar && (
          <>
            {' · '}
            <span class="name-ar" dir="rtl" lang="ar">
              {e.location_ar}
            </span>
          </>
        ),
      )}
      {row(
        'fatalities',
        'Fatalities',
        `${e.fatalities}${e.fatalitiesRange && e.fatalitiesRange[0] !== e.fatalitiesRange[1] ? ` (reports give ${e.fatalitiesRange[0]}-${e.fatalitiesRange[1]})` : ''}`,
      )}
      {COUNTS.filter(([k]) => e.details?.counts?.[k]).map(([k, field, label]) => {
        const c = e.details!.counts![k]!;
        return row(field, label, c.low === c.high ? String(c.low) : `${c.low}-${c.high} (best ${c.best})`);
      })}
      {row('source', 'Source', e.source)}
      {row('notes', 'Notes', e.notes)}
    </dl>
  );
}

function PanelHead({ id, onClose }: { id: string; onClose: () => void }) {
  return (
    <div class="panel-head">
      <button type="button" class="close" onClick={onClose} aria-label="Close the event">
        ← Back
      </button>
      <a href={`?event=${encodeURIComponent(id)}`} class="share">
        Link to this event
      </a>
    </div>
  );
}

function Claims({ e, grades }: { e: EventItem; grades: Map<string, string> }) {
  const chain = (a: { source: string; via: string[] }) => [a.source, ...a.via].join(' → ');
  return (
    <ul class="claims">
      {(e.claims ?? []).map((c) => (
        <li key={c.id}>
          {c.root} (grade {grades.get(c.root) ?? 'F'}): {c.event_date}, {c.location || 'unplaced'}, fatalities{' '}
          {c.fatalities}
          {c.attribution.length > 0 && <span class="chain"> — {c.attribution.map(chain).join('; ')}</span>}
          {c.source && c.source !== c.root && <span class="extracted"> (the text cites {c.source})</span>}
        </li>
      ))}
    </ul>
  );
}

function Reviews({ e }: { e: EventItem }) {
  if (!((e.reviews ?? []).length > 0)) return null;
  return (
    <>
      <h3>Decisions</h3>
      <ol class="reviews">
        {e.reviews!.map((r) => (
          <li key={r.id} class={r.undone ? 'undone' : ''}>
            {r.at.slice(0, 16).replace('T', ' ')} {r.action} by {r.by}
            {r.note ? `: ${r.note}` : ''}
            {r.undone ? ` (undone by ${r.undone.by})` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}

function History({ e }: { e: EventItem }) {
  if (!((e.history ?? []).length > 0)) return null;
  return (
    <>
      <h3>History</h3>
      <ol class="history">
        {e.history!.map((x) => (
          <li key={`${x.version}${x.at}`}>
            v{x.version} {x.at.slice(0, 16).replace('T', ' ')} {x.action}
            {x.by ? ` by ${x.by}` : ''}
            {Object.keys(x.changes).length ? `: ${Object.keys(x.changes).join(', ')}` : ''}
          </li>
        ))}
      </ol>
    </>
  );
}

function UndoButton({
  reviewer,
  onUndone,
  onRefused,
}: {
  reviewer: () => string;
  onUndone: (after: EventItem | null) => void;
  onRefused: (words: string) => void;
}) {
  return (
    <button
      type="button"
      onClick={() => void undoLast(reviewer()).then(onUndone, (err: unknown) => onRefused(refusal(err)))}
    >
      Undo my last decision
    </button>
  );
}

function Panel({ id, reviewer, map, onClose, onReviewed }: PanelProps) {
  const { e, setE, docs, grades, message, setMessage, missing, show } = useEvent(id, map);
  const lighting = useLit();
  const head = <PanelHead id={id} onClose={onClose} />;
  if (missing)
    return (
      <div class="panel">
        {head}
        <p>{missing}</p>
      </div>
    );
  if (!e)
    return (
      <div class="panel">
        {head}
        <p>Loading {id}…</p>
      </div>
    );
  return (
    <div class="panel" data-event={e.id}>
      {head}
      <h2>
        <span class="type" style={{ background: TYPE_COLOURS[e.event_type] ?? '#333' }} />
        {e.event_type}: {e.sub_event_type}
      </h2>
      <p class="record">
        {e.claimCount ?? 1} report(s) from {e.voices?.length ?? 1} independent voice(s); credibility{' '}
        {e.credibility ?? 6} of 6 (1 confirmed, 6 cannot be judged); review: {e.reviewStatus}; version{' '}
        {e.version}.
      </p>
      <p class="hint">
        Point at a field (or tab to it) to see the words it rests on, marked in the reports below.
      </p>
      <Fields e={e} lighting={lighting} />
      <h3>Who says it</h3>
      <Claims e={e} grades={grades} />
      {Object.entries(e.contested ?? {}).map(([field, values]) => (
        <p class="contested" key={field}>
          Contested {field}: {values.map((v) => `${String(v.value)} (${v.sources.join(', ')})`).join(' vs ')}
        </p>
      ))}
      <h3>Decide</h3>
      <DecisionBar
        e={e}
        reviewer={reviewer}
        onDecided={(after, words) => {
          setMessage(words);
          if (after) setE({ ...e, ...after });
          else void show(false);
          onReviewed();
        }}
      />
      {decisions.some((d) => d.eventId === e.id) && (
        <UndoButton
          reviewer={reviewer}
          onUndone={(after) => {
            setMessage('Undone.');
            if (after) setE(after);
            onReviewed();
          }}
          onRefused={setMessage}
        />
      )}
      <p class="message" role="status">
        {message}
      </p>
      <Reviews e={e} />
      <History e={e} />
      <h3>Reports</h3>
      {docs.map((d) => (
        <Report key={d.id} d={d} e={e} lit={lighting.lit} />
      ))}
    </div>
  );
}

export function mountEventPanel(container: HTMLElement, props: PanelProps): void {
  container.hidden = false;
  document.body.dataset.panel = 'open';
  render(<Panel {...props} />, container);
  container.querySelector<HTMLElement>('.close')?.focus({ preventScroll: true });
}

export function closeEventPanel(container: HTMLElement): void {
  render(null, container);
  container.hidden = true;
  delete document.body.dataset.panel;
}
