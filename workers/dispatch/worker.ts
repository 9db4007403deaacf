/**
 * Background work of dispatch in a worker process: the webhook sender and the periodic pick-up
 * alert scan. Started by workers/worker.ts next to the stage workers; settings from config.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';
import { config } from '../../config';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { webhookDeliveries } from '../../db/schema';
import { raisePickupAlerts, type AlertSettings } from './alerts';
import { startSender, type SenderHandle, type SenderSettings } from './sender';

export function senderSettingsFromConfig(): SenderSettings {
  return {
    timeoutMs: config.webhookTimeoutMs, backoffMs: config.webhookBackoffMs, maxBackoffMs: config.webhookMaxBackoffMs,
    retryWindowMs: config.webhookRetryWindowMs, concurrency: Math.max(1, config.webhookConcurrency), pollMs: config.webhookPollMs, publicUrl: config.publicUrl,
  };
}

export function alertSettingsFromConfig(transport?: Transporter | null): AlertSettings {
  return {
    afterMs: config.pickupAlertAfterMs, authorityEmail: config.authorityEmail, mailFrom: config.mailFrom, publicUrl: config.publicUrl,
    transport: transport !== undefined ? transport : config.smtpUrl !== undefined ? nodemailer.createTransport(config.smtpUrl) : null,
  };
}

export interface DispatchBackground { sender: SenderHandle; stop: () => Promise<void> }

/** Prometheus: webhook attempts by outcome (this process), deliveries by status (whole hub, read at scrape). */
function dispatchMetrics(db: Database, registry: Registry): (outcome: string) => void {
  const attempts = new Counter({ name: 'einvoice_webhook_attempts_total', help: 'Webhook attempts by outcome (delivered, http-error, timeout, connection-error, refused)', labelNames: ['outcome'], registers: [registry] });
  new Gauge({
    name: 'einvoice_webhook_deliveries', help: 'Webhook deliveries by status (pending, delivered, dead, cancelled, redelivered)', labelNames: ['status'], registers: [registry],
    collect() {
      this.reset();
      for (const r of db.select({ status: webhookDeliveries.status, n: sql<number>`count(*)` }).from(webhookDeliveries).groupBy(webhookDeliveries.status).all()) this.set({ status: r.status }, r.n);
    },
  });
  return (outcome) => attempts.inc({ outcome });
}

export function startDispatchBackground(db: Database, logger: Logger, o: { sender?: SenderSettings; alerts?: AlertSettings; alertEveryMs?: number; registry?: Registry } = {}): DispatchBackground {
  const log = logger.child({ component: 'dispatch' });
  const count = o.registry !== undefined ? dispatchMetrics(db, o.registry) : null;
  const alerts = o.alerts ?? alertSettingsFromConfig();
  const senderSettings = o.sender ?? senderSettingsFromConfig();
  const sender = startSender(db, senderSettings, log, () => new Date(), (r, d) => {
    count?.(r.outcome);
    // a dead letter is also mailed to the Authority (when a mailbox and SMTP are configured)
    if (r.status === 'dead' && alerts.transport !== null && alerts.authorityEmail !== undefined) {
      alerts.transport.sendMail({
        from: alerts.mailFrom, to: alerts.authorityEmail,
        subject: `Webhook delivery given up: document ${d.documentId} for ${d.bodyId}`,
        text: `The push of document ${d.documentId} to the webhook ${d.webhookId} of ${d.bodyId} was given up after ${d.attempts + 1} attempt(s); last error: ${r.error ?? '-'}.\nThe document stays in the body's inbox.\nDead letters: ${senderSettings.publicUrl}/api/v1/dispatch/dead-letters`,
      }).catch((err: unknown) => log.warn({ err: (err as Error).message, documentId: d.documentId }, 'dead-letter mail failed'));
    }
  });
  let scanning: Promise<unknown> | null = null;
  const every = o.alertEveryMs ?? Math.max(1000, Math.min(60_000, Math.floor(alerts.afterMs / 4)));
  const timer = setInterval(() => {
    if (scanning !== null) return;
    scanning = raisePickupAlerts(db, alerts, log).catch((err: unknown) => log.warn({ err: (err as Error).message }, 'pick-up alert scan failed')).finally(() => { scanning = null; });
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
