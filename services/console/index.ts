/**
 * The Authority console (`/console/…`): staff login (sessions, throttling), error queues with
 * grouped views, the document view with its actions (single and bulk), the register of Peppol
 * service providers with per-provider statistics and reports, the statistics dashboard (server-side
 * SVG charts, CSV exports). The same data as JSON under `/console/api/…` for automation.
 *
 * Access: a staff session (cookie `einvoice_console`, HttpOnly, SameSite=Strict, Path=/console) or a
 * bearer token of authority scope (`EINVOICE_ADMIN_TOKEN` included; counts as administrator — this
 * is how the first administrator account is created). Roles: viewer reads, operator acts on
 * documents and the provider register, administrator also manages staff accounts and reads the
 * audit log. Every route declares its role in CONSOLE_ROUTES (tests walk that table). Every form
 * post carries a CSRF token; every staff action is audited.
 */
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { desc, eq } from 'drizzle-orm';
import { config } from '../../config';
import { fileOf } from '../../db/file-store';
import { loadCurrentBodies } from '../../db/directory/store';
import { CSV_COLUMNS, type ImportReport } from '../api/bodies/csv';
import { events, mlsOutbox, serviceProviders, staffAudit, staffUsers, type DocumentRow } from '../../db/schema';
import { label as btLabel, readInvoice } from '../../model';
import { summarize } from '../../model/summary';
import { COLUMN_LABELS, ct, type ConsoleKey } from '../../templates/console/messages';
import { actionFields, barChart, hiddenCsrf, indentXml, notice, table, xmlView } from '../../templates/console/views';
import { getDocument } from '../../workers/stage-contract';
import { resolveToken } from '../auth';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';
import { CSRF_FIELD, Csrf, fieldId, html, negotiateLang, page, readCookie, readForm, securityHeaders, webText, type HtmlValue, type WebLang } from '../web';
import { applyAction, applyBulk, type ActionName, type ActionResult } from './actions';
import { bodyRow, emptyRow, findBodies, importCsv, keepCsv, keptCsv, rowCsv, type CsvRow } from './directory';
import { saveProvider, ProviderInputError, providerReportCsv, providerReportPdf } from './providers';
import {
  dashboardStats, fullReport, GROUP_BYS, groupQueue, isQueueName, providerOverview, providerStats, queueCounts, queueRows, QUEUE_NAMES, btConcerned,
  type GroupBy, type QueueFilter, type QueueName,
} from './queries';
import {
  audit, checkStaffLogin, CONSOLE_COOKIE, createStaff, createStaffSession, disableStaff, endStaffSession, setStaffRole, isRole, roleAtLeast, staffSessionOf, StaffInputError, type Role,
} from './staff';

export interface ConsolePrincipal {
  actor: string;
  login: string;
  name: string;
  role: Role;
  via: 'session' | 'token';
  sessionHash?: string;
}

/** Every console route and the least role it needs (null: public). Tests walk this table. */
export const CONSOLE_ROUTES: { method: 'get' | 'post' | 'put'; path: string; role: Role | null }[] = [];

const ACTIONS: ActionName[] = ['reprocess', 'route', 'reject', 'handled', 'redeliver'];
const DOC_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SEAT = /^P[A-Z]{2}[0-9]{6}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Documents per queue page. */
const PAGE = 100;

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function isAction(v: unknown): v is ActionName {
  return typeof v === 'string' && (ACTIONS as string[]).includes(v);
}

function qs(req: Request, name: string): string | undefined {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v.slice(0, 200) : undefined;
}

