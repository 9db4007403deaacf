/**
 * Push webhooks of a body, the same acts for the Authority (`/api/v1/bodies/{id}/webhooks…`) and for
 * a body with its own token (`/inbox/v1/webhooks…`): register (the URL through the outbound check,
 * outbound-url.ts; the HMAC secret is shown once), list (no secrets), rotate the secret (the previous
 * one keeps signing for `EINVOICE_WEBHOOK_SECRET_GRACE_MS`), disable. Every change is logged with
 * its actor.
 */
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { config } from '../../config';
import * as repo from '../../db/repositories/dispatch';
import type { Store } from '../store';
import { CoreError } from '../errors';
import { checkOutboundUrl, outboundPolicyFromConfig, type OutboundPolicy } from './outbound-url';
import { newSecret } from './signature';

export interface WebhookAct {
  /** `admin`, `token:<id>`: who made the change (logged). */
  actor: string;
  now: Date;
  logger?: Logger;
}

export interface WebhookView { id: string; url: string; createdAt: string; updatedAt: string; disabledAt: string | null; previousSecretValidUntil: string | null }

const notFound = (): CoreError => new CoreError('not-found', 'webhook-not-found', 'Webhook not found', 'No webhook of this body with this id.');

/**
 * Registers a webhook for a body after checking its URL (400 `bad-url`, 422 `url-not-allowed`);
 * returns it with its signing secret, the only time the secret is shown.
 */
export async function addWebhook(store: Pick<Store, 'db'>, bodyId: string, rawUrl: unknown, act: WebhookAct & { policy?: OutboundPolicy }): Promise<{ id: string; bodyId: string; url: string; secret: string; createdAt: string }> {
  const checked = await checkOutboundUrl(rawUrl, act.policy ?? outboundPolicyFromConfig(), 'register');
  const at = act.now.toISOString();
  const row = { id: crypto.randomUUID(), bodyId, url: checked.url.toString(), secret: newSecret(), previousSecret: null, previousSecretUntil: null, createdAt: at, updatedAt: at, disabledAt: null };
  await repo.insertWebhook(store.db, row);
  act.logger?.info({ bodyId, webhookId: row.id, url: row.url, addresses: checked.addresses.map((a) => a.address), actor: act.actor }, 'webhook registered');
  return { id: row.id, bodyId, url: row.url, secret: row.secret, createdAt: row.createdAt };
}

export async function listWebhooks(store: Pick<Store, 'db'>, bodyId: string): Promise<{ bodyId: string; webhooks: WebhookView[] }> {
  const rows = await repo.webhooksOfBody(store.db, bodyId);
  return {
    bodyId,
    webhooks: rows.map((h) => ({ id: h.id, url: h.url, createdAt: h.createdAt, updatedAt: h.updatedAt, disabledAt: h.disabledAt, previousSecretValidUntil: h.previousSecretUntil })),
  };
}

/** A new secret; the previous one still signs (a second `v1`) until now + the grace period. */
export async function rotateWebhook(store: Pick<Store, 'db'>, bodyId: string, webhookId: string, act: WebhookAct & { graceMs?: number }): Promise<{ id: string; secret: string; previousSecretValidUntil: string | null }> {
  const until = new Date(act.now.getTime() + (act.graceMs ?? config.webhookSecretGraceMs)).toISOString();
  const h = await repo.rotateWebhookRow(store.db, webhookId, bodyId, newSecret(), until, act.now.toISOString());
  if (h === undefined) throw notFound();
  act.logger?.info({ bodyId, webhookId: h.id, actor: act.actor }, 'webhook secret rotated');
  return { id: h.id, secret: h.secret, previousSecretValidUntil: h.previousSecretUntil };
}

export async function disableWebhook(store: Pick<Store, 'db'>, bodyId: string, webhookId: string, act: WebhookAct): Promise<void> {
  if (!(await repo.disableWebhookRow(store.db, webhookId, bodyId, act.now.toISOString()))) throw notFound();
  act.logger?.info({ bodyId, webhookId, actor: act.actor }, 'webhook disabled');
}
