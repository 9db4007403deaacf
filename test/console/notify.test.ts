/**
 * Notifications to web-form and API submitters who left an address: the findings of a refused
 * document are mailed once, in their language, through a real SMTP server (a local catch-all
 * speaking SMTP over node:net, test/console/smtp.ts); a failed send is kept and tried again.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { openDatabase, type Database } from '../../db/client';
import { FileStore } from '../../db/file-store';
import { submitterNotifications } from '../../db/schema';
import { notifyPending, registerNotifyAddress } from '../../workers/mls/notify';
import { startMlsBackground } from '../../workers/mls/worker';
import { silent, tmpDir, type TestServer } from '../pipeline/helpers';
import { seedDocument } from './helpers';
import { startCatchAll, type CatchAll } from './smtp';

let dir: string;
let db: Database;
let files: FileStore;
let smtp: CatchAll;
let fake: TestServer;

beforeAll(async () => {
  dir = tmpDir('console-notify');
  db = openDatabase(dir);
  files = new FileStore(dir);
  fake = { deps: { db, files } } as unknown as TestServer; // seedDocument only needs db and files
  smtp = await startCatchAll();
});
afterAll(async () => {
  await smtp.close();
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });

it('mails the findings of a refused document once, in the submitter’s language', async () => {
  const id = seedDocument(fake, { state: 'rejected', channel: 'api', sendingAp: null, receivedAt: '2026-03-02T09:00:00.000Z', invoiceNumber: 'INV-77',
    findings: [{ ruleId: 'BR-05', location: '/Invoice[1]', message: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).' }] });
  const ok = seedDocument(fake, { state: 'delivered', channel: 'portal-upload', sendingAp: null, receivedAt: '2026-03-02T09:00:00.000Z' });
  registerNotifyAddress(db, id, 'supplier@example.lu', 'de');
  registerNotifyAddress(db, ok, 'other@example.lu', 'en');
  expect(() => registerNotifyAddress(db, ok, 'not an address')).toThrow();
  const bg = startMlsBackground(db, files, silent, { intervalMs: 0, transport: transport() });
  try {
    await bg.runNow();
    await bg.runNow();
  } finally {
    await bg.stop();
  }
  expect(smtp.mails).toHaveLength(1);
  const m = smtp.mails[0]!;
  const headers = m.data.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' '); // long header lines are folded
  // the body may be quoted-printable (soft line breaks, =XX bytes): decode it before reading
  const body = Buffer.from(m.data.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  expect(m.to).toEqual(['supplier@example.lu']);
  expect(headers).toContain(`Subject: Dokument ${id} vom nationalen E-Rechnungs-Hub abgelehnt`);
  expect(body).toContain('INV-77');
  expect(body).toContain('[BR-05]-An Invoice shall have an Invoice currency code (BT-5).');
  expect(body).toContain('(Stelle: /Invoice[1])');
  expect(db.select().from(submitterNotifications).where(eq(submitterNotifications.documentId, id)).get()?.notifiedAt).not.toBeNull();
  expect(db.select().from(submitterNotifications).where(eq(submitterNotifications.documentId, ok)).get()?.notifiedAt).toBeNull();
});

it('keeps a failed send with its error and sends it at a later pass', async () => {
  const id = seedDocument(fake, { state: 'duplicate', channel: 'portal-form', sendingAp: null, receivedAt: '2026-03-03T09:00:00.000Z' });
  registerNotifyAddress(db, id, 'late@example.lu', 'en');
  const dead = nodemailer.createTransport({ host: '127.0.0.1', port: 1, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
  expect(await notifyPending({ db, files, transport: dead, from: 'hub <noreply@localhost>', clock: () => new Date() })).toBe(0);
  const row = db.select().from(submitterNotifications).where(eq(submitterNotifications.documentId, id)).get();
  expect(row).toMatchObject({ attempts: 1, notifiedAt: null });
  expect(row?.lastError).toBeTruthy();
  const before = smtp.mails.length;
  expect(await notifyPending({ db, files, transport: transport(), from: 'hub <noreply@localhost>', clock: () => new Date() })).toBe(1);
  expect(smtp.mails).toHaveLength(before + 1);
  expect(smtp.mails.at(-1)?.data).toContain('[HUB-DUPLICATE]');
});
