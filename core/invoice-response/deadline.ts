/**
 * The Authority's deadline: a document delivered more than N days ago (`EINVOICE_RESPONSE_DEADLINE_DAYS`,
 * default 30 — the late-payment directive's period) that has no status beyond AB is "awaiting the
 * body": a console queue, and one reminder mail to the body's delivery contact (else every contact with
 * an address) — once per document, whichever host runs the pass (the reminder row is the claim; the
 * pass runs under `store.exclusive` in the workers). Without SMTP the reminder is recorded
 * (`no-transport`) so the queue still shows it. A `response.reminder` event on the document says who
 * was told.
 */
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import * as repo from '../../db/repositories/responses';
import { contactEmails } from '../dispatch/bodies';
import { appendEvent } from '../documents/store';
import type { Store } from '../store';

export interface DeadlineSettings {
  days: number;
  mailFrom: string;
  publicUrl: string;
  transport: Transporter | null;
}

/** The delivery time before which a document with no status beyond AB is awaiting the body. */
export function awaitingCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

async function mail(s: DeadlineSettings, d: { documentId: string; bodyId: string; deliveredAt: string; invoiceNumber: string | null; supplierName: string | null }, to: string[]): Promise<string> {
  if (to.length === 0) return 'no-recipient';
  if (s.transport === null) return 'no-transport';
  try {
    await s.transport.sendMail({
      from: s.mailFrom, to,
      subject: `Facture sans réponse / Rechnung ohne Antwort / Invoice awaiting your status: ${d.invoiceNumber ?? d.documentId}`,
      text: [
        `FR — La facture ${d.invoiceNumber ?? '-'} de ${d.supplierName ?? '-'}, remise le ${d.deliveredAt.slice(0, 10)}, n'a reçu aucun statut (acceptée, rejetée, payée…) depuis ${s.days} jours.`,
        `DE — Die Rechnung ${d.invoiceNumber ?? '-'} von ${d.supplierName ?? '-'}, zugestellt am ${d.deliveredAt.slice(0, 10)}, hat seit ${s.days} Tagen keinen Status (angenommen, abgelehnt, bezahlt…) erhalten.`,
        `EN — Invoice ${d.invoiceNumber ?? '-'} from ${d.supplierName ?? '-'}, delivered on ${d.deliveredAt.slice(0, 10)}, has had no status (accepted, rejected, paid…) for ${s.days} days.`,
        '', `${s.publicUrl}/inbox/documents/${d.documentId}`,
      ].join('\n'),
    });
    return 'sent';
  } catch (err) {
    return `failed: ${(err as Error).message}`.slice(0, 500);
  }
}

/** One pass: the reminders due, each once; returns how many documents were claimed. */
export async function remindAwaiting(store: Pick<Store, 'db'>, s: DeadlineSettings, logger: Logger, now: Date = new Date(), batch = 200): Promise<number> {
  const claimed = await store.db.transaction((tx) => repo.claimReminders(tx, awaitingCutoff(now, s.days), now.toISOString(), batch));
  for (const d of claimed) {
    const to = await contactEmails(store, d.bodyId);
    const outcome = await mail(s, d, to);
    await repo.recordReminder(store.db, d.documentId, to, outcome);
    await appendEvent(store, d.documentId, 'system:responses', 'response.reminder', { bodyId: d.bodyId, deliveredAt: d.deliveredAt, days: s.days, recipients: to, mail: outcome }, now);
    logger.info({ documentId: d.documentId, bodyId: d.bodyId, mail: outcome }, 'reminder: document awaiting the body');
  }
  return claimed.length;
}
