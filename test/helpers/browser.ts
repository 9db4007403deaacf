/**
 * The browser tests' shared helper: Debian chromium driven by playwright-core, axe-core run over a
 * page (WCAG 2.1 A/AA and best practices; evaluated through the debugging protocol, so the page's
 * CSP stays on) with a full-page screenshot of what was audited. Used by the portal and console
 * browser tests (and any other web surface that gets one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Headless chromium with the flags the test machines need (no sandbox, no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

/**
 * Where the screenshots of an area go: `docs/<area>/` with EINVOICE_SCREENSHOTS=docs (the
 * `npm run screenshots:*` scripts), else a new temporary folder, so a test run leaves the tree clean.
 */
export function screenshotsDir(area: string): string {
  const dir = process.env.EINVOICE_SCREENSHOTS === 'docs' ? path.resolve(__dirname, '..', '..', 'docs', area) : fs.mkdtempSync(path.join(os.tmpdir(), `einvoice-${area}-shots-`));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

interface AxeResult { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }

/** Runs axe-core over the page, keeps `<dir>/<shot>.png`, and expects no violation (the failure names the shot). */
export async function audit(page: Page, dir: string, shot: string): Promise<void> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<unknown> } }; // axe-core's global, injected above
    return w.axe.run(document, { resultTypes: ['violations'] });
  }) as AxeResult;
  await page.screenshot({ path: path.join(dir, `${shot}.png`), fullPage: true });
  expect([shot, result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)]).toEqual([shot, []]);
}

/**
 * Clicks a button that submits a form and waits until the answer page has loaded: `page.click` returns
 * once the navigation has started, so a `locator.count()` right after it may still read the old page
 * (it does not wait, unlike `textContent`).
 */
export async function clickAndLoad(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}
