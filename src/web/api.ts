// Requests to the page's own server: JSON in and out, a refusal read as the words the server gave.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: { error?: string; current?: unknown },
  ) {
    super(message);
  }
}

/** GETs or sends JSON; a refusal throws an ApiError carrying the server's own words. */
export async function api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init?.method ?? 'GET',
      ...(init?.body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }
        : {}),
    });
  } catch {
    throw new ApiError('the server could not be reached', 0, {});
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { error: text };
  }
  if (!res.ok) {
    const b = body as { error?: string; current?: unknown };
    throw new ApiError(b.error ?? `request failed (${res.status})`, res.status, b);
  }
  return body as T;
}
