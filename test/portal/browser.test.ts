/**
 * The portal in a real browser (Debian chromium driven by playwright-core), JavaScript on:
 * every page of the flows passes axe-core with no violation and is kept as a screenshot in
 * docs/portal/; the totals follow the typing with exact decimals; keyboard-only use with a visible
 * focus; a manual invoice with 3 lines and 2 VAT rates goes all the way to the fixture body; a valid
 * upload, an invalid upload with its findings, a credit note.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writeUbl } from '../../model';
import { sampleInvoice } from '../../model/sample';
import { createToken } from '../../core/accounts/tokens';
import { getDocument } from '../../core/documents/store';
import { validate } from '../../validation';
import { audit as axeAudit, launchChromium, screenshotsDir } from '../helpers/browser';
import { EXAMPLES, FIXTURE_BODY, FIXTURE_VAT, runPipeline, startPortalHub, type PortalHub } from './helpers';

/** Screenshots go to docs/portal/ with `npm run screenshots:portal` (EINVOICE_SCREENSHOTS=docs), else to a temporary folder: a test run leaves the tree clean. */
const SHOTS = screenshotsDir('portal');
// the whole suite runs many files at once (conformance tests included): generous limits, no timing asserted
jest.setTimeout(240_000);
let hub: PortalHub;
let browser: Browser;

