// An analyst's decision on one event, where the event is shown: accept, reject with a reason, or
// correct any ACLED column; sent with the version seen, so a decision on an event that changed
// meanwhile is refused and the new version shown; the last decision can be undone.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { SUB_TYPES } from '../colours.js';
import { ACLED_COLUMNS } from '../../model/index.js';
import type { AcledValues, EventItem, Review } from '../types.js';
import { PlaceSearch, type PlaceHit } from './place-search.js';

export type Decision = 'accept' | 'correct' | 'reject';

/**
 * Set while a reason box or a correction is opening by a key: until it has the focus, the queue's
 * keys do nothing, so words typed at once never act as shortcuts (an "a" accepting).
 */
export const opening = { until: 0 };

/** The decisions this page made, newest last: what Undo takes back. */
export const decisions: Array<{ reviewId: number; eventId: string; action: Decision }> = [];

/** Sends one decision; resolves with the event as it now is. */
export async function decide(
  e: Pick<EventItem, 'id' | 'version'>,
  action: Decision,
  by: string,
  extra: { note?: string; changes?: Partial<AcledValues> } = {},
): Promise<EventItem> {
  const after = await api<EventItem>(`/api/events/${encodeURIComponent(e.id)}/review`, {
    method: 'POST',
    body: { action, by, version: e.version, ...extra },
  });
  const last = after.reviews?.at(-1);
  if (last) decisions.push({ reviewId: last.id, eventId: e.id, action });
  return after;
}

/** Takes back this page's last decision still standing; resolves with the event as it now is. */
export async function undoLast(by: string): Promise<EventItem | null> {
  const last = decisions.pop();
  if (!last) return null;
  // A refusal (another analyst decided since) leaves it off the stack; its words say who and when.
  return api<EventItem>(`/api/reviews/${last.reviewId}/undo`, { method: 'POST', body: { by } });
}

