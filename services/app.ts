/**
 * Assembles the HTTP application from a declared table of routers, one per audience (see
 * docs/ARCHITECTURE.md): health and metrics, the Peppol hand-off and outbox, the upload/status API
 * and tokens, the directory, the dispatch administration, the bodies' inbox, the supplier portal, the
 * Authority console, the shared web assets and the semantic-model page; problem+json errors last.
 * Every router is imported statically: one that cannot load stops the start.
 */
import express, { Router, type Express } from 'express';
import { renderSemanticModelHtml } from '../model/docs';
import { bodiesRouter } from './api/bodies/router';
import { dispatchAdminRouter } from './api/dispatch';
import { documentsRouter } from './api/documents';
import { tokensRouter } from './api/tokens';
import { consoleRouter } from './console';
import type { AppDeps } from './deps';
import { notFoundHandler, problemHandler } from './errors';
import { healthRouter, registerCollectedMetrics } from './health';
import { inboxRouter } from './inbox';
import { peppolRouter } from './peppol/inbound';
import { peppolOutboxRouter } from './peppol/outbox';
import { portalRouter } from './portal';
import { webStaticRouter } from '../web';

function semanticModelRouter(): Router {
  const r = Router();
  let page: string | null = null;
  r.get('/docs/semantic-model', (_req, res) => {
    page ??= renderSemanticModelHtml();
    res.type('text/html').send(page);
  });
  return r;
}

/** The routers of the application, in mounting order. */
export const ROUTERS: readonly { name: string; make: (deps: AppDeps) => Router }[] = [
  { name: 'health', make: healthRouter },
  { name: 'peppol-inbound', make: peppolRouter },
  { name: 'peppol-outbox', make: peppolOutboxRouter },
  { name: 'documents', make: documentsRouter },
  { name: 'tokens', make: tokensRouter },
  { name: 'web-static', make: () => webStaticRouter() },
  { name: 'bodies', make: bodiesRouter },
  { name: 'dispatch-admin', make: dispatchAdminRouter },
  { name: 'inbox', make: inboxRouter },
  { name: 'portal', make: portalRouter },
  { name: 'console', make: consoleRouter },
  { name: 'semantic-model', make: () => semanticModelRouter() },
];

/** The application; `routers` names the routers it mounted (logged at start). */
export function createApp(deps: AppDeps): Express & { routers: string[] } {
  const app = express() as Express & { routers: string[] };
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  registerCollectedMetrics(deps);
  for (const r of ROUTERS) app.use(r.make(deps));
  app.routers = ROUTERS.map((r) => r.name);
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
