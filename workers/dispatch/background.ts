/**
 * Dispatch's periodic work in a worker process, on timers: the webhook sender (claims due
 * deliveries and keeps up to `concurrency` requests in flight) and the pick-up alert pass. The work
 * itself is core/dispatch (sender.ts, alerts.ts); both are safe with any number of worker processes
 * on any number of hosts (claims with `FOR UPDATE SKIP LOCKED` and a lease; the alert pass under an
 * advisory lock). Started by workers/worker.ts next to the stage workers; settings from config.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { alertSettingsFromConfig, mailDeadLetter, raisePickupAlerts, type AlertSettings } from '../../core/dispatch/alerts';
import { deliveryCounts } from '../../core/dispatch/dead-letters';
import { claimDueDeliveries, leaseMsOf, sendDelivery, senderSettingsFromConfig, type SenderSettings, type SentResult, type WebhookDeliveryRow } from '../../core/dispatch/sender';
import type { Store } from '../../core/store';

export interface SenderHandle {
  /** Looks for due deliveries now (otherwise every pollMs). */
  kick: () => void;
  /** Deliveries sent since start. */
  stats: () => { attempts: number; delivered: number; inFlight: number };
  /** Stops claiming and waits for the requests in flight. */
  stop: () => Promise<void>;
}

/**
 * Runs the sender: claims due deliveries for the free slots (refilled in batches, when a quarter of
 * the slots is free or when idle), sends each, claims again as requests finish, and looks every
 * `pollMs` when idle.
 */
export function startSender(store: Store, s: SenderSettings, logger: Logger, clock: () => Date = () => new Date(), onAttempt?: (r: SentResult, d: WebhookDeliveryRow) => void): SenderHandle {
  let stopped = false;
  let pumping = false;
  let again = false;
  let inFlight = 0;
  let attempts = 0;
  let delivered = 0;
  const idleWaiters: (() => void)[] = [];
  const leaseMs = leaseMsOf(s);
  const send = (d: WebhookDeliveryRow): void => {
    inFlight++;
    void sendDelivery(store, d, s, clock, logger)
      .then((r) => { attempts++; if (r.status === 'delivered') delivered++; onAttempt?.(r, d); })
      .catch((err: unknown) => logger.error({ err: (err as Error).message, deliveryId: d.id }, 'webhook attempt could not be recorded'))
      .finally(() => {
        inFlight--;
        if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
        void pump();
      });
  };
  const pump = async (): Promise<void> => {
    if (stopped) return;
    if (pumping) { again = true; return; }
    pumping = true;
    try {
      do {
        again = false;
        const free = s.concurrency - inFlight;
        if (inFlight > 0 && free < Math.max(1, Math.floor(s.concurrency / 4))) break;
        let claimed: WebhookDeliveryRow[] = [];
        try {
          claimed = await claimDueDeliveries(store, clock(), free, leaseMs);
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'webhook sender could not claim deliveries');
        }
        if (stopped) break;
        for (const d of claimed) send(d);
        if (claimed.length === free && free > 0) again = true;
      } while (again && !stopped && inFlight < s.concurrency);
    } finally {
      pumping = false;
    }
  };
  const timer = setInterval(() => void pump(), Math.max(10, s.pollMs));
  timer.unref();
  setImmediate(() => void pump());
  return {
    kick: () => void pump(),
    stats: () => ({ attempts, delivered, inFlight }),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      while (pumping) await new Promise((r) => setTimeout(r, 5));
      if (inFlight > 0) await new Promise<void>((r) => idleWaiters.push(r));
    },
  };
}

export interface DispatchBackground { sender: SenderHandle; stop: () => Promise<void> }

/** Prometheus: webhook attempts by outcome (this process), deliveries by status (whole hub, read at scrape). */
function dispatchMetrics(store: Store, registry: Registry): (outcome: string) => void {
  const attempts = new Counter({ name: 'einvoice_webhook_attempts_total', help: 'Webhook attempts by outcome (delivered, http-error, timeout, connection-error, refused)', labelNames: ['outcome'], registers: [registry] });
  new Gauge({
    name: 'einvoice_webhook_deliveries', help: 'Webhook deliveries by status (pending, delivered, dead, cancelled, redelivered)', labelNames: ['status'], registers: [registry],
    async collect() {
      this.reset();
      for (const r of await deliveryCounts(store)) this.set({ status: r.status }, r.n);
    },
  });
  return (outcome) => attempts.inc({ outcome });
}

export function startDispatchBackground(store: Store, logger: Logger, o: { sender?: SenderSettings; alerts?: AlertSettings; alertEveryMs?: number; registry?: Registry } = {}): DispatchBackground {
  const log = logger.child({ component: 'dispatch' });
  const count = o.registry !== undefined ? dispatchMetrics(store, o.registry) : null;
  const alerts = o.alerts ?? alertSettingsFromConfig();
  const sender = startSender(store, o.sender ?? senderSettingsFromConfig(), log, () => new Date(), (r, d) => {
    if (r.status !== 'superseded') count?.(r.outcome);
    void mailDeadLetter(alerts, d, r, log);
  });
  let scanning: Promise<unknown> | null = null;
  const every = o.alertEveryMs ?? Math.max(1000, Math.min(60_000, Math.floor(alerts.afterMs / 4)));
  const timer = setInterval(() => {
    if (scanning !== null) return;
    scanning = raisePickupAlerts(store, alerts, log).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'pick-up alert scan failed')).finally(() => { scanning = null; });
  }, every);
  timer.unref();
  return {
    sender,
    stop: async () => {
      clearInterval(timer);
      await sender.stop();
      if (scanning !== null) await scanning;
    },
  };
}
