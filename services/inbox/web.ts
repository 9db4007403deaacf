/**
 * The web inbox for bodies without an ERP (communes…), in French, German or English on the hub's
 * shared web layer (web/: page frame, language switcher, escaping templates, stylesheet):
 *   GET  /inbox/login, POST /inbox/login, POST /inbox/logout
 *   GET  /inbox/                          the documents of the user's body (and its accounting units), filters, selection
 *   GET  /inbox/documents/{id}            one document: facts, PDF shown, XML/PDF/bundle downloads, acknowledgement
 *   GET  /inbox/documents/{id}/pdf|xml|bundle
 *   POST /inbox/documents/{id}/ack        acknowledgement (form)
 *   POST /inbox/download                  the selected documents as one ZIP
 * Logins are body users (`POST /api/v1/bodies/{id}/users`), checked by core/accounts (one password
 * hashing, one session store, one login throttle in the database). Every value goes through the
 * escaping templates; forms carry the session's CSRF token; the session cookie is HttpOnly,
 * SameSite=Strict (web-session.ts: session, login, CSRF). The inbox itself is core/documents/inbox.ts.
 */
import express, { Router, type RequestHandler } from 'express';
import {
  acknowledge, bundleEntries, departmentsOf, documentMetadata, INBOX_STATUSES, listItems, loadVisible, parseListQuery, pdfSha, recordDownload, xmlSha,
} from '../../core/documents/inbox';
import { CoreError } from '../../core/errors';
import type { AppDeps } from '../deps';
import { html, negotiateLang, securityHeaders, type HtmlValue } from '../../web';
import { eventLabel, inboxText as t } from './messages';
import { sendStored, sendZip } from './send';
import { isNotFound, langOf, loginRoutes, money, statusText, webContext, webSession, type WebContext } from './web-session';

