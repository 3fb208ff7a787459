// The filtered record as a table of ACLED's columns: a hundred rows a page, any number of pages,
// sorted by any column (click its head; again to reverse).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ACLED_COLUMNS } from '../../model/index.js';
import { api } from '../api.js';
import { apiQuery, type Filters } from '../state.js';

const PAGE = 100;
const COLUMNS = ['id', ...ACLED_COLUMNS.filter((c) => c !== 'notes'), 'notes', 'reviewStatus'];

export interface TableProps {
  filters: Filters;
  sort: string;
  page: number;
  onOpen: (id: string) => void;
  onPage: (sort: string, page: number) => void;
}

type Row = Record<string, string | number | null>;

/** One page of rows and the total, read again whenever the query changes. */
function useRows(query: string) {
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState<{ n: number; exact: boolean }>({ n: 0, exact: true });
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    api<{ total: number; totalExact: boolean; events: Row[] }>(`/api/events?${query}`).then(
      (r) => {
        if (!live) return;
        setRows(r.events);
        setTotal({ n: r.total, exact: r.totalExact });
        setError('');
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [query]);
  return { rows, total, error };
}

function Pager({
  page,
  pages,
  total,
  onPage,
}: {
  page: number;
  pages: number;
  total: { n: number; exact: boolean };
  onPage: (page: number) => void;
}) {
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page === 0} onClick={() => onPage(page - 1)}>
        ← Previous
      </button>
      <span>
        Page {page + 1} of {pages.toLocaleString('en')}
        {total.exact ? '' : '+'} · rows {(page * PAGE + 1).toLocaleString('en')}-
        {Math.min(total.n, (page + 1) * PAGE).toLocaleString('en')} of {total.n.toLocaleString('en')}
        {total.exact ? '' : '+'}
      </span>
      <button type="button" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>
        Next →
      </button>
    </nav>
  );
}

function Cell({ r, c, onOpen }: { r: Row; c: string; onOpen: (id: string) => void }) {
  return c === 'id' ? (
    <td>
      <button type="button" class="link" onClick={() => onOpen(String(r.id))}>
        {r.id}
      </button>
    </td>
  ) : (
    <td dir="auto" class={c === 'notes' ? 'notes' : ''}>
      {r[c] ?? ''}
    </td>
  );
}

function Table({ filters, sort, page, onOpen, onPage }: TableProps) {
  const query = apiQuery(filters, {
    fields: COLUMNS.join('|'),
    limit: PAGE,
    offset: page * PAGE,
    ...(sort ? { sort } : {}),
  }).toString();
  const { rows, total, error } = useRows(query);
  const pages = Math.max(1, Math.ceil(total.n / PAGE));
  const sortBy = (c: string) => onPage(sort === c ? `-${c}` : c, 0);
  const pager = <Pager page={page} pages={pages} total={total} onPage={(p) => onPage(sort, p)} />;
  return (
    <div class="table-view">
      {error && <p role="alert">{error}</p>}
      {pager}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c}
                  scope="col"
                  aria-sort={sort === c ? 'ascending' : sort === `-${c}` ? 'descending' : 'none'}
                >
                  <button type="button" onClick={() => sortBy(c)}>
                    {c}
                    {sort === c ? ' ▲' : sort === `-${c}` ? ' ▼' : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.id)}>
                {COLUMNS.map((c) => (
                  <Cell key={c} r={r} c={c} onOpen={onOpen} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager}
    </div>
  );
}

export function mountTable(container: HTMLElement, props: TableProps): void {
  render(<Table {...props} />, container);
}
