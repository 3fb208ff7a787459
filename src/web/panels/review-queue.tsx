// The review queue: the events still to review under the filters, least confident, newest or most
// reported first, each with its evidence and a small map; decided by buttons or keys, a selection
// accepted at once, the last decisions undone.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { apiQuery, type Filters } from '../state.js';
import type { EventItem } from '../types.js';
import { DecisionBar, decide, decisions, opening, refusal, undoLast } from './decide.js';
import { MiniMap } from './minimap.js';

const ORDERS = {
  confidence: 'least confident first',
  '-event_date': 'newest first',
  '-claimCount': 'most reported first',
} as const;
type Order = keyof typeof ORDERS;
const PAGE = 50;

export interface QueueProps {
  filters: Filters;
  reviewer: () => string;
  onChanged: () => void;
  onOpen: (id: string) => void;
}

function Item({
  e,
  active,
  selected,
  reviewer,
  onSelect,
  onDecided,
  onOpen,
}: {
  e: EventItem;
  active: boolean;
  selected: boolean;
  reviewer: () => string;
  onSelect: (on: boolean) => void;
  onDecided: (after: EventItem | null, message: string) => void;
  onOpen: () => void;
}) {
  const words = [...new Set(e.evidence.map((s) => s.text))].slice(0, 6);
  return (
    <li tabIndex={-1} data-event={e.id} class={active ? 'active' : ''} aria-current={active}>
      <div class="item-head">
        <label class="pick">
          <input
            type="checkbox"
            checked={selected}
            onChange={(ev) => onSelect((ev.target as HTMLInputElement).checked)}
          />
          <span class="visually-hidden">Select {e.id}</span>
        </label>
        <strong>
          {e.sub_event_type} — {e.location || 'unplaced'}
        </strong>
      </div>
      <div class="item-body">
        {e.latitude !== null && e.longitude !== null && (
          <MiniMap latitude={e.latitude} longitude={e.longitude} precision={e.geo_precision ?? 1} />
        )}
        <div>
          <div class="meta">
            {e.event_date} · {[e.actor1, e.actor2].filter(Boolean).join(' vs ') || 'no actor'} · fatalities{' '}
            {e.fatalities} · {e.claimCount} report(s), credibility {e.credibility}, confidence {e.confidence}
          </div>
          <p class="evidence" dir="auto">
            {words.length ? words.map((w, i) => <mark key={i}>{w}</mark>) : e.notes}
          </p>
          <button type="button" class="link" onClick={onOpen}>
            Open with its reports
          </button>
        </div>
      </div>
      <DecisionBar e={e} reviewer={reviewer} onDecided={onDecided} />
    </li>
  );
}

/** The queue's page of events under the filters, in the order chosen, and where the keys are. */
function useQueue(filters: Filters) {
  const [order, setOrder] = useState<Order>(
    (localStorage.getItem('observatory.queue') as Order) || 'confidence',
  );
  const [events, setEvents] = useState<EventItem[]>([]);
  const [total, setTotal] = useState(0);
  const [at, setAt] = useState(0);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState('');
  const [tick, setTick] = useState(0);
  // The current item takes the focus when the keys move to it (never when the queue opens or reloads).
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    document.querySelector<HTMLElement>(`.review li[data-event="${events[at]?.id ?? ''}"]`)?.focus();
  }, [at]);
  // The queue is the filtered record's events still to review.
  const query = apiQuery({ ...filters, review_status: 'pending' }, { sort: order, limit: PAGE }).toString();
  useEffect(() => {
    let live = true;
    api<{ total: number; events: EventItem[] }>(`/api/events?${query}`).then(
      (page) => {
        if (!live) return;
        setEvents(page.events);
        setTotal(page.total);
        setAt((i) => Math.min(i, Math.max(0, page.events.length - 1)));
        setChosen(new Set());
      },
      (err: Error) => live && setMessage(err.message),
    );
    return () => {
      live = false;
    };
  }, [query, tick]);
  return {
    order,
    setOrder,
    events,
    total,
    at,
    setAt,
    chosen,
    setChosen,
    message,
    setMessage,
    tick,
    setTick,
    moved,
  };
}

type QueueState = ReturnType<typeof useQueue>;

/** A decision taken, the selection accepted, the last decision undone: each reloads the queue. */
function queueActions(q: QueueState, reviewer: () => string, onChanged: () => void) {
  const { events, chosen, tick, setTick, setMessage } = q;
  const decided = (after: EventItem | null, words: string) => {
    setMessage(words);
    if (after) {
      setTick(tick + 1);
      onChanged();
    }
  };
  const acceptChosen = async () => {
    const by = reviewer();
    if (!by)
      return setMessage('Give your name in the Analyst box first: every decision is recorded under it.');
    const picked = events.filter((e) => chosen.has(e.id));
    if (!picked.length) return setMessage('Select events first (x, or their boxes).');
    let ok = 0;
    const failed: string[] = [];
    for (const e of picked)
      await decide(e, 'accept', by).then(
        () => ok++,
        (err: unknown) => failed.push(`${e.id}: ${refusal(err)}`),
      );
    setMessage(`Accepted ${ok} of ${picked.length}.${failed.length ? ` ${failed.join(' ')}` : ''}`);
    setTick(tick + 1);
    onChanged();
  };
  const undo = async () => {
    try {
      const after = await undoLast(reviewer());
      setMessage(after ? `Undone: ${after.id} is ${after.reviewStatus} again.` : 'Nothing to undo.');
      setTick(tick + 1);
      onChanged();
    } catch (err) {
      setMessage(`Not undone: ${refusal(err)}`);
    }
  };
  return { decided, acceptChosen, undo };
}

