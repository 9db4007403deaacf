/**
 * The webhook sender: POSTs the signed event of every due delivery (`document.delivered`, or `document.status_changed` when core/invoice-response wrote its payload with the delivery), records
 * each attempt (row in `webhook_attempts` + event on the document) and schedules the next one.
 *
 * The schedule lives in the database (`webhook_deliveries.next_attempt_at`), written in the same
 * transaction as the delivery itself. A sender claims due rows with `FOR UPDATE SKIP LOCKED` and a
 * lease (`lease_until`), so any number of worker processes on any number of hosts share the work:
 * a row one sender claimed is skipped by the others until its lease expires (a crashed sender's
 * rows are taken again then), and an outcome is recorded only by the sender that still holds the
 * lease. Nothing is lost with Redis, nothing is sent twice by two live senders (a receiver may still
 * see a retry of a request whose 2xx got lost: it dedupes on the event id).
 *
 * Before every attempt the URL goes through the outbound check again (outbound-url.ts) and the
 * request connects to the address checked. Outcomes: 2xx → `delivered` (the receipt); timeout,
 * connection error, 5xx, 408, 429 → retried with exponential backoff (`backoffMs` doubled per
 * attempt, capped at `maxBackoffMs`, +0–10 % jitter) until `retryWindowMs` after the delivery was
 * created, then `dead` (dead letter: the Authority's list, with the attempt history); any other
 * status (3xx — redirects are not followed —, 4xx) or a URL the check now refuses → `dead` at once.
 */
import type { Logger } from 'pino';
import { config } from '../../config';
import * as repo from '../../db/repositories/dispatch';
import * as responsesRepo from '../../db/repositories/responses';
import type { InboxItemRow, WebhookDeliveryRow, WebhookRow } from '../../db/repositories/dispatch';
import type { Store } from '../store';
import { CoreError } from '../errors';
import { appendEventTx } from '../documents/store';
import { checkOutboundUrl, outboundPolicyFromConfig, postToCheckedUrl, UnresolvedHostError, type OutboundPolicy, type RequestOutcome } from './outbound-url';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

export type { WebhookDeliveryRow } from '../../db/repositories/dispatch';

export interface SenderSettings {
  timeoutMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  retryWindowMs: number;
  /** Requests in flight per process. */
  concurrency: number;
  /** How often an idle sender looks for due deliveries. */
  pollMs: number;
  /** Base URL for the links in the event. */
  publicUrl: string;
  /** The outbound URL rules (default: the configuration's). */
  outbound?: OutboundPolicy;
}

export type AttemptOutcome = 'delivered' | 'http-error' | 'timeout' | 'connection-error' | 'refused';

