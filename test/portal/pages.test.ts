/**
 * The portal's pages as suppliers read them: numbers, amounts, dates and times in the page language
 * (times in Europe/Luxembourg, said so), no French space before a colon in German and English, the
 * receipt and the status page naming the document (number, kind, signed amount) and its recipient,
 * the credit-note form's own words without an IBAN asked, the VAT rate following its category on the
 * page, and the declared route table.
 */
import { getDocument } from '../../core/documents/store';
import { draftsOfKind } from '../../db/repositories/portal';
import { portalRouteTable } from '../../services/portal';
import fs from 'node:fs';
import path from 'node:path';
import {
  Client, confirmAndSend, EXAMPLES, FIXTURE_BODY, FIXTURE_VAT, fillForm, formAction, formFields, pageText, startPortalHub, upload, type PortalHub,
} from './helpers';

jest.setTimeout(180_000);
/** Every instant of this hub: 10:00 UTC on a summer day, 12:00 in Luxembourg. */
const NOW = new Date('2026-07-05T10:00:00.000Z');
let hub: PortalHub;
beforeAll(async () => { hub = await startPortalHub('pages', { clock: () => new Date(NOW) }); });
afterAll(async () => { await hub.stop(); });

type Lang = 'fr' | 'de' | 'en';
const TYPED: Record<Lang, string> = { fr: '1 075,85', de: '1.075,85', en: '1075.85' };
const NBSP = '\u00a0';
const SHOWN: Record<Lang, { net: string; total: string; date: string; time: string }> = {
  fr: { net: `1${NBSP}075,85`, total: `1${NBSP}258,74${NBSP}EUR`, date: '04/05/2026', time: '05/07/2026 12:00:00 (heure de Luxembourg)' },
  de: { net: '1.075,85', total: `1.258,74${NBSP}EUR`, date: '04.05.2026', time: '05.07.2026 12:00:00 (Luxemburger Zeit)' },
  en: { net: '1,075.85', total: `1,258.74${NBSP}EUR`, date: '04 May 2026', time: '05 Jul 2026 12:00:00 (Luxembourg time)' },
};

/** A form for the fixture body with one line of 1 075,85 at 17 %, typed as the language writes it. */
async function typedForm(c: Client, lang: Lang, over: Record<string, string> = {}, query = ''): Promise<Map<string, string>> {
  await c.get(`/portal/invoices/new${query}`);
  const f = formFields(c.lastHtml);
  f.set('recipient', FIXTURE_BODY);
  fillForm(f, [{ name: 'Conseil', qty: '1', price: TYPED[lang] }], `LOC-${lang}-${Math.random().toString(36).slice(2, 8)}`);
  f.set('issueDate', '2026-05-04');
  for (const [k, v] of Object.entries(over)) f.set(k, v);
  return f;
}

test('numbers, amounts, dates and times on every page in the page language; the form takes what its hint shows', async () => {
  for (const lang of ['fr', 'de', 'en'] as const) {
    const c = new Client(hub.url, lang);
    const f = await typedForm(c, lang);
    const form = await formAction(c, f, 'recalculate');
    expect(form.html).toContain(`<output id="out-BT-106">${SHOWN[lang].net}</output>`);
    const r = await formAction(c, formFields(form.html), 'check');
    expect([lang, r.status]).toEqual([lang, 303]);
    const review = pageText((await c.follow(r)).html);
    expect(review).toContain(SHOWN[lang].total);
    expect(review).toContain(SHOWN[lang].date);
    const { receipt, statusPath } = await confirmAndSend(c, r.location as string);
    const rt = pageText(receipt);
    expect(rt).toContain(SHOWN[lang].time);
    expect(rt).toContain(SHOWN[lang].total);
    expect(receipt).toContain(`datetime="${NOW.toISOString()}"`);
    const status = pageText((await c.get(statusPath)).html);
    expect(status).toContain(SHOWN[lang].time);
    expect(status).toContain(SHOWN[lang].total);
    expect(status).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)? UTC/);
  }
  // the hint says how to write numbers, in each language
  expect(pageText((await new Client(hub.url, 'de').get('/portal/invoices/new')).html)).toContain('1.075,85');
  // an entry that can be read two ways is asked again, not guessed
  const de = new Client(hub.url, 'de');
  const amb = await formAction(de, await typedForm(de, 'de', { 'lines[0].price.netPrice': '1.075' }), 'check');
  expect(amb.status).toBe(422);
  expect(amb.html).toContain('href="#f-lines-0-price-netPrice"');
  expect(pageText(amb.html)).toContain('mehrdeutig');
});

