// The subscription concern: saved filters that webhooks tell of new and changed events.
import type { EventFilter } from './events.js';

/** The filters a saved filter may hold: the map's, without paging. */
export type SavedFilter = Omit<EventFilter, 'limit' | 'offset' | 'ids' | 'excludeIds'>;

export interface SubscriptionInput {
  name: string;
  filter: SavedFilter;
  /** Where new and changed matching events are POSTed, if anywhere. */
  webhookUrl?: string;
  /** Signs each webhook body (HMAC-SHA256); never read back. */
  secret?: string;
}

/** What became of the last webhook delivery. */
export interface Delivery {
  at: string;
  status: 'delivered' | 'failed';
  attempts: number;
  /** The last HTTP status or network error, when it failed. */
  error?: string;
  events: number;
}

export interface Subscription extends Omit<SubscriptionInput, 'secret'> {
  id: string;
  createdAt: string;
  /** Whether webhook bodies are signed. */
  signed: boolean;
  /** The change-log position up to which webhooks have been sent. */
  cursor: number;
  lastDelivery?: Delivery;
}

export interface Subscriptions {
  /** Saves a filter to be told about; it starts from the latest change. */
  saveSubscription(input: SubscriptionInput): Promise<Subscription>;
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(id: string): Promise<Subscription | null>;
  /** The secret webhook bodies are signed with, for the notifier only. */
  subscriptionSecret(id: string): Promise<string | null>;
  deleteSubscription(id: string): Promise<void>;
  /** Records that webhooks were sent up to `cursor`, and how the delivery went. */
  advanceSubscription(id: string, cursor: number, delivery?: Delivery): Promise<void>;
}
