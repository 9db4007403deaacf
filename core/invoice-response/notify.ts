/**
 * The supplier's mail for a status of a document it sent through the portal or the API and for which it
 * left an address (the portal's notification address, the API's `X-Notify-Email`): the status with its
 * reasons, actions and texts in the supplier's language (FR/DE/EN, plain text), the Invoice Response
 * attached when it passed T111. One mail per status; a failed send is tried again at the next pass,
 * up to 5 attempts (the error is kept). SMTP `EINVOICE_SMTP_URL`, sender `EINVOICE_MAIL_FROM`.
 */
import type { Transporter } from 'nodemailer';
import { langOr, type Lang } from '../../config/languages';
import * as repo from '../../db/repositories/responses';
import { formatDate, formatDecimal } from '../../templates/format';
import { getDocument } from '../documents/store';
import type { Store } from '../store';
import { shownStatus, type ShownClarification } from './view';

const MAX_ATTEMPTS = 5;

const TEXT: Record<Lang, { subject: string; intro: string; reasons: string; actions: string; note: string; paid: string; effective: string; outro: string; attached: string }> = {
  fr: {
    subject: 'Facture {number} : {status}',
    intro: '{body} a donné le statut « {status} » ({code}) au document {number} du {date} (identifiant {id}) le {at}.',
    reasons: 'Motifs :', actions: 'Actions demandées :', note: 'Remarque :', paid: 'Montant payé : {amount}', effective: 'Date d’effet : {date}',
    outro: 'Ce message est envoyé automatiquement par le hub national de facturation électronique.', attached: 'La réponse Peppol (Invoice Response) est jointe.',
  },
  de: {
    subject: 'Rechnung {number}: {status}',
    intro: '{body} hat dem Dokument {number} vom {date} (Kennung {id}) am {at} den Status „{status}“ ({code}) gegeben.',
    reasons: 'Gründe:', actions: 'Erbetene Maßnahmen:', note: 'Bemerkung:', paid: 'Bezahlter Betrag: {amount}', effective: 'Gültig ab: {date}',
    outro: 'Diese Nachricht wurde vom nationalen E-Rechnungs-Hub automatisch versandt.', attached: 'Die Peppol-Antwort (Invoice Response) ist beigefügt.',
  },
  en: {
    subject: 'Invoice {number}: {status}',
    intro: '{body} set the status "{status}" ({code}) on document {number} of {date} (id {id}) on {at}.',
    reasons: 'Reasons:', actions: 'Actions requested:', note: 'Note:', paid: 'Amount paid: {amount}', effective: 'Effective from: {date}',
    outro: 'This message was sent automatically by the national e-invoicing hub.', attached: 'The Peppol Invoice Response is attached.',
  },
};

const fill = (s: string, vars: Record<string, string>): string => s.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');

const line = (c: ShownClarification): string => `- ${c.name} (${c.code})${c.text !== null ? `: ${c.text}` : ''}`;

/** The subject and text of the mail of one status. */
export function statusMail(row: repo.DocumentResponseRow, doc: { id: string; invoiceNumber: string | null; issueDate: string | null }, bodyName: string, lang: Lang, attached = false): { subject: string; text: string } {
  const t = TEXT[lang];
  const s = shownStatus(row, lang);
  const vars = { body: bodyName, status: s.name, code: s.code, number: doc.invoiceNumber ?? '-', date: doc.issueDate ? formatDate(doc.issueDate, lang) : '-', id: doc.id, at: formatDate(s.at.slice(0, 10), lang) };
  const parts = [fill(t.intro, vars)];
  if (s.reasons.length > 0) parts.push([t.reasons, ...s.reasons.map(line)].join('\n'));
  if (s.actions.length > 0) parts.push([t.actions, ...s.actions.map(line)].join('\n'));
  if (s.paidAmount !== null) parts.push(fill(t.paid, { amount: `${formatDecimal(s.paidAmount, lang, 2)} ${s.currency ?? ''}`.trim() }));
  if (s.effectiveDate !== null) parts.push(fill(t.effective, { date: formatDate(s.effectiveDate, lang) }));
  if (s.note !== null) parts.push(`${t.note}\n${s.note}`);
  parts.push(attached ? `${t.outro} ${t.attached}` : t.outro);
  return { subject: fill(t.subject, vars), text: `${parts.join('\n\n')}\n` };
}

export interface StatusMailDeps {
  store: Store;
  transport: Transporter;
  from: string;
  clock: () => Date;
  /** The body's name (the directory's, in the language). */
  bodyName: (bodyId: string, lang: Lang) => Promise<string>;
}

/** One pass: mails every status waiting for its mail; returns how many were sent. */
export async function mailPendingStatuses(deps: StatusMailDeps, limit = 100): Promise<number> {
  let sent = 0;
  for (const row of await repo.pendingMails(deps.store.db, MAX_ATTEMPTS, limit)) {
    const doc = await getDocument(deps.store, row.documentId);
    if (doc === undefined || row.notifyEmail === null) continue;
    const lang = langOr((await repo.submitterAddress(deps.store.db, doc.id))?.lang);
    const attachments = row.responseState === 'valid' && row.sha256 !== null
      ? [{ filename: `invoice-response-${row.code}-${row.id}.xml`, content: await deps.store.blobs.get(row.sha256), contentType: 'application/xml' }] : [];
    const m = statusMail(row, doc, await deps.bodyName(row.bodyId, lang), lang, attachments.length > 0);
    try {
      await deps.transport.sendMail({ from: deps.from, to: row.notifyEmail, subject: m.subject, text: m.text, attachments });
      await repo.setNotified(deps.store.db, row.id, { notifiedAt: deps.clock().toISOString(), attempts: row.notifyAttempts + 1, error: null });
      sent++;
    } catch (err) {
      await repo.setNotified(deps.store.db, row.id, { attempts: row.notifyAttempts + 1, error: (err as Error).message.slice(0, 500) });
    }
  }
  return sent;
}
