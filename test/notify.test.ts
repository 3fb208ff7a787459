// Notifications over real HTTP on loopback: saved filters whose webhooks are retried until a
// receiver takes them, signed with the filter's secret; event streams (SSE) that resume from the
// last id seen; changes made by another process (a CLI ingest) told all the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { until } from './helpers/wait.js';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadResources } from '../src/extract/resources.js';
import { buildApp } from '../src/server/app.js';
import type { Notice } from '../src/server/notify.js';
import { openStore } from '../src/store/open.js';
import type { Store, Subscription } from '../src/store/store.js';
import { run } from './helpers/cli.js';

const db = join(mkdtempSync(join(tmpdir(), 'obs-notify-')), 'notify.db');
let app: FastifyInstance;
let store: Store;
let base: string;
const receivers: Server[] = [];

before(async () => {
  store = await openStore(db);
  app = await buildApp({
    store,
    resources: loadResources(),
    notify: { pollMs: 50, retryBaseMs: 20, attempts: 3, timeoutMs: 2000 },
    // The test's receivers listen on loopback, which webhooks may reach only when allowed.
    allowHosts: ['127.0.0.1'],
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
  for (const r of receivers) r.close();
});

const STRIKE =
  'Coalition air strikes hit a convoy near Humaymah in Homs province on Tuesday, the Syrian Observatory for Human Rights said.';
const PROTEST =
  'Hundreds of people protested in Idlib city on Tuesday against the rising price of bread, witnesses said.';
const PROTEST_2 =
  'Several hundred demonstrators rallied in Maarat al-Numan on Wednesday against rising fuel prices, local activists said.';

async function post(text: string, published = '2017-09-06') {
  const r = await fetch(`${base}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text, published }),
  });
  assert.ok(r.status === 201 || r.status === 200, await r.clone().text());
}

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A webhook receiver on loopback that answers each request with the next status given. */
async function receiver(statuses: number[]): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(statuses[Math.min(got.length - 1, statuses.length - 1)]!);
      res.end();
    });
  });
  receivers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

async function subscribe(body: Record<string, unknown>): Promise<Subscription> {
  const r = await fetch(`${base}/api/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(r.status, 201, await r.clone().text());
  return (await r.json()) as Subscription;
}

const subscription = async (id: string) =>
  (await (await fetch(`${base}/api/subscriptions/${id}`)).json()) as Subscription;

test('a webhook is retried until the receiver takes it, signed, with only the matching events', async () => {
  const hook = await receiver([503, 503, 200]);
  const secret = 'a-secret-of-sixteen-or-more';
  const sub = await subscribe({
    name: 'strikes',
    filter: { event_type: 'Explosions/Remote violence' },
    webhook_url: hook.url,
    secret,
  });
  assert.equal(sub.signed, true);
  assert.equal((sub as unknown as { secret?: string }).secret, undefined, 'the secret is never read back');
  await post(PROTEST);
  await post(STRIKE);
  const delivered = await until('a delivery', async () => {
    const s = await subscription(sub.id);
    return s.lastDelivery ? s : undefined;
  });
  assert.equal(delivered.lastDelivery!.status, 'delivered');
  assert.equal(delivered.lastDelivery!.attempts, 3);
  assert.equal(hook.got.length, 3, 'two refusals, then taken');
  assert.equal(
    new Set(hook.got.map((g) => g.headers['x-observatory-delivery'])).size,
    1,
    'one delivery id for its retries',
  );
  const last = hook.got[2]!;
  const expected = `sha256=${createHmac('sha256', secret).update(last.body).digest('hex')}`;
  assert.equal(last.headers['x-observatory-signature'], expected);
  const payload = JSON.parse(last.body) as { subscription: { id: string }; events: Notice[] };
  assert.equal(payload.subscription.id, sub.id);
  assert.ok(payload.events.length >= 1);
  assert.ok(payload.events.every((n) => n.event.event_type === 'Explosions/Remote violence'));
  assert.ok(
    payload.events.some(
      (n) => n.action === 'created' && /Humaymah|Homs/.test(n.event.location + n.event.notes),
    ),
  );
  // Delivered once: nothing more is sent for the same changes.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(hook.got.length, 3);
});

test('a webhook that keeps failing is recorded as failed after its tries; a refusal (4xx) is not retried', async () => {
  const down = await receiver([500]);
  const gone = await receiver([410]);
  const a = await subscribe({ name: 'down', filter: { event_type: 'Protests' }, webhook_url: down.url });
  const b = await subscribe({ name: 'gone', filter: { event_type: 'Protests' }, webhook_url: gone.url });
  await post(PROTEST_2, '2017-09-07');
  const failed = await until('a failed delivery', async () => {
    const s = await subscription(a.id);
    return s.lastDelivery ? s : undefined;
  });
  assert.equal(failed.lastDelivery!.status, 'failed');
  assert.equal(failed.lastDelivery!.attempts, 3);
  assert.equal(failed.lastDelivery!.error, 'HTTP 500');
  assert.equal(down.got.length, 3);
  const refused = await until('a refused delivery', async () => {
    const s = await subscription(b.id);
    return s.lastDelivery ? s : undefined;
  });
  assert.equal(refused.lastDelivery!.attempts, 1);
  assert.equal(gone.got.length, 1);
  const list = (await (await fetch(`${base}/api/subscriptions`)).json()) as { subscriptions: Subscription[] };
  assert.ok(list.subscriptions.some((s) => s.id === a.id));
  assert.equal((await fetch(`${base}/api/subscriptions/${a.id}`, { method: 'DELETE' })).status, 204);
  assert.equal((await fetch(`${base}/api/subscriptions/${a.id}`)).status, 404);
});

test('bad saved filters are refused with the field named; so is an unknown filter on the list', async () => {
  const list = await fetch(`${base}/api/events?colour=red`);
  assert.equal(list.status, 400, 'a mistyped filter is refused, not ignored');
  for (const [body, field] of [
    [{ name: 'x', webhook_url: 'ftp://example.org/' }, /webhook_url/],
    [{ name: 'x', filter: { bbox: '1,2,3' } }, /bbox/],
    [{ name: 'x', filter: { colour: 'red' } }, /colour|additional/],
    [{ name: 'x', secret: 'only-a-secret-here' }, /secret/],
  ] as const) {
    const r = await fetch(`${base}/api/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(((await r.json()) as { error: string }).error, field);
  }
});

/** Reads server-sent events from a stream until `enough` says so. */
async function readEvents(
  url: string,
  enough: (events: Array<{ id: string; event: string; data: string }>) => boolean,
  headers: Record<string, string> = {},
) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: Array<{ id: string; event: string; data: string }> = [];
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    while (!enough(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const field = (name: string) =>
          block
            .split('\n')
            .find((l) => l.startsWith(`${name}: `))
            ?.slice(name.length + 2) ?? '';
        if (block.startsWith(':')) continue;
        events.push({ id: field('id'), event: field('event'), data: field('data') });
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

test('an event stream tells matching changes, including those made by another process, and resumes from Last-Event-ID', async () => {
  const sub = await subscribe({ name: 'Idlib protests', filter: { event_type: 'Protests', q: 'bread' } });
  const live = readEvents(`${base}/api/subscriptions/${sub.id}/stream`, (evs) =>
    evs.some((e) => e.event !== 'ready'),
  );
  await new Promise((r) => setTimeout(r, 200));
  // Another process stores a report in the same database: the server's stream still tells it.
  const doc = join(mkdtempSync(join(tmpdir(), 'obs-notify-doc-')), 'report.txt');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    doc,
    'Dozens of people protested in Saraqib on Friday over the price of bread, witnesses said.\n',
  );
  const r = await run(['ingest', doc, '--published', '2017-09-09', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  const events = await live;
  assert.equal(events[0]!.event, 'ready');
  const told = events.filter((e) => e.event !== 'ready').map((e) => JSON.parse(e.data) as Notice);
  assert.ok(told.length >= 1);
  assert.ok(told.every((n) => n.event.event_type === 'Protests'));
  assert.ok(told.some((n) => /Saraqib/.test(n.event.location + n.event.notes)));

  // A client that saw only the ready message reconnects with its id and is told what it missed.
  const ready = events[0]!.id;
  const replay = await readEvents(
    `${base}/api/events/stream?event_type=Protests&q=bread`,
    (evs) => evs.some((e) => e.event !== 'ready'),
    { 'last-event-id': ready },
  );
  const again = replay.filter((e) => e.event !== 'ready').map((e) => JSON.parse(e.data) as Notice);
  assert.ok(again.some((n) => /Saraqib/.test(n.event.location + n.event.notes)));
  assert.ok(again.every((n) => n.cursor > Number(ready)));
  assert.equal((await fetch(`${base}/api/events/stream?bbox=1,2`)).status, 400);
  assert.equal((await fetch(`${base}/api/subscriptions/sub_nothing/stream`)).status, 404);
});
