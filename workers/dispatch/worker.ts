/**
 * Background work of dispatch in a worker process: the webhook sender and the periodic pick-up
 * alert scan. Started by workers/worker.ts next to the stage workers; settings from config.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { config } from '../../config';
import type { Database } from '../../db/client';
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

export function startDispatchBackground(db: Database, logger: Logger, o: { sender?: SenderSettings; alerts?: AlertSettings; alertEveryMs?: number } = {}): DispatchBackground {
  const log = logger.child({ component: 'dispatch' });
  const sender = startSender(db, o.sender ?? senderSettingsFromConfig(), log);
  const alerts = o.alerts ?? alertSettingsFromConfig();
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
