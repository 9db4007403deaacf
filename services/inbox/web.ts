/**
 * The web inbox for bodies without an ERP (communes…): `/inbox/` lists the documents of the
 * user's body (and its accounting units) with filters, `/inbox/documents/{id}` shows one with its
 * PDF, XML and bundle downloads and the acknowledgement button; several can be selected and
 * downloaded as one ZIP. Logins are body users (`POST /api/v1/bodies/{id}/users`). Every value is
 * escaped; forms carry the session's CSRF token; the session cookie is HttpOnly, SameSite=Strict.
 */
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { config } from '../../config';
import { reachableBodies } from '../../workers/dispatch/store';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';
import {
  acknowledge, addBundle, documentMetadata, INBOX_STATUSES, listItems, loadVisible, parseListQuery, pdfOf, recordDownload, sendZip, xmlOf, type Viewer,
} from './queries';
import { checkLogin, createSession, endSession, readCookie, SESSION_COOKIE, sessionOf } from './sessions';

export function esc(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const CSS = `
:root{--fg:#1b1f24;--muted:#4a5360;--line:#d0d7de;--accent:#0b4f8a;--bg:#f6f8fa}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1.2rem;background:var(--accent);color:#fff}
header a,header button{color:#fff}header form{margin:0}
header button{background:transparent;border:1px solid #fff;border-radius:4px;padding:.25rem .7rem;cursor:pointer;font:inherit}
main{padding:1rem 1.2rem;max-width:1200px;margin:0 auto}
h1{font-size:1.35rem;margin:.4rem 0 1rem}h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
form.filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:flex-end;background:var(--bg);padding:.8rem;border:1px solid var(--line);border-radius:6px;margin-bottom:1rem}
label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);gap:.2rem}
input,select{font:inherit;padding:.3rem .45rem;border:1px solid #8c959f;border-radius:4px;color:var(--fg)}
.btn{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.4rem .9rem;font:inherit;cursor:pointer;text-decoration:none}
.btn.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
table{border-collapse:collapse;width:100%}caption{text-align:left;color:var(--muted);padding:.3rem 0}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}th{background:var(--bg);font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:10px;padding:0 .5rem;font-size:.8rem;border:1px solid}
.badge.new{color:#8a4b00;border-color:#8a4b00}.badge.fetched{color:#0b4f8a;border-color:#0b4f8a}.badge.acknowledged{color:#1a6b2f;border-color:#1a6b2f}
.layout{display:grid;grid-template-columns:minmax(280px,1fr) 2fr;gap:1.2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem .8rem;margin:0}dt{color:var(--muted)}dd{margin:0}
iframe{width:100%;height:75vh;border:1px solid var(--line)}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;margin:.8rem 0}
.error{color:#a40e26;background:#ffebe9;border:1px solid #a40e26;padding:.5rem .8rem;border-radius:4px}
.login{max-width:360px;margin:3rem auto;display:flex;flex-direction:column;gap:.8rem}
nav.pager{margin:1rem 0;display:flex;gap:.6rem}
ul.events{padding-left:1.1rem;font-size:.9rem;color:var(--muted)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:800px){.layout{grid-template-columns:1fr}}
`;

function page(title: string, body: string, session?: { csrf: string; login: string; bodyId: string }): string {
  const head = session === undefined ? '' : `<header><span><a href="/inbox/">e-Invoicing inbox</a> — ${esc(session.bodyId)}</span>
<form method="post" action="/inbox/logout"><input type="hidden" name="csrf" value="${esc(session.csrf)}"><span>${esc(session.login)}</span> <button type="submit">Sign out</button></form></header>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} — e-Invoicing inbox</title><link rel="stylesheet" href="/inbox/static/inbox.css"></head>
<body>${head}<main>${body}</main></body></html>`;
}

interface WebSession { viewer: Viewer; csrf: string; login: string; bodyId: string; idHash: string }

function webSession(res: Response): WebSession {
  return res.locals.inboxWeb as WebSession;
}

function send(res: Response, status: number, html: string): void {
  res.status(status).type('text/html; charset=utf-8')
    .set('Content-Security-Policy', "default-src 'none'; style-src 'self'; frame-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'")
    .set('X-Content-Type-Options', 'nosniff').set('Referrer-Policy', 'same-origin').set('Cache-Control', 'no-store').send(html);
}

function money(summary: Record<string, unknown>): string {
  const t = (summary.totals ?? {}) as Record<string, string | null>;
  const v = t.due ?? t.withVat;
  return v === null || v === undefined ? '' : `${v} ${String(summary.currency ?? '')}`.trim();
}

export function inboxWebRouter(deps: AppDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 600 });
  const sessionLifetime = config.inboxSessionMs;

  const requireSession: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const cookie = readCookie(req.get('cookie'), SESSION_COOKIE);
    const s = cookie === null ? null : sessionOf(deps.db, cookie, deps.clock());
    if (s === null) {
      if (req.method === 'GET') { res.redirect(303, '/inbox/login'); return; }
      send(res, 403, page('Session expired', '<h1>Session expired</h1><p><a href="/inbox/login">Sign in again</a>.</p>'));
      return;
    }
    res.locals.inboxWeb = {
      viewer: { actor: `inbox-user:${s.user.id}`, bodies: reachableBodies(deps.db, s.user.bodyId), via: 'web' },
      csrf: s.csrf, login: s.user.login, bodyId: s.user.bodyId, idHash: s.idHash,
    } satisfies WebSession;
    next();
  };
  const requireCsrf: RequestHandler = (req, res, next) => {
    const token = (req.body as Record<string, unknown> | undefined)?.csrf;
    if (typeof token !== 'string' || token !== webSession(res).csrf) {
      send(res, 403, page('Forbidden', '<h1>Forbidden</h1><p>The form has expired. <a href="/inbox/">Back to the inbox</a>.</p>'));
      return;
    }
    next();
  };
  const notFound = (res: Response, s: WebSession): void => send(res, 404, page('Not found', '<h1>Document not found</h1><p>No such document in your inbox. <a href="/inbox/">Back to the inbox</a>.</p>', s));
  const visible = (req: Request, res: Response): ReturnType<typeof loadVisible> | null => {
    try {
      return loadVisible(deps, webSession(res).viewer, String(req.params.id));
    } catch (err) {
      if (err instanceof ProblemError && err.status === 404) { notFound(res, webSession(res)); return null; }
      throw err;
    }
  };

  r.get('/inbox/static/inbox.css', (_req, res) => { res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(CSS); });

  const loginPage = (error?: string, login = ''): string => page('Sign in', `<form class="login" method="post" action="/inbox/login">
<h1>e-Invoicing inbox</h1>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<label>E-mail<input name="login" type="email" autocomplete="username" required value="${esc(login)}"></label>
<label>Password<input name="password" type="password" autocomplete="current-password" required></label>
<button class="btn" type="submit">Sign in</button></form>`);

  r.get('/inbox/login', (_req, res) => send(res, 200, loginPage()));
  // login throttling (per process): after 5 failures for a login within 15 minutes, refuse it until the oldest expires
  const failures = new Map<string, number[]>();
  const WINDOW = 15 * 60_000;
  const recent = (key: string, now: number): number[] => {
    const l = (failures.get(key) ?? []).filter((t) => now - t < WINDOW);
    if (l.length === 0) failures.delete(key); else failures.set(key, l);
    return l;
  };
  r.post('/inbox/login', form, async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const login = typeof b.login === 'string' ? b.login.slice(0, 200) : '';
    const password = typeof b.password === 'string' ? b.password.slice(0, 500) : '';
    const key = login.trim().toLowerCase();
    const now = deps.clock().getTime();
    const past = recent(key, now);
    if (past.length >= 5) {
      const minutes = Math.max(1, Math.ceil((past[0]! + WINDOW - now) / 60_000));
      send(res.set('Retry-After', String(minutes * 60)), 429, loginPage(`Too many failed attempts for this e-mail. Try again in ${minutes} minute(s).`, login));
      return;
    }
    const user = login === '' || password === '' ? null : await checkLogin(deps.db, login, password);
    if (user === null) {
      if (key !== '') failures.set(key, [...past, now]);
      if (failures.size > 100_000) failures.clear(); // bounded memory under a flood of invented logins
      send(res, 401, loginPage('Unknown e-mail or wrong password.', login));
      return;
    }
    failures.delete(key);
    const s = createSession(deps.db, user.id, sessionLifetime, deps.clock());
    res.cookie(SESSION_COOKIE, s.cookie, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/inbox', expires: s.expiresAt });
    res.redirect(303, '/inbox/');
  });
  r.post('/inbox/logout', form, requireSession, requireCsrf, (_req, res) => {
    endSession(deps.db, webSession(res).idHash);
    res.clearCookie(SESSION_COOKIE, { path: '/inbox' });
    res.redirect(303, '/inbox/login');
  });

  r.get(['/inbox', '/inbox/'], requireSession, (req, res) => {
    const s = webSession(res);
    let q;
    try {
      q = parseListQuery(req.query as Record<string, unknown>, { limit: 50, order: 'desc' });
    } catch (err) {
      if (err instanceof ProblemError) { send(res, 400, page('Inbox', `<h1>Inbox</h1><p class="error">${esc(err.detail)}</p><p><a href="/inbox/">Reset the filters</a></p>`, s)); return; }
      throw err;
    }
    const { items, nextCursor } = listItems(deps, s.viewer, q);
    const cur = (k: string): string => (typeof req.query[k] === 'string' ? String(req.query[k]) : '');
    const statusSel = cur('status');
    const rows = items.map((i) => {
      const summary = JSON.parse(i.summary) as Record<string, unknown>;
      return `<tr><td><input type="checkbox" name="ids" value="${esc(i.documentId)}" form="bulk" aria-label="Select invoice ${esc(i.invoiceNumber ?? i.documentId)}"></td>
<td>${esc(i.deliveredAt.slice(0, 16).replace('T', ' '))}</td><td>${esc(i.supplierName ?? i.supplierKey ?? '—')}</td>
<td><a href="/inbox/documents/${esc(i.documentId)}">${esc(i.invoiceNumber ?? i.documentId)}</a></td><td>${esc(i.issueDate ?? '')}</td>
<td class="num">${esc(money(summary))}</td><td>${esc(i.department ?? '')}</td><td><span class="badge ${esc(i.status)}">${esc(i.status)}</span></td></tr>`;
    }).join('\n');
    const params = new URLSearchParams();
    for (const k of ['status', 'supplier', 'since', 'until']) if (cur(k) !== '') params.set(k, cur(k));
    if (nextCursor !== null) params.set('cursor', nextCursor);
    send(res, 200, page('Inbox', `<h1>Invoices received</h1>
<form class="filters" method="get" action="/inbox/">
<label>Status<select name="status"><option value="">all</option>${INBOX_STATUSES.map((st) => `<option value="${st}"${statusSel === st ? ' selected' : ''}>${st}</option>`).join('')}</select></label>
<label>Supplier<input name="supplier" value="${esc(cur('supplier'))}" placeholder="name or VAT number"></label>
<label>Delivered from<input name="since" type="date" value="${esc(cur('since'))}"></label>
<label>to<input name="until" type="date" value="${esc(cur('until'))}"></label>
<button class="btn" type="submit">Filter</button> <a class="btn secondary" href="/inbox/">Reset</a></form>
<form id="bulk" method="post" action="/inbox/download"><input type="hidden" name="csrf" value="${esc(s.csrf)}"></form>
<table><caption>${items.length === 0 ? 'No documents match these filters.' : `${items.length} document(s)${nextCursor !== null ? ' on this page' : ''}, newest first`}</caption>
<thead><tr><th scope="col"><span class="visually-hidden">Select</span></th><th scope="col">Delivered</th><th scope="col">Supplier</th><th scope="col">Invoice</th><th scope="col">Issue date</th><th scope="col">Amount due</th><th scope="col">Department</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody></table>
<div class="actions"><button class="btn secondary" type="submit" form="bulk">Download selected (ZIP)</button></div>
${nextCursor !== null ? `<nav class="pager" aria-label="Pages"><a class="btn secondary" href="/inbox/?${esc(params.toString())}">Older documents</a></nav>` : ''}`, s));
  });

  r.get('/inbox/documents/:id', requireSession, (req, res) => {
    const s = webSession(res);
    const v = visible(req, res);
    if (v === null) return;
    const m = documentMetadata(deps, v.item, v.doc) as Record<string, unknown> & { summary: Record<string, unknown>; findings: { ruleId?: string; flag?: string; message?: string }[]; events: { at: string; type: string; to: string; actor: string }[] };
    const sm = m.summary;
    const seller = (sm.seller ?? {}) as Record<string, unknown>;
    const base = `/inbox/documents/${esc(v.doc.id)}`;
    const hasPdf = pdfOf(deps, v.doc) !== null;
    send(res, 200, page(`Invoice ${String(v.item.invoiceNumber ?? v.doc.id)}`, `<p><a href="/inbox/">← Inbox</a></p>
<h1>Invoice ${esc(v.item.invoiceNumber ?? v.doc.id)} <span class="badge ${esc(v.item.status)}">${esc(v.item.status)}</span></h1>
<div class="layout"><section aria-labelledby="facts"><h2 id="facts">Details</h2><dl>
<dt>Supplier</dt><dd>${esc(seller.name ?? v.item.supplierName ?? '—')}</dd><dt>Supplier VAT</dt><dd>${esc(seller.vatId ?? v.item.supplierKey ?? '—')}</dd>
<dt>Issue date</dt><dd>${esc(sm.issueDate ?? '')}</dd><dt>Due date</dt><dd>${esc(sm.dueDate ?? '')}</dd>
<dt>Amount due</dt><dd>${esc(money(sm))}</dd><dt>Buyer reference</dt><dd>${esc(sm.buyerReference ?? '—')}</dd>
<dt>Order reference</dt><dd>${esc(sm.purchaseOrderReference ?? '—')}</dd><dt>Department</dt><dd>${esc(v.item.department ?? '—')}</dd>
<dt>Delivered</dt><dd>${esc(v.item.deliveredAt)}</dd><dt>Document id</dt><dd>${esc(v.doc.id)}</dd></dl>
<div class="actions">${hasPdf ? `<a class="btn secondary" href="${base}/pdf" download>PDF</a>` : ''}<a class="btn secondary" href="${base}/xml" download>XML</a><a class="btn secondary" href="${base}/bundle" download>Bundle (ZIP)</a></div>
${v.item.status === 'acknowledged' ? `<p>Acknowledged on ${esc(v.item.acknowledgedAt ?? '')}.</p>` : `<form method="post" action="${base}/ack"><input type="hidden" name="csrf" value="${esc(s.csrf)}"><button class="btn" type="submit">Acknowledge: taken into our accounts</button></form>`}
${m.findings.length > 0 ? `<h2>Findings</h2><ul>${m.findings.map((f) => `<li>${esc(f.flag ?? '')} ${esc(f.ruleId ?? '')}: ${esc(f.message ?? '')}</li>`).join('')}</ul>` : ''}
<h2>History</h2><ul class="events">${m.events.map((e) => `<li>${esc(e.at.slice(0, 19).replace('T', ' '))} — ${esc(e.type === 'transition' ? e.to : e.type)}</li>`).join('')}</ul></section>
<section aria-labelledby="pdf"><h2 id="pdf">Invoice (PDF)</h2>${hasPdf ? `<iframe src="${base}/pdf" title="Invoice ${esc(v.item.invoiceNumber ?? '')} as PDF"></iframe>` : '<p>No PDF is available for this document.</p>'}</section></div>`, s));
  });

  r.get('/inbox/documents/:id/:what', requireSession, (req, res) => {
    const s = webSession(res);
    const what = String(req.params.what);
    if (!['pdf', 'xml', 'bundle'].includes(what)) { notFound(res, s); return; }
    const v = visible(req, res);
    if (v === null) return;
    if (what === 'pdf') {
      const pdf = pdfOf(deps, v.doc);
      if (pdf === null) { notFound(res, s); return; }
      recordDownload(deps, s.viewer, v.item, 'pdf');
      res.type('application/pdf').set('Content-Disposition', `inline; filename="${v.doc.id}.pdf"`).set('X-Frame-Options', 'SAMEORIGIN').send(pdf);
    } else if (what === 'xml') {
      recordDownload(deps, s.viewer, v.item, 'xml');
      res.type('application/xml').set('Content-Disposition', `attachment; filename="${v.doc.id}.xml"`).send(xmlOf(deps, v.doc));
    } else {
      recordDownload(deps, s.viewer, v.item, 'bundle');
      sendZip(res, `${v.doc.id}.zip`, (zip) => addBundle(zip, deps, v.item, v.doc));
    }
  });

  r.post('/inbox/documents/:id/ack', form, requireSession, requireCsrf, (req, res) => {
    const v = visible(req, res);
    if (v === null) return;
    acknowledge(deps, webSession(res).viewer, v.item);
    res.redirect(303, `/inbox/documents/${v.doc.id}`);
  });

  r.post('/inbox/download', form, requireSession, requireCsrf, (req, res) => {
    const s = webSession(res);
    const raw = (req.body as Record<string, unknown>).ids;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string').slice(0, 500);
    if (ids.length === 0) { res.redirect(303, '/inbox/'); return; }
    let pairs;
    try {
      pairs = [...new Set(ids)].map((id) => loadVisible(deps, s.viewer, id));
    } catch (err) {
      if (err instanceof ProblemError && err.status === 404) { notFound(res, s); return; }
      throw err;
    }
    for (const p of pairs) recordDownload(deps, s.viewer, p.item, 'bulk');
    sendZip(res, `inbox-${deps.clock().toISOString().slice(0, 10)}.zip`, (zip) => { for (const p of pairs) addBundle(zip, deps, p.item, p.doc, `${p.doc.id}/`); });
  });

  return r;
}
