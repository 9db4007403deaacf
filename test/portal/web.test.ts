/**
 * The shared web layer on its own: escaping, language negotiation, CSRF tokens, the rate limiter
 * (real express app on a real port), the portal's 429 page, and the completeness of the FR/DE/EN
 * message tables.
 */
import http from 'node:http';
import express from 'express';
import { pt, type PortalKey } from '../../templates/portal/messages';
import { Csrf, esc, fromAcceptLanguage, html, page, rateLimit, raw, webText, type WebKey, type Lang } from '../../web';
import { Client, startPortalHub } from './helpers';

test('html escapes every interpolated value, keeps trusted fragments', () => {
  const evil = '<script>alert("x")</script>&\'`';
  expect(html`<p title="${evil}">${evil}</p>`.value).toBe('<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;</p>');
  expect(html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
  expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  expect(esc(raw('<b>'))).toBe('&lt;b&gt;');
});

test('Accept-Language: q-values and regional tags; unsupported languages fall through', () => {
  expect(fromAcceptLanguage('de-LU,de;q=0.9,fr;q=0.8')).toBe('de');
  expect(fromAcceptLanguage('lb-LU, en;q=0.3, fr;q=0.7')).toBe('fr');
  expect(fromAcceptLanguage('pt-BR,es;q=0.9')).toBeNull();
  expect(fromAcceptLanguage(undefined)).toBeNull();
  expect(fromAcceptLanguage('en;q=0, de;q=0.1')).toBe('de');
});

test('the page frame: lang attribute, skip link, switcher, error summary linking to fields', () => {
  const out = page({ lang: 'de', title: 'T<i>', path: '/portal/x?a=1', body: 'b', errors: [{ field: 'lines[0].quantity', message: 'M<b>' }, { field: null, message: 'G' }] });
  expect(out).toContain('<html lang="de">');
  expect(out).toContain('href="#main"');
  expect(out).toContain('href="/portal/x?a=1&amp;lang=fr"');
  expect(out).toContain('<a href="#f-lines-0-quantity">M&lt;b&gt;</a>');
  expect(out).toContain('<title>Fehler: T&lt;i&gt;');
});

test('every message of the web layer and of the portal exists in French, German and English', () => {
  const langs: Lang[] = ['fr', 'de', 'en'];
  const webKeys: WebKey[] = ['skipToContent', 'errorSummaryTitle', 'csrfText', 'tooManyText', 'notFoundText'];
  for (const k of webKeys) for (const l of langs) expect(webText(k, l).length).toBeGreaterThan(0);
  const portalKeys: PortalKey[] = ['service', 'uploadTitle', 'reportInvalid', 'recipientResolved', 'receiptIntro', 'state_acknowledged', 'vatReasonRequired', 'attachmentBadType', 'pdfNoXml'];
  for (const k of portalKeys) {
    const texts = langs.map((l) => pt(k, l, { n: 1, name: 'x', id: 'y', cat: 'E', max: '1 MB', count: 1 }));
    expect(new Set(texts).size).toBe(3);
  }
});

test('CSRF: a token is bound to its session cookie', async () => {
  const csrf = new Csrf('secret');
  const app = express();
  app.get('/t', (req, res) => { res.send(csrf.token(req, res)); });
  app.post('/t', express.urlencoded({ extended: false }), (req, res) => { res.status(csrf.verify(req, (req.body as Record<string, string>)._csrf) ? 200 : 403).end(); });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const a = await fetch(`${base}/t`);
    const cookie = (a.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    expect(a.headers.getSetCookie()[0]).toMatch(/HttpOnly; SameSite=Lax/);
    const token = await a.text();
    const ok = await fetch(`${base}/t`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${token}` });
    expect(ok.status).toBe(200);
    const noCookie = await fetch(`${base}/t`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${token}` });
    expect(noCookie.status).toBe(403);
    const b = await fetch(`${base}/t`);
    const otherCookie = (b.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
    const crossed = await fetch(`${base}/t`, { method: 'POST', headers: { cookie: otherCookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${token}` });
    expect(crossed.status).toBe(403);
  } finally {
    server.close();
  }
});

test('rate limit: per client, with Retry-After, refilled over time', async () => {
  let t = 0;
  const app = express();
  app.use(rateLimit({ max: 3, windowMs: 60_000, now: () => t, key: (req) => String(req.get('x-client')), onLimited: (_req, res) => { res.status(429).send('slow down'); } }));
  app.get('/', (_req, res) => { res.send('ok'); });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(url, { headers: { 'x-client': 'a' } })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await fetch(url, { headers: { 'x-client': 'a' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await fetch(url, { headers: { 'x-client': 'b' } })).status).toBe(200);
    t += 20_000; // one token back after a third of the window
    expect((await fetch(url, { headers: { 'x-client': 'a' } })).status).toBe(200);
    expect((await fetch(url, { headers: { 'x-client': 'a' } })).status).toBe(429);
  } finally {
    server.close();
  }
});

test('the portal answers 429 with a page in the user language when a client posts too much', async () => {
  const saved = process.env.EINVOICE_PORTAL_POST_RATE_LIMIT;
  process.env.EINVOICE_PORTAL_POST_RATE_LIMIT = '2';
  const hub = await startPortalHub('ratelimit');
  try {
    const c = new Client(hub.url, 'de');
    await c.get('/portal/upload');
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 3; i++) {
      const fd = new FormData();
      fd.append('_csrf', c.csrf());
      const r = await c.post('/portal/upload', fd);
      statuses.push(r.status);
      last = r.html;
    }
    expect(statuses).toEqual([400, 400, 429]);
    expect(last).toContain('Zu viele Anfragen');
  } finally {
    if (saved === undefined) delete process.env.EINVOICE_PORTAL_POST_RATE_LIMIT;
    else process.env.EINVOICE_PORTAL_POST_RATE_LIMIT = saved;
    await hub.stop();
  }
});
