/**
 * The web inbox for bodies without an ERP (communes…), in French, German or English on the hub's
 * shared web layer (services/web: page frame, language switcher, escaping templates, stylesheet):
 *   GET  /inbox/login, POST /inbox/login, POST /inbox/logout
 *   GET  /inbox/                          the documents of the user's body (and its accounting units), filters, selection
 *   GET  /inbox/documents/{id}            one document: facts, PDF shown, XML/PDF/bundle downloads, acknowledgement
 *   GET  /inbox/documents/{id}/pdf|xml|bundle
 *   POST /inbox/documents/{id}/ack        acknowledgement (form)
 *   POST /inbox/download                  the selected documents as one ZIP
 * Logins are body users (`POST /api/v1/bodies/{id}/users`). Every value goes through the escaping
 * templates; forms carry the session's CSRF token; the session cookie is HttpOnly, SameSite=Strict.
 */
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { config } from '../../config';
import { reachableBodies } from '../../workers/dispatch/store';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';
import { html, negotiateLang, page, securityHeaders, type HtmlValue, type WebLang } from '../web';
import { eventLabel, inboxText as t } from './messages';
import {
  acknowledge, addBundle, departmentsOf, documentMetadata, INBOX_STATUSES, listItems, loadVisible, parseListQuery, pdfOf, recordDownload, sendZip, xmlOf, type Viewer,
} from './queries';
import { checkLogin, createSession, endSession, readCookie, SESSION_COOKIE, sessionOf } from './sessions';

interface WebSession { viewer: Viewer; csrf: string; login: string; bodyId: string; idHash: string }

function webSession(res: Response): WebSession {
  return res.locals.inboxWeb as WebSession;
}

function money(summary: Record<string, unknown>): string {
  const tot = (summary.totals ?? {}) as Record<string, string | null>;
  const v = tot.due ?? tot.withVat;
  return v === null || v === undefined ? '' : `${v} ${String(summary.currency ?? '')}`.trim();
}

function statusText(status: string, lang: WebLang): string {
  return (INBOX_STATUSES as readonly string[]).includes(status) ? t(`status_${status as 'new'}`, lang) : status;
}

export function inboxWebRouter(deps: AppDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 600 });
  const sessionLifetime = config.inboxSessionMs;

  const render = (req: Request, res: Response, status: number, title: string, body: HtmlValue, s?: WebSession): void => {
    const lang = res.locals.lang as WebLang;
    const top = s === undefined ? '' : html`<form class="inbox-user" method="post" action="/inbox/logout"><input type="hidden" name="csrf" value="${s.csrf}">
<p>${t('signedInAs', lang, { login: s.login, body: s.bodyId })} <button type="submit" class="secondary">${t('signOut', lang)}</button></p></form>`;
    res.status(status).type('text/html; charset=utf-8')
      .send(page({ lang, title, service: t('service', lang), home: '/inbox/', path: req.originalUrl, body: html`${top}${body}` }));
  };
  const langOf = (res: Response): WebLang => res.locals.lang as WebLang;

  r.use('/inbox', (req, res, next) => {
    if (req.originalUrl.startsWith('/inbox/v1/')) return next();
    res.locals.lang = negotiateLang(req, res);
    next();
  });

  const requireSession: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const cookie = readCookie(req.get('cookie'), SESSION_COOKIE);
    const s = cookie === null ? null : sessionOf(deps.db, cookie, deps.clock());
    if (s === null) {
      if (req.method === 'GET') { res.redirect(303, '/inbox/login'); return; }
      render(req, res, 403, t('sessionExpired', langOf(res)), html`<p><a href="/inbox/login">${t('signInAgain', langOf(res))}</a></p>`);
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
      render(req, res, 403, t('forbidden', langOf(res)), html`<p>${t('forbiddenText', langOf(res))} <a href="/inbox/">${t('back', langOf(res))}</a></p>`, webSession(res));
      return;
    }
    next();
  };
  const notFound = (req: Request, res: Response): void => render(req, res, 404, t('notFound', langOf(res)), html`<p>${t('notFoundText', langOf(res))} <a href="/inbox/">${t('back', langOf(res))}</a></p>`, webSession(res));
  const visible = (req: Request, res: Response): ReturnType<typeof loadVisible> | null => {
    try {
      return loadVisible(deps, webSession(res).viewer, String(req.params.id));
    } catch (err) {
      if (err instanceof ProblemError && err.status === 404) { notFound(req, res); return null; }
      throw err;
    }
  };

  const loginForm = (lang: WebLang, error?: string, login = ''): HtmlValue => html`${error ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${error}</p></div>` : ''}
