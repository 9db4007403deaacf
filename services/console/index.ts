/**
 * The Authority console (`/console/…`): staff login (sessions, throttling), error queues with
 * grouped views, the document view with its actions (single and bulk), the register of Peppol
 * service providers with per-provider statistics and reports, the statistics dashboard (server-side
 * SVG charts, CSV exports), the directory's administration, the monthly Peppol reports (TSR/EUSR),
 * staff accounts and the audit log; the
 * same data as JSON under `/console/api/…` for automation.
 *
 * Access: a staff session (cookie `einvoice_console`, HttpOnly, SameSite=Strict, Path=/console) or a
 * bearer token of authority scope (`EINVOICE_ADMIN_TOKEN` included; counts as administrator — this
 * is how the first administrator account is created). Roles: viewer reads, operator acts on
 * documents, the provider register and the directory, administrator also manages staff accounts and
 * reads the audit log. `CONSOLE_ROUTES` declares every route with its least role (the tests walk
 * it); the router is built from it. Every form post carries a CSRF token; every staff action is
 * audited. Handlers are in routes/, pages in templates/console/, the work in core/.
 */
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { roleAtLeast, type Role } from '../../core/accounts/staff';
import { CoreError } from '../../core/errors';
import { badRequestPage, forbiddenPage, notFoundPage } from '../../templates/console/layout';
import { FormLimitError, securityHeaders } from '../../web';
import type { AppDeps } from '../deps';
import { asProblem, ProblemError } from '../errors';
import { ConsoleContext, RouteCall, type ConsolePrincipal } from './context';
import * as api from './routes/api';
import * as audit from './routes/audit';
import * as directory from './routes/directory';
import * as documents from './routes/documents';
import * as login from './routes/login';
import * as providers from './routes/providers';
import * as queues from './routes/queues';
import * as reporting from './routes/reporting';
import * as staff from './routes/staff';
import * as stats from './routes/stats';

export type { ConsolePrincipal } from './context';

export type Handler = (call: RouteCall) => Promise<void>;

export interface ConsoleRoute {
  method: 'get' | 'post' | 'put';
  path: string;
  /** The least role that may use it; null: public (the login). */
  role: Role | null;
  handler: Handler;
}

/** Every console route, its least role and its handler. The router is built from this table; the tests walk it. */
export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  { method: 'get', path: '/console/login', role: null, handler: login.loginForm },
  { method: 'post', path: '/console/login', role: null, handler: login.signIn },
  { method: 'post', path: '/console/logout', role: 'viewer', handler: login.signOut },

  { method: 'get', path: '/console/', role: 'viewer', handler: queues.overview },
  { method: 'get', path: '/console/queues/:queue', role: 'viewer', handler: queues.queue },
  { method: 'post', path: '/console/queues/:queue/actions', role: 'operator', handler: queues.queueActions },

  { method: 'get', path: '/console/documents/:id', role: 'viewer', handler: documents.document },
  { method: 'post', path: '/console/documents/:id/actions', role: 'operator', handler: documents.documentActions },
  { method: 'get', path: '/console/documents/:id/xml', role: 'viewer', handler: documents.xml },
  { method: 'get', path: '/console/documents/:id/pdf', role: 'viewer', handler: documents.pdf },
  { method: 'get', path: '/console/documents/:id/mls', role: 'viewer', handler: documents.mls },

  { method: 'get', path: '/console/providers', role: 'viewer', handler: providers.list },
  { method: 'post', path: '/console/providers', role: 'operator', handler: providers.save },
  { method: 'get', path: '/console/providers/:seat', role: 'viewer', handler: providers.provider },
  { method: 'get', path: '/console/providers/:seat/report.csv', role: 'viewer', handler: providers.reportCsv },
  { method: 'get', path: '/console/providers/:seat/report.pdf', role: 'viewer', handler: providers.reportPdf },

  { method: 'get', path: '/console/stats', role: 'viewer', handler: stats.dashboard },
  { method: 'get', path: '/console/stats/:chart', role: 'viewer', handler: stats.chartCsv },

  { method: 'get', path: '/console/reporting', role: 'viewer', handler: reporting.page },
  { method: 'post', path: '/console/reporting/rebuild', role: 'operator', handler: reporting.rebuild },

  { method: 'get', path: '/console/directory', role: 'viewer', handler: directory.list },
  { method: 'get', path: '/console/directory/new', role: 'operator', handler: directory.newBody },
  { method: 'get', path: '/console/directory/bodies/:id', role: 'viewer', handler: directory.body },
  { method: 'post', path: '/console/directory/bodies', role: 'operator', handler: directory.saveBody },
  { method: 'get', path: '/console/directory/import', role: 'operator', handler: directory.importForm },
  { method: 'post', path: '/console/directory/import', role: 'operator', handler: directory.importCheck },
  { method: 'post', path: '/console/directory/import/apply', role: 'operator', handler: directory.importApply },

  { method: 'get', path: '/console/staff', role: 'administrator', handler: staff.list },
  { method: 'post', path: '/console/staff', role: 'administrator', handler: staff.create },
  { method: 'post', path: '/console/staff/:login/disable', role: 'administrator', handler: staff.disable },
  { method: 'post', path: '/console/staff/:login/role', role: 'administrator', handler: staff.setRole },
  { method: 'get', path: '/console/audit', role: 'administrator', handler: audit.log },

  { method: 'get', path: '/console/api/queues', role: 'viewer', handler: api.queueCounts },
  { method: 'get', path: '/console/api/queues/:queue', role: 'viewer', handler: api.queue },
  { method: 'get', path: '/console/api/documents/:id', role: 'viewer', handler: api.document },
  { method: 'post', path: '/console/api/documents/:id/actions/:action', role: 'operator', handler: api.documentAction },
  { method: 'post', path: '/console/api/actions/:action', role: 'operator', handler: api.bulkAction },
  { method: 'get', path: '/console/api/providers', role: 'viewer', handler: api.providers },
  { method: 'put', path: '/console/api/providers/:seat', role: 'operator', handler: api.saveProvider },
  { method: 'get', path: '/console/api/providers/:seat/stats', role: 'viewer', handler: api.providerStats },
  { method: 'get', path: '/console/api/stats', role: 'viewer', handler: api.stats },
  { method: 'get', path: '/console/api/staff', role: 'administrator', handler: api.staff },
  { method: 'post', path: '/console/api/staff', role: 'administrator', handler: api.createStaff },
  { method: 'get', path: '/console/api/audit', role: 'administrator', handler: api.audit },
  { method: 'get', path: '/console/api/reports', role: 'viewer', handler: reporting.apiList },
  { method: 'post', path: '/console/api/reports/rebuild', role: 'operator', handler: reporting.apiRebuild },
];

