/**
 * The console in a real browser (Debian chromium driven by playwright-core): every page of the
 * declared route table (CONSOLE_ROUTES) passes axe-core (WCAG 2.1 A/AA and best practices) with no
 * violation in FR, DE and EN, and so do the states staff work in (a queue grouped, the picker of
 * "route to a body", an action done, the body form with an error, the import's diff). The pages of
 * the documentation are kept as screenshots (docs/console/ with EINVOICE_SCREENSHOTS=docs, else a
 * temporary folder); the walk's own screenshots always go to a temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { exportCsv } from '../../core/directory/csv';
import { currentBodies } from '../../core/directory/view';
import { createDeliveries } from '../../core/dispatch/deliver';
import { produceMls } from '../../core/mls/produce';
import { updateDelivery } from '../../db/repositories/dispatch';
import { CONSOLE_ROUTES } from '../../services/console';
import { validate } from '../../validation';
import { inlineCpu } from '../../workers/cpu/inline';
import { validateStage } from '../../workers/validate/stage';
import { fixtureWebhook } from '../dispatch/helpers';
import { body, luVat, save } from '../directory/helpers';
import { audit as axeAudit, clickAndLoad, launchChromium, screenshotsDir } from '../helpers/browser';
import { invalidInvoice, invoice, sbdh, silent } from '../pipeline/helpers';
import { ADMIN, adminApi, PASSWORD, seedDocument, startConsoleHub, type ConsoleHub } from './helpers';

const SHOTS = screenshotsDir('console');
const WALK = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-console-walk-'));
jest.setTimeout(240_000);
let hub: ConsoleHub;
let browser: Browser;
let docId: string;
let unroutable: string;

beforeAll(async () => {
  hub = await startConsoleHub('browser');
  await adminApi(hub, 'POST', '/console/api/staff', { login: 'otto', name: 'Otto Operator', role: 'operator', password: PASSWORD });
  await adminApi(hub, 'POST', '/console/api/staff', { login: 'ada', name: 'Ada Admin', role: 'administrator', password: PASSWORD });
  await save(hub.store, [
    body('min-browser', {
      names: { fr: 'Ministère de l’Essai', de: 'Ministerium für Tests', en: 'Ministry of Testing' }, shortName: 'MET',
      identifiers: [{ scheme: '9938', value: luVat(424242), purpose: 'peppol' }, { scheme: '0240', value: 'T424242', purpose: 'legal' }],
      requiredReferences: ['BT-10'], routingRules: [{ field: 'BT-10', pattern: 'MET-ECOLE-*', department: 'ecoles' }],
      contacts: [{ role: 'delivery', name: 'Service comptable', email: 'compta@met.example.lu' }],
    }),
    body('commune-essai', { type: 'commune', names: { fr: 'Commune d’Essai', de: 'Gemeinde Test' } }),
  ], '2020-01-01');
  const res = await fetch(`${hub.url}/peppol/v1/inbound`, {
    method: 'POST', body: new Uint8Array(sbdh(invalidInvoice('BROWSER-1'), { instanceId: 'inst-browser-1' })),
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/xml', 'x-as4-message-id': 'as4-browser-1', 'x-peppol-sending-ap': 'PBE000123' },
  });
  docId = ((await res.json()) as { id: string }).id;
  await validateStage(docId, { store: hub.store, cpu: inlineCpu, logger: silent, clock: () => new Date() });
  await produceMls({ store: hub.store, validate, hubSeat: 'PLU000001', acceptance: false, clock: () => new Date() }, docId);
  await adminApi(hub, 'PUT', '/console/api/providers/PBE000123', { name: 'Belgian AP <test>', country: 'BE', contact: 'ops@example.be', takenOverAt: '2025-01-15' });
  const now = Date.now();
  for (let d = 0; d < 12; d++) {
    await seedDocument(hub.store, { state: d % 4 === 0 ? 'rejected' : 'delivered', receivedAt: new Date(now - d * 86_400_000).toISOString(), findings: d % 4 === 0 ? [{ ruleId: 'BR-05', message: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).' }] : [], deliveredAfter: d % 4 === 0 ? undefined : 60 * (d + 1), channel: d % 3 === 0 ? 'api' : 'peppol', resolvedBodyId: d % 4 === 0 ? null : 'min-browser' });
  }
  unroutable = await seedDocument(hub.store, { state: 'unroutable', receivedAt: new Date(now - 3_600_000).toISOString(), payload: invoice('UNR-1'), typeCode: '380', invoiceNumber: 'UNR-1', receiverId: '9938:LU99999999' });
  // a dead letter
  const delivered = await seedDocument(hub.store, { state: 'delivered', resolvedBodyId: 'min-browser', receivedAt: new Date(now - 7_200_000).toISOString(), deliveredAfter: 30 });
  const hook = await fixtureWebhook(hub, 'min-browser', 'https://erp.example.lu/hook', 'secret-1');
  const [dead] = await hub.store.db.transaction((tx) => createDeliveries(tx, delivered, 'min-browser', [hook], new Date()));
  await updateDelivery(hub.store.db, dead!, { status: 'dead', attempts: 8, lastError: 'HTTP 410 Gone' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const audit = (page: Page, shot: string): Promise<void> => axeAudit(page, SHOTS, shot);
const auditOnly = (page: Page, shot: string): Promise<void> => axeAudit(page, WALK, shot);

async function signedIn(locale: string, login = 'otto'): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  ctx.setDefaultTimeout(120_000);
  const page = await ctx.newPage();
  await page.goto(`${hub.url}/console/`);
  expect(page.url()).toContain('/console/login');
  await page.fill('#f-login', login);
  await page.fill('#f-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/$/);
  return page;
}

/** The pages of the route table: GET, not the API, not a file (XML, PDF, CSV). */
function pagePaths(): { route: string; path: string }[] {
  return CONSOLE_ROUTES
    .filter((r) => r.method === 'get' && !r.path.startsWith('/console/api/') && r.path !== '/console/login' && !/\/(xml|pdf|mls)$|\.(csv|pdf)$|:chart/.test(r.path))
    .map((r) => ({
      route: r.path,
      path: r.path.startsWith('/console/directory/bodies/') ? r.path.replace(':id', 'min-browser')
        : r.path.replace(':queue', 'rejected').replace(':id', docId).replace(':seat', 'PBE000123'),
    }));
}

