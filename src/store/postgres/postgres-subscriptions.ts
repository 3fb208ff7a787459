// The subscription concern on PostgreSQL: saved filters and how far their webhooks have got.
import { entryFor } from '../audit.js';
import { randomUUID } from 'node:crypto';
import { subscriptionOfRow, subscriptionValues } from '../rows.js';
import type { SubscriptionRow } from '../rows.js';
import { StoreError } from '../store.js';
import type { Delivery, Subscription, SubscriptionInput, Subscriptions } from '../store.js';
import { queryOne, queryRows } from './postgres-connection.js';
import type { PostgresConnection } from './postgres-connection.js';
import type { PostgresChanges } from './postgres-changes.js';

export class PostgresSubscriptions implements Subscriptions {
  constructor(
    private readonly c: PostgresConnection,
    private readonly changes: PostgresChanges,
  ) {}

  async saveSubscription(input: SubscriptionInput): Promise<Subscription> {
    const id = `sub_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const cursor = await this.changes.latestChange();
    await this.c.tx(async (q) => {
      await q.query(
        `INSERT INTO subscriptions (id, name, filter, webhook_url, secret, cursor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        subscriptionValues(id, input, cursor),
      );
      await this.c.audit(q, entryFor.subscriptionSaved(id, input));
    });
    return (await this.getSubscription(id))!;
  }

  async listSubscriptions(): Promise<Subscription[]> {
    return (
      await queryRows<SubscriptionRow>(this.c.pool, 'SELECT * FROM subscriptions ORDER BY created_at, id')
    ).map(subscriptionOfRow);
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    const r = await queryOne<SubscriptionRow>(this.c.pool, 'SELECT * FROM subscriptions WHERE id = $1', [id]);
    return r ? subscriptionOfRow(r) : null;
  }

  async subscriptionSecret(id: string): Promise<string | null> {
    return (
      (
        await queryOne<{ secret: string | null }>(
          this.c.pool,
          'SELECT secret FROM subscriptions WHERE id = $1',
          [id],
        )
      )?.secret ?? null
    );
  }

  async deleteSubscription(id: string): Promise<void> {
    await this.c.tx(async (q) => {
      const { rowCount } = await q.query('DELETE FROM subscriptions WHERE id = $1', [id]);
      if (!rowCount) throw new StoreError(`no subscription ${id}`, 'not_found');
      await this.c.audit(q, entryFor.subscriptionDeleted(id));
    });
  }

  async advanceSubscription(id: string, cursor: number, delivery?: Delivery): Promise<void> {
    await this.c.pool.query(
      'UPDATE subscriptions SET cursor = greatest(cursor, $1), last_delivery = coalesce($2, last_delivery) WHERE id = $3',
      [cursor, delivery ? JSON.stringify(delivery) : null, id],
    );
  }
}
