// The list of filtered events beside the map, newest first, a hundred at a time; an empty record
// says how to fill it.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { TYPE_COLOURS } from '../colours.js';
import { apiQuery, type Filters } from '../state.js';

interface Item {
  id: string;
  event_date: string;
  event_type: string;
  sub_event_type: string;
  location: string;
  location_ar?: string;
  actor1: string;
  actor2: string;
  source: string;
  fatalities: number;
  reviewStatus: string;
}
const FIELDS =
  'event_date|event_type|sub_event_type|location|location_ar|actor1|actor2|source|fatalities|reviewStatus';
const PAGE = 100;

export interface ListProps {
  filters: Filters;
  onOpen: (id: string) => void;
  selected: string | null;
  refresh?: number;
}

/** What to do when the record holds nothing yet. */
export function EmptyRecord() {
  return (
    <div class="empty-state">
      <h2>The record is empty</h2>
      <p>Fill it with reports or a coded dataset:</p>
      <ul>
        <li>
          <code>observatory ingest reports/ --db observatory.db</code> for files of reports (text, HTML, JSON
          Lines);
        </li>
        <li>
          <code>observatory import --format acled export.csv</code> for ACLED or UCDP CSV files;
        </li>
        <li>
          <code>observatory watch https://example.org/feed.xml</code> to follow a feed;
        </li>
        <li>the Submit tab here, for a field report or a document upload.</li>
      </ul>
      <p>
        Or script it: <a href="/api/docs">the API</a> takes documents at <code>POST /api/documents</code>.
      </p>
    </div>
  );
}

function List({ filters, onOpen, selected, refresh }: ListProps) {
  const [items, setItems] = useState<Item[]>([]);
  const [total, setTotal] = useState<{ n: number; exact: boolean } | null>(null);
  const [error, setError] = useState('');
  const query = apiQuery(filters).toString();
  const more = async (offset: number) => {
    const page = await api<{ total: number; totalExact: boolean; events: Item[] }>(
      `/api/events?${query}${query ? '&' : ''}limit=${PAGE}&offset=${offset}&fields=${FIELDS}`,
    );
    return page;
  };
  useEffect(() => {
    let live = true;
    more(0).then(
      (page) => {
        if (!live) return;
        setItems(page.events);
        setTotal({ n: page.total, exact: page.totalExact });
        setError('');
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [query, refresh]);
  const empty = total?.n === 0 && query === '' && document.body.dataset.record === 'empty';
  if (empty) return <EmptyRecord />;
  return (
    <div class="event-list">
      <p id="count" aria-live="polite">
        {error ||
          (total &&
            `${total.n.toLocaleString('en')}${total.exact ? '' : '+'} events${total.n > items.length ? ` (showing ${items.length})` : ''}`)}
      </p>
      {total?.n === 0 && !error && (
        <p class="none">No events match these filters. Clear some, or widen the dates.</p>
      )}
      <ol id="events">
        {items.map((e) => (
          <li key={e.id} class={e.id === selected ? 'selected' : ''} data-event={e.id}>
            <button type="button" onClick={() => onOpen(e.id)}>
              <span class="type" style={{ background: TYPE_COLOURS[e.event_type] ?? '#333' }} />
              <strong>
                {e.sub_event_type} — {e.location || 'unplaced'}
                {e.location_ar && (
                  <>
                    {' · '}
                    <span class="name-ar" dir="rtl" lang="ar">
                      {e.location_ar}
                    </span>
                  </>
                )}
              </strong>
              <div class="meta">
                {e.event_date} · {[e.actor1, e.actor2].filter(Boolean).join(' vs ') || 'no actor'} ·{' '}
                {e.source}
                {e.fatalities ? ` · ${e.fatalities} killed` : ''}
                {e.reviewStatus !== 'pending' && (
                  <span class={`status status-${e.reviewStatus}`}> {e.reviewStatus}</span>
                )}
              </div>
            </button>
          </li>
        ))}
      </ol>
      {total && total.n > items.length && (
        <button
          type="button"
          class="more"
          onClick={() => void more(items.length).then((page) => setItems([...items, ...page.events]))}
        >
          Show {Math.min(PAGE, total.n - items.length)} more
        </button>
      )}
    </div>
  );
}

export function mountList(container: HTMLElement, props: ListProps): void {
  render(<List {...props} />, container);
}