function listRoute(r: Router, deps: AppDeps, c: WebContext): void {
  r.get(['/inbox', '/inbox/'], securityHeaders, c.requireSession, async (req, res) => {
    const s = webSession(res);
    const lang = langOf(res);
    let q;
    try {
      q = parseListQuery(req.query as Record<string, unknown>, { limit: 50, order: 'desc' });
    } catch (err) {
      if (err instanceof CoreError) { c.render(req, res, 400, t('badFilter', lang), html`<div class="error-summary" role="alert"><p>${err.detail}</p></div><p><a href="/inbox/">${t('reset', lang)}</a></p>`, s); return; }
      throw err;
    }
    const { items, nextCursor } = await listItems(deps.store, s.viewer, q);
    const cur = (k: string): string => (typeof req.query[k] === 'string' ? String(req.query[k]) : '');
    const params = new URLSearchParams();
    for (const k of ['status', 'supplier', 'department', 'since', 'until']) if (cur(k) !== '') params.set(k, cur(k));
    const departments = await departmentsOf(deps.store, s.viewer);
    if (nextCursor !== null) params.set('cursor', nextCursor);
    const rows = items.map((i) => html`<tr><td><input type="checkbox" name="ids" value="${i.documentId}" form="bulk" aria-label="${t('selectInvoice', lang, { n: i.invoiceNumber ?? i.documentId })}"></td>
<td>${i.deliveredAt.slice(0, 16).replace('T', ' ')}</td><td>${i.supplierName ?? i.supplierKey ?? '—'}</td>
<td><a href="/inbox/documents/${i.documentId}">${i.invoiceNumber ?? i.documentId}</a></td><td>${i.issueDate ?? ''}</td>
<td class="num">${money(i.summary)}</td><td>${i.department ?? ''}</td><td>${statusText(i.status, lang)}</td></tr>`);
    c.render(req, res, 200, t('inboxTitle', lang), html`<form method="get" action="/inbox/" aria-label="${t('filters', lang)}"><div class="grid">
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
}

function detailRoute(r: Router, deps: AppDeps, c: WebContext): void {
  r.get('/inbox/documents/:id', securityHeaders, c.requireSession, async (req, res) => {
    const s = webSession(res);
    const lang = langOf(res);
    const v = await c.visible(req, res);
    if (v === null) return;
    const m = await documentMetadata(deps.store, v.item, v.doc);
    const findings = m.findings as { ruleId?: string; flag?: string; message?: string }[];
    const sm = m.summary;
    const seller = (sm.seller ?? {}) as Record<string, unknown>;
    const base = `/inbox/documents/${v.doc.id}`;
    const hasPdf = (await pdfSha(deps.store, v.doc)) !== null;
    const number = String(v.item.invoiceNumber ?? v.doc.id);
    const fact = (k: Parameters<typeof t>[0], value: unknown): HtmlValue => html`<dt>${t(k, lang)}</dt><dd>${value === null || value === undefined || value === '' ? '—' : String(value)}</dd>`;
    c.render(req, res, 200, `${t('invoice', lang)} ${number} — ${statusText(v.item.status, lang)}`, html`<p><a href="/inbox/">${t('back', lang)}</a></p>
<div class="grid"><section aria-labelledby="facts"><h2 id="facts">${t('details', lang)}</h2><dl class="summary">
${fact('supplier', seller.name ?? v.item.supplierName)}${fact('supplierVat', seller.vatId ?? v.item.supplierKey)}${fact('issueDate', sm.issueDate)}${fact('dueDate', sm.dueDate)}
${fact('amountDue', money(sm))}${fact('buyerRef', sm.buyerReference)}${fact('orderRef', sm.purchaseOrderReference)}${fact('department', v.item.department)}
${fact('delivered', v.item.deliveredAt.slice(0, 19).replace('T', ' '))}${fact('documentId', v.doc.id)}</dl>
<h2>${t('downloads', lang)}</h2><p>${hasPdf ? html`<a class="button secondary" href="${base}/pdf" download>${t('pdf', lang)}</a>` : ''}<a class="button secondary" href="${base}/xml" download>${t('xml', lang)}</a><a class="button secondary" href="${base}/bundle" download>${t('bundle', lang)}</a></p>
${v.item.status === 'acknowledged' ? html`<p class="notice">${t('acknowledgedOn', lang, { at: (v.item.acknowledgedAt ?? '').slice(0, 19).replace('T', ' ') })}</p>` : html`<form method="post" action="${base}/ack"><input type="hidden" name="csrf" value="${s.csrf}"><button type="submit">${t('ack', lang)}</button></form>`}
${findings.length > 0 ? html`<h2>${t('findings', lang)}</h2><ul>${findings.map((f) => html`<li><span class="flag-${f.flag ?? 'information'}">${f.flag ?? ''}</span> ${f.ruleId ?? ''}: ${f.message ?? ''}</li>`)}</ul>` : ''}
<h2>${t('history', lang)}</h2><ol class="timeline">${m.events.map((e) => html`<li>${e.at.slice(0, 19).replace('T', ' ')} — ${eventLabel(e.type, e.to, lang)}</li>`)}</ol></section>
<section aria-labelledby="pdf"><h2 id="pdf">${t('pdfHeading', lang)}</h2>${hasPdf ? html`<iframe src="${base}/pdf" title="${t('pdfTitle', lang, { n: number })}" width="100%" height="900"></iframe>` : html`<p>${t('noPdf', lang)}</p>`}</section></div>`, s);
  });
}

function fileRoutes(r: Router, deps: AppDeps, c: WebContext, form: RequestHandler): void {
  r.get('/inbox/documents/:id/:what', c.requireSession, async (req, res) => {
    const s = webSession(res);
    const what = String(req.params.what);
    if (!['pdf', 'xml', 'bundle'].includes(what)) { securityHeaders(req, res, () => c.notFound(req, res)); return; }
    const v = await c.visible(req, res);
    if (v === null) return;
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    const opened = (): Promise<void> => recordDownload(deps.store, s.viewer, v.item, what, deps.clock());
    if (what === 'pdf') {
      const sha = await pdfSha(deps.store, v.doc);
      if (sha === null) { c.notFound(req, res); return; }
      await sendStored(deps.store, res, sha, 'application/pdf', `inline; filename="${v.doc.id}.pdf"`, { headers: { 'X-Frame-Options': 'SAMEORIGIN' }, opened });
    } else if (what === 'xml') {
      await sendStored(deps.store, res, xmlSha(v.doc), 'application/xml', `attachment; filename="${v.doc.id}.xml"`, { opened });
    } else {
      await opened();
      await sendZip(res, `${v.doc.id}.zip`, await bundleEntries(deps.store, v.item, v.doc));
    }
  });

  r.post('/inbox/documents/:id/ack', securityHeaders, form, c.requireSession, c.requireCsrf, async (req, res) => {
    const v = await c.visible(req, res);
    if (v === null) return;
    await acknowledge(deps.store, webSession(res).viewer, v.item, deps.clock());
    res.redirect(303, `/inbox/documents/${v.doc.id}`);
  });

  r.post('/inbox/download', securityHeaders, form, c.requireSession, c.requireCsrf, async (req, res) => {
    const s = webSession(res);
    const raw = (req.body as Record<string, unknown>).ids;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((x): x is string => typeof x === 'string').slice(0, 500);
    if (ids.length === 0) { res.redirect(303, '/inbox/'); return; }
    const pairs = [];
    try {
      for (const id of new Set(ids)) pairs.push(await loadVisible(deps.store, s.viewer, id));
    } catch (err) {
      if (isNotFound(err)) { c.notFound(req, res); return; }
      throw err;
    }
    const now = deps.clock();
    for (const p of pairs) await recordDownload(deps.store, s.viewer, p.item, 'bulk', now);
    const entries = [];
    for (const p of pairs) entries.push(...(await bundleEntries(deps.store, p.item, p.doc, `${p.doc.id}/`)));
    await sendZip(res, `inbox-${now.toISOString().slice(0, 10)}.zip`, entries);
  });
}

export function inboxWebRouter(deps: AppDeps): Router {
  const r = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 600 });
  const c = webContext(deps);
  r.use('/inbox', (req, res, next) => {
    if (req.originalUrl.startsWith('/inbox/v1/')) return next();
    res.locals.lang = negotiateLang(req, res);
    next();
  });
  loginRoutes(r, deps, c, form);
  listRoute(r, deps, c);
  detailRoute(r, deps, c);
  fileRoutes(r, deps, c, form);
  return r;
}
