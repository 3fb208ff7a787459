// The map's legend: what each colour, disc, dashed area and line stands for, folded to one button
// on a small screen.
import { TYPE_COLOURS } from './colours.js';

/** A mark styled through the DOM (a policy against inline styles in markup still allows this). */
function mark(className: string, style: Partial<CSSStyleDeclaration> = {}, text = ''): HTMLElement {
  const span = document.createElement('span');
  span.className = className;
  Object.assign(span.style, style);
  span.textContent = text;
  return span;
}

export function mountLegend(container: HTMLElement): void {
  const details = document.createElement('details');
  details.className = 'legend';
  details.open = !matchMedia('(max-width: 700px)').matches;
  const summary = document.createElement('summary');
  summary.textContent = 'Legend';
  const list = document.createElement('ul');
  const item = (m: HTMLElement, text: string) => {
    const li = document.createElement('li');
    li.append(m, text);
    list.append(li);
  };
  for (const [type, colour] of Object.entries(TYPE_COLOURS))
    item(mark('swatch dot', { background: colour }), type);
  item(mark('swatch disc'), 'Placed near a town or in a region (precision 2-3): a wide faint disc');
  item(mark('swatch region'), 'Named region, approximate extent');
  item(mark('swatch track'), 'Track: pale where it began, dark where it went (click it)');
  item(mark('cell-count legend-cell', {}, '12'), 'Events counted together in a cell: click to zoom in');
  item(mark('swatch ring'), 'The event open in the panel');
  item(mark('place-label legend-place', {}, 'Town'), 'Places from the gazetteer, from a town’s zoom');
  details.append(summary, list);
  container.replaceChildren(details);
}
