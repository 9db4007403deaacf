/**
 * The Authority's routes for a body's push webhooks (Authority scope; the acts are
 * core/dispatch/webhooks.ts, shared with a body's own `/inbox/v1/webhooks…`):
 *   POST   /api/v1/bodies/{id}/webhooks               {"url"} → 201 {"id","url","secret"}; 400 bad URL, 422 URL the outbound rules refuse
 *   GET    /api/v1/bodies/{id}/webhooks               without secrets
 *   POST   /api/v1/bodies/{id}/webhooks/{wid}/rotate  → {"id","secret","previousSecretValidUntil"}
 *   DELETE /api/v1/bodies/{id}/webhooks/{wid}         disable → 204
 */
import express, { Router, type Response } from 'express';
import { addWebhook, disableWebhook, listWebhooks, rotateWebhook } from '../../../core/dispatch/webhooks';
import { principalOf, requireAuth } from '../../auth';
import type { AppDeps } from '../../deps';
import { routeBody, str } from './fields';

export function authorityWebhooksRouter(deps: AppDeps): Router {
  const r = Router();
  const authority = requireAuth(deps, 'authority');
  const act = (res: Response): { actor: string; now: Date; logger: AppDeps['logger'] } => ({ actor: principalOf(res).actor, now: deps.clock(), logger: deps.logger });

  r.post('/api/v1/bodies/:id/webhooks', authority, express.json({ limit: '16kb' }), async (req, res) => {
    const bodyId = await routeBody(deps, req);
    res.status(201).json(await addWebhook(deps.store, bodyId, str(req.body, 'url', 2000), act(res)));
  });
  r.get('/api/v1/bodies/:id/webhooks', authority, async (req, res) => {
    res.json(await listWebhooks(deps.store, await routeBody(deps, req)));
  });
  r.post('/api/v1/bodies/:id/webhooks/:wid/rotate', authority, async (req, res) => {
    res.json(await rotateWebhook(deps.store, await routeBody(deps, req), String(req.params.wid), act(res)));
  });
  r.delete('/api/v1/bodies/:id/webhooks/:wid', authority, async (req, res) => {
    await disableWebhook(deps.store, await routeBody(deps, req), String(req.params.wid), act(res));
    res.status(204).end();
  });
  return r;
}
