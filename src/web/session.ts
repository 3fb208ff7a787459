// The workspace on a server that requires accounts: who is logged in, the login form when nobody
// is, and the CSRF token added to every request that changes something.
export interface SessionInfo {
  name: string;
  role: string;
  /** True when the server is open to its own machine and has no accounts. */
  open: boolean;
}

const UNSAFE = /^(POST|PUT|PATCH|DELETE)$/i;

/** Every later change request made by this page carries the session's CSRF token. */
function sendCsrf(token: string): void {
  const plain = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    if (!UNSAFE.test(init.method ?? 'GET')) return plain(input, init);
    const headers = new Headers(init.headers);
    headers.set('x-csrf-token', token);
    return plain(input, { ...init, headers });
  };
}

/** Shows the login form; resolves once the server has accepted a name and password. */
function askToLogIn(): Promise<void> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'login';
    const form = document.createElement('form');
    form.method = 'dialog';
    const heading = document.createElement('h2');
    heading.textContent = 'Log in to Observatory';
    const name = Object.assign(document.createElement('input'), {
      name: 'name',
      autocomplete: 'username',
      required: true,
    });
    const password = Object.assign(document.createElement('input'), {
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const label = (text: string, input: HTMLInputElement) => {
      const l = document.createElement('label');
      l.append(text, ' ', input);
      return l;
    };
    const error = Object.assign(document.createElement('p'), { className: 'error', role: 'alert' });
    const submit = Object.assign(document.createElement('button'), { type: 'submit', textContent: 'Log in' });
    form.append(heading, label('Name', name), label('Password', password), error, submit);
    dialog.append(form);
    document.body.append(dialog);
    dialog.addEventListener('cancel', (e) => e.preventDefault());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      error.textContent = '';
      void fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: name.value, password: password.value }),
      }).then(async (r) => {
        if (r.ok) {
          dialog.close();
          dialog.remove();
          resolve();
        } else {
          error.textContent =
            r.status === 429
              ? 'Too many tries; wait a minute.'
              : (((await r.json().catch(() => ({}))) as { error?: string }).error ?? 'Could not log in.');
        }
      });
    });
    dialog.showModal();
  });
}

/**
 * Who is at the keyboard. With accounts required and nobody logged in, the login form is shown
 * and the page reloaded once logged in, so that everything it loads is loaded as that user.
 */
export async function session(): Promise<SessionInfo> {
  const r = await fetch('/api/session');
  if (r.status === 401) {
    await askToLogIn();
    location.reload();
    return new Promise(() => undefined);
  }
  const s = (await r.json()) as { user: { name: string; role: string }; csrf: string; open?: boolean };
  if (s.csrf) sendCsrf(s.csrf);
  return { name: s.user.name, role: s.user.role, open: !!s.open };
}
