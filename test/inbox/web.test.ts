/**
 * The web inbox after its move to templates/inbox and a declared route table: the document type and
 * the sign of the amount wherever a document is listed or shown (a credit note was shown as an
 * invoice), numbers, dates and times in the page language, no French space before a colon in German
 * and English; the status form (a refusal names the rule, in the page language), statuses in bulk
 * (dry run, then apply), the portal's status page showing them — and every response passes T111.
 */
import { inboxWebRouteTable } from '../../services/inbox/web/index';
import { hashToken, newToken } from '../../core/portal/tokens';
import { insertSubmission } from '../../db/repositories/portal';
import { responsesOf } from '../../db/repositories/responses';
import { ruleText } from '../../schematron/texts';
import { creditNoteXml, deliveredDocument, invoiceXml, statusEnv, t111Fatal, type Env } from './helpers';
import type { TestServer } from '../pipeline/helpers';

interface Page { status: number; text: string; location: string | null; setCookie: string | null }

let env: Env;
let srv: TestServer;
let close: () => Promise<void>;
let cookie = '';
const docs: Record<string, string> = {};

async function web(path: string, lang: string, init: RequestInit = {}): Promise<Page> {
  const res = await fetch(`${srv.url}${path}`, { redirect: 'manual', ...init, headers: { 'Accept-Language': lang, ...(cookie ? { Cookie: cookie } : {}), ...(init.headers as Record<string, string> | undefined ?? {}) } });
  return { status: res.status, text: await res.text(), location: res.headers.get('location'), setCookie: res.headers.get('set-cookie') };
}

function form(fields: Record<string, string | string[]>): RequestInit {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: p.toString() };
}

const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
/** The text people read: tags dropped, entities of spaces kept as characters. */
const visible = (html: string): string => html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, '\u00a0');

beforeAll(async () => {
  ({ env, srv, close } = await statusEnv('web'));
  docs.credit = await deliveredDocument(env, 'commune-a', { number: 'CN-7', channel: 'peppol', xml: creditNoteXml('CN-7') });
  docs.invoice = await deliveredDocument(env, 'commune-a', { number: 'INV-8', channel: 'peppol', xml: invoiceXml('INV-8') });
  docs.portal = await deliveredDocument(env, 'commune-a', { number: 'PORT-9', channel: 'portal-upload' });
  docs.other = await deliveredDocument(env, 'commune-b', { number: 'B-SECRET', channel: 'peppol' });
  const r = await fetch(`${srv.url}/api/v1/bodies/commune-a/users`, { method: 'POST', headers: { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'clerk@commune-a.lu', password: 'correct horse battery staple' }) });
  expect(r.status).toBe(201);
  const login = await web('/inbox/login', 'fr', form({ login: 'clerk@commune-a.lu', password: 'correct horse battery staple' }));
  cookie = login.setCookie!.split(';')[0]!;
});
afterAll(() => close());

test('the route table: one file per page group; every page but the login needs a session', async () => {
  const table = inboxWebRouteTable();
  expect(new Set(table.map((r) => r.group))).toEqual(new Set(['login', 'list', 'bulk', 'document']));
  const saved = cookie;
  cookie = '';
  try {
    for (const r of table.filter((x) => x.session)) {
      const path = r.path.replace(':id', docs.invoice!).replace(':what', 'pdf');
      const p = await web(path, 'en', r.method === 'post' ? form({ csrf: 'x' }) : {});
      expect([r.method, path, r.method === 'get' ? p.location : p.status]).toEqual([r.method, path, r.method === 'get' ? '/inbox/login' : 403]);
    }
  } finally {
    cookie = saved;
  }
});

test('a credit note is shown as a credit note, with the sign of its amount, in the list and on its page', async () => {
  const list = visible((await web('/inbox/', 'de')).text);
  expect(list).toContain('Gutschrift (381)');
  expect(list).toContain('Rechnung (380)');
  expect(list).toContain('\u22121.656,25\u00a0EUR');
  expect(list).toContain('1.656,25\u00a0EUR');
  const page = await web(`/inbox/documents/${docs.credit}`, 'de');
  expect(page.text).toMatch(/<h1>Gutschrift CN-7 — /);
  expect(visible(page.text)).toContain('Gutgeschriebener Betrag');
  expect(visible(page.text)).toContain('\u22121.656,25\u00a0EUR');
  expect(visible(page.text)).not.toContain('Fälliger Betrag');
  const fr = visible((await web(`/inbox/documents/${docs.credit}`, 'fr')).text);
  expect(fr).toContain('\u22121\u00a0656,25\u00a0EUR');
  expect(fr).toContain('Avoir (381)');
});

test('numbers, dates and times in the page language; times in Luxembourg, labelled; no space before a colon in German and English', async () => {
  for (const [lang, amount, zone] of [['fr', '1\u00a0656,25\u00a0EUR', 'heure de Luxembourg'], ['de', '1.656,25\u00a0EUR', 'Luxemburger Zeit'], ['en', '1,656.25\u00a0EUR', 'Luxembourg time']] as const) {
    for (const path of ['/inbox/', `/inbox/documents/${docs.invoice}`, '/inbox/responses/import']) {
      const text = visible((await web(path, lang)).text);
      if (path !== '/inbox/responses/import') {
        expect([lang, path, text.includes(amount), text.includes(zone)]).toEqual([lang, path, true, true]);
        expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      }
      if (lang !== 'fr') expect([lang, path, text.match(/\S[ \u00a0]:(?!\/)/g)]).toEqual([lang, path, null]);
    }
  }
  expect(visible((await web(`/inbox/documents/${docs.invoice}`, 'de')).text)).toContain('13.11.2017');
});

