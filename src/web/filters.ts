// The filter bar: read from and written to the form, the type's sub-types offered, and places and
// interactions offered from the record's own values with how many events each has.
import { api } from './api.js';
import { interactionName, SUB_TYPES } from './colours.js';
import { apiQuery, FILTER_KEYS, type FilterKey, type Filters } from './state.js';

const field = (form: HTMLFormElement, k: string) =>
  form.elements.namedItem(k) as HTMLInputElement | HTMLSelectElement | null;

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

/** Fills the select's options, keeping its first ("all") and the value chosen even if absent. */
function offer(select: HTMLSelectElement, values: Array<[value: string, text: string]>): void {
  const chosen = select.value || select.dataset.wanted || '';
  const first = select.options[0]!;
  const list =
    values.some(([v]) => v === chosen) || !chosen
      ? values
      : [[chosen, chosen] as [string, string], ...values];
  select.replaceChildren(first, ...list.map(([v, t]) => option(v, t)));
  select.value = chosen;
}

function offerSubTypes(form: HTMLFormElement): void {
  const type = field(form, 'event_type')!.value;
  const subs = type ? (SUB_TYPES[type] ?? []) : Object.values(SUB_TYPES).flat();
  offer(
    field(form, 'sub_event_type') as HTMLSelectElement,
    [...subs].map((s) => [s, s]),
  );
}

export function setupFilterForm(form: HTMLFormElement): void {
  offer(
    field(form, 'event_type') as HTMLSelectElement,
    Object.keys(SUB_TYPES).map((t) => [t, t]),
  );
  offerSubTypes(form);
  field(form, 'event_type')!.addEventListener('change', () => offerSubTypes(form));
  // A place below a chosen one is chosen again once its parent changes.
  field(form, 'country')!.addEventListener('change', () => {
    field(form, 'admin1')!.value = '';
    field(form, 'admin2')!.value = '';
  });
  field(form, 'admin1')!.addEventListener('change', () => (field(form, 'admin2')!.value = ''));
}

export function readForm(form: HTMLFormElement): Filters {
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = field(form, k)?.value.trim();
    if (v) f[k] = v;
  }
  return f;
}

export function writeForm(form: HTMLFormElement, filters: Filters): void {
  field(form, 'event_type')!.value = filters.event_type ?? '';
  offerSubTypes(form);
  for (const k of FILTER_KEYS) {
    const input = field(form, k);
    if (!input) continue;
    // A place or an interaction not yet offered waits in the select for its options.
    if (
      input instanceof HTMLSelectElement &&
      filters[k] &&
      ![...input.options].some((o) => o.value === filters[k])
    )
      input.append(option(filters[k]!, filters[k]!));
    input.value = filters[k] ?? '';
    if (input instanceof HTMLSelectElement) input.dataset.wanted = filters[k] ?? '';
  }
}

/** The filters whose choices come from the record itself. */
export const FACETS: FilterKey[] = ['country', 'admin1', 'admin2', 'interaction'];
const asked = new Map<string, string>();

/**
 * Offers the places or interactions the filtered record has (under the other filters), with
 * counts; asked when the select is first used after a change of filters, since counting a large
 * record's values is work the map should not wait behind.
 */
export async function fillFacet(form: HTMLFormElement, k: FilterKey, filters: Filters): Promise<void> {
  const others: Filters = { ...filters };
  delete others[k];
  // Divisions are offered within the country (and first-level division) chosen.
  if (k === 'country') {
    delete others.admin1;
    delete others.admin2;
  }
  if (k === 'admin1') delete others.admin2;
  const query = apiQuery(others, { field: k, limit: 300 }).toString();
  if (asked.get(k) === query) return;
  asked.set(k, query);
  const r = await api<{ values: Array<{ value: string | number; count: number }> }>(
    `/api/events/facets?${query}`,
  ).catch(() => null);
  if (!r) return (asked.delete(k), undefined);
  offer(
    field(form, k) as HTMLSelectElement,
    r.values.map(({ value, count }) => [
      String(value),
      `${k === 'interaction' ? `${value}: ${interactionName(Number(value))}` : String(value)} (${count.toLocaleString('en')})`,
    ]),
  );
  (field(form, k) as HTMLSelectElement).dataset.offered = 'true';
}
