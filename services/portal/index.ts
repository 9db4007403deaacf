/**
 * The supplier portal (`/portal/…`): the upload form, the manual-entry form (invoice or credit
 * note, drafts by private link, server-side totals, PDF preview), the review page with its one
 * verdict, the receipt and the status page. Forms feed the same ingest as the APIs (channels
 * `portal-upload`, `portal-form`). The business is core/portal/; the pages are templates/portal/;
 * here are the routes, one file per page group under routes/, mounted from the table below.
 *
 * Every page works without JavaScript; `static/totals.js` only updates the form as one types. CSRF
 * token on every form, per-client rate limits, size limits while streaming, escaping of every value
 * shown (web/). Validation and PDF previews run in the CPU pool.
 */
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { config } from '../../config';
import { CoreError } from '../../core/errors';
import { pt } from '../../templates/portal/messages';
import { notSendableText } from '../../templates/portal/views';
import { negotiateLang, rateLimit, securityHeaders, webStaticRouter, webText, type Lang } from '../../web';
import type { AppDeps } from '../deps';
import { PageError, portalContext, wrap, type PortalContext, type PortalRoute } from './context';
import { formRoutes } from './routes/form';
import { homeRoutes } from './routes/home';
import { reviewRoutes } from './routes/review';
import { statusRoutes } from './routes/status';
import { uploadRoutes } from './routes/upload';

/** The page groups, in mounting order. */
const GROUPS: readonly { name: string; routes: (ctx: PortalContext) => PortalRoute[] }[] = [
  { name: 'home', routes: homeRoutes },
  { name: 'upload', routes: uploadRoutes },
  { name: 'form', routes: formRoutes },
  { name: 'review', routes: reviewRoutes },
  { name: 'status', routes: statusRoutes },
];

/** The portal's route table: method, path and page group of every route (tests walk it). */
export function portalRouteTable(deps: AppDeps): { group: string; method: 'get' | 'post'; path: string }[] {
  const ctx = portalContext(deps);
  return GROUPS.flatMap((g) => g.routes(ctx).flatMap((r) => (Array.isArray(r.path) ? r.path : [r.path]).map((p) => ({ group: g.name, method: r.method, path: p }))));
}

/** The error page of a refusal: not found, form expired, bad request, not sendable, preview unavailable; anything else is logged. */
function errorPage(ctx: PortalContext, err: unknown, req: Request, res: Response, lang: Lang): void {
  if (err instanceof PageError) {
    const text = err.text ?? (err.titleKey === 'csrfTitle' ? webText('csrfText', lang) : err.titleKey === 'notFoundTitle' ? webText('notFoundText', lang) : webText('badRequestTitle', lang));
    return ctx.send(req, res, { status: err.status, lang, title: webText(err.titleKey, lang), body: text });
  }
  if (err instanceof CoreError && err.kind === 'not-found') return ctx.send(req, res, { status: 404, lang, title: webText('notFoundTitle', lang), body: webText('notFoundText', lang) });
  if (err instanceof CoreError && err.slug === 'not-sendable') {
    return ctx.send(req, res, { status: 400, lang, title: webText('badRequestTitle', lang), body: notSendableText(String(err.extra.reason ?? 'invalid'), lang) });
  }
  if (err instanceof CoreError && err.slug === 'preview-unavailable') return ctx.send(req, res, { status: 422, lang, title: pt('preview', lang), body: pt('previewUnavailable', lang) });
  ctx.deps.logger.error({ err, path: req.path }, 'portal error');
  ctx.send(req, res, { status: 500, lang, title: webText('errorTitle', lang), body: webText('errorText', lang) });
}

export function portalRouter(deps: AppDeps): Router {
  const r = Router();
  const ctx = portalContext(deps);
  const limited = (req: Request, res: Response, retry: number): void => {
    const lang = negotiateLang(req, res);
    ctx.send(req, res, { status: 429, lang, title: webText('tooManyTitle', lang), body: webText('tooManyText', lang, { seconds: retry }) });
  };
  r.use('/portal', securityHeaders);
  r.use(webStaticRouter());
  r.use('/portal', rateLimit({ max: config.portalRateLimit, windowMs: 60_000, onLimited: limited }));
  r.use('/portal', rateLimit({ max: config.portalPostRateLimit, windowMs: 60_000, match: (req) => req.method === 'POST', onLimited: limited }));
  r.get('/portal/static/totals.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('application/javascript').sendFile(path.join(__dirname, 'static', 'totals.js'));
  });
  const urlencoded = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });
  for (const g of GROUPS) {
    for (const route of g.routes(ctx)) {
      if (route.body === 'urlencoded') r[route.method](route.path, urlencoded, wrap(route.handle));
      else r[route.method](route.path, wrap(route.handle));
    }
  }
  r.use('/portal', wrap((req, res, lang) => ctx.send(req, res, { status: 404, lang, title: webText('notFoundTitle', lang), body: webText('notFoundText', lang) })));
  r.use('/portal', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    errorPage(ctx, err, req, res, (res.locals.lang as Lang | undefined) ?? negotiateLang(req, res));
  });
  return r;
}
