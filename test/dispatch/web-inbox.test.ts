/**
 * The web inbox over real HTTP: login of a body user, the list with filters, the detail page with
 * its PDF, downloads, acknowledgement by form (CSRF-protected), bulk ZIP, another body's document
 * unreachable, hostile values escaped; and the pick-up alerts (nodemailer's JSON transport).
 */
import nodemailer from 'nodemailer';
import { listPickupAlerts, raisePickupAlerts } from '../../core/dispatch/alerts';
import { eventsOf, getDocument } from '../../core/documents/store';
import { inboxItemOf } from '../../db/repositories/dispatch';
import { dispatchStage } from '../../workers/dispatch/stage';
import { startTestServer, type TestServer } from '../pipeline/helpers';
import { body, invoiceXml, renderedDocument, silent, tempEnv, unzip, type Env } from './helpers';

interface Page { status: number; text: string; bytes: Buffer; location: string | null; setCookie: string | null; type: string }

async function web(url: string, cookie: string | null, init: RequestInit = {}): Promise<Page> {
  const res = await fetch(url, { redirect: 'manual', ...init, headers: { 'Accept-Language': 'en', ...(cookie ? { Cookie: cookie } : {}), ...(init.headers as Record<string, string> | undefined ?? {}) } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: bytes.toString('utf8'), bytes, location: res.headers.get('location'), setCookie: res.headers.get('set-cookie'), type: res.headers.get('content-type') ?? '' };
}

function form(fields: Record<string, string | string[]>): RequestInit {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: p.toString() };
}

function csrfOf(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (m === null) throw new Error('no csrf token in page');
  return m[1]!;
}

