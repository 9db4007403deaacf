/**
 * Notifications to web-form and API submitters who left an address: the findings of a refused
 * document are mailed once, in their language (the rule texts), with the document's type and signed
 * amount, through a real SMTP server (a local catch-all speaking SMTP over node:net,
 * test/console/smtp.ts); a failed send is kept and tried again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { notifyPending, registerNotifyAddress } from '../../core/mls/notify';
import { submitterNotifications } from '../../db/schema';
import { validate } from '../../validation';
import { startMlsBackground } from '../../workers/mls/background';
import { openTestStore, silent, type TestStore } from '../pipeline/helpers';
import { seedDocument } from './helpers';
import { startCatchAll, type CatchAll } from './smtp';

// a hub with argon2id accounts and a fresh database per file: more than jest's default 5 s for the hooks
jest.setTimeout(120_000);

let store: TestStore;
let smtp: CatchAll;

beforeAll(async () => {
  store = await openTestStore('console-notify');
  smtp = await startCatchAll();
});
afterAll(async () => {
  await smtp.close();
  await store.close();
});

const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });

/** A mail's headers (unfolded) and body (quoted-printable decoded). */
function read(m: CatchAll['mails'][number]): { headers: string; body: string } {
  const headers = m.data.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' '); // long header lines are folded
  // the body may be quoted-printable (soft line breaks, =XX bytes): decode it before reading
  const body = Buffer.from(m.data.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return { headers, body };
}

async function notification(documentId: string): Promise<typeof submitterNotifications.$inferSelect | undefined> {
  return (await store.db.select().from(submitterNotifications).where(eq(submitterNotifications.documentId, documentId)).limit(1))[0];
}

it('mails the findings of a refused document once, in the submitter’s language', async () => {
  const id = await seedDocument(store, { state: 'rejected', channel: 'api', sendingAp: null, receivedAt: '2026-03-02T09:00:00.000Z', invoiceNumber: 'INV-77',
    findings: [{ ruleId: 'BR-05', location: '/Invoice[1]', message: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).' }] });
  const ok = await seedDocument(store, { state: 'delivered', channel: 'portal-upload', sendingAp: null, receivedAt: '2026-03-02T09:00:00.000Z' });
  await registerNotifyAddress(store, id, 'supplier@example.lu', 'de');
  await registerNotifyAddress(store, ok, 'other@example.lu', 'en');
  await expect(registerNotifyAddress(store, ok, 'not an address')).rejects.toThrow();
  const bg = startMlsBackground(store, validate, silent, { intervalMs: 0, transport: transport() });
  try {
    await bg.runNow();
    await bg.runNow();
  } finally {
    await bg.stop();
  }
  expect(smtp.mails).toHaveLength(1);
  const m = smtp.mails[0]!;
  const { headers, body } = read(m);
  expect(m.to).toEqual(['supplier@example.lu']);
  expect(headers).toContain(`Subject: Dokument ${id} vom nationalen E-Rechnungs-Hub abgelehnt`);
  expect(body).toContain('Nummer: INV-77');
  expect(body).toContain('Dokumentart: Rechnung');
  // a report stored without the French and German texts gets them when read: the submitter reads German
  expect(body).toContain('- [BR-05] Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten. (Stelle: /Invoice[1])');
  expect(body).not.toContain('An Invoice shall have');
  expect((await notification(id))?.notifiedAt).not.toBeNull();
  expect((await notification(ok))?.notifiedAt).toBeNull();
});

it('keeps a failed send with its error and sends it at a later pass', async () => {
  const id = await seedDocument(store, { state: 'duplicate', channel: 'portal-form', sendingAp: null, receivedAt: '2026-03-03T09:00:00.000Z' });
  await registerNotifyAddress(store, id, 'late@example.lu', 'en');
  const dead = nodemailer.createTransport({ host: '127.0.0.1', port: 1, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
  expect(await notifyPending({ store, transport: dead, from: 'hub <noreply@localhost>', clock: () => new Date() })).toBe(0);
  const row = await notification(id);
  expect(row).toMatchObject({ attempts: 1, notifiedAt: null });
  expect(row?.lastError).toBeTruthy();
  const before = smtp.mails.length;
  expect(await notifyPending({ store, transport: transport(), from: 'hub <noreply@localhost>', clock: () => new Date() })).toBe(1);
  expect(smtp.mails).toHaveLength(before + 1);
  expect(smtp.mails.at(-1)?.data).toContain('[HUB-DUPLICATE]');
});

it('a refused credit note: German findings, the type "Gutschrift" and its amount with its sign', async () => {
  const example = fs.readFileSync(path.resolve(__dirname, '../../../shared/examples/peppol-billing/base-creditnote-correction.xml'));
  const bad = Buffer.from(example.toString('utf8').replace(/\s*<cbc:DocumentCurrencyCode>EUR<\/cbc:DocumentCurrencyCode>/, ''));
  const report = await validate(bad, { date: '2026-05-04' });
  const br05 = report.findings.find((f) => f.ruleId === 'BR-05');
  expect(br05?.messages?.de).toBe('Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten.');
  const id = await seedDocument(store, { state: 'rejected', channel: 'portal-upload', sendingAp: null, receivedAt: '2026-05-04T09:00:00.000Z', invoiceNumber: 'Snippet1', typeCode: '381', payload: example, findings: report.findings });
  await registerNotifyAddress(store, id, 'gutschrift@example.lu', 'de');
  const before = smtp.mails.length;
  expect(await notifyPending({ store, transport: transport(), from: 'hub <noreply@localhost>', clock: () => new Date() })).toBe(1);
  expect(smtp.mails).toHaveLength(before + 1);
  const { body } = read(smtp.mails.at(-1)!);
  expect(body).toContain('Dokumentart: Gutschrift (381)');
  expect(body).toContain('Betrag: -1.656,25\u00a0EUR');
  expect(body).toContain('empfangen am 04.05.2026');
  expect(body).toContain('[BR-05] Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten.');
  for (const f of report.findings.filter((x) => x.flag === 'fatal')) expect(body).toContain(`[${f.ruleId}] ${f.messages?.de ?? '?'}`);
  expect(body).not.toContain('shall');
});
