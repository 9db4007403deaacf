/**
 * What every page of the web inbox shares (services/inbox/web.ts): the signed-in body user (session
 * cookie → core/accounts), the page frame, the CSRF check, the 404 page, the visible document; and the
 * login / logout routes (one login throttle in the database, core/accounts).
 */
import { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import { checkInboxLogin, createInboxSession, INBOX_COOKIE, inboxSessionOf } from '../../core/accounts/inbox-users';
import { endSession } from '../../core/accounts/sessions';
import { reachableBodies } from '../../core/dispatch/bodies';
import { INBOX_STATUSES, loadVisible, type Viewer } from '../../core/documents/inbox';
import { CoreError } from '../../core/errors';
import { config } from '../../config';
import type { AppDeps } from '../deps';
import { html, page, readCookie, securityHeaders, type HtmlValue, type Lang } from '../../web';
import { inboxText as t } from './messages';

export interface WebSession { viewer: Viewer; csrf: string; login: string; bodyId: string; idHash: string }

/** Five failed logins for one login lock it for 15 minutes (the shared throttle counts an address ×4). */
const THROTTLE = { maxFailures: 5, lockMs: 15 * 60_000 };

export function webSession(res: Response): WebSession {
  return res.locals.inboxWeb as WebSession;
}

export const langOf = (res: Response): Lang => res.locals.lang as Lang;

export function money(summary: Record<string, unknown>): string {
  const tot = (summary.totals ?? {}) as Record<string, string | null>;
  const v = tot.due ?? tot.withVat;
  return v === null || v === undefined ? '' : `${v} ${String(summary.currency ?? '')}`.trim();
}

export function statusText(status: string, lang: Lang): string {
  return (INBOX_STATUSES as readonly string[]).includes(status) ? t(`status_${status as 'new'}`, lang) : status;
}

export const isNotFound = (err: unknown): boolean => err instanceof CoreError && err.kind === 'not-found';

/** What every page of the web inbox shares: the frame, the session, the CSRF check, the 404 page, the visible document. */
export function webContext(deps: AppDeps) {
  const render = (req: Request, res: Response, status: number, title: string, body: HtmlValue, s?: WebSession): void => {
    const lang = langOf(res);
    const top = s === undefined ? '' : html`<form class="inbox-user" method="post" action="/inbox/logout"><input type="hidden" name="csrf" value="${s.csrf}">
<p>${t('signedInAs', lang, { login: s.login, body: s.bodyId })} <button type="submit" class="secondary">${t('signOut', lang)}</button></p></form>`;
    res.status(status).type('text/html; charset=utf-8')
      .send(page({ lang, title, service: t('service', lang), home: '/inbox/', path: req.originalUrl, body: html`${top}${body}` }));
  };
  const requireSession: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const cookie = readCookie(req, INBOX_COOKIE);
    void (async () => {
      const s = cookie === undefined ? null : await inboxSessionOf(deps.store, cookie, deps.clock());
      if (s === null) {
        if (req.method === 'GET') { res.redirect(303, '/inbox/login'); return; }
        render(req, res, 403, t('sessionExpired', langOf(res)), html`<p><a href="/inbox/login">${t('signInAgain', langOf(res))}</a></p>`);
        return;
      }
      res.locals.inboxWeb = {
        viewer: { actor: `inbox-user:${s.user.id}`, bodies: await reachableBodies(deps.store, s.user.bodyId), via: 'web' },
        csrf: s.csrf, login: s.user.login, bodyId: s.user.bodyId, idHash: s.idHash,
      } satisfies WebSession;
      next();
    })().catch(next);
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
  /** The document of the route if the user's body reaches it; otherwise the 404 page is sent and null returned. */
  const visible = async (req: Request, res: Response): Promise<Awaited<ReturnType<typeof loadVisible>> | null> => {
    try {
      return await loadVisible(deps.store, webSession(res).viewer, String(req.params.id));
    } catch (err) {
      if (isNotFound(err)) { notFound(req, res); return null; }
      throw err;
    }
  };
  return { render, requireSession, requireCsrf, notFound, visible };
}

export type WebContext = ReturnType<typeof webContext>;

const loginForm = (lang: Lang, error?: string, login = ''): HtmlValue => html`${error ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${error}</p></div>` : ''}
<form method="post" action="/inbox/login">
<div class="field"><label for="f-login">${t('email', lang)}</label><input id="f-login" name="login" type="email" autocomplete="username" required value="${login}"></div>
<div class="field"><label for="f-password">${t('password', lang)}</label><input id="f-password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit">${t('signIn', lang)}</button></form>`;

export function loginRoutes(r: Router, deps: AppDeps, c: WebContext, form: RequestHandler): void {
  r.get('/inbox/login', securityHeaders, (req, res) => c.render(req, res, 200, t('signInTitle', langOf(res)), loginForm(langOf(res))));
  r.post('/inbox/login', securityHeaders, form, async (req, res) => {
    const lang = langOf(res);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const login = typeof b.login === 'string' ? b.login.slice(0, 200) : '';
    const password = typeof b.password === 'string' ? b.password.slice(0, 500) : '';
    const out = await checkInboxLogin(deps.store, login, password, req.ip ?? req.socket.remoteAddress ?? 'unknown', THROTTLE, deps.clock());
    if (!out.ok && out.reason === 'locked') {
      const minutes = Math.max(1, Math.ceil((out.retryAfterSeconds ?? 60) / 60));
      res.set('Retry-After', String(minutes * 60));
      c.render(req, res, 429, t('signInTitle', lang), loginForm(lang, t('tooMany', lang, { minutes }), login));
      return;
    }
    if (!out.ok) {
      c.render(req, res, 401, t('signInTitle', lang), loginForm(lang, t('badLogin', lang), login));
      return;
    }
    const s = await createInboxSession(deps.store, out.user.id, config.inboxSessionMs, deps.clock());
    res.cookie(INBOX_COOKIE, s.cookie, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/inbox', expires: s.expiresAt });
    res.redirect(303, '/inbox/');
  });
  r.post('/inbox/logout', securityHeaders, form, c.requireSession, c.requireCsrf, async (_req, res) => {
    await endSession(deps.store, webSession(res).idHash);
    res.clearCookie(INBOX_COOKIE, { path: '/inbox' });
    res.redirect(303, '/inbox/login');
  });
}
