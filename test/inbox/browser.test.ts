/**
 * The web inbox's status form and the portal's status page in a real browser (Debian chromium driven
 * by playwright-core), in French and German: axe-core finds no violation, and the screenshots are kept
 * in docs/inbox/ and docs/portal/ with `npm run screenshots:inbox` (else in a temporary folder).
 */
import type { Browser, Page } from 'playwright-core';
import { hashToken, newToken } from '../../core/portal/tokens';
import { insertSubmission } from '../../db/repositories/portal';
import { audit, launchChromium, screenshotsDir } from '../helpers/browser';
import { creditNoteXml, deliveredDocument, postJson, statusEnv, type Env } from './helpers';
import type { TestServer } from '../pipeline/helpers';

jest.setTimeout(240_000);
const INBOX = screenshotsDir('inbox');
const PORTAL = screenshotsDir('portal');
let env: Env;
let srv: TestServer;
let tok: Record<string, string>;
let close: () => Promise<void>;
let browser: Browser;
const docs: Record<string, string> = {};
let tracking = '';

beforeAll(async () => {
  ({ env, srv, tokens: tok, close } = await statusEnv('browser'));
  browser = await launchChromium();
  docs.open = await deliveredDocument(env, 'commune-a', { number: 'F-2026-104', channel: 'peppol', realPdf: true });
  docs.credit = await deliveredDocument(env, 'commune-a', { number: 'AV-2026-7', channel: 'peppol', xml: creditNoteXml('AV-2026-7'), realPdf: true });
  docs.portal = await deliveredDocument(env, 'commune-a', { number: 'F-2026-233', channel: 'portal-upload' });
  const u = `${srv.url}/inbox/v1/documents/${docs.portal}/responses`;
  await postJson(u, tok['commune-a']!, { code: 'AB' });
  await postJson(u, tok['commune-a']!, { code: 'UQ', reasons: [{ code: 'REF', text: 'Numéro de commande manquant / Bestellnummer fehlt' }], actions: ['PIN'] });
  await postJson(u, tok['commune-a']!, { code: 'AP', note: 'Bon pour paiement / Zahlung freigegeben' });
  await postJson(u, tok['commune-a']!, { code: 'PD', reasons: ['PPD'], paidAmount: '1075.85' });
  tracking = newToken();
  await insertSubmission(env.store.db, { trackingHash: hashToken(tracking), documentId: docs.portal!, channel: 'portal-upload', createdAt: new Date().toISOString() });
  await fetch(`${srv.url}/api/v1/bodies/commune-a/users`, { method: 'POST', headers: { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'clerk@commune-a.lu', password: 'correct horse battery staple' }) });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await close?.();
});

async function signedIn(locale: string): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/inbox/login`);
  await page.fill('#f-login', 'clerk@commune-a.lu');
  await page.fill('#f-password', 'correct horse battery staple');
  await Promise.all([page.waitForURL(`${srv.url}/inbox/`), page.click('button[type=submit]')]);
  return page;
}

test.each([['fr', 'fr-LU'], ['de', 'de-LU']])('web inbox in %s: the list, the status form, a refusal, the statuses sent', async (lang, locale) => {
  const page = await signedIn(locale);
  await audit(page, INBOX, `inbox-list-${lang}`);
  await page.goto(`${srv.url}/inbox/documents/${docs.open}`);
  await page.locator('#set-status').scrollIntoViewIfNeeded();
  await audit(page, INBOX, `status-form-${lang}`);
  await page.check('#f-code-RE');
  await Promise.all([page.waitForLoadState('load'), page.click('form.status-form button[type=submit]')]);
  await audit(page, INBOX, `status-refused-${lang}`);
  await page.goto(`${srv.url}/inbox/documents/${docs.portal}`);
  await audit(page, INBOX, `statuses-${lang}`);
  await page.goto(`${srv.url}/inbox/documents/${docs.credit}`);
  await audit(page, INBOX, `credit-note-${lang}`);
  await page.goto(`${srv.url}/inbox/responses/import`);
  await audit(page, INBOX, `bulk-${lang}`);
  await page.context().close();
});

test.each([['fr', 'fr-LU'], ['de', 'de-LU']])('portal status page in %s: the body\'s statuses with their reasons', async (lang, locale) => {
  const ctx = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${srv.url}/portal/status/${tracking}?lang=${lang}`);
  expect(await page.locator('.body-statuses > li').count()).toBe(4);
  await audit(page, PORTAL, `status-responses-${lang}`);
  await ctx.close();
});