it('login page and a failed login pass axe', async () => {
  for (const locale of ['en-GB', 'fr-LU', 'de-LU']) {
    const ctx = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(`${hub.url}/console/login`);
    await (locale === 'en-GB' ? audit : auditOnly)(page, locale === 'en-GB' ? 'login' : `login-${locale.slice(0, 2)}`);
    await page.fill('#f-login', 'otto');
    await page.fill('#f-password', 'wrong password');
    await page.click('button[type=submit]');
    expect(await page.textContent('.error-summary')).toContain(locale === 'en-GB' ? 'Wrong login or password.' : locale === 'fr-LU' ? 'Identifiant ou mot de passe incorrect.' : 'Benutzername oder Passwort falsch.');
    await (locale === 'en-GB' ? audit : auditOnly)(page, locale === 'en-GB' ? 'login-error' : `login-error-${locale.slice(0, 2)}`);
    await ctx.close();
  }
});

it('every page of the route table passes axe in French, German and English', async () => {
  const pages = pagePaths();
  expect(pages.map((p) => p.route)).toEqual(expect.arrayContaining(['/console/', '/console/queues/:queue', '/console/documents/:id', '/console/directory/bodies/:id', '/console/staff', '/console/audit']));
  for (const locale of ['fr-LU', 'de-LU', 'en-GB']) {
    const page = await signedIn(locale, 'ada');
    for (const p of pages) {
      await page.goto(hub.url + p.path);
      expect([p.path, await page.getAttribute('html', 'lang')]).toEqual([p.path, locale.slice(0, 2)]);
      await auditOnly(page, `${p.route.replace(/[^a-z]+/gi, '-').replace(/^-|-$/g, '') || 'overview'}-${locale.slice(0, 2)}`);
    }
    await page.context().close();
  }
});

