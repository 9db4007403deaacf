/**
 * Answers to web-form and API submitters: when a document whose submitter left an address
 * (`registerNotifyAddress`, called by the channel that received it) is rejected or refused as a
 * duplicate, the findings are mailed there once (SMTP `EINVOICE_SMTP_URL`, sender
 * `EINVOICE_MAIL_FROM`). A failed send is kept with its error and tried again at the next pass, up to
 * 5 attempts. Plain-text mail in the submitter's language (FR/DE/EN); no HTML, nothing to escape.
 */
import { langOr, type Lang } from '../../config/languages';
import type { Transporter } from 'nodemailer';
import * as repo from '../../db/repositories/mls';
import type { Store } from '../../db/store';
import { REFUSED } from '../documents/states';
import { getDocument } from '../documents/store';
import { rejectionLines } from './produce';

const EMAIL = /^[^\s@<>()[\],;:"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$/;
const MAX_ATTEMPTS = 5;

/** Whether a submitter's notification address is acceptable (what `registerNotifyAddress` accepts). */
export function isNotifyAddress(email: string): boolean {
  return email.trim().length <= 320 && EMAIL.test(email.trim());
}

/** Records where to notify the submitter of a document (idempotent; a later address replaces an unsent one). */
export async function registerNotifyAddress(store: Pick<Store, 'db'>, documentId: string, email: string, lang: Lang = 'fr', at = new Date()): Promise<void> {
  const e = email.trim();
  if (!isNotifyAddress(e)) throw new Error(`"${e.slice(0, 80)}" is not an e-mail address`);
  await repo.upsertNotifyAddress(store.db, { documentId, email: e, lang, createdAt: at.toISOString() });
}

const TEXT: Record<Lang, { subject: string; intro: string; outro: string; location: string }> = {
  fr: {
    subject: 'Document {id} refusé par le hub national de facturation électronique',
    intro: 'Le document {id} (facture {number}) reçu le {received} a été refusé. Constats :',
    outro: 'Corrigez le document et envoyez-le à nouveau. Ce message est envoyé automatiquement.',
    location: 'emplacement',
  },
  de: {
    subject: 'Dokument {id} vom nationalen E-Rechnungs-Hub abgelehnt',
    intro: 'Das Dokument {id} (Rechnung {number}), empfangen am {received}, wurde abgelehnt. Befunde:',
    outro: 'Bitte berichtigen Sie das Dokument und senden Sie es erneut. Diese Nachricht wurde automatisch versandt.',
    location: 'Stelle',
  },
  en: {
    subject: 'Document {id} refused by the national e-invoicing hub',
    intro: 'Document {id} (invoice {number}) received on {received} was refused. Findings:',
    outro: 'Please correct the document and send it again. This message was sent automatically.',
    location: 'location',
  },
};

function fill(s: string, vars: Record<string, string>): string {
  return s.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');
}

export interface NotifyDeps {
  store: Store;
  transport: Transporter;
  from: string;
  clock: () => Date;
}

/** One pass: mails every pending notification of a refused document; returns how many were sent. */
export async function notifyPending(deps: NotifyDeps, limit = 100): Promise<number> {
  const rows = await repo.pendingNotifications(deps.store.db, REFUSED, MAX_ATTEMPTS, limit);
  let sent = 0;
  for (const n of rows) {
    const doc = await getDocument(deps.store, n.documentId);
    if (doc === undefined) continue;
    const lang: Lang = langOr(n.lang);
    const t = TEXT[lang];
    const vars = { id: doc.id, number: doc.invoiceNumber ?? '-', received: doc.receivedAt.slice(0, 10) };
    const lines = (await rejectionLines(deps.store, doc)).map((l) => `- ${l.description}${l.location !== 'NA' ? ` (${t.location}: ${l.location})` : ''}`);
    const text = `${fill(t.intro, vars)}\n\n${lines.join('\n')}\n\n${t.outro}\n`;
    try {
      await deps.transport.sendMail({ from: deps.from, to: n.email, subject: fill(t.subject, vars), text });
      await repo.markNotification(deps.store.db, n.documentId, { notifiedAt: deps.clock().toISOString(), attempts: n.attempts + 1, lastError: null });
      sent++;
    } catch (err) {
      await repo.markNotification(deps.store.db, n.documentId, { attempts: n.attempts + 1, lastError: (err as Error).message.slice(0, 500) });
    }
  }
  return sent;
}
