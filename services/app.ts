/**
 * Assembles the HTTP application: one router per audience (see DESIGN.md), health and metrics,
 * problem+json errors. Routers of other issues are mounted when their files exist:
 * `services/api/bodies/router.ts` (`bodiesRouter(deps)`), `model/docs.ts`
 * (`renderSemanticModelHtml()` at `GET /docs/semantic-model`), and the inbox, portal and console
 * routers (`services/<name>/index.ts` or `router.ts` exporting `<name>Router(deps)`).
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { documentsRouter } from './api/documents';
import { tokensRouter } from './api/tokens';
import type { AppDeps } from './deps';
import { notFoundHandler, problemHandler } from './errors';
import { healthRouter, registerCollectedMetrics } from './health';
import { peppolRouter } from './peppol/inbound';
import { peppolOutboxRouter } from './peppol/outbox';

function optionalModule(file: string): Record<string, unknown> | null {
  const found = [`${file}.ts`, path.join(file, 'index.ts'), path.join(file, 'router.ts')].find((c) => fs.existsSync(c));
  if (found === undefined) return null;
  // loaded by path: these modules belong to other issues and may not exist in every build
  return require(found) as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
}

const PLUGGED_ROUTERS: { file: string; exportName: string }[] = [
  { file: path.join(__dirname, 'web'), exportName: 'webStaticRouter' },
  { file: path.join(__dirname, 'api', 'bodies'), exportName: 'bodiesRouter' },
  { file: path.join(__dirname, 'api', 'dispatch'), exportName: 'dispatchAdminRouter' },
  { file: path.join(__dirname, 'inbox'), exportName: 'inboxRouter' },
  { file: path.join(__dirname, 'portal'), exportName: 'portalRouter' },
  { file: path.join(__dirname, 'console'), exportName: 'consoleRouter' },
];

/** Names of the optional routers mounted (for logs and tests). */
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
  for (const p of PLUGGED_ROUTERS) {
    try {
      const mod = optionalModule(p.file);
      const factory = mod?.[p.exportName];
      if (typeof factory === 'function') {
        app.use((factory as (d: AppDeps) => Router | RequestHandler)(deps));
        app.mounted.push(p.exportName);
      }
    } catch (err) {
      // one audience's broken router must not take the hand-off and the upload API down with it
      deps.logger.error({ router: p.exportName, err: (err as Error).message }, 'router could not be mounted');
    }
  }
  const docs = optionalModule(path.join(__dirname, '..', 'model', 'docs'));
  const render = docs?.renderSemanticModelHtml;
  if (typeof render === 'function') {
    let cached: string | null = null;
    app.get('/docs/semantic-model', async (_req, res) => {
      cached ??= String(await (render as () => string | Promise<string>)());
      res.type('text/html').send(cached);
    });
    app.mounted.push('semantic-model');
  }
  app.use(notFoundHandler);
  app.use(problemHandler(deps.logger));
  return app;
}