const isApi = (p: string): boolean => p.startsWith('/console/api/');

/** What a page answers for an error it expects (unknown document, bad input…); null: let it through. */
function pageError(err: unknown, call: RouteCall): { status: number; html: string } | null {
  if (err instanceof FormLimitError) return { status: err.kind === 'malformed' ? 400 : 413, html: badRequestPage(call.frame(), err.message) };
  const p = err instanceof CoreError || err instanceof ProblemError ? asProblem(err) : null;
  if (p === null || p.status >= 500) return null;
  return { status: p.status, html: p.status === 404 ? notFoundPage(call.frame()) : badRequestPage(call.frame(), p.detail) };
}

function mount(r: Router, ctx: ConsoleContext, route: ConsoleRoute): void {
  const api = isApi(route.path);
  // who asks, and may they: before the body is read
  const guard: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const principal = await ctx.principalOf(req);
      res.locals.consolePrincipal = principal;
      if (route.role === null) return next();
      if (principal === null) {
        if (api) return next(new ProblemError(401, 'unauthenticated', 'Authentication required', 'Sign in to the console or send an authority bearer token.'));
        res.redirect(303, `/console/login?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}`);
        return;
      }
      if (!roleAtLeast(principal.role, route.role)) {
        if (api) return next(new ProblemError(403, 'forbidden', 'Forbidden', `This needs the ${route.role} role (yours: ${principal.role}).`));
        const call = new RouteCall(ctx, req, res, principal);
        call.page(403, forbiddenPage(call.frame()));
        return;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
  const run: RequestHandler = async (req: Request, res: Response, next: NextFunction) => {
    const call = new RouteCall(ctx, req, res, (res.locals.consolePrincipal as ConsolePrincipal | null | undefined) ?? null);
    try {
      await route.handler(call);
    } catch (err) {
      const shown = !api && !res.headersSent ? pageError(err, call) : null;
      if (shown !== null) call.page(shown.status, shown.html);
      else next(err);
    }
  };
  const json: RequestHandler[] = api && route.method !== 'get' ? [express.json({ limit: '1mb' })] : [];
  r[route.method](route.path, guard, ...json, run);
}

export function consoleRouter(deps: AppDeps): Router {
  const r = Router();
  const ctx = new ConsoleContext(deps);
  r.use('/console', securityHeaders);
  r.use('/console/static', express.static(path.join(__dirname, 'static'), { index: false, maxAge: '1h', fallthrough: false }));
  for (const route of CONSOLE_ROUTES) mount(r, ctx, route);
  // unknown console paths: an HTML 404 for pages (the API's go on to the app's problem+json 404)
  r.use('/console', async (req, res, next) => {
    if (req.path.startsWith('/api/')) return next();
    const call = new RouteCall(ctx, req, res, await ctx.principalOf(req).catch(() => null));
    call.page(404, notFoundPage(call.frame()));
  });
  return r;
}
