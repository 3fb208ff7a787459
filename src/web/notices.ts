// Notices above the workspace: the shipped sample, a bad address, new events arriving. Each is one
// line with a way to dismiss it; a notice of the same kind replaces the last.
const box = () => document.getElementById('notices')!;

export function notice(kind: string, text: string, action?: { label: string; run: () => void }): void {
  box().querySelector(`[data-kind="${kind}"]`)?.remove();
  const p = document.createElement('p');
  p.className = `notice notice-${kind}`;
  p.dataset.kind = kind;
  p.append(text);
  if (action) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = action.label;
    b.addEventListener('click', action.run);
    p.append(' ', b);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'dismiss';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => p.remove());
  p.append(close);
  box().append(p);
}

export function clearNotice(kind: string): void {
  box().querySelector(`[data-kind="${kind}"]`)?.remove();
}