it('the states staff work in pass axe, and are the documentation screenshots', async () => {
  const page = await signedIn('en-GB');
  await audit(page, 'overview');
  for (const [p, shot] of [
    ['/console/queues/rejected', 'queue-rejected'], ['/console/queues/unroutable', 'queue-unroutable'], ['/console/queues/rejected?by=rule', 'queue-by-rule'],
    ['/console/queues/rejected?by=day', 'queue-by-day'], ['/console/queues/dead-letters', 'queue-dead-letters'], ['/console/providers', 'providers'],
    ['/console/providers/PBE000123', 'provider'], ['/console/stats', 'stats'], ['/console/directory', 'directory'], ['/console/directory/new', 'directory-new'],
    ['/console/directory/bodies/min-browser', 'body-edit'], ['/console/directory/import', 'directory-import'],
  ] as const) {
    await page.goto(hub.url + p);
    await audit(page, shot);
  }
  // the document view marks the findings in the XML; its history reads as a timeline
  await page.goto(`${hub.url}/console/documents/${docId}`);
  expect(await page.locator('.xml-marked').count()).toBeGreaterThan(0);
  expect(await page.locator('ol.timeline > li').count()).toBeGreaterThanOrEqual(3);
  await audit(page, 'document');
  // an action from the page, then the page again
  await page.check('#doc-a_handled');
  await page.fill('#doc-reason', 'Sender contacted by phone');
  await clickAndLoad(page, '#doc-apply');
  expect(await page.textContent('.notice-ok')).toContain('1 document(s) done.');
  await audit(page, 'document-after-action');
  // route to a body: the picker
  await page.goto(`${hub.url}/console/documents/${unroutable}`);
  await page.fill('#doc-bodyq', 'testing');
  await clickAndLoad(page, 'button[name=find]');
  expect(await page.locator('input[name=bodyId]').count()).toBe(1);
  expect(await page.isChecked('input[name=bodyId]')).toBe(false);
  await audit(page, 'document-route-picker');
  await page.check('input[name=bodyId]');
  await page.fill('#doc-reason', 'Receiver id mistyped by the sender');
  await clickAndLoad(page, '#doc-apply');
  expect(await page.textContent('.notice-ok')).toContain('1 document(s) done.');
  await audit(page, 'document-routed');
  await page.context().close();
});

it('the body form with an error and the import diff pass axe', async () => {
  const page = await signedIn('en-GB');
  await page.goto(`${hub.url}/console/directory/bodies/min-browser`);
  await page.fill('#f-identifiers-0-value', 'not a register number!');
  await clickAndLoad(page, '#body-save');
  expect(await page.textContent('.error-summary')).toContain('malformed identifier value');
  await audit(page, 'body-edit-error');
  const current = [...(await currentBodies(hub.store)).values()].filter((b) => b.id !== 'commune-essai');
  let csv = exportCsv(current.map((b) => ({ ...b, names: { ...b.names, en: 'Ministry of Testing and Trials' }, identifiers: [...b.identifiers, { scheme: '0088', value: '5790000436545', purpose: 'other' as const }] })));
  csv += `commune-nouvelle,commune,,active,Commune Nouvelle,Neue Gemeinde,,,fr,2026-01-01,,9938:${luVat(515151)}@peppol,,,,,,\n`;
  await page.goto(`${hub.url}/console/directory/import`);
  await page.setInputFiles('#f-file', { name: 'bodies.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.fill('#f-effectiveFrom', '2026-06-01');
  await clickAndLoad(page, 'form[action="/console/directory/import"] button[type=submit]');
  expect(await page.locator('#import-diff tbody tr').count()).toBeGreaterThanOrEqual(3);
  expect(await page.locator('#import-missing tbody tr').count()).toBe(1);
  await audit(page, 'directory-import-diff');
  await page.context().close();
});

it('administrator pages pass axe', async () => {
  const page = await signedIn('en-GB', 'ada');
  for (const [p, shot] of [['/console/staff', 'staff'], ['/console/audit', 'audit']] as const) {
    await page.goto(hub.url + p);
    await audit(page, shot);
  }
  await page.context().close();
});

it('the French and German documentation screenshots', async () => {
  for (const locale of ['fr-LU', 'de-LU']) {
    const page = await signedIn(locale);
    for (const [p, shot] of [['/console/queues/rejected', 'queue-rejected'], ['/console/queues/rejected?by=rule', 'queue-by-rule'], [`/console/documents/${docId}`, 'document'], ['/console/stats', 'stats']] as const) {
      await page.goto(hub.url + p);
      await audit(page, `${shot}-${locale.slice(0, 2)}`);
    }
    await page.context().close();
  }
});