<form method="post" action="/inbox/login">
<div class="field"><label for="f-login">${t('email', lang)}</label><input id="f-login" name="login" type="email" autocomplete="username" required value="${login}"></div>
<div class="field"><label for="f-password">${t('password', lang)}</label><input id="f-password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit">${t('signIn', lang)}</button></form>`;

  // login throttling (per process): after 5 failures for a login within 15 minutes, refuse it until the oldest expires
  const failures = new Map<string, number[]>();
  const WINDOW = 15 * 60_000;
  const recent = (key: string, now: number): number[] => {
    const l = (failures.get(key) ?? []).filter((x) => now - x < WINDOW);
    if (l.length === 0) failures.delete(key); else failures.set(key, l);
    return l;
  };

  r.get('/inbox/login', securityHeaders, (req, res) => render(req, res, 200, t('signInTitle', langOf(res)), loginForm(langOf(res))));
  r.post('/inbox/login', securityHeaders, form, async (req, res) => {
    const lang = langOf(res);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const login = typeof b.login === 'string' ? b.login.slice(0, 200) : '';
    const password = typeof b.password === 'string' ? b.password.slice(0, 500) : '';
    const key = login.trim().toLowerCase();
    const now = deps.clock().getTime();
    const past = recent(key, now);
    if (past.length >= 5) {
      const minutes = Math.max(1, Math.ceil((past[0]! + WINDOW - now) / 60_000));
      res.set('Retry-After', String(minutes * 60));
      render(req, res, 429, t('signInTitle', lang), loginForm(lang, t('tooMany', lang, { minutes }), login));
      return;
    }
    const user = login === '' || password === '' ? null : await checkLogin(deps.db, login, password);
    if (user === null) {
      if (key !== '') failures.set(key, [...past, now]);
      if (failures.size > 100_000) failures.clear(); // bounded memory under a flood of invented logins
      render(req, res, 401, t('signInTitle', lang), loginForm(lang, t('badLogin', lang), login));
      return;
    }
    failures.delete(key);
    const s = createSession(deps.db, user.id, sessionLifetime, deps.clock());
    res.cookie(SESSION_COOKIE, s.cookie, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/inbox', expires: s.expiresAt });
    res.redirect(303, '/inbox/');
  });
  r.post('/inbox/logout', securityHeaders, form, requireSession, requireCsrf, (_req, res) => {
    endSession(deps.db, webSession(res).idHash);
    res.clearCookie(SESSION_COOKIE, { path: '/inbox' });
    res.redirect(303, '/inbox/login');
  });

  r.get(['/inbox', '/inbox/'], securityHeaders, requireSession, (req, res) => {
    const s = webSession(res);
    const lang = langOf(res);
    let q;
    try {
      q = parseListQuery(req.query as Record<string, unknown>, { limit: 50, order: 'desc' });
    } catch (err) {
      if (err instanceof ProblemError) { render(req, res, 400, t('badFilter', lang), html`<div class="error-summary" role="alert"><p>${err.detail}</p></div><p><a href="/inbox/">${t('reset', lang)}</a></p>`, s); return; }
      throw err;
    }
    const { items, nextCursor } = listItems(deps, s.viewer, q);
    const cur = (k: string): string => (typeof req.query[k] === 'string' ? String(req.query[k]) : '');
    const params = new URLSearchParams();
    for (const k of ['status', 'supplier', 'department', 'since', 'until']) if (cur(k) !== '') params.set(k, cur(k));
    const departments = departmentsOf(deps, s.viewer);
    if (nextCursor !== null) params.set('cursor', nextCursor);
    const rows = items.map((i) => {
      const summary = JSON.parse(i.summary) as Record<string, unknown>;
      return html`<tr><td><input type="checkbox" name="ids" value="${i.documentId}" form="bulk" aria-label="${t('selectInvoice', lang, { n: i.invoiceNumber ?? i.documentId })}"></td>
