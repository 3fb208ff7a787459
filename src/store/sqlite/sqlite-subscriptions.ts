// The subscription concern on SQLite: saved filters and how far their webhooks have got.
import { entryFor } from '../audit.js';
import { randomUUID } from 'node:crypto';
import { subscriptionOfRow, subscriptionValues } from '../rows.js';
import type { SubscriptionRow } from '../rows.js';
import { StoreError } from '../store.js';
import type { Delivery, Subscription, SubscriptionInput, Subscriptions } from '../store.js';
import type { SqliteConnection } from './sqlite-connection.js';

export class SqliteSubscriptions implements Subscriptions {
  constructor(private readonly c: SqliteConnection) {}

  async saveSubscription(input: SubscriptionInput): Promise<Subscription> {
    const id = `sub_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    await this.c.write(() => {
      const cursor = (
        this.c.db.prepare('SELECT coalesce(max(rowid), 0) AS n FROM event_history').get() as { n: number }
      ).n;
      this.c.db
        .prepare(
          `INSERT INTO subscriptions (id, name, filter, webhook_url, secret, cursor, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...subscriptionValues(id, input, cursor));
      this.c.audit(entryFor.subscriptionSaved(id, input));
    });
    return (await this.getSubscription(id))!;
  }

  async listSubscriptions(): Promise<Subscription[]> {
    return (
      this.c.db.prepare('SELECT * FROM subscriptions ORDER BY created_at, id').all() as SubscriptionRow[]
    ).map(subscriptionOfRow);
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    const r = this.c.db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(id) as
      SubscriptionRow | undefined;
    return r ? subscriptionOfRow(r) : null;
  }

  async subscriptionSecret(id: string): Promise<string | null> {
    const r = this.c.db.prepare('SELECT secret FROM subscriptions WHERE id = ?').get(id) as
      { secret: string | null } | undefined;
    return r?.secret ?? null;
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.c.write(() => {
      const { changes } = this.c.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id);
      if (changes === 0) throw new StoreError(`no subscription ${id}`, 'not_found');
      this.c.audit(entryFor.subscriptionDeleted(id));
    });
  }

  async advanceSubscription(id: string, cursor: number, delivery?: Delivery): Promise<void> {
    await this.c.write(() =>
      this.c.db
        .prepare(
          'UPDATE subscriptions SET cursor = max(cursor, ?), last_delivery = coalesce(?, last_delivery) WHERE id = ?',
        )
        .run(cursor, delivery ? JSON.stringify(delivery) : null, id),
    );
  }
}