export function consoleRouter(deps: AppDeps): Router {
  const r = Router();
  const csrf = new Csrf(config.webSecret);
  const throttle = { maxFailures: Math.max(1, config.consoleMaxFailures), lockMs: config.consoleLockMs };
  const actionDeps = { db: deps.db, queues: deps.queues, available: deps.available, clock: deps.clock };
  const stuckBefore = (): string => new Date(deps.clock().getTime() - Math.max(config.reconcileAfterMs * 3, 600_000)).toISOString();
  const formLimits = { maxFields: 600, maxFieldBytes: 8192, maxFiles: 0, maxFileBytes: 0, maxTotalBytes: 256 * 1024 };

  r.use('/console', securityHeaders);
  r.use('/console/static', express.static(path.join(__dirname, 'static'), { index: false, maxAge: '1h', fallthrough: false }));

  const principalOf = (req: Request): ConsolePrincipal | null => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (m?.[1] !== undefined) {
      const p = resolveToken(deps.db, m[1], deps.adminToken);
      if (p === null || p.scope !== 'authority') return null;
      return { actor: p.actor, login: p.actor, name: p.name, role: 'administrator', via: 'token' };
    }
    const cookie = readCookie(req, CONSOLE_COOKIE);
    if (cookie === undefined) return null;
    const s = staffSessionOf(deps.db, cookie, deps.clock());
    if (s === null || !isRole(s.user.role)) return null;
    return { actor: `staff:${s.user.login}`, login: s.user.login, name: s.user.name, role: s.user.role, via: 'session', sessionHash: s.idHash };
  };

  const me = (res: Response): ConsolePrincipal => res.locals.consolePrincipal as ConsolePrincipal;

  const nav = (lang: WebLang, current: string, role: Role): { href: string; label: string; current?: boolean }[] => [
    { href: '/console/', label: ct('overview', lang), current: current === 'overview' },
    { href: '/console/queues/rejected', label: ct('queues', lang), current: current === 'queues' },
    { href: '/console/providers', label: ct('providers', lang), current: current === 'providers' },
    { href: '/console/stats', label: ct('stats', lang), current: current === 'stats' },
    { href: '/console/directory', label: ct('directory', lang), current: current === 'directory' },
    ...(role === 'administrator' ? [
      { href: '/console/staff', label: ct('staff', lang), current: current === 'staff' },
      { href: '/console/audit', label: ct('auditLog', lang), current: current === 'audit' },
    ] : []),
  ];

  const send = (req: Request, res: Response, status: number, o: { title: string; body: HtmlValue; section?: string; errors?: { field: string | null; message: string }[] }): void => {
    const lang = negotiateLang(req, res);
    const p = res.locals.consolePrincipal as ConsolePrincipal | undefined;
    const who = p ? html`<div class="console-user"><p>${ct('signedInAs', lang, { name: p.name, role: p.role })}</p>${p.via === 'session' ? html`<form method="post" action="/console/logout">${hiddenCsrf(csrf.token(req, res))}<button type="submit">${ct('logout', lang)}</button></form>` : ''}</div>` : '';
    res.status(status).type('text/html; charset=utf-8').send(page({
      lang, title: o.title, service: ct('service', lang), home: '/console/', path: req.originalUrl.replace(/([?&])lang=[a-z]{2}&?/, '$1').replace(/[?&]$/, ''),
      nav: p ? nav(lang, o.section ?? '', p.role) : [], errors: o.errors, body: html`<link rel="stylesheet" href="/console/static/console.css">${who}${o.body}`,
    }));
  };

  /** Registers a route with its role; API routes answer problem+json, pages answer HTML. */
  const add = (method: 'get' | 'post' | 'put', path: string, role: Role | null, handler: (req: Request, res: Response, lang: WebLang) => unknown): void => {
    if (!CONSOLE_ROUTES.some((x) => x.method === method && x.path === path)) CONSOLE_ROUTES.push({ method, path, role });
    const api = path.startsWith('/console/api/');
    const guard: RequestHandler = (req, res, next) => {
      if (role === null) return next();
      const p = principalOf(req);
      if (p === null) {
        if (api) return next(new ProblemError(401, 'unauthenticated', 'Authentication required', 'Sign in to the console or send an authority bearer token.'));
        res.redirect(303, `/console/login?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}`);
        return;
      }
      res.locals.consolePrincipal = p;
      if (!roleAtLeast(p.role, role)) {
        if (api) return next(new ProblemError(403, 'forbidden', 'Forbidden', `This needs the ${role} role (yours: ${p.role}).`));
        const lang = negotiateLang(req, res);
        return send(req, res, 403, { title: ct('forbiddenTitle', lang), body: html`<p>${ct('forbiddenText', lang)}</p>` });
      }
      next();
    };
    const run = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      try {
        await handler(req, res, negotiateLang(req, res));
      } catch (err) {
        // pages answer an HTML page for the errors they expect (unknown document, queue…); the API answers problem+json
        if (!api && err instanceof ProblemError && err.status < 500 && !res.headersSent) {
          const lang = negotiateLang(req, res);
          send(req, res, err.status, { title: err.status === 404 ? webText('notFoundTitle', lang) : webText('badRequestTitle', lang), body: html`<p>${err.status === 404 ? webText('notFoundText', lang) : err.detail}</p>` });
          return;
        }
        next(err);
      }
    };
    const json = express.json({ limit: '1mb' });
    r[method](path, guard, api && method !== 'get' ? json : (_q, _s, n) => n(), run);
  };

  /** A form post from a page: reads the form and checks its CSRF token. */
  const readPost = async (req: Request, res: Response, lang: WebLang): Promise<Map<string, string> | null> => {
    const form = await readForm(req, formLimits);
    if (!csrf.verify(req, form.fields.get(CSRF_FIELD))) {
      send(req, res, 403, { title: webText('csrfTitle', lang), body: html`<p>${webText('csrfText', lang)}</p>` });
      return null;
    }
    return form.fields;
  };

  /** JSON API posts with a session cookie need the CSRF token in a header (bearer tokens do not). */
  const apiCsrf = (req: Request, res: Response): void => {
    if (me(res).via === 'session' && !csrf.verify(req, req.get('x-csrf-token'))) throw new ProblemError(403, 'csrf', 'CSRF token missing or wrong', 'Send the X-CSRF-Token header of your console session.');
  };

  // ------------------------------------------------------------ login
  const loginPage = (req: Request, res: Response, lang: WebLang, status: number, error: string | null, login = ''): void => {
    const next = qs(req, 'next') ?? '';
    send(req, res, status, {
      title: ct('login', lang), errors: error ? [{ field: 'login', message: error }] : [],
      body: html`<form method="post" action="/console/login${next ? `?next=${encodeURIComponent(next)}` : ''}" novalidate>${hiddenCsrf(csrf.token(req, res))}
<div class="field"><label for="f-login">${ct('loginField', lang)}</label><input type="text" id="f-login" name="login" value="${login}" autocomplete="username" required${error ? html` aria-invalid="true"` : ''}></div>
<div class="field"><label for="f-password">${ct('password', lang)}</label><input type="password" id="f-password" name="password" autocomplete="current-password" required></div>
<button type="submit">${ct('login', lang)}</button></form>`,
    });
  };

  add('get', '/console/login', null, (req, res, lang) => loginPage(req, res, lang, 200, null));
  add('post', '/console/login', null, async (req, res, lang) => {
    const f = await readPost(req, res, lang);
    if (f === null) return;
    const login = (f.get('login') ?? '').slice(0, 100);
    const out = await checkStaffLogin(deps.db, login, f.get('password') ?? '', req.ip ?? 'unknown', throttle, deps.clock());
    if (!out.ok) {
      audit(deps.db, 'anonymous', out.reason === 'locked' ? 'login-locked' : 'login-failed', `staff:${login.toLowerCase()}`, { ip: req.ip ?? null }, deps.clock());
      if (out.reason === 'locked') res.set('Retry-After', String(out.retryAfterSeconds ?? 60));
      return loginPage(req, res, lang, out.reason === 'locked' ? 429 : 401, out.reason === 'locked' ? ct('loginLocked', lang, { seconds: out.retryAfterSeconds ?? 60 }) : ct('loginInvalid', lang), login);
    }
    const s = createStaffSession(deps.db, out.user.id, config.consoleSessionMs, deps.clock());
    audit(deps.db, `staff:${out.user.login}`, 'login', `staff:${out.user.login}`, { ip: req.ip ?? null }, deps.clock());
    res.append('Set-Cookie', `${CONSOLE_COOKIE}=${s.cookie}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(config.consoleSessionMs / 1000)}${req.secure ? '; Secure' : ''}`);
    const next = qs(req, 'next');
    res.redirect(303, next !== undefined && /^\/console\/[^/\\]/.test(`${next}x`) && !next.startsWith('//') ? next : '/console/');
  });
  add('post', '/console/logout', 'viewer', async (req, res, lang) => {
    if ((await readPost(req, res, lang)) === null) return;
    const p = me(res);
    if (p.sessionHash) endStaffSession(deps.db, p.sessionHash);
    audit(deps.db, p.actor, 'logout', `staff:${p.login}`, {}, deps.clock());
    res.append('Set-Cookie', `${CONSOLE_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.redirect(303, '/console/login');
  });

  // ------------------------------------------------------------ overview and queues
  const queueLabel = (q: QueueName, lang: WebLang): string => ct(`q_${q}` as ConsoleKey, lang);

  add('get', '/console/', 'viewer', (req, res, lang) => {
    const counts = queueCounts(deps.db, stuckBefore());
    send(req, res, 200, {
      title: ct('overview', lang), section: 'overview',
      body: table(ct('queues', lang), [ct('queue', lang), ct('count', lang)], QUEUE_NAMES.map((q) => [html`<a href="/console/queues/${q}">${queueLabel(q, lang)}</a>`, counts[q]])),
    });
  });

  const queueFilter = (req: Request): QueueFilter => {
    const f: QueueFilter = {};
    const provider = qs(req, 'provider'); if (provider) f.provider = provider;
    const recipient = qs(req, 'recipient'); if (recipient) f.recipient = recipient;
    const day = qs(req, 'day'); if (day && DAY.test(day)) f.day = day;
    const rule = qs(req, 'rule'); if (rule) f.rule = rule;
    return f;
  };

  const queuePage = (req: Request, res: Response, lang: WebLang, q: QueueName, notes: { ok: string[]; errors: string[] } = { ok: [], errors: [] }): void => {
    const by = qs(req, 'by');
    const tabs = html`<nav aria-label="${ct('queues', lang)}" class="sub-nav"><ul>${QUEUE_NAMES.map((x) => html`<li><a href="/console/queues/${x}"${x === q ? html` aria-current="page"` : ''}>${queueLabel(x, lang)}</a></li>`)}</ul></nav>`;
    const groupLinks = q === 'dead-letters' ? html`` : html`<p>${ct('groupBy', lang)} <a href="/console/queues/${q}">${ct('by_none', lang)}</a>${GROUP_BYS.map((g) => html` · <a href="/console/queues/${q}?by=${g}"${by === g ? html` aria-current="true"` : ''}>${ct(`by_${g}` as ConsoleKey, lang)}</a>`)}</p>`;
    let body: HtmlValue;
    if (by !== undefined && (GROUP_BYS as string[]).includes(by) && q !== 'dead-letters') {
      const groups = groupQueue(deps.db, deps.files, q, by as GroupBy, stuckBefore(), deps.clock(), lang);
      const param = by === 'rule' ? 'rule' : by === 'provider' ? 'provider' : by === 'recipient' ? 'recipient' : 'day';
      const head = [ct(`by_${by}` as ConsoleKey, lang), ...(by === 'rule' ? [ct('ruleText', lang), ct('btConcerned', lang)] : []), ct('count', lang), ct('last7', lang), ct('prev7', lang)];
      body = table(`${queueLabel(q, lang)} — ${ct(`by_${by}` as ConsoleKey, lang)}`, head, groups.map((g) => [
        html`<a href="/console/queues/${q}?${param}=${encodeURIComponent(g.key)}">${g.key}</a>`,
        ...(by === 'rule' ? [g.text ?? '', (g.bts ?? []).map((b) => `${b.id} ${b.name}`).join(', ')] : []),
        g.count, g.last7, g.prev7,
      ]));
    } else {
      const pageNo = Math.max(0, Math.min(1000, Number.parseInt(qs(req, 'page') ?? '0', 10) || 0));
      const rows = queueRows(deps.db, deps.files, q, stuckBefore(), queueFilter(req), PAGE + 1, pageNo * PAGE);
      const more = rows.length > PAGE;
      rows.splice(PAGE);
      const pageLink = (n: number): string => { const u = new URLSearchParams(req.query as Record<string, string>); u.set('page', String(n)); u.delete('lang'); return `/console/queues/${q}?${u.toString()}`; };
      const pager = pageNo > 0 || more ? html`<nav aria-label="${ct('pages', lang)}" class="sub-nav"><ul>${pageNo > 0 ? html`<li><a href="${pageLink(pageNo - 1)}">${ct('previous', lang)}</a></li>` : ''}${more ? html`<li><a href="${pageLink(pageNo + 1)}">${ct('next', lang)}</a></li>` : ''}</ul></nav>` : '';
      const canAct = roleAtLeast(me(res).role, 'operator');
      const dead = q === 'dead-letters';
      const head = [...(canAct ? [ct('selectCol', lang)] : []), ct('document', lang), ct('state', lang), ct('channel', lang), ct('received', lang), ct('by_provider', lang), ct('by_recipient', lang), ct('invoiceNumber', lang), ct('reasonCol', lang)];
      const list = rows.length === 0 ? html`<p>${ct('noDocuments', lang)}</p>` : table(queueLabel(q, lang), head, rows.map((d) => [
        // a dead letter is a delivery: one document may have several (one per webhook), each its own checkbox
        ...(canAct ? [html`<input type="checkbox" name="id.${d.id}" value="1" id="sel-${dead && d.deliveryId ? d.deliveryId : d.id}" aria-label="${ct('select', lang, { id: d.id })}">`] : []),
        html`<a href="/console/documents/${d.id}">${d.id}</a>`, d.state, d.channel, d.receivedAt.slice(0, 19).replace('T', ' '), d.sendingAp ?? '-', d.recipient ?? '-', d.invoiceNumber ?? '-', (d.lastError ?? '').slice(0, 200),
      ]));
      body = canAct && rows.length > 0
        ? html`<form method="post" action="/console/queues/${q}/actions">${hiddenCsrf(csrf.token(req, res))}${list}${actionFields(lang, 'bulk', dead ? 'redeliver' : 'documents')}<button type="submit">${ct('applySelected', lang)}</button></form>${pager}`
        : html`${list}${pager}`;
    }
    send(req, res, 200, { title: queueLabel(q, lang), section: 'queues', body: html`${tabs}${notice('ok', notes.ok)}${notice('error', notes.errors)}${groupLinks}${body}` });
  };

  add('get', '/console/queues/:queue', 'viewer', (req, res, lang) => {
    const q = String(req.params.queue);
    if (!isQueueName(q)) throw new ProblemError(404, 'not-found', 'Not found', 'No such queue.');
    queuePage(req, res, lang, q);
  });

  const resultNotes = (results: ActionResult[], lang: WebLang): { ok: string[]; errors: string[] } => {
    const ok = results.filter((x) => x.ok).length;
    return { ok: ok > 0 ? [ct('actionDone', lang, { n: ok })] : [], errors: results.flatMap((x) => (x.ok ? [] : [ct('actionFailed', lang, { id: x.id, error: x.error })])) };
  };

  add('post', '/console/queues/:queue/actions', 'operator', async (req, res, lang) => {
    const q = String(req.params.queue);
    if (!isQueueName(q)) throw new ProblemError(404, 'not-found', 'Not found', 'No such queue.');
    const f = await readPost(req, res, lang);
    if (f === null) return;
    const action = f.get('action');
    const ids = [...f.keys()].filter((k) => k.startsWith('id.')).map((k) => k.slice(3)).filter((id) => DOC_ID.test(id));
    if (q === 'dead-letters' && action !== 'redeliver') return queuePage(req, res, lang, q, { ok: [], errors: [ct('noDocuments', lang)] });
    const results = isAction(action) ? await applyBulk(actionDeps, action, ids, { actor: me(res).actor, reason: f.get('reason'), bodyId: f.get('bodyId') }) : [];
    queuePage(req, res, lang, q, ids.length === 0 || !isAction(action) ? { ok: [], errors: [ct('noDocuments', lang)] } : resultNotes(results, lang));
  });

  // ------------------------------------------------------------ document view
  const docOr404 = (id: string): DocumentRow => {
    const d = DOC_ID.test(id) ? getDocument(deps.db, id) : undefined;
    if (d === undefined) throw new ProblemError(404, 'not-found', 'Not found', 'Unknown document.');
    return d;
  };

  const documentPage = (req: Request, res: Response, lang: WebLang, d: DocumentRow, notes: { ok: string[]; errors: string[] } = { ok: [], errors: [] }, status = 200): void => {
    const report = fullReport(deps.db, deps.files, d.id);
    const findings = report?.findings ?? [];
    const payload = deps.files.has(d.payloadSha256) ? deps.files.get(d.payloadSha256) : null;
    const evs = deps.db.select().from(events).where(eq(events.documentId, d.id)).orderBy(events.seq).all();
    const mls = deps.db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, d.id)).get();
    const pdf = fileOf(deps.db, d.id, 'pdf');
    let summary: HtmlValue = '';
    if (payload !== null) {
      try {
        const s = summarize(readInvoice(payload));
        const terms: [string, string | null][] = [
          ['BT-1', s.number], ['BT-2', s.issueDate], ['BT-5', s.currency], ['BT-10', s.buyerReference],
          ['BT-27', s.seller.name], ['BT-31', s.seller.vatId], ['BT-44', s.buyer.name], ['BT-49', s.buyer.endpoint],
          ['BT-112', s.totals.withVat], ['BT-115', s.totals.due],
        ];
        summary = table(ct('summary', lang), [ct('term', lang), ct('value', lang)], terms.map(([bt, v]) => [`${bt} ${btLabel(bt, lang)}`, v ?? '-']));
      } catch {
        summary = ''; // unreadable documents have no canonical summary (the findings say why)
      }
    }
    const marks = new Map<number, string[]>();
    for (const f of findings) if (f.line !== undefined) marks.set(f.line, [...(marks.get(f.line) ?? []), f.ruleId]);
    const xmlText = payload === null ? null : payload.length > 2_000_000 ? '' : payload.toString('utf8');
    const canAct = roleAtLeast(me(res).role, 'operator');
    const meta: [string, string | null][] = [
      ['state', d.state], ['channel', d.channel], ['received', d.receivedAt], ['submittedBy', d.submittedBy], ['sender (SBDH)', d.senderId], ['receiver (SBDH)', d.receiverId],
      ['documentTypeId', d.documentTypeId], ['processId', d.processId], ['instanceId', d.instanceId], ['C1 country', d.c1Country], ['AS4 message id', d.as4MessageId],
      ['sending AP', d.sendingAp], ['scenario', d.scenario], ['resolved body', d.resolvedBodyId], ['duplicate of', d.duplicateOf], ['last error', d.lastError], ['SHA-256', d.originalSha256],
    ];
    send(req, res, status, {
      title: `${ct('document', lang)} ${d.id}`, section: 'queues',
      body: html`${notice('ok', notes.ok)}${notice('error', notes.errors)}
<h2>${ct('metadata', lang)}</h2>${table(ct('metadata', lang), [ct('what', lang), ct('details', lang)], meta.map(([k, v]) => [k, v ?? '-']))}
${summary ? html`<h2>${ct('summary', lang)}</h2>${summary}` : ''}
<h2>${ct('findings', lang)}</h2>${findings.length === 0 ? html`<p>${ct('noFindings', lang)}</p>` : table(ct('findings', lang), [ct('rule', lang), ct('flag', lang), ct('btConcerned', lang), ct('location', lang), ct('line', lang), ct('message', lang)], findings.map((f) => [
        f.ruleId, f.flag, btConcerned(f.message, lang).map((b) => `${b.id} ${b.name}`).join(', '), f.location, f.line !== undefined ? html`<a href="#xml-line-${f.line}">${f.line}</a>` : '-', f.message,
      ]))}
<h2>${ct('pdf', lang)}</h2>${pdf ? html`<p><a href="/console/documents/${d.id}/pdf">${ct('download', lang)} (PDF)</a></p>` : html`<p>${ct('noPdf', lang)}</p>`}
<h2>${ct('mls', lang)}</h2>${mls ? html`<p>${mls.responseCode} — ${mls.createdAt} — ${mls.ackedAt ? `✓ ${mls.ackedAt}` : '…'} — <a href="/console/documents/${d.id}/mls">${ct('download', lang)} (XML)</a></p>` : html`<p>${ct('noMls', lang)}</p>`}
<h2>${ct('actions', lang)}</h2>${canAct ? html`<form method="post" action="/console/documents/${d.id}/actions">${hiddenCsrf(csrf.token(req, res))}${actionFields(lang, 'doc')}<button type="submit">${ct('apply', lang)}</button></form>` : html`<p>${ct('readOnly', lang)}</p>`}
<h2>${ct('timeline', lang)}</h2>${table(ct('timeline', lang), ['#', ct('when', lang), ct('who', lang), ct('what', lang), ct('state', lang), ct('details', lang)], evs.map((e) => [e.seq, e.at, e.actor, e.type, e.fromState === e.toState ? e.toState : `${e.fromState ?? ''} → ${e.toState}`, e.details.slice(0, 400)]))}
<h2>${ct('xml', lang)}</h2><p><a href="/console/documents/${d.id}/xml">${ct('download', lang)} (XML)</a></p>
${xmlText === null || xmlText === '' ? html`<p>${ct('xmlTooLarge', lang)}</p>` : xmlView(marks.size > 0 ? xmlText : indentXml(xmlText), marks, lang)}`,
    });
  };

  add('get', '/console/documents/:id', 'viewer', (req, res, lang) => documentPage(req, res, lang, docOr404(String(req.params.id))));
  add('post', '/console/documents/:id/actions', 'operator', async (req, res, lang) => {
    const d = docOr404(String(req.params.id));
    const f = await readPost(req, res, lang);
    if (f === null) return;
    const action = f.get('action');
    const result = isAction(action) ? await applyAction(actionDeps, action, d.id, { actor: me(res).actor, reason: f.get('reason'), bodyId: f.get('bodyId') }) : { id: d.id, ok: false as const, status: 400, error: 'unknown action' };
    documentPage(req, res, lang, docOr404(d.id), resultNotes([result], lang), result.ok ? 200 : result.status);
  });
  add('get', '/console/documents/:id/xml', 'viewer', (req, res) => {
    const d = docOr404(String(req.params.id));
    res.type('application/xml').set('Content-Disposition', `attachment; filename="${d.id}.xml"`).send(deps.files.get(d.payloadSha256));
  });
  add('get', '/console/documents/:id/pdf', 'viewer', (req, res) => {
    const d = docOr404(String(req.params.id));
    const sha = fileOf(deps.db, d.id, 'pdf');
    if (sha === undefined) throw new ProblemError(404, 'not-found', 'Not found', 'This document has no PDF.');
    res.type('application/pdf').set('Content-Disposition', `inline; filename="${d.id}.pdf"`).send(deps.files.get(sha));
  });
  add('get', '/console/documents/:id/mls', 'viewer', (req, res) => {
    const d = docOr404(String(req.params.id));
    const m = deps.db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, d.id)).get();
    if (m === undefined) throw new ProblemError(404, 'not-found', 'Not found', 'This document has no MLS response.');
    res.type('application/xml').send(deps.files.get(m.sha256));
  });

  // ------------------------------------------------------------ providers
  const providersPage = (req: Request, res: Response, lang: WebLang, status = 200, errors: { field: string | null; message: string }[] = []): void => {
    const reg = new Map(deps.db.select().from(serviceProviders).all().map((p) => [p.seatId, p]));
    const over = new Map(providerOverview(deps.db).map((o) => [o.seatId, o]));
    const seats = [...new Set([...reg.keys(), ...over.keys()])].sort();
    const canEdit = roleAtLeast(me(res).role, 'operator');
    const field = (name: string, label: string, extra: HtmlValue = ''): HtmlValue => html`<div class="field"><label for="f-${name}">${label}</label><input type="text" id="f-${name}" name="${name}" maxlength="500"${extra}></div>`;
    send(req, res, status, {
      title: ct('providers', lang), section: 'providers', errors,
      body: html`${table(ct('providers', lang), [ct('seatId', lang), ct('name', lang), ct('country', lang), ct('status', lang), ct('takenOver', lang), ct('sent', lang), ct('rejectedCount', lang), ct('rejectionRate', lang)], seats.map((s) => {
        const p = reg.get(s);
        const o = over.get(s);
        return [html`<a href="/console/providers/${s}">${s}</a>`, p?.name ?? `(${ct('unregistered', lang)})`, p?.country ?? '-', p ? ct(`st_${p.status}` as ConsoleKey, lang) : '-', p?.takenOverAt ?? '-', o?.sent ?? 0, o?.rejected ?? 0, o?.rejectionRate ?? '0.0000'];
      }))}
${canEdit ? html`<h2>${ct('addProvider', lang)}</h2><form method="post" action="/console/providers">${hiddenCsrf(csrf.token(req, res))}
${field('seatId', ct('seatId', lang), html` required pattern="P[A-Z]{2}[0-9]{6}"`)}${field('name', ct('name', lang), html` required`)}${field('country', ct('country', lang), html` required maxlength="2"`)}${field('contact', ct('contact', lang))}
<div class="field"><label for="f-status">${ct('status', lang)}</label><select id="f-status" name="status"><option value="active">${ct('st_active', lang)}</option><option value="suspended">${ct('st_suspended', lang)}</option></select></div>
${field('takenOverAt', `${ct('takenOver', lang)} (YYYY-MM-DD)`)}<div class="field"><label for="f-notes">${ct('notes', lang)}</label><textarea id="f-notes" name="notes" rows="2" maxlength="4000"></textarea></div>
<button type="submit">${ct('save', lang)}</button></form>` : ''}`,
    });
  };
  add('get', '/console/providers', 'viewer', (req, res, lang) => providersPage(req, res, lang));
  add('post', '/console/providers', 'operator', async (req, res, lang) => {
    const f = await readPost(req, res, lang);
    if (f === null) return;
    try {
      saveProvider(deps.db, Object.fromEntries(f), me(res).actor, deps.clock());
      res.redirect(303, `/console/providers/${encodeURIComponent(f.get('seatId') ?? '')}`);
    } catch (err) {
      if (!(err instanceof ProviderInputError)) throw err;
      providersPage(req, res, lang, 400, [{ field: err.field, message: err.message }]);
    }
  });
  const seatOr404 = (s: string): string => {
    if (!SEAT.test(s)) throw new ProblemError(404, 'not-found', 'Not found', 'Not a seat id.');
    return s;
  };
  add('get', '/console/providers/:seat', 'viewer', (req, res, lang) => {
    const seat = seatOr404(String(req.params.seat));
    const p = deps.db.select().from(serviceProviders).where(eq(serviceProviders.seatId, seat)).get();
    const st = providerStats(deps.db, deps.files, seat);
    send(req, res, 200, {
      title: `${p?.name ?? ct('unregistered', lang)} (${seat})`, section: 'providers',
      body: html`${table(ct('providers', lang), [ct('what', lang), ct('details', lang)], [
        [ct('country', lang), p?.country ?? '-'], [ct('contact', lang), p?.contact ?? '-'], [ct('status', lang), p ? ct(`st_${p.status}` as ConsoleKey, lang) : '-'],
        [ct('takenOver', lang), p?.takenOverAt ?? '-'], [ct('notes', lang), p?.notes ?? '-'],
        [ct('sent', lang), st.sent], [ct('rejectedCount', lang), st.rejected], [ct('q_duplicates', lang), st.duplicates], [ct('rejectionRate', lang), st.rejectionRate],
      ])}
<p><a href="/console/providers/${seat}/report.csv">${ct('reportCsv', lang)}</a> · <a href="/console/providers/${seat}/report.pdf">${ct('reportPdf', lang)}</a> · <a href="/console/queues/rejected?provider=${seat}">${ct('q_rejected', lang)}</a></p>
<h2>${ct('topRules', lang)}</h2>${st.topRules.length === 0 ? html`<p>${ct('noData', lang)}</p>` : table(ct('topRules', lang), [ct('rule', lang), ct('count', lang), ct('ruleText', lang)], st.topRules.map((t) => [t.ruleId, t.count, t.text]))}
<h2>${ct('trend', lang)}</h2>${barChart('chart-months', ct('trend', lang), st.months.map((m) => ({ key: m.month, count: m.sent })), lang)}
${table(ct('trend', lang), [ct('month', lang), ct('sent', lang), ct('rejectedCount', lang)], st.months.map((m) => [m.month, m.sent, m.rejected]))}`,
    });
  });
  add('get', '/console/providers/:seat/report.csv', 'viewer', (req, res) => {
    const seat = seatOr404(String(req.params.seat));
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="provider-${seat}.csv"`).send(providerReportCsv(deps.db, deps.files, seat));
  });
  add('get', '/console/providers/:seat/report.pdf', 'viewer', async (req, res) => {
    const seat = seatOr404(String(req.params.seat));
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="provider-${seat}.pdf"`).send(await providerReportPdf(deps.db, deps.files, seat, deps.clock()));
  });

  // ------------------------------------------------------------ statistics
  const period = (req: Request): { from: string; to: string } => {
    const now = deps.clock();
    const from = qs(req, 'from');
    const to = qs(req, 'to');
    return {
      from: from && DAY.test(from) ? from : `${now.getUTCFullYear()}-01-01`,
      to: to && DAY.test(to) ? to : `${now.getUTCFullYear() + 1}-01-01`,
    };
  };
  const CHARTS = ['perDay', 'perMonth', 'perChannel', 'perBody', 'perBodyType'] as const;
  type Chart = (typeof CHARTS)[number];
  add('get', '/console/stats', 'viewer', (req, res, lang) => {
    const p = period(req);
    const s = dashboardStats(deps.db, p.from, p.to);
    const q = `from=${p.from}&to=${p.to}`;
    send(req, res, 200, {
      title: ct('stats', lang), section: 'stats',
      body: html`<form method="get" action="/console/stats" class="inline-form"><div class="field"><label for="f-from">${ct('from', lang)}</label><input type="date" id="f-from" name="from" value="${p.from}"></div>
<div class="field"><label for="f-to">${ct('to', lang)}</label><input type="date" id="f-to" name="to" value="${p.to}"></div><button type="submit">${ct('show', lang)}</button></form>
${table(ct('stats', lang), [ct('what', lang), ct('count', lang)], [
        [ct('total', lang), s.total], [ct('rejectionRate', lang), s.rejectionRate], [ct('unroutableRate', lang), s.unroutableRate],
        [ct('median', lang), s.medianDeliverySeconds === null ? '-' : ct('seconds', lang, { n: s.medianDeliverySeconds })],
        [ct('p95', lang), s.p95DeliverySeconds === null ? '-' : ct('seconds', lang, { n: s.p95DeliverySeconds })],
        [ct('delivered', lang), s.deliveredToBodies], [ct('bodiesReached', lang), s.bodiesReached], [ct('bodiesPeppol', lang), s.bodiesReachedViaPeppol],
      ])}<p><a href="/console/stats/summary.csv?${q}">${ct('csv', lang)}</a></p>
${CHARTS.map((c) => html`<h2>${ct(`c_${c}` as ConsoleKey, lang)}</h2>${barChart(`chart-${c}`, ct(`c_${c}` as ConsoleKey, lang), s[c], lang)}<p><a href="/console/stats/${c}.csv?${q}">${ct('csv', lang)}</a></p>`)}`,
    });
  });
  add('get', '/console/stats/:chart', 'viewer', (req, res) => {
    const name = String(req.params.chart).replace(/\.csv$/, '');
    const p = period(req);
    const s = dashboardStats(deps.db, p.from, p.to);
    let rows: (string | number)[][];
    if (name === 'summary') {
      rows = [['figure', 'value'], ['from', s.from], ['to', s.to], ['documents', s.total], ['rejected', s.rejected], ['unroutable', s.unroutable], ['rejection_rate', s.rejectionRate], ['unroutable_rate', s.unroutableRate],
        ['median_delivery_seconds', s.medianDeliverySeconds ?? ''], ['p95_delivery_seconds', s.p95DeliverySeconds ?? ''], ['documents_delivered', s.deliveredToBodies], ['bodies_reached', s.bodiesReached], ['bodies_reached_via_peppol', s.bodiesReachedViaPeppol]];
    } else if ((CHARTS as readonly string[]).includes(name)) {
      rows = [['key', 'count'], ...s[name as Chart].map((b) => [b.key, b.count])];
    } else throw new ProblemError(404, 'not-found', 'Not found', 'No such chart.');
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${name}-${p.from}-${p.to}.csv"`).send(stringify(rows));
  });

  // ------------------------------------------------------------ directory administration
  const dirNav = (lang: WebLang, canEdit: boolean): HtmlValue => html`<p><a href="/console/directory">${ct('bodies', lang)}</a>${canEdit ? html` · <a href="/console/directory/new">${ct('newBody', lang)}</a> · <a href="/console/directory/import">${ct('importCsv', lang)}</a>` : ''}</p>`;
  add('get', '/console/directory', 'viewer', (req, res, lang) => {
    const q = qs(req, 'q') ?? '';
    const list = findBodies(deps.db, q);
    send(req, res, 200, {
      title: ct('directory', lang), section: 'directory',
      body: html`${dirNav(lang, roleAtLeast(me(res).role, 'operator'))}<form method="get" action="/console/directory" class="inline-form"><div class="field"><label for="f-q">${ct('search', lang)}</label><input type="search" id="f-q" name="q" value="${q}"></div><button type="submit">${ct('show', lang)}</button></form>
${list.length === 0 ? html`<p>${ct('noData', lang)}</p>` : table(ct('bodies', lang), ['id', ct('name', lang), ct('type', lang), ct('status', lang), ct('identifiers', lang)], list.map((b) => [
        html`<a href="/console/directory/bodies/${b.id}">${b.id}</a>`, b.names[lang === 'en' ? 'en' : lang] ?? b.names.fr, b.type, b.status, b.identifiers.map((i) => `${i.scheme}:${i.value}`).join(', '),
      ]))}`,
    });
  });
  const bodyForm = (req: Request, res: Response, lang: WebLang, row: CsvRow, o: { status?: number; errors?: { field: string | null; message: string }[]; saved?: boolean; isNew: boolean }): void => {
    const canEdit = roleAtLeast(me(res).role, 'operator');
    const inputs = CSV_COLUMNS.map((c) => html`<div class="field"><label for="${fieldId(c)}">${COLUMN_LABELS[c]?.[lang] ?? c} <span class="hint">(${c})</span></label><input type="text" id="${fieldId(c)}" name="${c}" value="${row[c]}"${c === 'id' && !o.isNew ? html` readonly` : ''}${(o.errors ?? []).some((e) => e.field === c) ? html` aria-invalid="true"` : ''}></div>`);
    send(req, res, o.status ?? 200, {
      title: o.isNew ? ct('newBody', lang) : `${ct('edit', lang)} ${row.id}`, section: 'directory', errors: o.errors,
      body: html`${dirNav(lang, canEdit)}${o.saved ? notice('ok', [ct('saved', lang)]) : ''}<p class="hint">${ct('csvHint', lang)}</p>
<form method="post" action="/console/directory/bodies">${hiddenCsrf(csrf.token(req, res))}${inputs}
<div class="field"><label for="f-effectiveFrom">${ct('effectiveFrom', lang)}</label><input type="text" id="f-effectiveFrom" name="effectiveFrom" value="${isoDay(deps.clock())}"></div>
${canEdit ? html`<button type="submit">${ct('save', lang)}</button>` : html`<p>${ct('readOnly', lang)}</p>`}</form>`,
    });
  };
  add('get', '/console/directory/new', 'operator', (req, res, lang) => bodyForm(req, res, lang, emptyRow(), { isNew: true }));
  add('get', '/console/directory/bodies/:id', 'viewer', (req, res, lang) => {
    const b = loadCurrentBodies(deps.db).get(String(req.params.id));
    if (b === undefined) throw new ProblemError(404, 'not-found', 'Not found', 'Unknown body.');
    bodyForm(req, res, lang, bodyRow(b), { isNew: false, saved: qs(req, 'saved') === '1' });
  });
  add('post', '/console/directory/bodies', 'operator', async (req, res, lang) => {
    const f = await readPost(req, res, lang);
    if (f === null) return;
    const row = Object.fromEntries(CSV_COLUMNS.map((c) => [c, (f.get(c) ?? '').trim()])) as CsvRow;
    const isNew = !loadCurrentBodies(deps.db).has(row.id);
    const eff = f.get('effectiveFrom') ?? '';
    if (!DAY.test(eff)) return bodyForm(req, res, lang, row, { isNew, status: 400, errors: [{ field: 'effectiveFrom', message: ct('effectiveFrom', lang) }] });
    const out = importCsv(deps.db, rowCsv(row), { actor: me(res).actor, dryRun: false, effectiveFrom: eff, now: deps.clock(), action: isNew ? 'body-create' : 'body-update' });
    if (!out.ok) {
      const errors = out.error !== undefined ? [{ field: null, message: out.error }] : (out.report?.errors ?? []).map((e) => ({ field: (CSV_COLUMNS as readonly string[]).includes(e.field) ? e.field : null, message: `${e.field}: ${e.message}` }));
      return bodyForm(req, res, lang, row, { isNew, status: 400, errors });
    }
    res.redirect(303, `/console/directory/bodies/${encodeURIComponent(row.id)}?saved=1`);
  });
  const importPage = (req: Request, res: Response, lang: WebLang, o: { status?: number; report?: ImportReport; sha?: string; applied?: boolean; effectiveFrom?: string; errors?: { field: string | null; message: string }[] } = {}): void => {
    const r = o.report;
    const diff = r === undefined ? '' : html`<h2>${ct('diffTitle', lang)}</h2>
${notice(o.applied ? 'ok' : 'ok', [o.applied ? ct('applied', lang, { added: r.added.length, changed: r.changed.length, retired: r.retired.length }) : ct('planned', lang, { added: r.added.length, changed: r.changed.length, retired: r.retired.length, unchanged: r.unchanged })])}
${r.errors.length > 0 ? table(webText('errorTitle', lang), [ct('line', lang), 'id', ct('fields', lang), ct('message', lang)], r.errors.map((e) => [e.row, e.id ?? '-', e.field, e.message])) : ''}
${table(ct('diffTitle', lang), [ct('what', lang), ct('line', lang), 'id', ct('details', lang)], [
      ...r.added.map((a) => [ct('added', lang), a.row, a.id, a.name] as HtmlValue[]),
      ...r.changed.map((c) => [ct('changed', lang), c.row, c.id, c.fields.map((fl) => `${fl}: ${JSON.stringify((c.before as Record<string, unknown>)[fl] ?? null)} → ${JSON.stringify((c.after as Record<string, unknown>)[fl] ?? null)}`).join('; ')] as HtmlValue[]),
      ...r.retired.map((x) => [ct('retiredCol', lang), x.row, x.id, `${x.validTo ?? ''} ${x.successors.map((s) => s.id).join(', ')}`] as HtmlValue[]),
    ])}
${!o.applied && r.errors.length === 0 && o.sha ? html`<form method="post" action="/console/directory/import/apply">${hiddenCsrf(csrf.token(req, res))}<input type="hidden" name="sha" value="${o.sha}"><input type="hidden" name="effectiveFrom" value="${o.effectiveFrom ?? ''}"><button type="submit">${ct('applyImport', lang)}</button></form>` : ''}`;
    send(req, res, o.status ?? 200, {
      title: ct('importCsv', lang), section: 'directory', errors: o.errors,
      body: html`${dirNav(lang, true)}<form method="post" action="/console/directory/import" enctype="multipart/form-data">${hiddenCsrf(csrf.token(req, res))}
<div class="field"><label for="f-file">${ct('csvFile', lang)}</label><input type="file" id="f-file" name="file" accept=".csv,text/csv"></div>
<div class="field"><label for="f-effectiveFrom">${ct('effectiveFrom', lang)}</label><input type="text" id="f-effectiveFrom" name="effectiveFrom" value="${o.effectiveFrom ?? isoDay(deps.clock())}"></div>
<button type="submit">${ct('dryRun', lang)}</button></form>${diff}`,
    });
  };
  add('get', '/console/directory/import', 'operator', (req, res, lang) => importPage(req, res, lang));
  add('post', '/console/directory/import', 'operator', async (req, res, lang) => {
    const form = await readForm(req, { maxFields: 10, maxFieldBytes: 1024, maxFiles: 1, maxFileBytes: 5 * 1024 * 1024, maxTotalBytes: 5 * 1024 * 1024 });
    if (!csrf.verify(req, form.fields.get(CSRF_FIELD))) return send(req, res, 403, { title: webText('csrfTitle', lang), body: html`<p>${webText('csrfText', lang)}</p>` });
    const eff = form.fields.get('effectiveFrom') ?? '';
    const file = form.files.find((x) => x.field === 'file');
    if (file === undefined || file.bytes.length === 0) return importPage(req, res, lang, { status: 400, effectiveFrom: eff, errors: [{ field: 'file', message: ct('csvFile', lang) }] });
    if (!DAY.test(eff)) return importPage(req, res, lang, { status: 400, effectiveFrom: eff, errors: [{ field: 'effectiveFrom', message: ct('effectiveFrom', lang) }] });
    const csv = file.bytes.toString('utf8');
    const out = importCsv(deps.db, csv, { actor: me(res).actor, dryRun: true, effectiveFrom: eff, now: deps.clock(), action: 'directory-import' });
    if (out.error !== undefined) return importPage(req, res, lang, { status: 400, effectiveFrom: eff, errors: [{ field: 'file', message: out.error }] });
    importPage(req, res, lang, { report: out.report, sha: keepCsv(deps.files, csv), effectiveFrom: eff, status: out.ok ? 200 : 400 });
  });
  add('post', '/console/directory/import/apply', 'operator', async (req, res, lang) => {
    const f = await readPost(req, res, lang);
    if (f === null) return;
    const csv = keptCsv(deps.files, f.get('sha') ?? '');
    const eff = f.get('effectiveFrom') ?? '';
    if (csv === null || !DAY.test(eff)) return importPage(req, res, lang, { status: 400, errors: [{ field: 'file', message: ct('csvFile', lang) }] });
    const out = importCsv(deps.db, csv, { actor: me(res).actor, dryRun: false, effectiveFrom: eff, now: deps.clock(), action: 'directory-import' });
    if (out.error !== undefined) return importPage(req, res, lang, { status: 400, errors: [{ field: 'file', message: out.error }] });
    importPage(req, res, lang, { report: out.report, applied: out.ok, effectiveFrom: eff, status: out.ok ? 200 : 400 });
  });

  // ------------------------------------------------------------ staff and audit (administrators)
  const staffPage = (req: Request, res: Response, lang: WebLang, o: { status?: number; errors?: { field: string | null; message: string }[]; ok?: string[] } = {}): void => {
    const users = deps.db.select().from(staffUsers).orderBy(staffUsers.login).all();
    const tok = csrf.token(req, res);
    send(req, res, o.status ?? 200, {
      title: ct('staff', lang), section: 'staff', errors: o.errors,
      body: html`${notice('ok', o.ok ?? [])}${table(ct('staff', lang), [ct('loginField', lang), ct('name', lang), ct('email', lang), ct('role', lang), ct('status', lang), ct('actions', lang)], users.map((u) => [
        u.login, u.name, u.email ?? '-', u.role, u.disabledAt ? `${ct('disabled', lang)} ${u.disabledAt.slice(0, 10)}` : ct('st_active', lang),
        u.disabledAt ? '' : html`<form method="post" action="/console/staff/${u.login}/role" class="inline-form">${hiddenCsrf(tok)}<label for="role-${u.login}" class="visually-hidden">${ct('role', lang)} ${u.login}</label><select id="role-${u.login}" name="role">${['viewer', 'operator', 'administrator'].map((r) => html`<option value="${r}"${r === u.role ? html` selected` : ''}>${r}</option>`)}</select><button type="submit" class="secondary">${ct('save', lang)}</button></form>
<form method="post" action="/console/staff/${u.login}/disable">${hiddenCsrf(tok)}<button type="submit" class="danger" aria-label="${ct('disableLogin', lang, { login: u.login })}">${ct('disable', lang)}</button></form>`,
      ]))}
<h2>${ct('createStaff', lang)}</h2><form method="post" action="/console/staff">${hiddenCsrf(tok)}
<div class="field"><label for="f-login">${ct('loginField', lang)}</label><input type="text" id="f-login" name="login" autocomplete="off" required></div>
<div class="field"><label for="f-name">${ct('name', lang)}</label><input type="text" id="f-name" name="name" required></div>
<div class="field"><label for="f-email">${ct('email', lang)}</label><input type="email" id="f-email" name="email"></div>
<div class="field"><label for="f-role">${ct('role', lang)}</label><select id="f-role" name="role"><option value="viewer">viewer</option><option value="operator">operator</option><option value="administrator">administrator</option></select></div>
<div class="field"><label for="f-password">${ct('password', lang)}</label><p class="hint" id="f-password-hint">${ct('passwordHint', lang)}</p><input type="password" id="f-password" name="password" autocomplete="new-password" aria-describedby="f-password-hint" required></div>
<button type="submit">${ct('createStaff', lang)}</button></form>`,
    });
  };
  add('get', '/console/staff', 'administrator', (req, res, lang) => staffPage(req, res, lang));
  add('post', '/console/staff', 'administrator', async (req, res, lang) => {
    const f = await readPost(req, res, lang);
    if (f === null) return;
    const role = f.get('role');
    if (!isRole(role)) return staffPage(req, res, lang, { status: 400, errors: [{ field: 'role', message: ct('role', lang) }] });
    try {
      const u = await createStaff(deps.db, { login: f.get('login') ?? '', name: f.get('name') ?? '', role, password: f.get('password') ?? '', email: (f.get('email') ?? '') || null }, deps.clock());
      audit(deps.db, me(res).actor, 'staff-create', `staff:${u.login}`, { role: u.role }, deps.clock());
      staffPage(req, res, lang, { ok: [ct('saved', lang)] });
    } catch (err) {
      if (!(err instanceof StaffInputError)) throw err;
      staffPage(req, res, lang, { status: 400, errors: [{ field: null, message: err.message }] });
    }
  });
  add('post', '/console/staff/:login/disable', 'administrator', async (req, res, lang) => {
    const f = await readPost(req, res, lang);
    if (f === null) return;
    const login = String(req.params.login);
    if (!disableStaff(deps.db, login, deps.clock())) throw new ProblemError(404, 'not-found', 'Not found', 'Unknown staff login.');
    audit(deps.db, me(res).actor, 'staff-disable', `staff:${login}`, {}, deps.clock());
    staffPage(req, res, lang, { ok: [ct('saved', lang)] });
  });
  add('post', '/console/staff/:login/role', 'administrator', async (req, res, lang) => {
    const f = await readPost(req, res, lang);
    if (f === null) return;
    const login = String(req.params.login);
    const role = f.get('role');
    if (!isRole(role)) return staffPage(req, res, lang, { status: 400, errors: [{ field: null, message: ct('role', lang) }] });
    if (!setStaffRole(deps.db, login, role)) throw new ProblemError(404, 'not-found', 'Not found', 'Unknown staff login.');
    audit(deps.db, me(res).actor, 'staff-role', `staff:${login}`, { role }, deps.clock());
    staffPage(req, res, lang, { ok: [ct('saved', lang)] });
  });
  add('get', '/console/audit', 'administrator', (req, res, lang) => {
    const rows = deps.db.select().from(staffAudit).orderBy(desc(staffAudit.id)).limit(300).all();
    send(req, res, 200, {
      title: ct('auditLog', lang), section: 'audit',
      body: table(ct('auditLog', lang), [ct('when', lang), ct('who', lang), ct('what', lang), ct('target', lang), ct('details', lang)], rows.map((a) => [a.at, a.actor, a.action, a.target ?? '-', a.details.slice(0, 300)])),
    });
  });

  // ------------------------------------------------------------ JSON API
  add('get', '/console/api/queues', 'viewer', (_req, res) => { res.json(queueCounts(deps.db, stuckBefore())); });
  add('get', '/console/api/queues/:queue', 'viewer', (req, res) => {
    const q = String(req.params.queue);
    if (!isQueueName(q)) throw new ProblemError(404, 'not-found', 'Not found', 'No such queue.');
    const by = qs(req, 'by');
    if (by !== undefined) {
      if (!(GROUP_BYS as string[]).includes(by) || q === 'dead-letters') throw new ProblemError(400, 'bad-parameter', 'Invalid grouping', `by must be one of ${GROUP_BYS.join(', ')}.`);
      res.json({ queue: q, by, groups: groupQueue(deps.db, deps.files, q, by as GroupBy, stuckBefore(), deps.clock()) });
      return;
    }
    const limit = Number(qs(req, 'limit') ?? 100);
    const offset = Number(qs(req, 'offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0) throw new ProblemError(400, 'bad-parameter', 'Invalid paging', 'limit: 1 to 1000; offset: 0 or more.');
    res.json({ queue: q, limit, offset, items: queueRows(deps.db, deps.files, q, stuckBefore(), queueFilter(req), limit, offset) });
  });
  add('get', '/console/api/documents/:id', 'viewer', (req, res) => {
    const d = docOr404(String(req.params.id));
    res.json({
      document: d, findings: fullReport(deps.db, deps.files, d.id)?.findings ?? [],
      events: deps.db.select().from(events).where(eq(events.documentId, d.id)).orderBy(events.seq).all().map((e) => ({ ...e, details: JSON.parse(e.details) as unknown })),
      mls: deps.db.select().from(mlsOutbox).where(eq(mlsOutbox.documentId, d.id)).get() ?? null,
    });
  });
  const body = (req: Request): Record<string, unknown> => (typeof req.body === 'object' && req.body !== null ? req.body as Record<string, unknown> : {});
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  add('post', '/console/api/documents/:id/actions/:action', 'operator', async (req, res) => {
    apiCsrf(req, res);
    const action = String(req.params.action);
    if (!isAction(action)) throw new ProblemError(404, 'not-found', 'Not found', `Actions: ${ACTIONS.join(', ')}.`);
    const b = body(req);
    const out = await applyAction(actionDeps, action, String(req.params.id), { actor: me(res).actor, reason: str(b.reason), bodyId: str(b.bodyId) });
    if (!out.ok) throw new ProblemError(out.status, out.status === 404 ? 'not-found' : out.status === 409 ? 'conflict' : 'bad-request', 'Action refused', out.error);
    res.json(out);
  });
  add('post', '/console/api/actions/:action', 'operator', async (req, res) => {
    apiCsrf(req, res);
    const action = String(req.params.action);
    if (!isAction(action)) throw new ProblemError(404, 'not-found', 'Not found', `Actions: ${ACTIONS.join(', ')}.`);
    const b = body(req);
    const ids = Array.isArray(b.ids) ? b.ids.filter((x): x is string => typeof x === 'string') : [];
    if (ids.length === 0 || ids.length > 500) throw new ProblemError(400, 'bad-request', 'Invalid ids', 'ids: 1 to 500 document ids.');
    res.json({ results: await applyBulk(actionDeps, action, ids, { actor: me(res).actor, reason: str(b.reason), bodyId: str(b.bodyId) }) });
  });
  add('get', '/console/api/providers', 'viewer', (_req, res) => {
    const over = new Map(providerOverview(deps.db).map((o) => [o.seatId, o]));
    res.json({ items: deps.db.select().from(serviceProviders).all().map((p) => ({ ...p, sent: over.get(p.seatId)?.sent ?? 0, rejected: over.get(p.seatId)?.rejected ?? 0, rejectionRate: over.get(p.seatId)?.rejectionRate ?? '0.0000' })) });
  });
  add('put', '/console/api/providers/:seat', 'operator', (req, res) => {
    apiCsrf(req, res);
    try {
      res.json(saveProvider(deps.db, { ...body(req), seatId: String(req.params.seat) }, me(res).actor, deps.clock()));
    } catch (err) {
      if (err instanceof ProviderInputError) throw new ProblemError(400, 'invalid-provider', 'Invalid provider', err.message, { field: err.field });
      throw err;
    }
  });
  add('get', '/console/api/providers/:seat/stats', 'viewer', (req, res) => {
    const seat = seatOr404(String(req.params.seat));
    res.json(providerStats(deps.db, deps.files, seat, { from: qs(req, 'from'), to: qs(req, 'to') }));
  });
  add('get', '/console/api/stats', 'viewer', (req, res) => { const p = period(req); res.json(dashboardStats(deps.db, p.from, p.to)); });
  add('get', '/console/api/staff', 'administrator', (_req, res) => {
    res.json({ items: deps.db.select({ id: staffUsers.id, login: staffUsers.login, name: staffUsers.name, email: staffUsers.email, role: staffUsers.role, createdAt: staffUsers.createdAt, disabledAt: staffUsers.disabledAt }).from(staffUsers).all() });
  });
  add('post', '/console/api/staff', 'administrator', async (req, res) => {
    apiCsrf(req, res);
    const b = body(req);
    if (!isRole(b.role)) throw new ProblemError(400, 'invalid-staff', 'Invalid role', 'role: viewer, operator or administrator.');
    try {
      const u = await createStaff(deps.db, { login: str(b.login) ?? '', name: str(b.name) ?? '', role: b.role, password: str(b.password) ?? '', email: str(b.email) ?? null }, deps.clock());
      audit(deps.db, me(res).actor, 'staff-create', `staff:${u.login}`, { role: u.role }, deps.clock());
      res.status(201).json({ id: u.id, login: u.login, role: u.role });
    } catch (err) {
      if (err instanceof StaffInputError) throw new ProblemError(400, 'invalid-staff', 'Invalid staff account', err.message);
      throw err;
    }
  });
  add('get', '/console/api/audit', 'administrator', (req, res) => {
    const target = qs(req, 'target');
    const q = deps.db.select().from(staffAudit);
    res.json({ items: (target ? q.where(eq(staffAudit.target, target)) : q).orderBy(desc(staffAudit.id)).limit(500).all().map((a) => ({ ...a, details: JSON.parse(a.details) as unknown })) });
  });

  // unknown console paths: an HTML 404 for pages
  r.use('/console', (req, res, next) => {
    if (req.path.startsWith('/api/')) return next();
    const lang = negotiateLang(req, res);
    send(req, res, 404, { title: webText('notFoundTitle', lang), body: html`<p>${webText('notFoundText', lang)}</p>` });
  });
  return r;
}