<td>${i.deliveredAt.slice(0, 16).replace('T', ' ')}</td><td>${i.supplierName ?? i.supplierKey ?? '—'}</td>
<td><a href="/inbox/documents/${i.documentId}">${i.invoiceNumber ?? i.documentId}</a></td><td>${i.issueDate ?? ''}</td>
<td class="num">${money(summary)}</td><td>${i.department ?? ''}</td><td>${statusText(i.status, lang)}</td></tr>`;
    });
    render(req, res, 200, t('inboxTitle', lang), html`<form method="get" action="/inbox/" aria-label="${t('filters', lang)}"><div class="grid">
<div class="field"><label for="f-status">${t('status', lang)}</label><select id="f-status" name="status"><option value="">${t('statusAll', lang)}</option>${INBOX_STATUSES.map((st) => html`<option value="${st}"${cur('status') === st ? html` selected` : ''}>${statusText(st, lang)}</option>`)}</select></div>
<div class="field"><label for="f-supplier">${t('supplier', lang)}</label><input id="f-supplier" type="search" name="supplier" value="${cur('supplier')}" placeholder="${t('supplierHint', lang)}"></div>
${departments.length === 0 ? '' : html`<div class="field"><label for="f-department">${t('department', lang)}</label><select id="f-department" name="department"><option value="">${t('departmentAll', lang)}</option>${departments.map((d) => html`<option value="${d}"${cur('department') === d ? html` selected` : ''}>${d}</option>`)}</select></div>`}
<div class="field"><label for="f-since">${t('deliveredFrom', lang)}</label><input id="f-since" name="since" type="date" value="${cur('since')}"></div>
<div class="field"><label for="f-until">${t('deliveredTo', lang)}</label><input id="f-until" name="until" type="date" value="${cur('until')}"></div>
</div><button type="submit">${t('filter', lang)}</button><a class="button secondary" href="/inbox/">${t('reset', lang)}</a></form>
<form id="bulk" method="post" action="/inbox/download"><input type="hidden" name="csrf" value="${s.csrf}"></form>
<table><caption>${items.length === 0 ? t('none', lang) : t('caption', lang, { n: items.length })}</caption>
<thead><tr><th scope="col"><span class="visually-hidden">${t('select', lang)}</span></th><th scope="col">${t('delivered', lang)}</th><th scope="col">${t('supplier', lang)}</th><th scope="col">${t('invoice', lang)}</th><th scope="col">${t('issueDate', lang)}</th><th scope="col" class="num">${t('amountDue', lang)}</th><th scope="col">${t('department', lang)}</th><th scope="col">${t('status', lang)}</th></tr></thead>
<tbody>${rows}</tbody></table>
${items.length > 0 ? html`<button class="secondary" type="submit" form="bulk">${t('downloadSelected', lang)}</button>` : ''}
${nextCursor !== null ? html`<p><a class="button secondary" href="/inbox/?${params.toString()}">${t('older', lang)}</a></p>` : ''}`, s);
  });

  r.get('/inbox/documents/:id', securityHeaders, requireSession, (req, res) => {
    const s = webSession(res);
    const lang = langOf(res);
    const v = visible(req, res);
    if (v === null) return;
    const m = documentMetadata(deps, v.item, v.doc) as Record<string, unknown> & { summary: Record<string, unknown>; findings: { ruleId?: string; flag?: string; message?: string }[]; events: { at: string; type: string; to: string }[] };
    const sm = m.summary;
    const seller = (sm.seller ?? {}) as Record<string, unknown>;
    const base = `/inbox/documents/${v.doc.id}`;
    const hasPdf = pdfOf(deps, v.doc) !== null;
    const number = String(v.item.invoiceNumber ?? v.doc.id);
    const fact = (k: Parameters<typeof t>[0], value: unknown): HtmlValue => html`<dt>${t(k, lang)}</dt><dd>${value === null || value === undefined || value === '' ? '—' : String(value)}</dd>`;
    render(req, res, 200, `${t('invoice', lang)} ${number} — ${statusText(v.item.status, lang)}`, html`<p><a href="/inbox/">${t('back', lang)}</a></p>
