/**
 * The Invoice Responses' periodic work in a worker process, every `EINVOICE_RESPONSE_INTERVAL_MS`:
 * mails the statuses bodies set to the suppliers who left an address (core/invoice-response/notify.ts,
 * when EINVOICE_SMTP_URL is set), and raises the reminders of documents that waited past
 * `EINVOICE_RESPONSE_DEADLINE_DAYS` for a status beyond AB (core/invoice-response/deadline.ts, recorded
 * even without SMTP). One host runs the pass at a time (`store.exclusive`).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { config } from '../../config';
import { remindAwaiting } from '../../core/invoice-response/deadline';
import { bodyNameIn } from '../../core/invoice-response/party';
import { mailPendingStatuses } from '../../core/invoice-response/notify';
import type { Store } from '../../core/store';
import { startPeriodic, type PeriodicPass } from '../periodic';

export type ResponsesBackground = PeriodicPass;

export function startResponsesBackground(store: Store, logger: Logger, o: { intervalMs?: number; transport?: Transporter | null; now?: () => Date } = {}): ResponsesBackground {
  const log = logger.child({ component: 'invoice-response' });
  const transport = o.transport !== undefined ? o.transport : config.smtpUrl !== undefined ? nodemailer.createTransport(config.smtpUrl) : null;
  const clock = o.now ?? ((): Date => new Date());
  const pass = async (): Promise<number> => {
    let n = 0;
    if (transport !== null) {
      n = await mailPendingStatuses({
        store, transport, from: config.mailFrom, clock,
        bodyName: (bodyId, lang) => bodyNameIn(store, bodyId, clock().toISOString().slice(0, 10), lang),
      });
      if (n > 0) log.info({ mailed: n }, 'statuses mailed to suppliers');
    }
    await remindAwaiting(store, { days: config.responseDeadlineDays, mailFrom: config.mailFrom, publicUrl: config.publicUrl, transport }, log, clock());
    return n;
  };
  return startPeriodic(store, log, { name: 'invoice-response-pass', failure: 'invoice response pass failed', intervalMs: o.intervalMs ?? config.responseIntervalMs }, pass);
}
