/**
 * The console shows a rule's text in the staff member's language wherever it shows one (document
 * page, queue grouped by rule, a queue line's reason, a provider's top failing rules), the official
 * English beside it; the documents
 * API keeps the official English in `message` and adds `messages: {fr, de}`. A report stored without
 * the texts (before they existed) gets them when read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validate } from '../../validation';
import { pageText } from '../portal/helpers';
import { adminApi, seedDocument, staffClient, startConsoleHub, type Client, type ConsoleHub } from './helpers';

jest.setTimeout(120_000);
let hub: ConsoleHub;
let fr: Client;
let de: Client;
let en: Client;
let id: string;
let old: string;

const BR05 = {
  en: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).',
  fr: 'Une facture doit avoir un code de devise de la facture (BT-5).',
  de: 'Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten.',
};
const BR06 = {
  en: '[BR-06]-An Invoice shall contain the Seller name (BT-27).',
  fr: 'Une facture doit contenir la raison sociale du vendeur (BT-27).',
  de: 'Eine Rechnung muss den Namen des Verkäufers (BT-27) enthalten.',
};

beforeAll(async () => {
  hub = await startConsoleHub('findings-lang');
  // the official Peppol base example without its currency code (BT-5), validated as the pipeline does
  const base = fs.readFileSync(path.resolve(__dirname, '../../../shared/examples/peppol-billing/base-example.xml'), 'utf8');
  const bad = Buffer.from(base.replace(/\s*<cbc:DocumentCurrencyCode>EUR<\/cbc:DocumentCurrencyCode>/, ''));
  const report = await validate(bad, { date: '2026-09-01' });
  expect(report.findings[0]?.ruleId).toBe('BR-05');
  id = await seedDocument(hub.store, { state: 'rejected', receivedAt: new Date(Date.now() - 3_600_000).toISOString(), payload: bad, invoiceNumber: 'Snippet1', typeCode: '380', findings: report.findings });
  // a report stored before the texts: English only, no pack
  old = await seedDocument(hub.store, { state: 'rejected', receivedAt: new Date(Date.now() - 7_200_000).toISOString(), findings: [{ ruleId: 'BR-06', location: '/Invoice[1]', message: BR06.en }] });
  fr = await staffClient(hub, 'lang-fr', 'viewer', 'fr');
  de = await staffClient(hub, 'lang-de', 'viewer', 'de');
  en = await staffClient(hub, 'lang-en', 'viewer', 'en');
});
afterAll(async () => { await hub.stop(); });

test('document page: the findings in French and in German, the official English beside them', async () => {
  for (const [c, lang] of [[fr, 'fr'], [de, 'de']] as const) {
    const page = await c.get(`/console/documents/${id}`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain(BR05[lang]);
    expect(text).not.toContain(BR05[lang === 'fr' ? 'de' : 'fr']);
    expect(page.text).toContain(`<p lang="en">${BR05.en}</p>`);
  }
  const english = pageText((await en.get(`/console/documents/${id}`)).text);
  expect(english).toContain(BR05.en);
  expect(english).not.toContain(BR05.fr);
  // the stored report without texts reads the same way
  expect(pageText((await de.get(`/console/documents/${old}`)).text)).toContain(BR06.de);
});

test('queue grouped by rule, and the reason of each line, in the staff member’s language', async () => {
  for (const [c, lang] of [[fr, 'fr'], [de, 'de']] as const) {
    const grouped = pageText((await c.get('/console/queues/rejected?by=rule')).text);
    expect(grouped).toContain(BR05[lang]);
    expect(grouped).toContain(BR06[lang]);
    const list = pageText((await c.get('/console/queues/rejected')).text);
    expect(list).toContain(`[BR-05] ${BR05[lang]}`);
    expect(list).toContain(`[BR-06] ${BR06[lang]}`);
  }
  const english = pageText((await en.get('/console/queues/rejected?by=rule')).text);
  expect(english).toContain(BR05.en);
  expect(english).not.toContain(BR05.de);
});

test('a provider’s top failing rules in the staff member’s language', async () => {
  for (const [c, lang] of [[fr, 'fr'], [de, 'de']] as const) {
    const page = await c.get('/console/providers/PBE000123');
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain(BR05[lang]);
    expect(text).toContain(BR06[lang]);
  }
});

test('the documents API and the console API: message stays the official English, messages gives French and German', async () => {
  const res = await adminApi(hub, 'GET', `/api/v1/documents/${id}`);
  expect(res.status).toBe(200);
  const view = (await res.json()) as { findings: { ruleId: string; message: string; messages?: { fr?: string; de?: string } }[] };
  expect(view.findings.find((f) => f.ruleId === 'BR-05')).toMatchObject({ message: BR05.en, messages: { fr: BR05.fr, de: BR05.de } });
  for (const f of view.findings) expect([f.ruleId, typeof f.messages?.fr, typeof f.messages?.de]).toEqual([f.ruleId, 'string', 'string']);
  const stored = (await (await adminApi(hub, 'GET', `/api/v1/documents/${old}`)).json()) as typeof view;
  expect(stored.findings).toEqual([expect.objectContaining({ ruleId: 'BR-06', message: BR06.en, messages: { fr: BR06.fr, de: BR06.de } })]);
  const consoleApi = (await (await adminApi(hub, 'GET', `/console/api/documents/${id}`)).json()) as typeof view;
  expect(consoleApi.findings.find((f) => f.ruleId === 'BR-05')?.messages).toEqual({ fr: BR05.fr, de: BR05.de });
});