test('the status form: a refusal names the rule in the page language; a status sent shows on the page and on the supplier\'s portal page', async () => {
  const page = await web(`/inbox/documents/${docs.portal}`, 'de');
  const csrf = csrfOf(page.text);
  expect(page.text).toContain('name="code" value="CA"');
  const refused = await web(`/inbox/documents/${docs.portal}/responses`, 'de', form({ csrf, code: 'RE' }));
  expect(refused.status).toBe(422);
  expect(visible(refused.text)).toContain(`PEPPOL-T111-R001: ${ruleText('PEPPOL-T111-R001', 'de')}`);
  const ok = await web(`/inbox/documents/${docs.portal}/responses`, 'de', form({ csrf, code: 'CA', reasons: ['QTY'], actions: ['CNP'], reasonText: '2 Stück fehlen', note: 'Bitte Gutschrift' }));
  expect([ok.status, ok.location]).toEqual([303, `/inbox/documents/${docs.portal}?set=CA#statuses`]);
  const shown = visible((await web(`/inbox/documents/${docs.portal}?set=CA`, 'de')).text);
  expect(shown).toContain('Status „Unter Bedingungen angenommen“ gespeichert');
  expect(shown).toContain('Mengen fehlerhaft (QTY) — 2 Stück fehlen');
  expect(shown).toContain('Teilweise gutschreiben (CNP)');
  // the same form twice: one status
  await web(`/inbox/documents/${docs.portal}/responses`, 'de', form({ csrf, code: 'CA', reasons: ['QTY'], actions: ['CNP'], reasonText: '2 Stück fehlen', note: 'Bitte Gutschrift' }));
  expect((await responsesOf(env.store.db, docs.portal!)).map((r) => [r.code, r.via, r.delivery])).toEqual([['CA', 'web', 'portal']]);
  // a partial payment: the amount with a decimal comma, PPD added by the form
  const paid = await web(`/inbox/documents/${docs.portal}/responses`, 'fr', form({ csrf, code: 'PD', paidAmount: '100,50' }));
  expect(paid.status).toBe(303);
  expect(visible((await web(`/inbox/documents/${docs.portal}`, 'fr')).text)).toContain('Montant payé\u00a0: 100,50\u00a0EUR');
  // the supplier's status page
  const token = newToken();
  await insertSubmission(env.store.db, { trackingHash: hashToken(token), documentId: docs.portal!, channel: 'portal-upload', createdAt: new Date().toISOString() });
  const portal = visible(await (await fetch(`${srv.url}/portal/status/${token}?lang=de`)).text());
  expect(portal).toContain('Antwort der empfangenden Stelle');
  expect(portal).toContain('Unter Bedingungen angenommen (CA)');
  expect(portal).toContain('Mengen fehlerhaft (QTY) — 2 Stück fehlen');
  expect(portal).toContain('Bezahlter Betrag: 100,50\u00a0EUR');
  const portalFr = visible(await (await fetch(`${srv.url}/portal/status/${token}?lang=fr`)).text());
  expect(portalFr).toContain('Accepté sous conditions (CA)');
  // another body's document: 404, nothing set
  expect((await web(`/inbox/documents/${docs.other}/responses`, 'de', form({ csrf, code: 'AP' }))).status).toBe(404);
  expect(await responsesOf(env.store.db, docs.other!)).toEqual([]);
});

test('statuses in bulk from the web inbox: checked first, then applied', async () => {
  const csrf = csrfOf((await web('/inbox/responses/import', 'en')).text);
  const csv = `documentId,code\n${docs.invoice},AP\n`;
  const checked = await web('/inbox/responses/import', 'en', form({ csrf, csv, dryRun: '1' }));
  expect(checked.status).toBe(200);
  expect(checked.text).toContain('name="apply" value="1"');
  expect(await responsesOf(env.store.db, docs.invoice!)).toEqual([]);
  const applied = await web('/inbox/responses/import', 'en', form({ csrf, csv, apply: '1' }));
  expect(visible(applied.text)).toContain('1 line(s) applied.');
  expect((await responsesOf(env.store.db, docs.invoice!)).map((r) => [r.code, r.via])).toEqual([['AP', 'web-bulk']]);
  const wrong = await web('/inbox/responses/import', 'en', form({ csrf, csv: `documentId,code\n${docs.other},AP\n`, dryRun: '1' }));
  expect([wrong.status, wrong.text.includes('document-not-found')]).toEqual([422, true]);
});

test('the acknowledgement button sets AB; every response of the web paths passes T111', async () => {
  const csrf = csrfOf((await web(`/inbox/documents/${docs.credit}`, 'fr')).text);
  expect((await web(`/inbox/documents/${docs.credit}/ack`, 'fr', form({ csrf }))).status).toBe(303);
  expect((await responsesOf(env.store.db, docs.credit!)).map((r) => r.code)).toEqual(['AB']);
  for (const id of [docs.credit!, docs.invoice!, docs.portal!]) {
    for (const r of await responsesOf(env.store.db, id)) expect([r.code, r.responseState, await t111Fatal(await env.store.blobs.get(r.sha256!))]).toEqual([r.code, 'valid', []]);
  }
});
