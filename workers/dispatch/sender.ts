/**
 * The webhook sender: POSTs the signed `document.delivered` event of every due delivery, records
 * each attempt (row in `webhook_attempts` + event on the document) and schedules the next one.
 *
 * The schedule lives in the database (`webhook_deliveries.next_attempt_at`), written in the same
 * transaction as the delivery itself; a sender claims due rows with a lease (compare-and-set in an
 * IMMEDIATE transaction), so several worker processes share the work and a crashed sender's rows
 * are taken again when the lease expires. Nothing is lost with Redis, nothing is sent twice by two
 * live senders (a receiver may still see a retry of a request whose 2xx got lost: it dedupes on
 * the event id).
 *
 * Outcomes: 2xx → `delivered` (the receipt); timeout, connection error, 5xx, 408, 429 → retried
 * with exponential backoff (`backoffMs` doubled per attempt, capped at `maxBackoffMs`, +0–10 %
 * jitter) until `retryWindowMs` after the delivery was created, then `dead` (dead letter: the
 * Authority's list, with the attempt history); any other status (3xx, 4xx) → `dead` at once: the
 * receiver refuses the request and repeating it will not change that.
 */
import { performance } from 'node:perf_hooks';
import { and, asc, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { inboxItems, webhookAttempts, webhookDeliveries, webhooks, type WebhookDeliveryRow, type WebhookRow } from '../../db/schema';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';
import { appendEventTx } from './store';

export interface SenderSettings {
  timeoutMs: number;
  backoffMs: number;
  maxBackoffMs: number;
  retryWindowMs: number;
  concurrency: number;
  pollMs: number;
  /** Base URL for the links in the event. */
  publicUrl: string;
}

export type AttemptOutcome = 'delivered' | 'http-error' | 'timeout' | 'connection-error' | 'refused';

export interface AttemptResult {
  outcome: AttemptOutcome;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** Delay before attempt n+1 after n failed attempts (n ≥ 1), without jitter. */
export function backoffDelay(failedAttempts: number, s: Pick<SenderSettings, 'backoffMs' | 'maxBackoffMs'>): number {
  return Math.min(s.maxBackoffMs, s.backoffMs * 2 ** Math.min(30, Math.max(0, failedAttempts - 1)));
}

/** Claims up to `limit` due deliveries for this sender (lease until now + leaseMs). */
export function claimDue(db: Database, now: Date, limit: number, leaseMs: number): WebhookDeliveryRow[] {
  if (limit <= 0) return [];
  const iso = now.toISOString();
  return db.transaction((tx) => {
    const due = tx.select().from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, iso), or(isNull(webhookDeliveries.leaseUntil), lte(webhookDeliveries.leaseUntil, iso))))
      .orderBy(asc(webhookDeliveries.nextAttemptAt)).limit(limit).all();
    if (due.length === 0) return [];
    tx.update(webhookDeliveries).set({ leaseUntil: new Date(now.getTime() + leaseMs).toISOString() }).where(inArray(webhookDeliveries.id, due.map((d) => d.id))).run();
    return due;
  }, { behavior: 'immediate' });
}

export function eventPayload(d: WebhookDeliveryRow, item: { department: string | null; deliveredAt: string; summary: string } | undefined, publicUrl: string): string {
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
      summary: item === undefined ? null : JSON.parse(item.summary) as unknown,
      links: { self: base, xml: `${base}/xml`, pdf: `${base}/pdf`, bundle: `${base}/bundle`, ack: `${base}/ack` },
    },
  });
}

function secretsOf(h: WebhookRow, now: Date): string[] {
  const out = [h.secret];
  if (h.previousSecret !== null && h.previousSecretUntil !== null && h.previousSecretUntil > now.toISOString()) out.push(h.previousSecret);
  return out;
}

/** One HTTP attempt; never throws. */
export async function postEvent(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<AttemptResult> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => undefined);
    const durationMs = Math.round(performance.now() - t0);
    if (res.status >= 200 && res.status < 300) return { outcome: 'delivered', httpStatus: res.status, error: null, durationMs };
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    return { outcome: retryable ? 'http-error' : 'refused', httpStatus: res.status, error: `HTTP ${res.status}`, durationMs };
  } catch (err) {
    const durationMs = Math.round(performance.now() - t0);
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { outcome: 'timeout', httpStatus: null, error: `no response within ${timeoutMs} ms`, durationMs };
    const code = e.cause?.code ?? '';
    return { outcome: 'connection-error', httpStatus: null, error: `${code ? `${code}: ` : ''}${e.cause?.message ?? e.message}`.slice(0, 500), durationMs };
  }
}

