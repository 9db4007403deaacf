/**
 * The bodies' audience: the pull API (`/inbox/v1/…`, body tokens) and the web inbox (`/inbox/…`,
 * body user logins). Mounted by services/app.ts, which also mounts the Authority's dispatch endpoints
 * (services/api/dispatch: body tokens, webhooks, users, redeliver, move, dead letters).
 */
import { Router } from 'express';
import type { AppDeps } from '../deps';
import { inboxApiRouter } from './api';
import { inboxResponsesRouter } from './responses';
import { inboxWebRouter } from './web/index';

export function inboxRouter(deps: AppDeps): Router {
  const r = Router();
  r.use(inboxApiRouter(deps));
  r.use(inboxResponsesRouter(deps));
  r.use(inboxWebRouter(deps));
  return r;
}
