/**
 * The web inbox reads the rule texts like the portal and the console: a document's findings (a warning
 * of its stored validation report, a routing note stored without texts) in the user's language, the
 * official English folded beside them; a refused status (form and bulk import) with the official T111
 * text or the hub's own HUB-IR text in that language, for every rule the status checks can give. The
 * expected texts are read from the texts' JSON files and the hub's table at test time, not copied here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { checkStatusRequest, type StatusRequest } from '../../core/invoice-response/rules';
import { attachFile } from '../../db/repositories/documents';
import { events } from '../../db/schema';
import { validate } from '../../validation';
import { hubMessage } from '../../validation/hub-texts';
import { refusalMessages } from '../../validation/messages';
import { deliveredDocument, invoiceXml, statusEnv, type Env } from './helpers';
import type { TestServer } from '../pipeline/helpers';

type Lang = 'fr' | 'de' | 'en';
interface Page { status: number; text: string }

let env: Env;
let srv: TestServer;
let close: () => Promise<void>;
let cookie = '';
let warned = '';
let plain = '';
/** The official English of the warning, as the report carries it. */
let english = '';

/** The rule's text in a texts file (`schematron/texts/<family>.<lang>.json`) for a pack. */
function jsonText(family: string, lang: Lang, ruleId: string, pack: string): string {
  const file = path.resolve(__dirname, '..', '..', 'schematron', 'texts', `${family}.${lang}.json`);
  const entry = (JSON.parse(fs.readFileSync(file, 'utf8')) as { rules: Record<string, string | Record<string, string>> }).rules[ruleId];
  const text = typeof entry === 'string' ? entry : entry?.[pack];
  if (text === undefined) throw new Error(`no ${lang} text of ${ruleId} in ${family}`);
  return text;
}

