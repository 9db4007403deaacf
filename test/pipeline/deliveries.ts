/**
 * What the recovery tests need to see deliveries: one body of the directory that the valid documents
 * of `mixedBatch` are addressed to (the Peppol base example's buyer electronic address, BT-49
 * `0002:FR23342`), a webhook receiver standing for that body's system, and the check that every
 * document ended where it should and each delivered one was delivered exactly once.
 */
import type { Store } from '../../core/store';
import { body, save } from '../directory/helpers';
import { deliveryCounts, startWebhookReceiver, type WebhookReceiver } from '../helpers/cluster';
import { waitFor } from '../helpers/wait';
import { post } from './helpers';
import { states } from './invariants';

export const RECOVERY_BODY = 'min-recovery';

/** Writes the body into the directory (before the hub starts: the hub reads the directory from the database). */
export async function seedRecoveryBody(store: Pick<Store, 'db'>): Promise<void> {
  await save(store, [body(RECOVERY_BODY, { identifiers: [{ scheme: '0002', value: 'FR23342', purpose: 'peppol' }] })], '2020-01-01');
}

/** The hub settings of a run with webhooks to a local receiver: plain http to 127.0.0.1 allowed by name, short poll and back-off. */
export const WEBHOOK_ENV: Record<string, string> = { EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS: '127.0.0.1', EINVOICE_WEBHOOK_POLL_MS: '200', EINVOICE_WEBHOOK_BACKOFF_MS: '500' };

/** Starts a receiver and registers it as the body's webhook through the directory API (the real registration path). */
export async function bodyWebhook(hubUrl: string, adminToken: string): Promise<WebhookReceiver> {
  const rx = await startWebhookReceiver();
  const r = await post(`${hubUrl}/api/v1/bodies/${RECOVERY_BODY}/webhooks`, JSON.stringify({ url: rx.url }), { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' });
  if (r.status !== 201) {
    await rx.close();
    throw new Error(`webhook registration: ${r.status} ${JSON.stringify(r.json)}`);
  }
  return rx;
}

/**
 * Waits until the body's system has received an event for each of `ids` and the hub has recorded each
 * push as answered (its `webhook.receipt` event): a push answered just before a crash reaches the body
 * but is recorded only when the restarted hub sends it again.
 */
export async function waitPushed(hubUrl: string, adminToken: string, rx: WebhookReceiver, ids: string[], timeoutMs = 60_000): Promise<void> {
  const pending = new Set(ids);
  await waitFor('webhooks pushed and recorded', async () => {
    for (const id of [...pending]) {
      if (!rx.events.has(id)) continue;
      const doc = (await (await fetch(`${hubUrl}/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as { events?: { type: string }[] };
      if (doc.events?.some((e) => e.type === 'webhook.receipt')) pending.delete(id);
    }
    return pending.size === 0;
  }, timeoutMs, 200);
}

export interface DeliveryTally { delivered: number; rejected: number; webhookPosts: number }

/**
 * Every valid document `delivered`, every other `rejected`; each delivered one with exactly one inbox
 * row, one delivered webhook delivery, one `delivered` transition and one event id at the body's
 * system (a retried push keeps its id); nothing delivered for a rejected one.
 */
export async function expectDeliveredOnce(store: Pick<Store, 'db'>, batch: { valid: boolean }[], ids: string[], rx: WebhookReceiver): Promise<DeliveryTally> {
  const st = await states(store);
  batch.forEach((b, i) => expect([i, st.get(ids[i] ?? '')]).toEqual([i, b.valid ? 'delivered' : 'rejected']));
  const counts = await deliveryCounts(store);
  const once = { inbox: 1, webhook: 1, deliveredEvents: 1 };
  const none = { inbox: 0, webhook: 0, deliveredEvents: 0 };
  batch.forEach((b, i) => expect([i, counts.get(ids[i] ?? '')]).toEqual([i, b.valid ? once : none]));
  batch.forEach((b, i) => expect([i, rx.events.get(ids[i] ?? '')?.size ?? 0]).toEqual([i, b.valid ? 1 : 0]));
  expect([...rx.events.keys()].filter((id) => !ids.includes(id))).toEqual([]);
  const delivered = batch.filter((b) => b.valid).length;
  return { delivered, rejected: batch.length - delivered, webhookPosts: rx.posts };
}
