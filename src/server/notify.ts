// Notifications of new and changed events that match a filter: live listeners (the server-sent-event
// streams) and saved filters with webhooks. Both read the store's change log, so changes made by
// any process (a CLI import, a feed watcher, another server) are told. Webhooks are sent at least
// once: a saved filter's cursor moves only after its batch was delivered or given up on.
import { createHmac, randomUUID } from 'node:crypto';
import { outbound, OutboundError, outboundPolicy, type OutboundPolicy } from '../ingest/outbound.js';
import {
  MAX_LIMIT,
  type EventChange,
  type SavedFilter,
  type Store,
  type StoredEvent,
} from '../store/store.js';

export interface NotifierOptions {
  /** How often the change log is read, in ms. */
  pollMs?: number;
  /** Tries per webhook batch before it is recorded as failed. */
  attempts?: number;
  /** Wait before the first retry, doubled for each next one, in ms. */
  retryBaseMs?: number;
  /** How long a webhook endpoint has to answer, in ms. */
  timeoutMs?: number;
  /** Told when a delivery fails for good. */
  onFailure?: (subscriptionId: string, error: string) => void;
  /** Whether this notifier sends webhooks (false in all but one of a server's processes). */
  webhooks?: boolean;
  /** Where webhooks may go: public addresses, and hosts an admin allowed (default from OBSERVATORY_ALLOW_HOSTS). */
  outbound?: OutboundPolicy;
}

/** An event as told: what happened to it, and the event as it now stands. */
export interface Notice {
  cursor: number;
  action: EventChange['action'];
  version: number;
  at: string;
  event: StoredEvent;
}

/** Told each batch of matching notices; during a replay the next page is read only once it resolves. */
type Listener = (notices: Notice[]) => void | Promise<void>;

const BATCH = 500;
/** Changes a replay reads at a time. */
const REPLAY_PAGE = 100;