/** The queue's keys, as listed in its head. */
function queueKeys(
  q: QueueState,
  { decided, acceptChosen, undo }: ReturnType<typeof queueActions>,
  reviewer: () => string,
  onOpen: (id: string) => void,
) {
  const { events, at, setAt, chosen, setChosen, setMessage, moved } = q;
  const current = events[at];
  return (ev: KeyboardEvent) => {
    const target = ev.target as HTMLElement;
    // Keys are the queue's except while typing (a selection box is not typing).
    const typing =
      /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
      (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox');
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (Date.now() < opening.until) return ev.preventDefault();
    const key = ev.key;
    if (key === 'j' || key === 'ArrowDown') {
      moved.current = true;
      setAt(Math.min(events.length - 1, at + 1));
    } else if (key === 'k' || key === 'ArrowUp') {
      moved.current = true;
      setAt(Math.max(0, at - 1));
    } else if (key === 'a' && current)
      void decide(current, 'accept', reviewer()).then(
        () => decided(current, `Accepted ${current.id}.`),
        (err: unknown) => setMessage(reviewer() ? refusal(err) : 'Give your name in the Analyst box first.'),
      );
    else if (key === 'A') void acceptChosen();
    else if (key === 'x' && current) {
      const next = new Set(chosen);
      if (next.has(current.id)) next.delete(current.id);
      else next.add(current.id);
      setChosen(next);
    } else if ((key === 'r' || key === 'c') && current) {
      // Opens the reason box or the correction form of the current item.
      opening.until = Date.now() + 2000;
      const li = document.querySelector<HTMLElement>(`.review li[data-event="${current.id}"]`);
      li?.querySelectorAll<HTMLButtonElement>('.actions button')[key === 'r' ? 2 : 1]?.click();
    } else if (key === 'u') void undo();
    else if (key === 'o' && current) onOpen(current.id);
    else return;
    ev.preventDefault();
  };
}

function QueueHead({
  total,
  order,
  onOrder,
  chosen,
  onAccept,
  onUndo,
}: {
  total: number;
  order: Order;
  onOrder: (order: Order) => void;
  chosen: number;
  onAccept: () => void;
  onUndo: () => void;
}) {
  return (
    <div class="queue-head">
      <p aria-live="polite">
        <strong>{total.toLocaleString('en')}</strong> to review under the filters.
      </p>
      <label>
        Order
        <select
          value={order}
          onChange={(ev) => {
            const v = (ev.target as HTMLSelectElement).value as Order;
            localStorage.setItem('observatory.queue', v);
            onOrder(v);
          }}
        >
          {Object.entries(ORDERS).map(([v, t]) => (
            <option key={v} value={v}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={onAccept} disabled={chosen === 0}>
        Accept {chosen || ''} selected
      </button>
      <button type="button" onClick={onUndo} disabled={decisions.length === 0}>
        Undo last
      </button>
    </div>
  );
}

function Queue({ filters, reviewer, onChanged, onOpen }: QueueProps) {
  const q = useQueue(filters);
  const { events, at, chosen, setChosen } = q;
  const actions = queueActions(q, reviewer, onChanged);
  return (
    <section class="review" aria-label="Review queue" onKeyDown={queueKeys(q, actions, reviewer, onOpen)}>
      <QueueHead
        total={q.total}
        order={q.order}
        onOrder={q.setOrder}
        chosen={chosen.size}
        onAccept={() => void actions.acceptChosen()}
        onUndo={() => void actions.undo()}
      />
      <p class="keys">
        Keys: j/k or ↓/↑ next and previous · a accept · r reject with a reason · c correct · x select · A
        accept the selected · u undo · o open
      </p>
      <p class="message" role="status">
        {q.message}
      </p>
      <a href="/api/reviews/export.csv" download>
        Export reviewed events as gold data (CSV)
      </a>
      <ol>
        {events.map((e, i) => (
          <Item
            key={`${e.id}:${e.version}`}
            e={e}
            active={i === at}
            selected={chosen.has(e.id)}
            reviewer={reviewer}
            onSelect={(on) => {
              const next = new Set(chosen);
              if (on) next.add(e.id);
              else next.delete(e.id);
              setChosen(next);
            }}
            onDecided={actions.decided}
            onOpen={() => onOpen(e.id)}
          />
        ))}
      </ol>
    </section>
  );
}

export function mountReview(container: HTMLElement, props: QueueProps): void {
  render(<Queue {...props} />, container);
}