/** Sends one claimed delivery and records the outcome (attempt row, delivery row, document events) in one transaction. */
export async function sendDelivery(db: Database, d: WebhookDeliveryRow, s: SenderSettings, clock: () => Date, logger: Logger): Promise<AttemptResult & { status: string }> {
  const hook = db.select().from(webhooks).where(eq(webhooks.id, d.webhookId)).get();
  const attempt = d.attempts + 1;
  let result: AttemptResult;
  if (hook === undefined || hook.disabledAt !== null) {
    result = { outcome: 'refused', httpStatus: null, error: 'webhook disabled or removed', durationMs: 0 };
  } else {
    const item = db.select({ department: inboxItems.department, deliveredAt: inboxItems.deliveredAt, summary: inboxItems.summary }).from(inboxItems).where(eq(inboxItems.documentId, d.documentId)).get();
    const body = eventPayload(d, item, s.publicUrl);
    const now = clock();
    const t = Math.floor(now.getTime() / 1000);
    result = await postEvent(hook.url, body, {
      'Content-Type': 'application/json', 'User-Agent': 'einvoice-hub-webhooks/1', [EVENT_ID_HEADER]: d.eventId,
      'X-Einvoice-Event-Type': 'document.delivered', 'X-Einvoice-Attempt': String(attempt), [SIGNATURE_HEADER]: signatureHeader(secretsOf(hook, now), t, body),
    }, s.timeoutMs);
  }
  const at = clock();
  let status: string;
  let nextAttemptAt = d.nextAttemptAt;
  if (result.outcome === 'delivered') status = 'delivered';
  else if (result.outcome === 'refused') status = 'dead';
  else {
    const delay = Math.round(backoffDelay(attempt, s) * (1 + Math.random() * 0.1));
    const next = at.getTime() + delay;
    if (next > new Date(d.createdAt).getTime() + s.retryWindowMs) status = 'dead';
    else { status = 'pending'; nextAttemptAt = new Date(next).toISOString(); }
  }
  db.transaction((tx) => {
    const cur = tx.select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.id, d.id)).get();
    if (cur === undefined || cur.status !== 'pending' || cur.attempts !== d.attempts) return; // cancelled (document moved) or taken over meanwhile
    tx.insert(webhookAttempts).values({ deliveryId: d.id, documentId: d.documentId, attempt, at: at.toISOString(), outcome: result.outcome, httpStatus: result.httpStatus, error: result.error, durationMs: result.durationMs }).run();
    tx.update(webhookDeliveries).set({
      status, attempts: attempt, nextAttemptAt, leaseUntil: null, lastError: result.error,
      ...(status === 'delivered' ? { deliveredAt: at.toISOString() } : {}),
    }).where(eq(webhookDeliveries.id, d.id)).run();
    const common = { deliveryId: d.id, webhookId: d.webhookId, eventId: d.eventId, attempt, url: hook?.url ?? null, outcome: result.outcome, httpStatus: result.httpStatus, error: result.error, durationMs: result.durationMs };
    if (status === 'delivered') appendEventTx(tx, d.documentId, 'system:dispatch', 'webhook.receipt', common, at);
    else {
      appendEventTx(tx, d.documentId, 'system:dispatch', 'webhook.attempt', { ...common, ...(status === 'pending' ? { nextAttemptAt } : {}) }, at);
      if (status === 'dead') {
        const history = tx.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, d.id)).orderBy(asc(webhookAttempts.attempt)).all()
          .map((a) => ({ attempt: a.attempt, at: a.at, outcome: a.outcome, httpStatus: a.httpStatus, error: a.error }));
        appendEventTx(tx, d.documentId, 'system:dispatch', 'webhook.dead-lettered', { deliveryId: d.id, webhookId: d.webhookId, url: hook?.url ?? null, attempts: attempt, history }, at);
      }
    }
  }, { behavior: 'immediate' });
  const log = { documentId: d.documentId, deliveryId: d.id, attempt, outcome: result.outcome, httpStatus: result.httpStatus, status };
  if (status === 'dead') logger.warn(log, 'webhook delivery dead-lettered');
  else logger.debug(log, 'webhook attempt');
  return { ...result, status };
}

export interface SenderHandle {
  /** Looks for due deliveries now (otherwise every pollMs). */
  kick: () => void;
  /** Deliveries sent since start. */
  stats: () => { attempts: number; delivered: number; inFlight: number };
  /** Stops claiming and waits for the requests in flight. */
  stop: () => Promise<void>;
}

export function startSender(db: Database, s: SenderSettings, logger: Logger, clock: () => Date = () => new Date(), onAttempt?: (r: AttemptResult & { status: string }, d: WebhookDeliveryRow) => void): SenderHandle {
  let stopped = false;
  let pumping = false;
  let again = false;
  let inFlight = 0;
  let attempts = 0;
  let delivered = 0;
  const idleWaiters: (() => void)[] = [];
  const leaseMs = s.timeoutMs + 30_000;
  const pump = (): void => {
    if (stopped) return;
    if (pumping) { again = true; return; }
    pumping = true;
    try {
      do {
        again = false;
        let claimed: WebhookDeliveryRow[] = [];
        // refill in batches (a claim is a write transaction): when a quarter of the slots is free, or when idle
        const free = s.concurrency - inFlight;
        if (inFlight > 0 && free < Math.max(1, Math.floor(s.concurrency / 4))) break;
        try {
          claimed = claimDue(db, clock(), free, leaseMs);
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'webhook sender could not claim deliveries');
        }
        for (const d of claimed) {
          inFlight++;
          void sendDelivery(db, d, s, clock, logger)
            .then((r) => { attempts++; if (r.status === 'delivered') delivered++; onAttempt?.(r, d); })
            .catch((err: unknown) => logger.error({ err: (err as Error).message, deliveryId: d.id }, 'webhook attempt could not be recorded'))
            .finally(() => {
              inFlight--;
              if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
              pump();
            });
        }
      } while (again && inFlight < s.concurrency);
    } finally {
      pumping = false;
    }
  };
  const timer = setInterval(pump, Math.max(10, s.pollMs));
  timer.unref();
  setImmediate(pump);
  return {
    kick: pump,
    stats: () => ({ attempts, delivered, inFlight }),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (inFlight > 0) await new Promise<void>((r) => idleWaiters.push(r));
    },
  };
}
