/**
 * The console in a real browser (Debian chromium driven by playwright-core): every page passes
 * axe-core (WCAG 2.1 A/AA and best practices) with no violation, in FR, DE and EN, and is kept as a
 * screenshot (docs/console/ with EINVOICE_SCREENSHOTS=docs, else a temporary folder). The axe and
 * chromium helper is shared with the portal's browser test (test/helpers/browser.ts).
 */
import type { Browser, Page } from 'playwright-core';
import { validate } from '../../validation';
import { produceMls } from '../../workers/mls/produce';
import { makeValidateStage } from '../../workers/validate/stage';
import { invalidInvoice, sbdh, silent } from '../pipeline/helpers';
import { audit as axeAudit, launchChromium, screenshotsDir } from '../helpers/browser';
import { ADMIN, adminApi, PASSWORD, seedDocument, startConsoleHub, type ConsoleHub } from './helpers';

const SHOTS = screenshotsDir('console');
let hub: ConsoleHub;
let browser: Browser;
let docId: string;

beforeAll(async () => {
  hub = await startConsoleHub('browser');
  await adminApi(hub, 'POST', '/console/api/staff', { login: 'otto', name: 'Otto Operator', role: 'operator', password: PASSWORD });
  const res = await fetch(`${hub.url}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(sbdh(invalidInvoice('BROWSER-1'), { instanceId: 'inst-browser-1' })),
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml', 'x-as4-message-id': 'as4-browser-1', 'x-peppol-sending-ap': 'PBE000123' },
  });
  docId = ((await res.json()) as { id: string }).id;
  await makeValidateStage(() => validate)(docId, { db: hub.deps.db, files: hub.deps.files, dataDir: hub.dir, logger: silent, clock: () => new Date() });
  await produceMls({ db: hub.deps.db, files: hub.deps.files, validate, hubSeat: 'PLU000001', acceptance: false, clock: () => new Date() }, docId);
  await adminApi(hub, 'PUT', '/console/api/providers/PBE000123', { name: 'Belgian AP <test>', country: 'BE', contact: 'ops@example.be', takenOverAt: '2025-01-15' });
  const now = Date.now();
  for (let d = 0; d < 12; d++) {
    seedDocument(hub, { state: d % 4 === 0 ? 'rejected' : 'delivered', receivedAt: new Date(now - d * 86_400_000).toISOString(), findings: d % 4 === 0 ? [{ ruleId: 'BR-05', message: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).' }] : [], deliveredAfter: d % 4 === 0 ? undefined : 60 * (d + 1), channel: d % 3 === 0 ? 'api' : 'peppol' });
  }
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const audit = (page: Page, shot: string): Promise<void> => axeAudit(page, SHOTS, shot);

async function signedIn(locale: string, login = 'otto'): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${hub.url}/console/`);
  expect(page.url()).toContain('/console/login');
  await page.fill('#f-login', login);
  await page.fill('#f-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/$/);
  return page;
}

it('login page and a failed login pass axe', async () => {
  const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${hub.url}/console/login`);
  await audit(page, 'login');
  await page.fill('#f-login', 'otto');
  await page.fill('#f-password', 'wrong password');
  await page.click('button[type=submit]');
  expect(await page.textContent('.error-summary')).toContain('Wrong login or password.');
  await audit(page, 'login-error');
  await ctx.close();
});

it('every console page passes axe in English', async () => {
  const page = await signedIn('en-GB');
  await audit(page, 'overview');
  for (const [p, shot] of [
    ['/console/queues/rejected', 'queue-rejected'], ['/console/queues/rejected?by=rule', 'queue-by-rule'], ['/console/queues/rejected?by=day', 'queue-by-day'],
    ['/console/queues/dead-letters', 'queue-dead-letters'], [`/console/documents/${docId}`, 'document'], ['/console/providers', 'providers'],
    ['/console/providers/PBE000123', 'provider'], ['/console/stats', 'stats'], ['/console/directory', 'directory'],
    ['/console/directory/new', 'directory-new'], ['/console/directory/import', 'directory-import'],
  ] as const) {
    await page.goto(hub.url + p);
    await audit(page, shot);
  }
  // the document view marks the findings in the XML
  await page.goto(`${hub.url}/console/documents/${docId}`);
  expect(await page.locator('.xml-marked').count()).toBeGreaterThan(0);
  // an action from the page, then the page again
  await page.check('#doc-a_handled');
  await page.fill('#doc-reason', 'Sender contacted by phone');
  await page.click('form[action$="/actions"] button[type=submit]');
  expect(await page.textContent('.notice-ok')).toContain('1 document(s) done.');
  await audit(page, 'document-after-action');
  await page.context().close();
});

it('administrator pages pass axe', async () => {
  await adminApi(hub, 'POST', '/console/api/staff', { login: 'ada', name: 'Ada Admin', role: 'administrator', password: PASSWORD });
  const page = await signedIn('en-GB', 'ada');
  for (const [p, shot] of [['/console/staff', 'staff'], ['/console/audit', 'audit']] as const) {
    await page.goto(hub.url + p);
    await audit(page, shot);
  }
  await page.context().close();
});

it('pages pass axe in French and German', async () => {
  for (const locale of ['fr-LU', 'de-LU']) {
    const page = await signedIn(locale);
    expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2));
    for (const [p, shot] of [['/console/queues/rejected?by=rule', 'queue-by-rule'], [`/console/documents/${docId}`, 'document'], ['/console/stats', 'stats']] as const) {
      await page.goto(hub.url + p);
      await audit(page, `${shot}-${locale.slice(0, 2)}`);
    }
    await page.context().close();
  }
});
