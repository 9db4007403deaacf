/**
 * Pick-up fallback: a document delivered to an inbox and neither fetched (XML, PDF, bundle) nor
 * acknowledged within `afterMs` raises one alert: an e-mail to the body's delivery contacts (else
 * every contact with an address) and to the Authority's mailbox, a `pickup_alerts` row and a
 * `pickup.overdue` event on the document. Without an SMTP transport the alert is recorded and
 * logged (`mail: no-transport`) so the Authority still finds it.
 */
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { inboxItems, pickupAlerts } from '../../db/schema';
import { appendEventTx, contactEmails } from './store';

export interface AlertSettings {
  afterMs: number;
  authorityEmail: string | undefined;
  mailFrom: string;
  publicUrl: string;
  transport: Transporter | null;
}

/** Raises the alerts that are due; returns how many. */
export async function raisePickupAlerts(db: Database, s: AlertSettings, logger: Logger, now: Date = new Date(), batch = 500): Promise<number> {
  const cutoff = new Date(now.getTime() - s.afterMs).toISOString();
  const due = db.select().from(inboxItems)
    .where(and(eq(inboxItems.status, 'new'), lte(inboxItems.deliveredAt, cutoff), isNull(inboxItems.alertedAt)))
    .orderBy(asc(inboxItems.deliveredAt)).limit(batch).all();
  let n = 0;
  for (const item of due) {
    const recipients = [...contactEmails(db, item.bodyId), ...(s.authorityEmail ? [s.authorityEmail] : [])];
    // claim first (one alert per delivery, even with several workers), then mail
    const claimed = db.update(inboxItems).set({ alertedAt: now.toISOString() })
      .where(and(eq(inboxItems.seq, item.seq), isNull(inboxItems.alertedAt), eq(inboxItems.status, 'new'))).run().changes === 1;
    if (!claimed) continue;
    let mail = 'no-transport';
    if (s.transport !== null && recipients.length > 0) {
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
        mail = 'sent';
      } catch (err) {
        mail = `failed: ${(err as Error).message}`.slice(0, 500);
      }
    } else if (recipients.length === 0) mail = 'no-recipient';
    db.transaction((tx) => {
      tx.insert(pickupAlerts).values({ documentId: item.documentId, bodyId: item.bodyId, at: now.toISOString(), recipients: JSON.stringify(recipients), mail }).run();
      appendEventTx(tx, item.documentId, 'system:dispatch', 'pickup.overdue', { bodyId: item.bodyId, deliveredAt: item.deliveredAt, afterMs: s.afterMs, recipients, mail }, now);
    }, { behavior: 'immediate' });
    logger.warn({ documentId: item.documentId, bodyId: item.bodyId, mail }, 'pick-up alert');
    n++;
  }
  return n;
}
