/**
 * Pick-up fallback: a document delivered to an inbox and neither fetched (XML, PDF, bundle) nor
 * acknowledged within `afterMs` raises one alert: an e-mail to the body's delivery contacts (else
 * every contact with an address) and to the Authority's mailbox, a `pickup_alerts` row and a
 * `pickup.overdue` event on the document. Without an SMTP transport the alert is recorded and
 * logged (`mail: no-transport`) so the Authority still finds it.
 *
 * A pass runs on one host at a time (`pg_try_advisory_xact_lock`: a host that finds the pass
 * running elsewhere skips it) and claims the items it alerts in the same transaction (`alerted_at`,
 * rows locked with `SKIP LOCKED`), so each delivery raises one alert however many workers run.
 * Mails are sent after the claim is committed, the alert row and event written after each mail.
 *
 * Also here: the Authority's mail for a dead-lettered webhook delivery.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { config } from '../../config';
import * as repo from '../../db/repositories/dispatch';
import type { PickupAlertRow, WebhookDeliveryRow } from '../../db/repositories/dispatch';
import type { Store } from '../store';
import { appendEventTx } from '../documents/store';
import { contactEmails } from './bodies';
import type { SentResult } from './sender';

export interface AlertSettings {
  afterMs: number;
  authorityEmail: string | undefined;
  mailFrom: string;
  publicUrl: string;
  transport: Transporter | null;
}

const PASS_LOCK = 'dispatch:pickup-alerts';

/** The settings of the configuration, with an SMTP transport when `EINVOICE_SMTP_URL` is set (or the one given). */
export function alertSettingsFromConfig(transport?: Transporter | null): AlertSettings {
  const t = transport !== undefined ? transport : config.smtpUrl !== undefined ? nodemailer.createTransport(config.smtpUrl) : null;
  return { afterMs: config.pickupAlertAfterMs, authorityEmail: config.authorityEmail, mailFrom: config.mailFrom, publicUrl: config.publicUrl, transport: t };
}

async function mailFor(s: AlertSettings, item: repo.InboxItemRow, recipients: string[]): Promise<string> {
  if (recipients.length === 0) return 'no-recipient';
  if (s.transport === null) return 'no-transport';
  try {
    await s.transport.sendMail({
      from: s.mailFrom, to: recipients,
      subject: `Invoice not picked up: ${item.invoiceNumber ?? item.documentId} (${item.supplierName ?? 'unknown supplier'})`,
      text: [
        `The document ${item.documentId} (invoice ${item.invoiceNumber ?? '-'} of ${item.issueDate ?? '-'}, supplier ${item.supplierName ?? '-'})`,
        `was delivered to the inbox of ${item.bodyId} on ${item.deliveredAt} and has been neither downloaded nor acknowledged since.`,
        '', `Web inbox: ${s.publicUrl}/inbox/documents/${item.documentId}`, `API: ${s.publicUrl}/inbox/v1/documents/${item.documentId}`,
      ].join('\n'),
    });
    return 'sent';
  } catch (err) {
    return `failed: ${(err as Error).message}`.slice(0, 500);
  }
}

/** Raises the alerts that are due; returns how many (0 as well when another host runs the pass). */
export async function raisePickupAlerts(store: Pick<Store, 'db'>, s: AlertSettings, logger: Logger, now: Date = new Date(), batch = 500): Promise<number> {
  const cutoff = new Date(now.getTime() - s.afterMs).toISOString();
  const claimed = await store.db.transaction(async (tx) => {
    if (!(await repo.tryLockKey(tx, PASS_LOCK))) return null;
    return repo.claimOverdueItems(tx, cutoff, now.toISOString(), batch);
  });
  if (claimed === null) return 0;
  for (const item of claimed) {
    const recipients = [...(await contactEmails(store, item.bodyId)), ...(s.authorityEmail ? [s.authorityEmail] : [])];
    const mail = await mailFor(s, item, recipients);
    await store.db.transaction(async (tx) => {
      await repo.insertPickupAlert(tx, { documentId: item.documentId, bodyId: item.bodyId, at: now.toISOString(), recipients, mail });
      await appendEventTx(tx, item.documentId, 'system:dispatch', 'pickup.overdue', { bodyId: item.bodyId, deliveredAt: item.deliveredAt, afterMs: s.afterMs, recipients, mail }, now);
    });
    logger.warn({ documentId: item.documentId, bodyId: item.bodyId, mail }, 'pick-up alert');
  }
  return claimed.length;
}

/** The pick-up alerts raised, the latest first. */
export async function listPickupAlerts(store: Pick<Store, 'db'>, limit: number): Promise<PickupAlertRow[]> {
  return repo.recentPickupAlerts(store.db, limit);
}

/** A dead letter is mailed to the Authority (when a mailbox and SMTP are configured). Never throws. */
export async function mailDeadLetter(s: AlertSettings, d: WebhookDeliveryRow, r: SentResult, logger: Logger): Promise<void> {
  if (r.status !== 'dead' || s.transport === null || s.authorityEmail === undefined) return;
  try {
    await s.transport.sendMail({
      from: s.mailFrom, to: s.authorityEmail,
      subject: `Webhook delivery given up: document ${d.documentId} for ${d.bodyId}`,
      text: `The push of document ${d.documentId} to the webhook ${d.webhookId} of ${d.bodyId} was given up after ${d.attempts + 1} attempt(s); last error: ${r.error ?? '-'}.\nThe document stays in the body's inbox.\nDead letters: ${s.publicUrl}/api/v1/dispatch/dead-letters`,
    });
  } catch (err) {
    logger.warn({ err: (err as Error).message, documentId: d.documentId }, 'dead-letter mail failed');
  }
}
