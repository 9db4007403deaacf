/**
 * Webhook management, shared by the Authority's routes (`/api/v1/bodies/{id}/webhooks…`) and a body's
 * own (`/inbox/v1/webhooks…`, body token): register (the HMAC secret is shown once), list (no secrets),
 * rotate the secret (the previous one stays valid for `EINVOICE_WEBHOOK_SECRET_GRACE_MS`), disable.
 * Every change is logged with its actor.
 */
import { and, asc, eq } from 'drizzle-orm';
import { config } from '../../../config';
import { webhooks } from '../../../db/schema';
import { newSecret } from '../../../workers/dispatch/signature';
import { createWebhook, rotateWebhookSecret } from '../../../workers/dispatch/store';
import type { AppDeps } from '../../deps';
import { ProblemError } from '../../errors';

/** The webhook URL of a request body: an absolute http(s) URL of at most 2,000 characters, without credentials. */
export function webhookUrl(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 2000) throw new ProblemError(400, 'bad-url', 'Bad URL', '"url" must be an absolute http(s) URL of at most 2000 characters.');
  let u: URL;
  try { u = new URL(raw.trim()); } catch { throw new ProblemError(400, 'bad-url', 'Bad URL', '"url" must be an absolute http(s) URL.'); }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ProblemError(400, 'bad-url', 'Bad URL', '"url" must be an absolute http(s) URL.');
  if (u.username !== '' || u.password !== '') throw new ProblemError(400, 'bad-url', 'Bad URL', 'credentials in the URL are not accepted: the signature authenticates the hub.');
  return u.toString();
}

const notFound = (): ProblemError => new ProblemError(404, 'webhook-not-found', 'Webhook not found', 'No webhook of this body with this id.');

export function addWebhook(deps: AppDeps, bodyId: string, rawUrl: unknown, actor: string): { id: string; bodyId: string; url: string; secret: string; createdAt: string } {
  const h = createWebhook(deps.db, bodyId, webhookUrl(rawUrl), newSecret(), deps.clock());
  deps.logger.info({ bodyId, webhookId: h.id, url: h.url, actor }, 'webhook registered');
  return { id: h.id, bodyId, url: h.url, secret: h.secret, createdAt: h.createdAt };
}

export function listWebhooks(deps: AppDeps, bodyId: string): { bodyId: string; webhooks: Record<string, unknown>[] } {
  const rows = deps.db.select().from(webhooks).where(eq(webhooks.bodyId, bodyId)).orderBy(asc(webhooks.createdAt)).all();
  return { bodyId, webhooks: rows.map((h) => ({ id: h.id, url: h.url, createdAt: h.createdAt, updatedAt: h.updatedAt, disabledAt: h.disabledAt, previousSecretValidUntil: h.previousSecretUntil })) };
}

export function rotateWebhook(deps: AppDeps, bodyId: string, webhookId: string, actor: string): { id: string; secret: string | undefined; previousSecretValidUntil: string | null | undefined } {
  const cur = deps.db.select().from(webhooks).where(and(eq(webhooks.id, webhookId), eq(webhooks.bodyId, bodyId))).get();
  if (cur === undefined) throw notFound();
  const h = rotateWebhookSecret(deps.db, cur.id, newSecret(), config.webhookSecretGraceMs, deps.clock());
  deps.logger.info({ bodyId, webhookId: cur.id, actor }, 'webhook secret rotated');
  return { id: cur.id, secret: h?.secret, previousSecretValidUntil: h?.previousSecretUntil };
}

export function disableWebhook(deps: AppDeps, bodyId: string, webhookId: string, actor: string): void {
  const n = deps.db.update(webhooks).set({ disabledAt: deps.clock().toISOString() }).where(and(eq(webhooks.id, webhookId), eq(webhooks.bodyId, bodyId))).run().changes;
  if (n !== 1) throw notFound();
  deps.logger.info({ bodyId, webhookId, actor }, 'webhook disabled');
}
