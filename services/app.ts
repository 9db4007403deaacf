/**
 * Assembles the HTTP application: one router per audience (see DESIGN.md), health and metrics,
 * problem+json errors: the Peppol hand-off and outbox, the upload/status API and tokens, the directory
 * (`/api/v1/bodies`), the dispatch administration, the bodies' inbox, the supplier portal, the Authority
 * console, the shared web assets and the semantic-model page. Every router is imported statically: one
 * that cannot load stops the start with its error, rather than the hub running without it.
 */
import express, { type Express } from 'express';
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
import { webStaticRouter } from './web';

/** The application; `mounted` names the routers it mounted (logged at start, checked by tests). */
export function createApp(deps: AppDeps): Express & { mounted: string[] } {
  const app = express() as Express & { mounted: string[] };
  app.mounted = [];
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  registerCollectedMetrics(deps);
  app.use(healthRouter(deps));
  app.use(peppolRouter(deps));
  app.use(peppolOutboxRouter(deps));
  app.use(documentsRouter(deps));
  app.use(tokensRouter(deps));
  app.use(webStaticRouter());
  app.use(bodiesRouter(deps));
  app.use(dispatchAdminRouter(deps));
  app.use(inboxRouter(deps));
  app.use(portalRouter(deps));
  app.use(consoleRouter(deps));
  app.mounted.push('webStaticRouter', 'bodiesRouter', 'dispatchAdminRouter', 'inboxRouter', 'portalRouter', 'consoleRouter');
  let semanticModel: string | null = null;
  app.get('/docs/semantic-model', (_req, res) => {
    semanticModel ??= renderSemanticModelHtml();
    res.type('text/html').send(semanticModel);
  });
  app.mounted.push('semantic-model');
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