export class Notifier {
  private readonly pollMs: number;
  private readonly attempts: number;
  private readonly retryBaseMs: number;
  private readonly timeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private liveCursor = 0;
  private readonly listeners = new Set<{ filter: SavedFilter; listener: Listener }>();
  private readonly busy = new Set<string>();
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly opts: NotifierOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.attempts = opts.attempts ?? 5;
    this.retryBaseMs = opts.retryBaseMs ?? 1000;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.policy = opts.outbound ?? outboundPolicy();
  }

  private readonly policy: OutboundPolicy;

  async start(): Promise<void> {
    this.liveCursor = await this.store.latestChange();
    const loop = () => {
      if (this.stopped) return;
      this.ticking = this.tick()
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.pollMs);
        });
    };
    this.timer = setTimeout(loop, this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }

  /** The position the live listeners have been told up to. */
  get cursor(): number {
    return this.liveCursor;
  }

  /**
   * Tells `listener` of matching changes from now on; with `from`, first of those after that
   * cursor (a reconnecting stream's Last-Event-ID), read from the change log a page at a time,
   * each page only once the listener has taken the last (so a client that reads slowly, or not at
   * all, holds one page, never the whole log). `stopped` ends a replay early. Returns the way to
   * stop listening.
   */
  async listen(
    filter: SavedFilter,
    listener: Listener,
    from?: number,
    stopped: () => boolean = () => false,
  ): Promise<() => void> {
    const entry = { filter, listener };
    if (from !== undefined && from < this.liveCursor) {
      let cursor = from;
      while (cursor < this.liveCursor && !stopped()) {
        const { cursor: next, changes } = await this.store.changesSince(cursor, REPLAY_PAGE);
        if (changes.length === 0) break;
        const upTo = changes.filter((c) => c.cursor <= this.liveCursor);
        const notices = await this.matching(filter, upTo);
        if (notices.length) await listener(notices);
        cursor = next;
      }
    }
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** One round: tell live listeners, then send each saved filter's webhook. */
  async tick(): Promise<void> {
    for (;;) {
      const { cursor, changes } = await this.store.changesSince(this.liveCursor, BATCH);
      if (changes.length === 0) break;
      for (const { filter, listener } of this.listeners) {
        const notices = await this.matching(filter, changes);
        // Live listeners are not waited for: a slow one bounds its own backlog (see the stream).
        if (notices.length) void Promise.resolve(listener(notices)).catch(() => undefined);
      }
      this.liveCursor = cursor;
    }
    if (this.opts.webhooks === false) return;
    const subs = (await this.store.listSubscriptions()).filter((s) => s.webhookUrl && !this.busy.has(s.id));
    // Each saved filter is delivered on its own, so one slow endpoint holds up no other.
    for (const s of subs) {
      this.busy.add(s.id);
      void this.deliver(s.id).finally(() => this.busy.delete(s.id));
    }
  }

  /** The changes' events that match a filter, latest change of each event only. */
  private async matching(filter: SavedFilter, changes: EventChange[]): Promise<Notice[]> {
    const latest = new Map<string, EventChange>();
    for (const c of changes) latest.set(c.eventId, c);
    const ids = [...latest.keys()];
    const notices: Notice[] = [];
    for (let i = 0; i < ids.length; i += MAX_LIMIT) {
      const page = await this.store.listEvents({
        ...filter,
        ids: ids.slice(i, i + MAX_LIMIT),
        limit: MAX_LIMIT,
      });
      for (const event of page.events) {
        const c = latest.get(event.id)!;
        notices.push({ cursor: c.cursor, action: c.action, version: c.version, at: c.at, event });
      }
    }
    return notices.sort((a, b) => a.cursor - b.cursor);
  }

  /** Sends a saved filter's pending changes, batch by batch, each tried with backoff. */
  private async deliver(id: string): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const sub = await this.store.getSubscription(id);
      if (!sub?.webhookUrl) return;
      const { cursor, changes } = await this.store.changesSince(sub.cursor, BATCH);
      if (changes.length === 0) return;
      const notices = await this.matching(sub.filter, changes);
      if (notices.length === 0) {
        await this.store.advanceSubscription(id, cursor);
        continue;
      }
      const body = JSON.stringify({
        subscription: { id: sub.id, name: sub.name },
        cursor,
        events: notices,
      });
      const secret = await this.store.subscriptionSecret(id);
      const delivery = randomUUID();
      let error = '';
      let attempt = 0;
      let delivered = false;
      while (attempt < this.attempts && !this.stopped) {
        attempt++;
        const outcome = await this.post(sub.webhookUrl, body, delivery, secret);
        if (outcome === 'ok') {
          delivered = true;
          break;
        }
        error = outcome.error;
        if (!outcome.retry) break;
        if (attempt < this.attempts)
          await new Promise((r) => setTimeout(r, this.retryBaseMs * 2 ** (attempt - 1)));
      }
      if (this.stopped && !delivered) return;
      await this.store.advanceSubscription(id, cursor, {
        at: new Date().toISOString(),
        status: delivered ? 'delivered' : 'failed',
        attempts: attempt,
        ...(delivered ? {} : { error }),
        events: notices.length,
      });
      if (!delivered) this.opts.onFailure?.(id, error);
    }
  }

  private async post(
    url: string,
    body: string,
    delivery: string,
    secret: string | null,
  ): Promise<'ok' | { retry: boolean; error: string }> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'observatory-webhook',
      'x-observatory-event': 'events.changed',
      'x-observatory-delivery': delivery,
    };
    if (secret)
      headers['x-observatory-signature'] =
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      // A webhook is never redirected: its body and signature go to the address saved, or nowhere.
      const res = await outbound(url, { method: 'POST', headers, body, signal }, this.policy);
      res.body.destroy();
      if (res.status >= 200 && res.status < 300) return 'ok';
      if (res.status >= 300 && res.status < 400)
        return {
          retry: false,
          error: `HTTP ${res.status}: a redirect, not followed (a webhook is posted to the address saved only)`,
        };
      // Server errors, throttling and timeouts may pass; other refusals will not.
      const retry = res.status >= 500 || res.status === 429 || res.status === 408;
      return { retry, error: `HTTP ${res.status}` };
    } catch (e) {
      if (e instanceof OutboundError) return { retry: e.retry, error: e.message };
      const err = e as Error & { code?: string };
      return {
        retry: true,
        error: signal.aborted ? `no answer within ${this.timeoutMs} ms` : (err.code ?? err.message),
      };
    }
  }
}