test('German and English pages put no space before a colon; French puts a no-break space', async () => {
  const example = fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-example.xml'));
  for (const lang of ['de', 'en', 'fr'] as const) {
    const c = new Client(hub.url, lang);
    const pages: string[] = [];
    for (const p of ['/portal/', '/portal/upload', '/portal/invoices/new', '/portal/invoices/new?kind=credit-note', `/portal/status/${'x'.repeat(43)}`]) pages.push((await c.get(p)).html);
    const f = await typedForm(c, lang);
    f.set('recipientQuery', 'essais');
    pages.push((await formAction(c, f, 'search')).html);
    pages.push((await formAction(c, formFields(c.lastHtml), 'recalculate')).html);
    const r = await formAction(c, formFields(c.lastHtml), 'check');
    pages.push((await c.follow(r)).html);
    const { receipt, statusPath } = await confirmAndSend(c, r.location as string);
    pages.push(receipt, (await c.get(statusPath)).html);
    pages.push((await c.follow(await upload(c, example))).html);
    for (const html of pages) {
      const text = pageText(html);
      if (lang === 'fr') expect(text).not.toMatch(/[^\s\u00a0] :/);
      else expect([lang, text.match(/.{0,40}[ \u00a0\u202f]:.{0,20}/g)]).toEqual([lang, null]);
    }
  }
});

test('receipt and status page: the document (kind, number, amount with its sign) and the recipient with its identifier', async () => {
  const inv = new Client(hub.url);
  const f = await typedForm(inv, 'en');
  const r = await formAction(inv, f, 'check');
  await inv.follow(r);
  const sentInvoice = await confirmAndSend(inv, r.location as string);
  for (const html of [sentInvoice.receipt, (await inv.get(sentInvoice.statusPath)).html]) {
    const text = pageText(html);
    expect(text).toContain(`Invoice ${f.get('number')}`);
    expect(text).toContain(`1,258.74${NBSP}EUR`);
    expect(text).not.toContain('\u2212');
    expect(text).toContain(`Ministry of Trials – 9938:${FIXTURE_VAT} (${FIXTURE_BODY})`);
  }
  const cn = new Client(hub.url);
  const g = await typedForm(cn, 'en', { 'precedingInvoices[0].reference': String(f.get('number')), 'lines[0].price.netPrice': '19.99', 'payment.creditTransfers[0].account': '' }, '?kind=credit-note');
  const r2 = await formAction(cn, g, 'check');
  expect(r2.status).toBe(303);
  await cn.follow(r2);
  const sentCredit = await confirmAndSend(cn, r2.location as string);
  for (const html of [sentCredit.receipt, (await cn.get(sentCredit.statusPath)).html]) {
    const text = pageText(html);
    expect(text).toContain(`Credit note ${g.get('number')}`);
    expect(text).toContain(`\u221223.39${NBSP}EUR`);
  }
  expect((await getDocument(hub.store, sentCredit.id))?.channel).toBe('portal-form');
});

