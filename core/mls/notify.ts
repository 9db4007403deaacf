/**
 * Answers to web-form and API submitters: when a document whose submitter left an address
 * (`registerNotifyAddress`, called by the channel that received it) is rejected or refused as a
 * duplicate, the findings are mailed there once (SMTP `EINVOICE_SMTP_URL`, sender
 * `EINVOICE_MAIL_FROM`). A failed send is kept with its error and tried again at the next pass, up to
 * 5 attempts. Plain-text mail in the submitter's language (FR/DE/EN): what the document is (its type,
 * number and amount with its sign: a credit note's is negative) and each fatal finding in that
 * language (`findingText`: the rule texts; the official English only where a text were missing, said
 * so). No HTML, nothing to escape. (The MLS to a Peppol provider stays in English: core/mls/build.ts.)
 */
import { langOr, type Lang } from '../../config/languages';
import type { Transporter } from 'nodemailer';
import * as repo from '../../db/repositories/mls';
import type { Store } from '../../db/store';
import { documentTypeLabel } from '../../model/codes';
import { findingPlainText } from '../../templates/findings';
import { formatAmount, formatDate } from '../../templates/format';
import { documentFacts } from '../documents/queues';
import { REFUSED } from '../documents/states';
import { getDocument, type DocumentRow } from '../documents/store';
import { findingsOf, type ShownFinding } from '../documents/view';

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

const TEXT: Record<Lang, { subject: string; intro: string; type: string; number: string; amount: string; findings: string; outro: string; location: string; byAuthority: string }> = {
  fr: {
    subject: 'Document {id} refusé par le hub national de facturation électronique',
    intro: 'Le document {id} reçu le {received} a été refusé.',
    type: 'Type de document',
    number: 'Numéro',
    amount: 'Montant',
    findings: 'Constats\u00a0:',
    outro: 'Corrigez le document et envoyez-le à nouveau. Ce message est envoyé automatiquement.',
    location: 'emplacement',
    byAuthority: 'Rejeté par l’Autorité Peppol\u00a0: {reason}',
  },
  de: {
    subject: 'Dokument {id} vom nationalen E-Rechnungs-Hub abgelehnt',
    intro: 'Das Dokument {id}, empfangen am {received}, wurde abgelehnt.',
    type: 'Dokumentart',
    number: 'Nummer',
    amount: 'Betrag',
    findings: 'Befunde:',
    outro: 'Bitte berichtigen Sie das Dokument und senden Sie es erneut. Diese Nachricht wurde automatisch versandt.',
    location: 'Stelle',
    byAuthority: 'Von der Peppol-Behörde abgelehnt: {reason}',
  },
  en: {
    subject: 'Document {id} refused by the national e-invoicing hub',
    intro: 'Document {id} received on {received} was refused.',
    type: 'Document type',
    number: 'Number',
    amount: 'Amount',
    findings: 'Findings:',
    outro: 'Please correct the document and send it again. This message was sent automatically.',
    location: 'location',
    byAuthority: 'Rejected by the Peppol Authority: {reason}',
  },
};

function fill(s: string, vars: Record<string, string>): string {
  return s.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');
}

/** How `rejectDocument` records staff's reason (core/documents/actions.ts). */
const BY_AUTHORITY = 'Rejected by the Peppol Authority: ';

/** One line per reason the document was refused, in the submitter's language: its fatal findings, the duplicate, or staff's reason. */
async function reasonLines(store: Store, doc: DocumentRow, lang: Lang): Promise<string[]> {
  const t = TEXT[lang];
  const line = (f: ShownFinding): string => {
    const text = findingPlainText(f, lang);
    const loc = f.location.trim();
    return `- ${text.startsWith(`[${f.ruleId}]`) ? text : `[${f.ruleId}] ${text}`}${loc !== '' && loc !== '/' ? ` (${t.location}: ${loc})` : ''}`;
  };
  const { findings } = await findingsOf(store, doc);
  const fatal = findings.filter((f) => f.flag === 'fatal');
  if (fatal.length > 0) return fatal.map(line);
  const error = doc.lastError ?? BY_AUTHORITY.trimEnd();
  return [`- [HUB-REJECTED] ${error.startsWith(BY_AUTHORITY) ? fill(t.byAuthority, { reason: error.slice(BY_AUTHORITY.length) }) : error}`];
}

/** The mail of a refused document: what it is (type, number, amount with its sign) and why it was refused. */
export async function refusalMail(store: Store, doc: DocumentRow, lang: Lang): Promise<{ subject: string; text: string }> {
  const t = TEXT[lang];
  const facts = (await documentFacts(store, [doc])).get(doc.payloadSha256);
  const kind = facts?.kind ?? (doc.rootName === 'CreditNote' ? 'credit-note' : doc.rootName === null ? null : 'invoice');
  const amount = facts?.amount ?? null;
  const vars = { id: doc.id, received: formatDate(doc.receivedAt.slice(0, 10), lang) };
  const head = [
    `${t.type}: ${documentTypeLabel(facts?.typeCode ?? doc.typeCode, lang, kind)}`,
    `${t.number}: ${doc.invoiceNumber ?? '-'}`,
    ...(amount !== null ? [`${t.amount}: ${formatAmount(amount, lang)}${facts?.currency ? `\u00a0${facts.currency}` : ''}`] : []),
  ];
  const lines = await reasonLines(store, doc, lang);
  return { subject: fill(t.subject, vars), text: `${fill(t.intro, vars)}\n\n${head.join('\n')}\n\n${t.findings}\n${lines.join('\n')}\n\n${t.outro}\n` };
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
    const { subject, text } = await refusalMail(deps.store, doc, langOr(n.lang));
    try {
      await deps.transport.sendMail({ from: deps.from, to: n.email, subject, text });
      await repo.markNotification(deps.store.db, n.documentId, { notifiedAt: deps.clock().toISOString(), attempts: n.attempts + 1, lastError: null });
      sent++;
    } catch (err) {
      await repo.markNotification(deps.store.db, n.documentId, { attempts: n.attempts + 1, lastError: (err as Error).message.slice(0, 500) });
    }
  }
  return sent;
}
