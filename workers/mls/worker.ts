/**
 * MLS background work of a worker process: every `EINVOICE_MLS_INTERVAL_MS`, produces the Peppol
 * MLS responses of rejected (and, where configured, accepted) Peppol documents that have none yet.
 * A poll on the database rather than a hook in the validate stage: the database is the source of
 * truth, and a rejection by staff from the console is answered the same way. The responses are
 * checked in a one-thread validation pool (created on first use) so the worker's event loop keeps
 * serving its stage jobs. The same pass mails web-form and API submitters who left an address the
 * findings of their refused documents (workers/mls/notify.ts), when EINVOICE_SMTP_URL is set.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { config } from '../../config';
import type { Database } from '../../db/client';
import type { FileStore } from '../../db/file-store';
import { ValidationPool } from '../../validation/pool';
import { notifyPending } from './notify';
import { produceMlsPending, pendingMlsDocuments, type MlsDeps } from './produce';

export interface MlsBackground { runNow: () => Promise<number>; stop: () => Promise<void> }

export function startMlsBackground(db: Database, files: FileStore, logger: Logger, o: { intervalMs?: number; transport?: Transporter | null } = {}): MlsBackground {
  const log = logger.child({ component: 'mls' });
  let pool: ValidationPool | null = null;
  const deps: MlsDeps = {
    db, files, hubSeat: config.peppolSeatId, acceptance: config.mlsAcceptance, clock: () => new Date(),
    validate: (bytes, opts) => { pool ??= new ValidationPool({ size: 1 }); return pool.validate(bytes, opts); },
  };
  // submitters of other channels who left an address are mailed their findings (when SMTP is configured)
  const transport = o.transport !== undefined ? o.transport : config.smtpUrl !== undefined ? nodemailer.createTransport(config.smtpUrl) : null;
  const mail = async (): Promise<void> => {
    if (transport === null) return;
    const n = await notifyPending({ db, files, transport, from: config.mailFrom, clock: () => new Date() });
    if (n > 0) log.info({ mailed: n }, 'submitters notified of refused documents');
  };
  let running: Promise<number> | null = null;
  const failed = new Map<string, number>();
  const runNow = (): Promise<number> => {
    if (running !== null) return running;
    // documents whose response failed are set aside for an hour (logged each time they are tried)
    const now = Date.now();
    for (const [id, until] of failed) if (until <= now) failed.delete(id);
    const skip = new Set(failed.keys());
    if (pendingMlsDocuments(db, deps.acceptance, 1, skip).length === 0) {
      running = mail().then(() => 0).catch((err: unknown) => { log.warn({ err: (err as Error).message }, 'notification pass failed'); return 0; }).finally(() => { running = null; });
      return running;
    }
    running = produceMlsPending(deps, (documentId, err) => { failed.set(documentId, Date.now() + 3_600_000); log.error({ documentId, err: err.message }, 'MLS response not produced'); }, 100, skip)
      .then(async (n) => { await mail(); return n; })
      .then((n) => { if (n > 0) log.info({ created: n }, 'MLS responses put in the outbox'); return n; })
      .catch((err: unknown) => { log.warn({ err: (err as Error).message }, 'MLS pass failed'); return 0; })
      .finally(() => { running = null; });
    return running;
  };
  const every = o.intervalMs ?? config.mlsIntervalMs;
  const timer = every > 0 ? setInterval(() => { void runNow(); }, every) : null;
  timer?.unref();
  return {
    runNow,
    stop: async () => {
      if (timer) clearInterval(timer);
      if (running) await running;
      await pool?.close();
    },
  };
}
