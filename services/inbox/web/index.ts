/**
 * The web inbox for bodies without an ERP (communes…), in French, German or English on the hub's
 * shared web layer (web/) with its pages in templates/inbox/: one file per page group under routes/,
 * mounted from the table below (the tests walk it).
 *   GET  /inbox/login, POST /inbox/login, POST /inbox/logout
 *   GET  /inbox/                              the documents of the user's body (and its accounting units), filters, selection
 *   POST /inbox/download                      the selected documents as one ZIP
 *   GET  /inbox/documents/{id}                one document: facts, statuses and the status form, PDF, downloads
 *   GET  /inbox/documents/{id}/pdf|xml|bundle
 *   POST /inbox/documents/{id}/ack            acknowledgement (status AB)
 *   POST /inbox/documents/{id}/responses      a status for the supplier (form)
 *   GET|POST /inbox/responses/import          statuses in bulk (CSV): check, then apply
 * Logins are body users (`POST /api/v1/bodies/{id}/users`), checked by core/accounts. Every value goes
 * through the escaping templates; forms carry the session's CSRF token; the session cookie is
 * HttpOnly, SameSite=Strict.
 */
import express, { Router, type RequestHandler } from 'express';
import { negotiateLang, securityHeaders } from '../../../web';
import type { AppDeps } from '../../deps';
import { requireCsrf, requireSession, WebCall, type InboxWebRoute } from './context';
import { bulkRoutes } from './routes/bulk';
import { documentRoutes } from './routes/document';
import { listRoutes } from './routes/list';
import { loginRoutes } from './routes/login';

/** The page groups, in mounting order. */
const GROUPS: readonly { name: string; routes: () => InboxWebRoute[] }[] = [
  { name: 'login', routes: loginRoutes },
  { name: 'list', routes: listRoutes },
  { name: 'bulk', routes: bulkRoutes },
  { name: 'document', routes: documentRoutes },
];

/** The web inbox's route table: group, method, path and whether a session is needed (tests walk it). */
export function inboxWebRouteTable(): { group: string; method: 'get' | 'post'; path: string; session: boolean }[] {
  return GROUPS.flatMap((g) => g.routes().flatMap((r) => (Array.isArray(r.path) ? r.path : [r.path]).map((p) => ({ group: g.name, method: r.method, path: p, session: r.session }))));
}

export function inboxWebRouter(deps: AppDeps): Router {
  const r = Router();
  const small = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 600 });
  const large = express.urlencoded({ extended: false, limit: '1100kb', parameterLimit: 20 });
  const session = requireSession(deps);
  const csrf = requireCsrf(deps);
  r.use('/inbox', (req, res, next) => {
    if (req.originalUrl.startsWith('/inbox/v1/')) return next();
    res.locals.lang = negotiateLang(req, res);
    next();
  });
  for (const g of GROUPS) {
    for (const route of g.routes()) {
      const chain: RequestHandler[] = [];
      if (!route.file) chain.push(securityHeaders);
      if (route.form) chain.push(route.form === 'large' ? large : small);
      if (route.session) chain.push(session);
      if (route.session && route.form) chain.push(csrf);
      r[route.method](route.path, ...chain, (req, res, next) => {
        route.handle(new WebCall(deps, req, res)).catch(next);
      });
    }
  }
  return r;
}
