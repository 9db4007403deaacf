/**
 * What every route of the web inbox shares: the signed-in body user (session cookie → core/accounts),
 * the page frame, the CSRF check, the 404 page, the document of the route if the user's body reaches it,
 * and the route table's types (services/inbox/web/index.ts mounts the table).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { inboxSessionOf, INBOX_COOKIE } from '../../../core/accounts/inbox-users';
import { reachableBodies } from '../../../core/dispatch/bodies';
import { loadVisible, type Viewer } from '../../../core/documents/inbox';
import { CoreError } from '../../../core/errors';
import { messagePage, type Frame } from '../../../templates/inbox/layout';
import { inboxText as t } from '../../../templates/inbox/messages';
import { readCookie, type Lang } from '../../../web';
import type { AppDeps } from '../../deps';

export interface WebSession { viewer: Viewer; csrf: string; login: string; bodyId: string; idHash: string }

/** One request of the web inbox: its language, session, frame and the answers every page gives. */
export class WebCall {
  constructor(readonly deps: AppDeps, readonly req: Request, readonly res: Response) {}

  get lang(): Lang {
    return this.res.locals.lang as Lang;
  }

  /** The session (the route table guarantees one for routes that need it). */
  get session(): WebSession {
    return this.res.locals.inboxWeb as WebSession;
  }

  frame(): Frame {
    const s = this.res.locals.inboxWeb as WebSession | undefined;
    return { lang: this.lang, path: this.req.originalUrl, ...(s ? { user: { login: s.login, bodyId: s.bodyId, csrf: s.csrf } } : {}) };
  }

  page(status: number, html: string): void {
    this.res.status(status).type('text/html; charset=utf-8').send(html);
  }

  notFound(): void {
    this.page(404, messagePage(this.frame(), t('notFound', this.lang), t('notFoundText', this.lang)));
  }

  /** The document of the route if the user's body reaches it; otherwise the 404 page is sent and null returned. */
  async visible(id = String(this.req.params.id)): Promise<Awaited<ReturnType<typeof loadVisible>> | null> {
    try {
      return await loadVisible(this.deps.store, this.session.viewer, id);
    } catch (err) {
      if (isNotFound(err)) { this.notFound(); return null; }
      throw err;
    }
  }

  /** A form field as a string ('' when absent), at most `max` characters. */
  field(name: string, max = 2000): string {
    const v = (this.req.body as Record<string, unknown> | undefined)?.[name];
    return typeof v === 'string' ? v.slice(0, max) : '';
  }

  /** A form field given several times (checkboxes). */
  fields(name: string): string[] {
    const v = (this.req.body as Record<string, unknown> | undefined)?.[name];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  }
}

export type Handler = (x: WebCall) => Promise<void>;

export interface InboxWebRoute {
  method: 'get' | 'post';
  path: string | string[];
  /** Needs a signed-in body user (the login page does not). */
  session: boolean;
  /** A form post: body read (`large` for the bulk CSV), CSRF token checked when there is a session. */
  form?: 'small' | 'large';
  /** Files (PDF shown in the page's frame, downloads): their own headers instead of the page's. */
  file?: boolean;
  handle: Handler;
}

export const isNotFound = (err: unknown): boolean => err instanceof CoreError && err.kind === 'not-found';

/** Loads the session of the cookie; a GET without one goes to the login page, a POST gets the expired page. */
export function requireSession(deps: AppDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const cookie = readCookie(req, INBOX_COOKIE);
    void (async () => {
      const s = cookie === undefined ? null : await inboxSessionOf(deps.store, cookie, deps.clock());
      if (s === null) {
        if (req.method === 'GET') { res.redirect(303, '/inbox/login'); return; }
        const call = new WebCall(deps, req, res);
        call.page(403, messagePage(call.frame(), t('sessionExpired', call.lang), '', { href: '/inbox/login', label: t('signInAgain', call.lang) }));
        return;
      }
      res.locals.inboxWeb = {
        viewer: { actor: `inbox-user:${s.user.id}`, bodies: await reachableBodies(deps.store, s.user.bodyId), via: 'web' },
        csrf: s.csrf, login: s.user.login, bodyId: s.user.bodyId, idHash: s.idHash,
      } satisfies WebSession;
      next();
    })().catch(next);
  };
}

/** The session's CSRF token must come with every form post. */
export function requireCsrf(deps: AppDeps): RequestHandler {
  return (req, res, next) => {
    const token = (req.body as Record<string, unknown> | undefined)?.csrf;
    if (typeof token !== 'string' || token !== (res.locals.inboxWeb as WebSession).csrf) {
      const call = new WebCall(deps, req, res);
      call.page(403, messagePage(call.frame(), t('forbidden', call.lang), t('forbiddenText', call.lang)));
      return;
    }
    next();
  };
}