beforeAll(async () => {
  hub = await startPortalHub('browser');
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function newPage(locale = 'en-GB'): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
  ctx.setDefaultTimeout(120_000); // a check waits for the validation threads, slower while the whole suite runs
  return ctx.newPage();
}

/** axe-core over the page with no violation, and its screenshot (test/helpers/browser.ts). */
const audit = (page: Page, shot: string): Promise<void> => axeAudit(page, SHOTS, shot);
/** The same for the walk over every page in every language, whose screenshots are not documentation. */
const WALK = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-portal-walk-'));
const auditOnly = (page: Page, shot: string): Promise<void> => axeAudit(page, WALK, shot);

/** The furthest state the stages take a valid document to (a body without a webhook: its inbox). */
const END = 'delivered';

async function fillLine(page: Page, i: number, name: string, qty: string, price: string, rate: string): Promise<void> {
  await page.fill(`[name="lines[${i}].item.name"]`, name);
  await page.fill(`[name="lines[${i}].quantity"]`, qty);
  await page.fill(`[name="lines[${i}].price.netPrice"]`, price);
  await page.fill(`[name="lines[${i}].vat.rate"]`, rate);
}

async function fillSeller(page: Page, number: string): Promise<void> {
  await page.fill('#f-number', number);
  await page.fill('#f-seller-name', 'Atelier <b>Test</b> S.à r.l.');
  await page.fill('#f-seller-vatId', 'LU11111139');
  await page.fill('#f-seller-electronicAddress', 'LU11111139');
  await page.fill('#f-seller-address-line1', '1, rue du Test');
  await page.fill('#f-seller-address-city', 'Luxembourg');
  await page.fill('#f-seller-address-postCode', 'L-1111');
  await page.fill('#f-dueDate', '2099-01-31');
  await page.fill('#f-payment-creditTransfers-0-account', 'LU280019400644750000');
}

test('exact decimal helpers of the browser script', async () => {
  const page = await newPage();
  await page.goto(`${hub.url}/portal/invoices/new`);
  const r = await page.evaluate(() => {
    const d = (window as unknown as { portalDecimal: { parse: (s: string) => unknown; add: (a: unknown, b: unknown) => unknown; mul: (a: unknown, b: unknown) => unknown; str: (a: unknown) => string } }).portalDecimal; // set by totals.js
    return {
      sum: d.str(d.add(d.parse('0.1'), d.parse('0.2'))),
      half: d.str(d.parse('2.675')),
      negHalf: d.str(d.parse('-2.675')),
      big: d.str(d.mul(d.parse('99999999999.99'), d.parse('3'))),
      comma: d.str(d.mul(d.parse('1,5'), d.parse('10.005'))),
    };
  });
  expect(r).toEqual({ sum: '0.30', half: '2.68', negHalf: '-2.68', big: '299999999999.97', comma: '15.01' });
  await page.context().close();
});

test('manual invoice, 3 lines and 2 VAT rates: live totals, errors next to fields, review, send, delivered to the fixture body', async () => {
  const page = await newPage();
  await page.goto(`${hub.url}/portal/invoices/new`);
  await audit(page, 'form-new-en');
  await page.fill('#f-recipientQuery', 'essais');
  await page.press('#f-recipientQuery', 'Enter');
  await page.waitForSelector('#recipient-results');
  await audit(page, 'form-recipient-search');
  // nothing is chosen until the supplier ticks a body
  expect(await page.locator('#recipient-results input:checked').count()).toBe(0);
  await page.check('#f-recipient-0');
  await page.click('button[value="add:lines"]');
  await page.click('button[value="add:lines"]');
  await fillSeller(page, `WEB-${Date.now()}`);
  await fillLine(page, 0, 'Chaises <script>alert(1)</script>', '3', '19.99', '17');
  await fillLine(page, 1, 'Livres', '2', '10.005', '3');
  await fillLine(page, 2, 'Tables', '1,5', '100', '17');
  // the totals follow the typing (no round trip)
  await page.waitForFunction(() => document.getElementById('out-BT-112')?.textContent === '266.27');
  expect(await page.textContent('#out-BT-106')).toBe('229.98');
  expect(await page.textContent('#out-BT-110')).toBe('36.29');
  expect(await page.textContent('#out-line-1')).toBe('20.01');
  expect(await page.locator('#vat-breakdown-body tr').count()).toBe(2);
  // the body requires a buyer reference: the check refuses, the summary links to the field
  await page.click('.actions button[value="check"]');
  await page.waitForSelector('#error-summary');
  await audit(page, 'form-errors');
  await page.click('#error-summary a[href="#f-buyerReference"]');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-buyerReference');
  await page.fill('#f-buyerReference', 'REF-42');
  await page.click('.actions button[value="check"]');
  await page.waitForURL(/\/portal\/review\//);
  await audit(page, 'review-form');
  expect(await page.textContent('main')).toContain('Ministry of Trials');
  await page.check('#f-confirm');
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/portal\/receipt\//);
  await audit(page, 'receipt');
  const id = (await page.textContent('dl.summary dd code')) ?? '';
  expect((await getDocument(hub.store, id))?.channel).toBe('portal-form');
  expect(await runPipeline(hub, id)).toBe(END);
  const doc = await getDocument(hub.store, id);
  expect(doc?.resolvedBodyId).toBe(FIXTURE_BODY);
  const xml = await hub.store.blobs.get(doc?.originalSha256 as string);
  const report = await validate(xml);
  expect(report.findings.filter((f) => f.flag === 'fatal')).toEqual([]);
  expect(report.valid).toBe(true);
  expect(xml.toString('utf8')).toContain('Chaises &lt;script&gt;alert(1)&lt;/script&gt;');
  // in the fixture body's inbox, as the body's own API token sees it
  const { token } = await createToken(hub.store, { name: 'fixture body', scope: 'body', subject: FIXTURE_BODY });
  const list = await fetch(`${hub.url}/inbox/v1/documents`, { headers: { Authorization: `Bearer ${token}` } });
  expect(list.status).toBe(200);
  expect(JSON.stringify(await list.json())).toContain(id);
  const fetched = await fetch(`${hub.url}/inbox/v1/documents/${id}/xml`, { headers: { Authorization: `Bearer ${token}` } });
  expect(Buffer.from(await fetched.arrayBuffer()).equals(xml)).toBe(true);
  await page.click('dl.summary a');
  await page.waitForURL(/\/portal\/status\//);
  await audit(page, 'status-delivered');
  expect(await page.getAttribute('#current-status', 'data-state')).toBe(END);
  await page.context().close();
});

test('upload a valid file and an invalid one (findings shown, no send button)', async () => {
  const page = await newPage('fr-FR');
  await page.goto(`${hub.url}/portal/upload`);
  await audit(page, 'upload-fr');
  const t = sampleInvoice(2);
  t['BT-1'] = `UPW-${Date.now()}`;
  t['BG-7'] = { ...t['BG-7'], 'BT-49': { scheme: '9938', value: FIXTURE_VAT } };
  const good = Buffer.from(writeUbl(t), 'utf8');
  await page.setInputFiles('#f-file', { name: 'facture.xml', mimeType: 'application/xml', buffer: good });
  await page.click('main button[type="submit"]');
  await page.waitForURL(/\/portal\/review\//);
  await audit(page, 'upload-valid-review');
  expect(await page.textContent('main')).toContain('Ministère des Essais');
  await page.check('#f-confirm');
  await page.click('main form button[type="submit"]');
  await page.waitForURL(/\/portal\/receipt\//);
  expect(await page.textContent('h1')).toBe('Document reçu');

  const bad = Buffer.from(good.toString('utf8').replace(/<cbc:IdentificationCode>LU<\/cbc:IdentificationCode>/, '<cbc:IdentificationCode>XX</cbc:IdentificationCode>').replace(/<cbc:DueDate>[^<]*<\/cbc:DueDate>/, ''), 'utf8');
  await page.goto(`${hub.url}/portal/upload`);
  await page.setInputFiles('#f-file', { name: 'mauvaise.xml', mimeType: 'application/xml', buffer: bad });
  await page.click('main button[type="submit"]');
  await page.waitForURL(/\/portal\/review\//);
  await audit(page, 'upload-invalid-findings');
  const text = (await page.textContent('main')) ?? '';
  expect(text).toContain('BR-CL-14');
  expect(text).toContain('ne peut pas être envoyé');
  expect(await page.locator('#f-confirm').count()).toBe(0);

  // an official example, unchanged: valid, but addressed to no body of the directory — one verdict
  await page.goto(`${hub.url}/portal/upload`);
  await page.setInputFiles('#f-file', { name: 'base-example.xml', mimeType: 'application/xml', buffer: fs.readFileSync(path.join(EXAMPLES, 'peppol-billing', 'base-example.xml')) });
  await page.click('main button[type="submit"]');
  await page.waitForURL(/\/portal\/review\//);
  await audit(page, 'upload-no-recipient');
  expect(await page.locator('#verdict').getAttribute('data-verdict')).toBe('no-recipient');
  expect(await page.locator('#f-confirm').count()).toBe(0);
  await page.context().close();
});

test('a credit note, in German, keyboard only with a visible focus', async () => {
  const page = await newPage('de-DE');
  await page.goto(`${hub.url}/portal/invoices/new?kind=credit-note`);
  await audit(page, 'form-credit-note-de');
  // keyboard only: skip link, then the search box reached with Tab, Enter searches
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(outline).not.toBe('none');
  await page.focus('#f-recipientQuery');
  await page.keyboard.type('9938:' + FIXTURE_VAT);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#recipient-results');
  await page.focus('#f-recipient-0');
  await page.keyboard.press('Space');
  await page.focus('#f-buyerReference');
  await page.keyboard.type('REF-CN');
  await page.focus('#f-precedingInvoices-0-reference');
  await page.keyboard.type('WEB-1');
  await fillSeller(page, `CN-${Date.now()}`);
  await fillLine(page, 0, 'Gutschrift Stühle', '1', '19.99', '17');
  await page.focus('.actions button[value="check"]');
  const focusRing = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
  expect(focusRing).not.toBe('none');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/portal\/review\//);
  await audit(page, 'review-credit-note-de');
  expect(await page.textContent('main')).toContain('Gutschrift');
  await page.context().close();
});

test('a draft saved and resumed by its private link', async () => {
  const page = await newPage('fr-LU');
  await page.goto(`${hub.url}/portal/invoices/new`);
  await page.fill('#f-number', 'BROUILLON-1');
  await page.fill('[name="lines[0].item.name"]', 'Prestation');
  await page.click('button[value="save"]');
  await page.waitForURL(/\/portal\/drafts\/[A-Za-z0-9_-]{43}\?saved=1$/);
  await audit(page, 'draft-saved-fr');
  const link = (await page.textContent('#draft-saved code')) ?? '';
  // with JavaScript, switching the language keeps what was typed
  await page.fill('[name="lines[0].quantity"]', '4');
  await page.click('.lang-switcher a[hreflang="de"]');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  expect(await page.inputValue('[name="lines[0].item.name"]')).toBe('Prestation');
  expect(await page.inputValue('[name="lines[0].quantity"]')).toBe('4');
  expect(await page.textContent('h1')).toContain('Entwurf');
  const other = await newPage('fr-LU');
  await other.goto(link);
  expect(await other.inputValue('#f-number')).toBe('BROUILLON-1');
  expect(await other.inputValue('[name="lines[0].item.name"]')).toBe('Prestation');
  await other.context().close();
  await page.context().close();
});

test('home page and the 404 page are accessible in the three languages', async () => {
  for (const lang of ['fr', 'de', 'en']) {
    const page = await newPage();
    await page.goto(`${hub.url}/portal/?lang=${lang}`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    await audit(page, `home-${lang}`);
    await page.goto(`${hub.url}/portal/status/${'x'.repeat(43)}`);
    await audit(page, `not-found-${lang}`);
    await page.context().close();
  }
});

test('with JavaScript, the VAT category sets the rate and shows its exemption reason at once; totals in French as typed', async () => {
  const page = await newPage('fr-FR');
  await page.goto(`${hub.url}/portal/invoices/new`);
  await page.fill('[name="lines[0].item.name"]', 'Formation');
  await page.fill('[name="lines[0].price.netPrice"]', '1 075,85');
  await page.waitForFunction(() => document.getElementById('out-BT-106')?.textContent === '1\u00a0075,85');
  expect(await page.textContent('#out-BT-112')).toBe('1\u00a0258,74');
  expect(await page.isHidden('[data-exemption="E"]')).toBe(true);
  await page.selectOption('[name="lines[0].vat.category"]', 'E');
  expect(await page.inputValue('[name="lines[0].vat.rate"]')).toBe('0');
  expect(await page.isVisible('[data-exemption="E"]')).toBe(true);
  expect(await page.isHidden('#no-exemption')).toBe(true);
  await page.waitForFunction(() => document.getElementById('out-BT-112')?.textContent === '1\u00a0075,85');
  await page.selectOption('#f-exemptionCode-E', 'VATEX-EU-132-1I');
  await audit(page, 'form-exemption-fr');
  // back to the standard rate: the rate typed before comes back, the reason goes
  await page.selectOption('[name="lines[0].vat.category"]', 'S');
  expect(await page.inputValue('[name="lines[0].vat.rate"]')).toBe('17');
  expect(await page.isHidden('[data-exemption="E"]')).toBe(true);
  await page.context().close();
});

test('every page of the flows passes axe-core in French, German and English', async () => {
  for (const [lang, locale] of [['fr', 'fr-LU'], ['de', 'de-LU'], ['en', 'en-GB']] as const) {
    const page = await newPage(locale);
    await page.goto(`${hub.url}/portal/invoices/new?kind=credit-note`);
    await auditOnly(page, `credit-note-${lang}`);
    await page.goto(`${hub.url}/portal/upload`);
    await auditOnly(page, `upload-${lang}`);
    const t = sampleInvoice(1);
    t['BT-1'] = `AXE-${lang}-${Date.now()}`;
    t['BG-7'] = { ...t['BG-7'], 'BT-49': { scheme: '9938', value: FIXTURE_VAT } };
    await page.setInputFiles('#f-file', { name: 'facture.xml', mimeType: 'application/xml', buffer: Buffer.from(writeUbl(t), 'utf8') });
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/portal\/review\//);
    await auditOnly(page, `review-${lang}`);
    await page.check('#f-confirm');
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/portal\/receipt\//);
    await auditOnly(page, `receipt-${lang}`);
    await page.click('dl.summary a');
    await page.waitForURL(/\/portal\/status\//);
    await auditOnly(page, `status-${lang}`);
    await page.goto(`${hub.url}/portal/invoices/new`);
    await page.fill('#f-recipientQuery', 'essais');
    await page.press('#f-recipientQuery', 'Enter');
    await page.waitForSelector('#recipient-results');
    await page.check('#f-recipient-0');
    await page.selectOption('[name="lines[0].vat.category"]', 'AE');
    await page.click('button[value="recalculate"]');
    await page.waitForSelector('#chosen-recipient');
    await auditOnly(page, `form-chosen-${lang}`);
    await page.context().close();
  }
});