<div class="grid"><section aria-labelledby="facts"><h2 id="facts">${t('details', lang)}</h2><dl class="summary">
${fact('supplier', seller.name ?? v.item.supplierName)}${fact('supplierVat', seller.vatId ?? v.item.supplierKey)}${fact('issueDate', sm.issueDate)}${fact('dueDate', sm.dueDate)}
${fact('amountDue', money(sm))}${fact('buyerRef', sm.buyerReference)}${fact('orderRef', sm.purchaseOrderReference)}${fact('department', v.item.department)}
${fact('delivered', v.item.deliveredAt.slice(0, 19).replace('T', ' '))}${fact('documentId', v.doc.id)}</dl>
<h2>${t('downloads', lang)}</h2><p>${hasPdf ? html`<a class="button secondary" href="${base}/pdf" download>${t('pdf', lang)}</a>` : ''}<a class="button secondary" href="${base}/xml" download>${t('xml', lang)}</a><a class="button secondary" href="${base}/bundle" download>${t('bundle', lang)}</a></p>
${v.item.status === 'acknowledged' ? html`<p class="notice">${t('acknowledgedOn', lang, { at: (v.item.acknowledgedAt ?? '').slice(0, 19).replace('T', ' ') })}</p>` : html`<form method="post" action="${base}/ack"><input type="hidden" name="csrf" value="${s.csrf}"><button type="submit">${t('ack', lang)}</button></form>`}
${m.findings.length > 0 ? html`<h2>${t('findings', lang)}</h2><ul>${m.findings.map((f) => html`<li><span class="flag-${f.flag ?? 'information'}">${f.flag ?? ''}</span> ${f.ruleId ?? ''}: ${f.message ?? ''}</li>`)}</ul>` : ''}
<h2>${t('history', lang)}</h2><ol class="timeline">${m.events.map((e) => html`<li>${e.at.slice(0, 19).replace('T', ' ')} — ${eventLabel(e.type, e.to, lang)}</li>`)}</ol></section>
<section aria-labelledby="pdf"><h2 id="pdf">${t('pdfHeading', lang)}</h2>${hasPdf ? html`<iframe src="${base}/pdf" title="${t('pdfTitle', lang, { n: number })}" width="100%" height="900"></iframe>` : html`<p>${t('noPdf', lang)}</p>`}</section></div>`, s);
  });

  r.get('/inbox/documents/:id/:what', requireSession, (req, res) => {
    const s = webSession(res);
    const what = String(req.params.what);
    if (!['pdf', 'xml', 'bundle'].includes(what)) { securityHeaders(req, res, () => notFound(req, res)); return; }
    const v = visible(req, res);
    if (v === null) return;
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    if (what === 'pdf') {
      const pdf = pdfOf(deps, v.doc);
      if (pdf === null) { notFound(req, res); return; }
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

  r.post('/inbox/documents/:id/ack', securityHeaders, form, requireSession, requireCsrf, (req, res) => {
    const v = visible(req, res);
    if (v === null) return;
    acknowledge(deps, webSession(res).viewer, v.item);
    res.redirect(303, `/inbox/documents/${v.doc.id}`);
  });

  r.post('/inbox/download', securityHeaders, form, requireSession, requireCsrf, (req, res) => {
    const s = webSession(res);
    const raw = (req.body as Record<string, unknown>).ids;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string').slice(0, 500);
    if (ids.length === 0) { res.redirect(303, '/inbox/'); return; }
    let pairs;
    try {
      pairs = [...new Set(ids)].map((id) => loadVisible(deps, s.viewer, id));
    } catch (err) {
      if (err instanceof ProblemError && err.status === 404) { notFound(req, res); return; }
      throw err;
    }
    for (const p of pairs) recordDownload(deps, s.viewer, p.item, 'bulk');
    sendZip(res, `inbox-${deps.clock().toISOString().slice(0, 10)}.zip`, (zip) => { for (const p of pairs) addBundle(zip, deps, p.item, p.doc, `${p.doc.id}/`); });
  });

  return r;
}
