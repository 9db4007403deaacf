/**
 * MLS background work of a worker process: every `EINVOICE_MLS_INTERVAL_MS`, produces the Peppol
 * MLS responses of rejected, duplicate and unroutable (unless `EINVOICE_MLS_HOLD_UNROUTABLE`: then
 * only once staff reject them) and, where configured, accepted Peppol documents that have none yet
 * (core/mls/produce.ts), then mails web-form and API submitters who left an address the findings of
 * their refused documents (core/mls/notify.ts), when EINVOICE_SMTP_URL is set. A poll on the
 * database rather than a hook in the validate stage: the database is the source of truth, and a
 * rejection by staff from the console is answered the same way. With several worker processes one
 * runs the pass at a time (`store.exclusive`). Responses are checked by the CPU pool's validation.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { config } from '../../config';
import { notifyPending } from '../../core/mls/notify';
import { pendingMlsDocuments, produceMlsPending, type MlsDeps, type MlsValidateFn } from '../../core/mls/produce';
import type { Store } from '../../core/store';
import { startPeriodic, type PeriodicPass } from '../periodic';

export type MlsBackground = PeriodicPass;

export function startMlsBackground(store: Store, validate: MlsValidateFn, logger: Logger, o: { intervalMs?: number; transport?: Transporter | null } = {}): MlsBackground {
  const log = logger.child({ component: 'mls' });
  const deps: MlsDeps = { store, validate, hubSeat: config.peppolSeatId, acceptance: config.mlsAcceptance, holdUnroutable: config.mlsHoldUnroutable, clock: () => new Date() };
  // submitters of other channels who left an address are mailed their findings (when SMTP is configured)
  const transport = o.transport !== undefined ? o.transport : config.smtpUrl !== undefined ? nodemailer.createTransport(config.smtpUrl) : null;
  const mail = async (): Promise<void> => {
    if (transport === null) return;
    const n = await notifyPending({ store, transport, from: config.mailFrom, clock: () => new Date() });
    if (n > 0) log.info({ mailed: n }, 'submitters notified of refused documents');
  };
  // documents whose response failed are set aside for an hour (logged each time they are tried)
  const failed = new Map<string, number>();
  const pass = async (): Promise<number> => {
    const now = Date.now();
    for (const [id, until] of failed) if (until <= now) failed.delete(id);
    const skip = new Set(failed.keys());
    let n = 0;
    if ((await pendingMlsDocuments(store, deps.acceptance, 1, skip, deps.holdUnroutable === true)).length > 0) {
      n = await produceMlsPending(deps, (documentId, err) => { failed.set(documentId, Date.now() + 3_600_000); log.error({ documentId, err: err.message }, 'MLS response not produced'); }, 100, skip);
      if (n > 0) log.info({ created: n }, 'MLS responses put in the outbox');
    }
    await mail();
    return n;
  };
  return startPeriodic(store, log, { name: 'mls-pass', failure: 'MLS pass failed', intervalMs: o.intervalMs ?? config.mlsIntervalMs }, pass);
}