/** A refusal in words; a changed event names its version now. */
export function refusal(err: unknown): string {
  if (err instanceof ApiError && err.status === 409) {
    const current = err.body.current as (EventItem & Review) | undefined;
    if (current && 'version' in current && current.id)
      return `Not recorded: this event changed while you looked at it (it is at version ${current.version} now, ${current.reviewStatus}). It is shown again as it is; decide on that.`;
    return `Refused: ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

const TEXT_FIELDS: Array<[keyof AcledValues, string]> = [
  ['actor1', 'Actor 1'],
  ['assoc_actor_1', 'Associated with actor 1'],
  ['actor2', 'Actor 2'],
  ['assoc_actor_2', 'Associated with actor 2'],
  ['country', 'Country'],
  ['admin1', 'Admin 1'],
  ['admin2', 'Admin 2'],
  ['location', 'Location'],
  ['source', 'Source'],
];
const NUMBER_FIELDS: Array<[keyof AcledValues, string, number, number]> = [
  ['inter1', 'Inter 1', 0, 8],
  ['inter2', 'Inter 2', 0, 8],
  ['interaction', 'Interaction', 0, 99],
  ['fatalities', 'Fatalities', 0, 1_000_000],
];

type SetField = (k: keyof AcledValues, value: unknown) => void;

/** The correction's type, sub-type, date and time precision. */
function TypeFields({ v, setV, set }: { v: AcledValues; setV: (v: AcledValues) => void; set: SetField }) {
  return (
    <>
      <label>
        Type
        <select
          value={v.event_type}
          onChange={(ev) => {
            const t = (ev.target as HTMLSelectElement).value;
            setV({ ...v, event_type: t, sub_event_type: SUB_TYPES[t]![0]! });
          }}
        >
          {Object.keys(SUB_TYPES).map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Sub-type
        <select
          value={v.sub_event_type}
          onChange={(ev) => set('sub_event_type', (ev.target as HTMLSelectElement).value)}
        >
          {(SUB_TYPES[v.event_type] ?? []).map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </label>
      <label>
        Date
        <input
          type="date"
          value={v.event_date}
          onInput={(ev) => set('event_date', (ev.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Time precision
        <select
          value={String(v.time_precision)}
          onChange={(ev) => set('time_precision', Number((ev.target as HTMLSelectElement).value))}
        >
          <option value="1">1: that day</option>
          <option value="2">2: within a week</option>
          <option value="3">3: within a month</option>
        </select>
      </label>
    </>
  );
}

/** The correction's geo precision and coordinates. */
function PlaceFields({ v, set }: { v: AcledValues; set: SetField }) {
  return (
    <>
      <label>
        Geo precision
        <select
          value={String(v.geo_precision ?? 3)}
          onChange={(ev) => set('geo_precision', Number((ev.target as HTMLSelectElement).value))}
        >
          <option value="1">1: the town</option>
          <option value="2">2: near it, or part of a region</option>
          <option value="3">3: a larger region</option>
        </select>
      </label>
      <label>
        Latitude
        <input
          type="number"
          step="any"
          min={-90}
          max={90}
          value={String(v.latitude ?? '')}
          onInput={(ev) => set('latitude', Number((ev.target as HTMLInputElement).value))}
        />
      </label>
      <label>
        Longitude
        <input
          type="number"
          step="any"
          min={-180}
          max={180}
          value={String(v.longitude ?? '')}
          onInput={(ev) => set('longitude', Number((ev.target as HTMLInputElement).value))}
        />
      </label>
    </>
  );
}

/** Every ACLED column of an event, editable; only what changed is sent. */
export function Correction({
  e,
  onDone,
}: {
  e: EventItem;
  onDone: (changes: Partial<AcledValues>, note: string) => void;
}) {
  const [v, setV] = useState<AcledValues>({ ...e });
  const [note, setNote] = useState('');
  const set = (k: keyof AcledValues, value: unknown) => setV({ ...v, [k]: value });
  const pick = (p: PlaceHit) =>
    setV({
      ...v,
      location: p.name,
      admin1: p.admin1,
      country: p.country,
      latitude: p.latitude,
      longitude: p.longitude,
      geo_precision: p.geo_precision,
    });
  return (
    <form
      class="correction"
      aria-label={`Correct event ${e.id}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        const changes: Record<string, unknown> = {};
        for (const k of ACLED_COLUMNS) if (v[k] !== e[k]) changes[k] = v[k];
        // A new type's sub-type is sent with it.
        if (changes.event_type) changes.sub_event_type = v.sub_event_type;
        onDone(changes as Partial<AcledValues>, note);
      }}
    >
      <TypeFields v={v} setV={setV} set={set} />
      {TEXT_FIELDS.map(([k, label]) => (
        <label key={k}>
          {label}
          <input value={String(v[k] ?? '')} onInput={(ev) => set(k, (ev.target as HTMLInputElement).value)} />
        </label>
      ))}
      {NUMBER_FIELDS.map(([k, label, min, max]) => (
        <label key={k}>
          {label}
          <input
            type="number"
            min={min}
            max={max}
            value={String(v[k] ?? 0)}
            onInput={(ev) => set(k, Number((ev.target as HTMLInputElement).value))}
          />
        </label>
      ))}
      <PlaceFields v={v} set={set} />
      <PlaceSearch label="Find the place" onPick={pick} />
      <label class="wide">
        Notes
        <textarea
          dir="auto"
          rows={3}
          value={v.notes}
          onInput={(ev) => set('notes', (ev.target as HTMLTextAreaElement).value)}
        />
      </label>
      <label class="wide">
        Why (the source of the correction)
        <input value={note} onInput={(ev) => setNote((ev.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Save correction</button>
    </form>
  );
}

function RejectForm({
  reason,
  busy,
  onReason,
  onReject,
}: {
  reason: string;
  busy: boolean;
  onReason: (reason: string) => void;
  onReject: () => void;
}) {
  return (
    <form
      class="reject"
      onSubmit={(ev) => {
        ev.preventDefault();
        onReject();
      }}
    >
      <label>
        Reason for rejecting
        <input
          required
          value={reason}
          placeholder="not an event; a duplicate of …"
          onInput={(ev) => onReason((ev.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={busy || !reason.trim()}>
        Reject with this reason
      </button>
    </form>
  );
}

/** Accept, correct or reject (with a reason) an event where it is shown. */
export function DecisionBar({
  e,
  reviewer,
  onDecided,
}: {
  e: EventItem;
  reviewer: () => string;
  /** The event as it is after the decision (or after a refusal, as it now is). */
  onDecided: (after: EventItem | null, message: string) => void;
}) {
  const [mode, setMode] = useState<'' | 'reject' | 'correct'>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  // The reason box, or the correction's first field, takes the focus as it opens.
  useEffect(() => {
    if (mode)
      box.current
        ?.querySelector<HTMLElement>(mode === 'reject' ? '.reject input' : '.correction select')
        ?.focus();
  }, [mode]);
  const send = async (action: Decision, extra: { note?: string; changes?: Partial<AcledValues> } = {}) => {
    const by = reviewer();
    if (!by)
      return onDecided(null, 'Give your name in the Analyst box first: every decision is recorded under it.');
    setBusy(true);
    try {
      const after = await decide(e, action, by, extra);
      setMode('');
      onDecided(
        after,
        `${action === 'accept' ? 'Accepted' : action === 'reject' ? 'Rejected' : 'Corrected'} ${e.id}.`,
      );
    } catch (err) {
      const current = err instanceof ApiError ? (err.body.current as EventItem | undefined) : undefined;
      onDecided(current && 'version' in current ? current : null, refusal(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="decide" ref={box}>
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void send('accept')}>
          Accept
        </button>
        <button
          type="button"
          aria-expanded={mode === 'correct'}
          onClick={() => setMode(mode === 'correct' ? '' : 'correct')}
        >
          Correct
        </button>
        <button
          type="button"
          aria-expanded={mode === 'reject'}
          onClick={() => setMode(mode === 'reject' ? '' : 'reject')}
        >
          Reject
        </button>
      </div>
      {mode === 'reject' && (
        <RejectForm
          reason={reason}
          busy={busy}
          onReason={setReason}
          onReject={() => void send('reject', { note: reason.trim() })}
        />
      )}
      {mode === 'correct' && (
        <Correction
          e={e}
          onDone={(changes, note) =>
            Object.keys(changes).length
              ? void send('correct', { changes, ...(note.trim() ? { note: note.trim() } : {}) })
              : onDecided(null, 'Nothing changed: accept it instead.')
          }
        />
      )}
    </div>
  );
}