describe('web inbox', () => {
  let env: Env;
  let srv: TestServer;
  let cookie: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await tempEnv('web', [
      body('commune-a', { type: 'commune', contacts: [{ role: 'delivery', name: 'Recette', email: 'recette@commune-a.lu' }, { role: 'accounting', email: 'compta@commune-a.lu' }] }),
      body('commune-b', { type: 'commune' }),
    ]);
    srv = await startTestServer(env.store);
    const hostile = Buffer.from(invoiceXml('W-3').toString('utf8').replace('SupplierOfficialName Ltd', '&lt;script&gt;alert(1)&lt;/script&gt; Ltd'));
    ids.w1 = await renderedDocument(env, 'commune-a', { number: 'W-1' });
    ids.w2 = await renderedDocument(env, 'commune-a', { number: 'W-2', department: 'travaux' });
    ids.w3 = await renderedDocument(env, 'commune-a', { number: 'W-3', xml: hostile });
    ids.b1 = await renderedDocument(env, 'commune-b', { number: 'B-SECRET-1', department: 'secret-department' });
    for (const id of Object.values(ids)) await dispatchStage(id, env.deps);
    for (const [b, login] of [['commune-a', 'clerk@commune-a.lu'], ['commune-b', 'clerk@commune-b.lu']]) {
      const r = await fetch(`${srv.url}/api/v1/bodies/${b}/users`, { method: 'POST', headers: { Authorization: 'Bearer admin-secret', 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: 'correct horse battery staple' }) });
      expect(r.status).toBe(201);
    }
  });
  afterAll(async () => { await srv.close(); await env.close(); });

  test('pages speak French by default, German or English on request (shared web layer)', async () => {
    const fr = await web(`${srv.url}/inbox/login`, null, { headers: { 'Accept-Language': 'fr-LU' } });
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain('Mot de passe');
    const de = await web(`${srv.url}/inbox/login?lang=de`, null);
    expect(de.text).toContain('Passwort');
    expect(de.setCookie).toMatch(/hub_lang=de/);
  });

  test('login: a wrong password is refused, the right one opens a session (HttpOnly, SameSite=Strict)', async () => {
    expect((await web(`${srv.url}/inbox/`, null)).location).toBe('/inbox/login');
    const wrong = await web(`${srv.url}/inbox/login`, null, form({ login: 'clerk@commune-a.lu', password: 'nope nope nope' }));
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('wrong password');
    const ok = await web(`${srv.url}/inbox/login`, null, form({ login: 'Clerk@commune-a.lu', password: 'correct horse battery staple' }));
    expect(ok.status).toBe(303);
    expect(ok.setCookie).toMatch(/HttpOnly/i);
    expect(ok.setCookie).toMatch(/SameSite=Strict/i);
    cookie = ok.setCookie!.split(';')[0]!;
  });

  test('the list shows the body\'s documents only, filters work, hostile values are escaped', async () => {
    const list = await web(`${srv.url}/inbox/`, cookie);
    expect(list.status).toBe(200);
    expect(list.text).toContain('W-1');
    expect(list.text).toContain('W-2');
    expect(list.text).not.toContain('B-SECRET-1');
    expect(list.text).not.toContain('<script>alert(1)');
    expect(list.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ltd');
    const filtered = await web(`${srv.url}/inbox/?supplier=script`, cookie);
    expect(filtered.text).toContain('W-3');
    expect(filtered.text).not.toContain('>W-1<');
    const bad = await web(`${srv.url}/inbox/?since=notadate`, cookie);
    expect(bad.status).toBe(400);
  });

  test('department filter: offers the body\'s own departments only, and filters by the one chosen', async () => {
    const list = await web(`${srv.url}/inbox/`, cookie);
    expect(list.text).toMatch(/<select id="f-department" name="department">.*<option value="travaux">travaux<\/option><\/select>/s);
    expect(list.text).not.toContain('secret-department');
    const travaux = await web(`${srv.url}/inbox/?department=travaux`, cookie);
    expect(travaux.text).toContain('>W-2<');
    expect(travaux.text).not.toContain('>W-1<');
    expect(travaux.text).toContain('<option value="travaux" selected>');
  });

  test('detail page with the PDF, downloads recorded, another body\'s document is a 404', async () => {
    const d = await web(`${srv.url}/inbox/documents/${ids.w1}`, cookie);
    expect(d.status).toBe(200);
    expect(d.text).toContain(`<iframe src="/inbox/documents/${ids.w1}/pdf"`);
    const pdf = await web(`${srv.url}/inbox/documents/${ids.w1}/pdf`, cookie);
    expect(pdf.type).toBe('application/pdf');
    expect((await inboxItemOf(env.store.db, ids.w1!))?.status).toBe('fetched');
    const ev = (await eventsOf(env.store, ids.w1!)).find((e) => e.type === 'inbox.download');
    expect(ev?.actor).toMatch(/^inbox-user:/);
    for (const path of [`/inbox/documents/${ids.b1}`, `/inbox/documents/${ids.b1}/pdf`, `/inbox/documents/${ids.b1}/xml`, `/inbox/documents/${ids.b1}/bundle`]) {
      const r = await web(`${srv.url}${path}`, cookie);
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.text).not.toContain('B-SECRET-1');
    }
    const ack = await web(`${srv.url}/inbox/documents/${ids.b1}/ack`, cookie, form({ csrf: csrfOf(d.text) }));
    expect(ack.status).toBe(404);
    expect((await getDocument(env.store, ids.b1!))?.state).toBe('delivered');
  });

  test('acknowledge by form: CSRF token required; then acknowledged', async () => {
    const d = await web(`${srv.url}/inbox/documents/${ids.w2}`, cookie);
    const noToken = await web(`${srv.url}/inbox/documents/${ids.w2}/ack`, cookie, form({}));
    expect(noToken.status).toBe(403);
    const ok = await web(`${srv.url}/inbox/documents/${ids.w2}/ack`, cookie, form({ csrf: csrfOf(d.text) }));
    expect(ok.status).toBe(303);
    expect((await getDocument(env.store, ids.w2!))?.state).toBe('acknowledged');
    expect((await web(`${srv.url}/inbox/documents/${ids.w2}`, cookie)).text).toContain('Acknowledged on');
  });

  test('bulk download of selected documents; a selection with another body\'s document is refused', async () => {
    const csrf = csrfOf((await web(`${srv.url}/inbox/`, cookie)).text);
    const zip = await web(`${srv.url}/inbox/download`, cookie, form({ csrf, ids: [ids.w1!, ids.w3!] }));
    expect(zip.type).toBe('application/zip');
    expect([...unzip(zip.bytes).keys()]).toEqual(expect.arrayContaining([`${ids.w1}/invoice.xml`, `${ids.w3}/invoice.pdf`]));
    const mixed = await web(`${srv.url}/inbox/download`, cookie, form({ csrf, ids: [ids.w1!, ids.b1!] }));
    expect(mixed.status).toBe(404);
  });

  test('five failed logins lock that login for a while (even with the right password)', async () => {
    for (let i = 0; i < 5; i++) expect((await web(`${srv.url}/inbox/login`, null, form({ login: 'clerk@commune-b.lu', password: `wrong ${i}` }))).status).toBe(401);
    const locked = await web(`${srv.url}/inbox/login`, null, form({ login: 'clerk@commune-b.lu', password: 'correct horse battery staple' }));
    expect(locked.status).toBe(429);
    expect(locked.setCookie).toBeNull();
    // another login is not affected
    expect((await web(`${srv.url}/inbox/login`, null, form({ login: 'clerk@commune-a.lu', password: 'correct horse battery staple' }))).status).toBe(303);
  });

  test('logout ends the session', async () => {
    const csrf = csrfOf((await web(`${srv.url}/inbox/`, cookie)).text);
    expect((await web(`${srv.url}/inbox/logout`, cookie, form({ csrf }))).status).toBe(303);
    expect((await web(`${srv.url}/inbox/`, cookie)).location).toBe('/inbox/login');
  });

  test('pick-up alerts: once per delivery, to the body\'s delivery contact and the Authority, as an event', async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const sent: string[][] = [];
    const orig = transport.sendMail.bind(transport);
    transport.sendMail = (async (m: { to: string[] }) => { sent.push(m.to); return orig(m); }) as typeof transport.sendMail;
    const s = { afterMs: 0, authorityEmail: 'helpdesk@authority.lu', mailFrom: 'hub@authority.lu', publicUrl: 'https://hub', transport };
    const n = await raisePickupAlerts(env.store, s, silent, new Date(Date.now() + 1000));
    // w1 fetched, w2 acknowledged (and w3 downloaded in the ZIP): only commune-b's document is untouched
    expect(n).toBe(1);
    expect(sent).toEqual([['helpdesk@authority.lu']]); // commune-b has no contact: the Authority only
    const alerts = await listPickupAlerts(env.store, 100);
    expect(alerts.map((a) => a.documentId)).toEqual([ids.b1]);
    expect(alerts[0]).toMatchObject({ bodyId: 'commune-b', mail: 'sent' });
    const ev = (await eventsOf(env.store, ids.b1!)).find((e) => e.type === 'pickup.overdue');
    expect(ev!.details).toMatchObject({ recipients: ['helpdesk@authority.lu'], mail: 'sent' });
    expect(await raisePickupAlerts(env.store, s, silent, new Date(Date.now() + 2000))).toBe(0);
    // a body with a delivery contact: its contact is told too
    const late = await renderedDocument(env, 'commune-a', { number: 'W-LATE' });
    await dispatchStage(late, env.deps);
    expect(await raisePickupAlerts(env.store, s, silent, new Date(Date.now() + 3000))).toBe(1);
    expect(sent.at(-1)).toEqual(['recette@commune-a.lu', 'helpdesk@authority.lu']);
    // the Authority's list
    const list = await (await fetch(`${srv.url}/api/v1/dispatch/alerts`, { headers: { Authorization: 'Bearer admin-secret' } })).json() as { items: { documentId: string; recipients: string[] }[] };
    expect(list.items.map((a) => a.documentId)).toEqual([late, ids.b1]);
    expect(list.items[0]!.recipients).toEqual(['recette@commune-a.lu', 'helpdesk@authority.lu']);
    expect((await fetch(`${srv.url}/api/v1/dispatch/alerts`)).status).toBe(401);
  });
});