export interface AttemptResult {
  outcome: AttemptOutcome;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

export type SentResult = AttemptResult & { status: string };

/** The settings of the configuration (`EINVOICE_WEBHOOK_*`, `EINVOICE_PUBLIC_URL`). */
export function senderSettingsFromConfig(): SenderSettings {
  return {
    timeoutMs: config.webhookTimeoutMs, backoffMs: config.webhookBackoffMs, maxBackoffMs: config.webhookMaxBackoffMs, retryWindowMs: config.webhookRetryWindowMs,
    concurrency: Math.max(1, config.webhookConcurrency), pollMs: config.webhookPollMs, publicUrl: config.publicUrl, outbound: outboundPolicyFromConfig(),
  };
}

/** Delay before attempt n+1 after n failed attempts (n ≥ 1), without jitter. */
export function backoffDelay(failedAttempts: number, s: Pick<SenderSettings, 'backoffMs' | 'maxBackoffMs'>): number {
  return Math.min(s.maxBackoffMs, s.backoffMs * 2 ** Math.min(30, Math.max(0, failedAttempts - 1)));
}

/** How long a claim holds its rows: longer than any attempt can take (resolution + request). */
export function leaseMsOf(s: Pick<SenderSettings, 'timeoutMs' | 'outbound'>): number {
  return s.timeoutMs + (s.outbound?.resolveTimeoutMs ?? 5000) + 30_000;
}

/** Claims up to `limit` due deliveries for this sender (`FOR UPDATE SKIP LOCKED`, lease until now + leaseMs). */
export async function claimDueDeliveries(store: Pick<Store, 'db'>, now: Date, limit: number, leaseMs: number): Promise<WebhookDeliveryRow[]> {
  if (limit <= 0) return [];
  return repo.claimDueDeliveries(store.db, now.toISOString(), limit, new Date(now.getTime() + leaseMs).toISOString());
}

export function eventPayload(d: WebhookDeliveryRow, item: Pick<InboxItemRow, 'department' | 'deliveredAt' | 'summary'> | undefined, publicUrl: string): string {
  const base = `${publicUrl}/inbox/v1/documents/${d.documentId}`;
  return JSON.stringify({
    id: d.eventId,
    type: 'document.delivered',
    createdAt: d.createdAt,
    data: {
      documentId: d.documentId,
      bodyId: d.bodyId,
      department: item?.department ?? null,
      deliveredAt: item?.deliveredAt ?? d.createdAt,
      summary: item?.summary ?? null,
      links: { self: base, xml: `${base}/xml`, pdf: `${base}/pdf`, bundle: `${base}/bundle`, ack: `${base}/ack` },
    },
  });
}

function secretsOf(h: WebhookRow, now: Date): string[] {
  const out = [h.secret];
  if (h.previousSecret !== null && h.previousSecretUntil !== null && h.previousSecretUntil > now.toISOString()) out.push(h.previousSecret);
  return out;
}

function resultOf(o: RequestOutcome, timeoutMs: number): AttemptResult {
  if (o.kind === 'timeout') return { outcome: 'timeout', httpStatus: null, error: `no response within ${timeoutMs} ms`, durationMs: o.durationMs };
  if (o.kind === 'error') return { outcome: 'connection-error', httpStatus: null, error: `${o.code ? `${o.code}: ` : ''}${o.message}`.slice(0, 500), durationMs: o.durationMs };
  if (o.status >= 200 && o.status < 300) return { outcome: 'delivered', httpStatus: o.status, error: null, durationMs: o.durationMs };
  const retryable = o.status >= 500 || o.status === 408 || o.status === 429;
  return { outcome: retryable ? 'http-error' : 'refused', httpStatus: o.status, error: `HTTP ${o.status}`, durationMs: o.durationMs };
}

/**
 * The event of a delivery: `document.delivered` (built from the inbox item), or the event whose
 * payload was written with the delivery (`document.status_changed`, core/invoice-response), with the
 * links made absolute.
 */
export function eventOf(d: WebhookDeliveryRow, item: InboxItemRow | undefined, stored: { type: string; payload: Record<string, unknown> } | undefined, publicUrl: string): { type: string; body: string } {
  if (stored === undefined) return { type: 'document.delivered', body: eventPayload(d, item, publicUrl) };
  const links = (stored.payload.links ?? {}) as Record<string, string>;
  const data = { ...stored.payload, links: Object.fromEntries(Object.entries(links).map(([k, v]) => [k, `${publicUrl}${v}`])) };
  return { type: stored.type, body: JSON.stringify({ id: d.eventId, type: stored.type, createdAt: d.createdAt, data }) };
}

/** One attempt: the URL checked again, then the signed POST to the address checked. Never throws. */
async function attempt(hook: WebhookRow, d: WebhookDeliveryRow, event: { type: string; body: string }, s: SenderSettings, clock: () => Date): Promise<AttemptResult> {
  const body = event.body;
  let target;
  try {
    target = await checkOutboundUrl(hook.url, s.outbound ?? outboundPolicyFromConfig(), 'send');
  } catch (err) {
    if (err instanceof CoreError) return { outcome: 'refused', httpStatus: null, error: `blocked: ${err.detail}`.slice(0, 500), durationMs: 0 };
    if (err instanceof UnresolvedHostError) return { outcome: 'connection-error', httpStatus: null, error: err.message.slice(0, 500), durationMs: 0 };
    return { outcome: 'connection-error', httpStatus: null, error: (err as Error).message.slice(0, 500), durationMs: 0 };
  }
  const now = clock();
  const headers = {
    'Content-Type': 'application/json', 'User-Agent': 'einvoice-hub-webhooks/1', [EVENT_ID_HEADER]: d.eventId,
    'X-Einvoice-Event-Type': event.type, 'X-Einvoice-Attempt': String(d.attempts + 1),
    [SIGNATURE_HEADER]: signatureHeader(secretsOf(hook, now), Math.floor(now.getTime() / 1000), body),
  };
  return resultOf(await postToCheckedUrl(target, { method: 'POST', headers, body, timeoutMs: s.timeoutMs }), s.timeoutMs);
}

/** What becomes of the delivery after this attempt, and when the next one is due. */
function nextStep(d: WebhookDeliveryRow, result: AttemptResult, s: SenderSettings, at: Date): { status: string; nextAttemptAt: string } {
  if (result.outcome === 'delivered') return { status: 'delivered', nextAttemptAt: d.nextAttemptAt };
  if (result.outcome === 'refused') return { status: 'dead', nextAttemptAt: d.nextAttemptAt };
  const next = at.getTime() + Math.round(backoffDelay(d.attempts + 1, s) * (1 + Math.random() * 0.1));
  if (next > new Date(d.createdAt).getTime() + s.retryWindowMs) return { status: 'dead', nextAttemptAt: d.nextAttemptAt };
  return { status: 'pending', nextAttemptAt: new Date(next).toISOString() };
}

/**
 * Sends one claimed delivery and records the outcome (attempt row, delivery row, document events)
 * in one transaction — only if this sender still holds the lease and the delivery is still pending
 * (it may have been cancelled by a move meanwhile): `status` is then `superseded`.
 */
export async function sendDelivery(store: Pick<Store, 'db'>, d: WebhookDeliveryRow, s: SenderSettings, clock: () => Date, logger: Logger): Promise<SentResult> {
  const hook = await repo.findWebhook(store.db, d.webhookId);
  const n = d.attempts + 1;
  const result: AttemptResult = hook === undefined || hook.disabledAt !== null
    ? { outcome: 'refused', httpStatus: null, error: 'webhook disabled or removed', durationMs: 0 }
    : await attempt(hook, d, eventOf(d, await repo.inboxItemOf(store.db, d.documentId), await responsesRepo.statusEventOf(store.db, d.id), s.publicUrl), s, clock);
  const at = clock();
  const { status, nextAttemptAt } = nextStep(d, result, s, at);
  const recorded = await store.db.transaction(async (tx) => {
    const cur = await repo.lockDelivery(tx, d.id);
    if (cur === undefined || cur.status !== 'pending' || cur.attempts !== d.attempts || cur.leaseUntil !== d.leaseUntil) return false;
    const iso = at.toISOString();
    await repo.insertAttempt(tx, { deliveryId: d.id, documentId: d.documentId, attempt: n, at: iso, outcome: result.outcome, httpStatus: result.httpStatus, error: result.error, durationMs: result.durationMs });
    await repo.updateDelivery(tx, d.id, { status, attempts: n, nextAttemptAt, leaseUntil: null, lastError: result.error, ...(status === 'delivered' ? { deliveredAt: iso } : {}) });
    const common = { deliveryId: d.id, webhookId: d.webhookId, eventId: d.eventId, attempt: n, url: hook?.url ?? null, outcome: result.outcome, httpStatus: result.httpStatus, error: result.error, durationMs: result.durationMs };
    if (status === 'delivered') {
      await appendEventTx(tx, d.documentId, 'system:dispatch', 'webhook.receipt', common, at);
      return true;
    }
    await appendEventTx(tx, d.documentId, 'system:dispatch', 'webhook.attempt', { ...common, ...(status === 'pending' ? { nextAttemptAt } : {}) }, at);
    if (status === 'dead') {
      const history = (await repo.attemptsOfDeliveries(tx, [d.id])).map((a) => ({ attempt: a.attempt, at: a.at, outcome: a.outcome, httpStatus: a.httpStatus, error: a.error }));
      await appendEventTx(tx, d.documentId, 'system:dispatch', 'webhook.dead-lettered', { deliveryId: d.id, webhookId: d.webhookId, url: hook?.url ?? null, attempts: n, history }, at);
    }
    return true;
  });
  const log = { documentId: d.documentId, deliveryId: d.id, attempt: n, outcome: result.outcome, httpStatus: result.httpStatus, status: recorded ? status : 'superseded' };
  if (recorded && status === 'dead') logger.warn(log, 'webhook delivery dead-lettered');
  else logger.debug(log, 'webhook attempt');
  return { ...result, status: recorded ? status : 'superseded' };
}

/**
 * One pass: claims up to `limit` due deliveries (default: the concurrency) and sends them all at
 * once; returns what became of each. Several passes may run at once, in one process or on several
 * hosts: each delivery is claimed by one of them only.
 */
export async function senderPass(store: Pick<Store, 'db'>, s: SenderSettings, o: { clock?: () => Date; logger: Logger; limit?: number }): Promise<{ delivery: WebhookDeliveryRow; result: SentResult }[]> {
  const clock = o.clock ?? ((): Date => new Date());
  const claimed = await claimDueDeliveries(store, clock(), o.limit ?? s.concurrency, leaseMsOf(s));
  return Promise.all(claimed.map(async (delivery) => ({ delivery, result: await sendDelivery(store, delivery, s, clock, o.logger) })));
}