async function web(p: string, lang: string, init: RequestInit = {}): Promise<Page> {
  const res = await fetch(`${srv.url}${p}`, { redirect: 'manual', ...init, headers: { 'Accept-Language': lang, ...(cookie ? { Cookie: cookie } : {}), ...(init.headers as Record<string, string> | undefined ?? {}) } });
  return { status: res.status, text: await res.text() };
}

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
const ENTITIES: Record<string, string> = { '&quot;': '"', '&#39;': "'", '&#96;': '`', '&lt;': '<', '&gt;': '>', '&nbsp;': '\u00a0', '&amp;': '&' };
/** The text people read: tags dropped, entities decoded, runs of white space as one space (no-break spaces kept). */
const visible = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/&(quot|#39|#96|lt|gt|nbsp|amp);/g, (e) => ENTITIES[e]!).replace(/[ \t\r\n]+/g, ' ');
/** `BR-01 : …` in French (a no-break space before the colon), `BR-01: …` otherwise. */
const ruleLine = (ruleId: string, text: string, lang: Lang): string => `${ruleId}${lang === 'fr' ? '\u00a0:' : ':'} ${text}`;

beforeAll(async () => {
  ({ env, srv, close } = await statusEnv('findings-lang'));
  // a delivered invoice with a warning (UBL-CR-005: a UUID), its report as the validate stage stores it
  const xml = Buffer.from(invoiceXml('WARN-1').toString('utf8').replace('<cbc:IssueDate>', '<cbc:UUID>6e1f0c2a</cbc:UUID>\n  <cbc:IssueDate>'));
  const report = await validate(xml, { date: '2026-09-01' });
  expect(report.findings.map((f) => [f.ruleId, f.flag])).toEqual([['UBL-CR-005', 'warning']]);
  english = report.findings[0]!.message;
  warned = await deliveredDocument(env, 'commune-a', { number: 'WARN-1', channel: 'peppol', xml });
  const json = Buffer.from(JSON.stringify(report));
  const sha = await env.store.blobs.put(json);
  await env.store.db.transaction((tx) => attachFile(tx, warned, 'validation-report', sha, json.length, 'application/json', new Date().toISOString()));
  // a routing note written before the hub's texts: English only
  const note = { ruleId: 'HUB-ROUTE-REDIRECTED', flag: 'information', location: '/', message: hubMessage('routeRedirected', { from: 'commune-old', since: '2025-12-31', to: 'commune-a' }).message };
  await env.store.db.update(events).set({ details: { bodyId: 'commune-a', department: null, findings: [note] } }).where(and(eq(events.documentId, warned), eq(events.toState, 'routed')));
  plain = await deliveredDocument(env, 'commune-a', { number: 'PLAIN-2', channel: 'portal-upload' });
  const r = await fetch(`${srv.url}/api/v1/bodies/commune-a/users`, { method: 'POST', headers: { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'clerk@commune-a.lu', password: 'correct horse battery staple' }) });
  expect(r.status).toBe(201);
  const login = await fetch(`${srv.url}/inbox/login`, { redirect: 'manual', ...form({ login: 'clerk@commune-a.lu', password: 'correct horse battery staple' }) });
  cookie = login.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => close());

test('the findings of a document in French and German: the rule text of the pack, the official English folded beside it; a routing note in the hub\'s text', async () => {
  const routed = hubMessage('routeRedirected', { from: 'commune-old', since: '2025-12-31', to: 'commune-a' });
  for (const [lang, flag] of [['fr', 'Avertissement'], ['de', 'Warnung']] as const) {
    const page = await web(`/inbox/documents/${warned}`, lang);
    expect(page.status).toBe(200);
    const text = visible(page.text);
    const rule = jsonText('en16931', lang, 'UBL-CR-005', 'cen-en16931-ubl');
    expect([lang, text]).toEqual([lang, expect.stringContaining(`${flag} ${ruleLine('UBL-CR-005', rule, lang)}`)]);
    expect(text).toContain(english);
    expect(page.text).toMatch(/<details class="official"><summary>[^<]+<\/summary><p lang="en">\[UBL-CR-005\]-A UBL invoice should not include the UUID<\/p><\/details>/);
    expect(text).toContain(ruleLine('HUB-ROUTE-REDIRECTED', routed.messages[lang], lang));
  }
  // English: the official text alone
  const en = await web(`/inbox/documents/${warned}`, 'en');
  expect(visible(en.text)).toContain(`Warning ${ruleLine('UBL-CR-005', english, 'en')}`);
  expect(en.text).not.toContain('<details class="official">');
  // the language the user chose (?lang=, kept in a cookie) wins over the browser's
  const chosen = await web(`/inbox/documents/${warned}?lang=de`, 'fr');
  expect(visible(chosen.text)).toContain(jsonText('en16931', 'de', 'UBL-CR-005', 'cen-en16931-ubl'));
});

test('a refused status names the rule with its official T111 text or the hub\'s own text, in the user\'s language', async () => {
  const csrf = csrfOf((await web(`/inbox/documents/${plain}`, 'fr')).text);
  for (const lang of ['fr', 'de'] as const) {
    // RE without a reason or an action: PEPPOL-T111-R001
    const refused = await web(`/inbox/documents/${plain}/responses`, lang, form({ csrf, code: 'RE' }));
    expect(refused.status).toBe(422);
    expect(visible(refused.text)).toContain(ruleLine('PEPPOL-T111-R001', jsonText('peppol-invoice-response', lang, 'PEPPOL-T111-R001', 'peppol-invoice-response'), lang));
    // a paid amount that is not an amount: the hub's rule HUB-IR-AMOUNT
    const amount = await web(`/inbox/documents/${plain}/responses`, lang, form({ csrf, code: 'PD', paidAmount: 'douze' }));
    expect(amount.status).toBe(422);
    expect(visible(amount.text)).toContain(ruleLine('HUB-IR-AMOUNT', hubMessage('irAmount', { amount: 'douze' }).messages[lang], lang));
  }
  const en = await web(`/inbox/documents/${plain}/responses`, 'en', form({ csrf, code: 'RE' }));
  expect(visible(en.text)).toContain('PEPPOL-T111-R001: Status RE needs at least one clarification code (a reason or an action).');
  // the bulk import's refused line, the same way
  const bulk = await web('/inbox/responses/import', 'de', form({ csrf, csv: `documentId,code\n${plain},RE\n`, dryRun: '1' }));
  expect(bulk.status).toBe(422);
  expect(visible(bulk.text)).toContain(ruleLine('PEPPOL-T111-R001', jsonText('peppol-invoice-response', 'de', 'PEPPOL-T111-R001', 'peppol-invoice-response'), 'de'));
});

test('every refusal the status checks can give has a French and a German text: the T111 rule\'s, or the hub\'s own for a HUB-IR rule', () => {
  const req = (o: Partial<StatusRequest>): StatusRequest => ({ code: 'AP', reasons: [], actions: [], ...o });
  const cases: [StatusRequest, string | null, boolean?][] = [
    [req({ code: 'XX' }), null], [req({ note: ' ' }), null], [req({ note: 'bell \u0007' }), null], [req({ effectiveDate: '2026-02-30' }), null],
    [req({ reasons: [{ code: 'ZZZ' }], actions: [{ code: 'YYY' }] }), null], [req({ code: 'RE', reasons: [{ code: 'OTH' }] }), null], [req({ code: 'RE' }), null],
    [req({ code: 'PD', reasons: [{ code: 'PPD' }] }), null], [req({ code: 'AP', reasons: [{ code: 'PPD', text: 'x' }] }), null],
    [req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '1,250.00', currency: 'EUR' }), null], [req({ code: 'PD', paidAmount: '10.00', currency: 'EUR' }), null],
    [req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '10.00' }), null], [req({ code: 'PD', reasons: [{ code: 'PPD' }], paidAmount: '10.00', currency: 'eur' }), null],
    [req({ code: 'PD', currency: 'EUR' }), null], [req({ code: 'AP' }), 'XX'], [req({ code: 'AB' }), 'AP'], [req({ code: 'AP' }), 'RE'], [req({ code: 'AP' }), 'PD'], [req({ code: 'IP' }), 'UQ'],
  ];
  const seen = new Set<string>();
  for (const [r, previous, reopened] of cases) {
    for (const v of checkStatusRequest(r, previous as never, { reopenedByAuthority: reopened })) {
      seen.add(v.ruleId);
      const m = refusalMessages(v.ruleId, v.message);
      expect([v.ruleId, v.message, typeof m?.fr, typeof m?.de]).toEqual([v.ruleId, v.message, 'string', 'string']);
      expect([v.ruleId, m?.fr === v.message, m?.de === v.message]).toEqual([v.ruleId, false, false]);
      if (v.ruleId.startsWith('PEPPOL-')) expect([v.ruleId, m?.de]).toEqual([v.ruleId, jsonText('peppol-invoice-response', 'de', v.ruleId, 'peppol-invoice-response')]);
    }
  }
  expect([...seen].sort()).toEqual([
    'HUB-IR-AB-FIRST', 'HUB-IR-AMOUNT', 'HUB-IR-AMOUNT-PPD', 'HUB-IR-CHARACTERS', 'HUB-IR-CURRENCY', 'HUB-IR-DATE', 'HUB-IR-ORDER', 'HUB-IR-PD-FINAL', 'HUB-IR-PREVIOUS', 'HUB-IR-RE-FINAL',
    'PEPPOL-COMMON-R001', 'PEPPOL-T111-B03001', 'PEPPOL-T111-R001', 'PEPPOL-T111-R002', 'PEPPOL-T111-R004', 'PEPPOL-T111-R005', 'PEPPOL-T111-R006', 'PEPPOL-T111-R007',
  ]);
  // a refusal that is no rule (a conflict) has none: the page shows the English
  expect(refusalMessages('conflict', 'Another status was set on this document meanwhile; read its statuses and try again.')).toBeUndefined();
});