test('the credit-note form says "credit note number" in FR, DE and EN and asks for no IBAN', async () => {
  for (const [lang, words] of [['fr', 'Numéro de la note de crédit'], ['de', 'Gutschriftsnummer'], ['en', 'Credit note number']] as const) {
    const c = new Client(hub.url, lang);
    const page = await c.get('/portal/invoices/new?kind=credit-note');
    expect(page.html).toMatch(new RegExp(`<label for="f-number">${words} \\(BT-1\\)`));
    const f = formFields(page.html);
    expect(f.get('typeCode')).toBe('381');
    expect(f.get('payment.meansCode')).toBe('');
    expect(page.html).not.toMatch(/<label for="f-payment-creditTransfers-0-account">[^<]*<span class="req">/);
  }
  const c = new Client(hub.url);
  const g = await typedForm(c, 'en', { 'precedingInvoices[0].reference': 'INV-1', 'payment.creditTransfers[0].account': '', 'payment.meansCode': '' }, '?kind=credit-note');
  const r = await formAction(c, g, 'check');
  expect(r.status).toBe(303);
  const xml = (await hub.store.blobs.get((await draftsOfKind(hub.store.db, 'form')).find((d) => JSON.stringify(d.data).includes(String(g.get('number'))))?.xmlSha256 as string)).toString('utf8');
  expect(xml).toContain('<CreditNote ');
  expect(xml).not.toContain('PayeeFinancialAccount');
});

test('on the page, the rate follows the VAT category and the exemption reason (code and text) appears with it', async () => {
  const c = new Client(hub.url);
  const f = await typedForm(c, 'en', { 'lines[0].vat.category': 'E', 'lines[0].vat.rate': '17' });
  const page = await formAction(c, f, 'recalculate');
  const shown = formFields(page.html);
  expect(shown.get('lines[0].vat.rate')).toBe('0');
  expect(page.html).toMatch(/<fieldset class="exemption" data-exemption="E">/);
  expect(page.html).toMatch(/<fieldset class="exemption" data-exemption="AE" hidden>/);
  expect(page.html).toContain('<option value="VATEX-EU-132-1I">VATEX-EU-132-1I – Exempt, article 132(1)(i) of Directive 2006/112/EC</option>');
  expect(page.html).toContain('id="f-exemption-E"');
  // the options of the category select say which rate they impose (the browser script follows them)
  expect(page.html).toContain('<option value="E" selected data-rate="0">');
  const missing = await formAction(c, shown, 'check');
  expect(missing.status).toBe(422);
  expect(missing.html).toContain('href="#f-exemption-E"');
  shown.set('exemptionCode.E', 'VATEX-EU-132-1I');
  shown.set('exemption.E', 'Formation professionnelle');
  const r = await formAction(c, shown, 'check');
  expect(r.status).toBe(303);
  const xml = (await hub.store.blobs.get((await draftsOfKind(hub.store.db, 'form')).find((d) => JSON.stringify(d.data).includes(String(shown.get('number'))))?.xmlSha256 as string)).toString('utf8');
  expect(xml).toMatch(/<cbc:ID>E<\/cbc:ID>\s*<cbc:Percent>0<\/cbc:Percent>/);
  expect(xml).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-132-1I</cbc:TaxExemptionReasonCode>');
  expect(xml).toContain('<cbc:TaxExemptionReason>Formation professionnelle</cbc:TaxExemptionReason>');
});

test('the declared route table: one page group per file, every page without a private link answers in FR, DE and EN', async () => {
  const table = portalRouteTable(hub.deps);
  expect(table.map((r) => `${r.group} ${r.method.toUpperCase()} ${r.path}`)).toEqual([
    'home GET /portal', 'home GET /portal/',
    'upload GET /portal/upload', 'upload POST /portal/upload',
    'form GET /portal/invoices/new', 'form GET /portal/drafts/:token', 'form POST /portal/invoices/new',
    'review GET /portal/review/:token', 'review GET /portal/review/:token/preview.pdf', 'review POST /portal/review/:token/send',
    'status GET /portal/receipt/:tracking', 'status GET /portal/status/:tracking', 'status GET /portal/status/:tracking/document.xml', 'status GET /portal/status/:tracking/document.pdf',
  ]);
  for (const lang of ['fr', 'de', 'en'] as const) {
    const c = new Client(hub.url, lang);
    for (const r of table.filter((x) => x.method === 'get')) {
      const p = r.path.replace(/:(token|tracking)/, 'A'.repeat(43));
      const page = await c.get(p);
      expect([p, page.status]).toEqual([p, p.includes('AAAA') ? 404 : 200]);
      expect(page.html).toContain(`<html lang="${lang}">`);
    }
  }
});
