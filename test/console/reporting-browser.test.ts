/**
 * The "Peppol reporting" page in a real browser: axe-core (WCAG 2.1 A/AA and best practices) finds no
 * violation in French, German and English, with reminders, the figures of both reports, an invalid
 * report with its findings, and after a rebuild by an operator.
 */
import type { Browser, Page } from 'playwright-core';
import { addToOutbox } from '../../core/outbox';
import { buildMonth, type ReportingDeps } from '../../core/reporting/monthly';
import { insertLedgerRows } from '../../db/repositories/reporting';
import { validate } from '../../validation';
import { audit, clickAndLoad, launchChromium, screenshotsDir } from '../helpers/browser';
import { adminApi, PASSWORD, startConsoleHub, type ConsoleHub } from './helpers';
import { DT, ledgerRow, PR } from './reporting-helpers';

jest.setTimeout(240_000);
const SHOTS = screenshotsDir('console');
let hub: ConsoleHub;
let browser: Browser;
const now = new Date('2026-12-11T09:00:00.000Z');

beforeAll(async () => {
  hub = await startConsoleHub('reporting-browser', { clock: () => now });
  const deps: ReportingDeps = { store: hub.store, validate: (b, o) => validate(b, o), reporterId: 'PLU000000', handOff: addToOutbox, clock: () => now };
  await insertLedgerRows(hub.store.db, [
    ledgerRow({ as4MessageId: 'b1', exchangedAt: '2026-11-02T10:00:00.000Z' }),
    ledgerRow({ as4MessageId: 'b2', exchangedAt: '2026-11-03T10:00:00.000Z', c2SeatId: 'PDE000002', c1Country: null, endUserId: 'commune-b' }),
    ledgerRow({ as4MessageId: 'b3', exchangedAt: '2026-11-04T10:00:00.000Z', direction: 'sent', c2SeatId: 'PLU000000', c3SeatId: 'PBE000001', documentTypeValue: DT.invoiceResponse, processValue: PR.invoiceResponse, c1Country: 'LU', c4Country: null, identifiersFrom: 'outbox' }),
  ]);
  await buildMonth(deps, '2026-11', 'system:reporting');
  await buildMonth({ ...deps, validate: async (b, o) => ({ ...(await validate(b, o)), valid: false, findings: [{ source: 'schematron', ruleId: 'SCH-TSR-12', flag: 'fatal', location: '/TransactionStatisticsReport', message: 'The sum of all subtotals per TP must match the total' }] }) }, '2026-10', 'system:reporting');
  await adminApi(hub, 'POST', '/console/api/staff', { login: 'otto', name: 'Otto Operator', role: 'operator', password: PASSWORD });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function signedIn(locale: string): Promise<Page> {
  const ctx = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
  ctx.setDefaultTimeout(120_000);
  const page = await ctx.newPage();
  await page.goto(`${hub.url}/console/login`);
  await page.fill('#f-login', 'otto');
  await page.fill('#f-password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/console\/$/);
  return page;
}

it('the page, a month with an invalid report, and a rebuild pass axe in French, German and English', async () => {
  for (const locale of ['en-GB', 'fr-LU', 'de-LU']) {
    const lang = locale.slice(0, 2);
    const page = await signedIn(locale);
    await page.goto(`${hub.url}/console/reporting`);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator('#figures-tsr tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('.notice-error li').count()).toBe(2);
    await audit(page, SHOTS, `reporting-${lang}`);
    await page.goto(`${hub.url}/console/reporting?month=2026-10`);
    await audit(page, SHOTS, `reporting-invalid-${lang}`);
    await page.fill('#f-month', '2026-11');
    await clickAndLoad(page, 'form[action="/console/reporting/rebuild"] button[type=submit]');
    expect(await page.locator('.notice-ok li').count()).toBe(2);
    await audit(page, SHOTS, `reporting-rebuilt-${lang}`);
    await page.context().close();
  }
});
