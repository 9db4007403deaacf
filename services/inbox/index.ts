/**
 * The bodies' audience: the pull API (`/inbox/v1/…`, body tokens) and the web inbox (`/inbox/…`,
 * body user logins). Mounted by services/app.ts when this file exists; it also mounts the
 * Authority's dispatch endpoints (services/api/dispatch: body tokens, webhooks, users, redeliver,
 * move, dead letters), whose paths are absolute under /api/v1.
 */
import { Router } from 'express';
import { dispatchAdminRouter } from '../api/dispatch';
import type { AppDeps } from '../deps';
import { inboxApiRouter } from './api';
import { inboxWebRouter } from './web';

export function inboxRouter(deps: AppDeps): Router {
  const r = Router();
  r.use(dispatchAdminRouter(deps));
  r.use(inboxApiRouter(deps));
  r.use(inboxWebRouter(deps));
  return r;
}
