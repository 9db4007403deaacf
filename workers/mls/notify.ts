/**
 * Answers to web-form and API submitters: when a document whose submitter left an address
 * (`registerNotifyAddress`, called by the channel that received it) is rejected or refused as a
 * duplicate, the findings are mailed there once (SMTP `EINVOICE_SMTP_URL`, sender
 * `EINVOICE_MAIL_FROM`). A failed send is kept with its error and tried again at the next pass, up to
 * 5 attempts. Plain-text mail in the submitter's language (FR/DE/EN); no HTML, nothing to escape.
 */
import type { Transporter } from 'nodemailer';
import { and, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Database } from '../../db/client';
import type { FileStore } from '../../db/file-store';
import { documents, submitterNotifications } from '../../db/schema';
import { getDocument } from '../stage-contract';
import { rejectionLines, REJECTED_STATES } from './produce';

export const NOTIFY_LANGS = ['fr', 'de', 'en'] as const;
export type NotifyLang = (typeof NOTIFY_LANGS)[number];
const EMAIL = /^[^\s@<>()[\],;:"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}$/;
const MAX_ATTEMPTS = 5;

/** Whether a submitter's notification address is acceptable (what `registerNotifyAddress` accepts). */
export function isNotifyAddress(email: string): boolean {
  return email.trim().length <= 320 && EMAIL.test(email.trim());
}

/** Records where to notify the submitter of a document (idempotent; a later address replaces an unsent one). */
export function registerNotifyAddress(db: Database, documentId: string, email: string, lang: NotifyLang = 'fr', at = new Date()): void {
  const e = email.trim();
  if (!isNotifyAddress(e)) throw new Error(`"${e.slice(0, 80)}" is not an e-mail address`);
  db.insert(submitterNotifications).values({ documentId, email: e, lang, createdAt: at.toISOString() })
    .onConflictDoUpdate({ target: submitterNotifications.documentId, set: { email: e, lang }, where: isNull(submitterNotifications.notifiedAt) }).run();
}

const TEXT: Record<NotifyLang, { subject: string; intro: string; outro: string; location: string }> = {
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
  db: Database;
  files: FileStore;
  transport: Transporter;
  from: string;
  clock: () => Date;
}

/** One pass: mails every pending notification of a refused document; returns how many were sent. */
export async function notifyPending(deps: NotifyDeps, limit = 100): Promise<number> {
  const rows = deps.db.select({ n: submitterNotifications, state: documents.state }).from(submitterNotifications)
    .innerJoin(documents, eq(documents.id, submitterNotifications.documentId))
    .where(and(isNull(submitterNotifications.notifiedAt), lt(submitterNotifications.attempts, MAX_ATTEMPTS), inArray(documents.state, REJECTED_STATES)))
    .limit(limit).all();
  let sent = 0;
  for (const { n } of rows) {
    const doc = getDocument(deps.db, n.documentId);
    if (doc === undefined) continue;
    const lang: NotifyLang = (NOTIFY_LANGS as readonly string[]).includes(n.lang) ? n.lang as NotifyLang : 'fr';
    const t = TEXT[lang];
    const vars = { id: doc.id, number: doc.invoiceNumber ?? '-', received: doc.receivedAt.slice(0, 10) };
    const lines = rejectionLines(deps.db, deps.files, doc).map((l) => `- ${l.description}${l.location !== 'NA' ? ` (${t.location}: ${l.location})` : ''}`);
    const text = `${fill(t.intro, vars)}\n\n${lines.join('\n')}\n\n${t.outro}\n`;
    try {
      await deps.transport.sendMail({ from: deps.from, to: n.email, subject: fill(t.subject, vars), text });
      deps.db.update(submitterNotifications).set({ notifiedAt: deps.clock().toISOString(), attempts: n.attempts + 1, lastError: null }).where(eq(submitterNotifications.documentId, n.documentId)).run();
      sent++;
    } catch (err) {
      deps.db.update(submitterNotifications).set({ attempts: n.attempts + 1, lastError: (err as Error).message.slice(0, 500) }).where(eq(submitterNotifications.documentId, n.documentId)).run();
    }
  }
  return sent;
}
