/**
 * The Authority's side of dispatch (Authority scope everywhere):
 *   POST   /api/v1/bodies/{id}/tokens                 {"name"?} → 201 {"id","token"} (shown once, stored hashed)
 *   GET    /api/v1/bodies/{id}/tokens                 the body's tokens, without secrets
 *   DELETE /api/v1/bodies/{id}/tokens/{tokenId}       revoke → 204
 *   POST   /api/v1/bodies/{id}/webhooks               {"url"} → 201 {"id","url","secret"} (HMAC secret, shown once); 422 for a URL the outbound rules refuse
 *   GET    /api/v1/bodies/{id}/webhooks               without secrets
 *   POST   /api/v1/bodies/{id}/webhooks/{wid}/rotate  → {"secret","previousSecretValidUntil"}
 *   DELETE /api/v1/bodies/{id}/webhooks/{wid}         disable → 204
 *   POST   /api/v1/bodies/{id}/users                  {"login","password","name"?} → 201 web inbox login
 *   DELETE /api/v1/bodies/{id}/users/{uid}            disable (and end its sessions) → 204
 *   POST   /api/v1/documents/{id}/redeliver           {"reason"} → push again and show as new in the inbox
 *   POST   /api/v1/documents/{id}/move                {"bodyId","reason"} → deliver to another body instead
 *   GET    /api/v1/dispatch/dead-letters              webhook deliveries given up, with their attempts
 *   GET    /api/v1/dispatch/alerts                    pick-up alerts raised
 * The webhook routes are in webhooks.ts. Redeliver and move are audited: an event on the document
 * with the reason and the actor (the acts themselves are core/dispatch/operations.ts, shared with
 * the console).
 */
import express, { Router, type Request, type Response } from 'express';
import { createInboxUser, disableInboxUser } from '../../../core/accounts/inbox-users';
import { createToken, revokeToken, tokensOf } from '../../../core/accounts/tokens';
import { listPickupAlerts } from '../../../core/dispatch/alerts';
import { listDeadLetters } from '../../../core/dispatch/dead-letters';
import { dispatchNow, moveDocument, redeliverDocument } from '../../../core/dispatch/operations';
import { getDocument, type DocumentRow } from '../../../core/documents/store';
import { principalOf, requireAuth } from '../../auth';
import type { AppDeps } from '../../deps';
import { intQueryParam, ProblemError } from '../../errors';
import { routeBody, str } from './fields';
import { authorityWebhooksRouter } from './webhooks';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function dispatchAdminRouter(deps: AppDeps): Router {
  const r = Router();
  const authority = requireAuth(deps, 'authority');
  const json = express.json({ limit: '16kb' });
  const doc = async (req: Request): Promise<DocumentRow> => {
    const id = String(req.params.id);
    const d = ID.test(id) ? await getDocument(deps.store, id) : undefined;
    if (d === undefined) throw new ProblemError(404, 'document-not-found', 'Document not found', `No document ${id.slice(0, 64)}.`);
    return d;
  };
  const actor = (res: Response): string => principalOf(res).actor;

  // --- inbox tokens ---
  r.post('/api/v1/bodies/:id/tokens', authority, json, async (req, res) => {
    const bodyId = await routeBody(deps, req);
    const name = str(req.body, 'name', 200, false) ?? `inbox ${bodyId}`;
    const t = await createToken(deps.store, { name, scope: 'body', subject: bodyId }, deps.clock());
    res.status(201).json({ id: t.id, token: t.token, bodyId, name });
  });
  r.get('/api/v1/bodies/:id/tokens', authority, async (req, res) => {
    const bodyId = await routeBody(deps, req);
    res.json({ bodyId, tokens: await tokensOf(deps.store, 'body', bodyId) });
  });
  r.delete('/api/v1/bodies/:id/tokens/:tokenId', authority, async (req, res) => {
    const bodyId = await routeBody(deps, req);
    const tokenId = String(req.params.tokenId);
    const own = (await tokensOf(deps.store, 'body', bodyId)).some((t) => t.id === tokenId && t.revokedAt === null);
    if (!own || !(await revokeToken(deps.store, tokenId, deps.clock()))) throw new ProblemError(404, 'token-not-found', 'Token not found', 'No active token of this body with this id.');
    res.status(204).end();
  });

  r.use(authorityWebhooksRouter(deps));

  // --- web inbox users ---
  r.post('/api/v1/bodies/:id/users', authority, json, async (req, res) => {
    const bodyId = await routeBody(deps, req);
    const login = str(req.body, 'login', 200) as string;
    const password = str(req.body, 'password', 500) as string;
    if (!/^[^\s@]+@[^\s@]+$/.test(login)) throw new ProblemError(400, 'bad-field', 'Bad field', '"login" must be an e-mail address.');
    if (password.length < 12) throw new ProblemError(400, 'weak-password', 'Weak password', 'The password must have at least 12 characters.');
    const u = await createInboxUser(deps.store, { bodyId, login, password, name: str(req.body, 'name', 200, false) ?? null }, deps.clock());
    res.status(201).json({ id: u.id, bodyId, login: u.login, name: u.name });
  });
  r.delete('/api/v1/bodies/:id/users/:uid', authority, async (req, res) => {
    const bodyId = await routeBody(deps, req);
    if (!(await disableInboxUser(deps.store, bodyId, String(req.params.uid), deps.clock()))) throw new ProblemError(404, 'user-not-found', 'User not found', 'No active user of this body with this id.');
    res.status(204).end();
  });

  // --- redeliver / move ---
  r.post('/api/v1/documents/:id/redeliver', authority, json, async (req, res) => {
    const d = await doc(req);
    const reason = str(req.body, 'reason', 2000) as string;
    const out = await redeliverDocument(deps.store, d.id, { actor: actor(res), reason, at: deps.clock() });
    if (out.state === 'rendered') res.json({ id: d.id, ...(await dispatchNow(deps.store, d.id, { now: deps.clock(), logger: deps.logger })) });
    else res.json({ id: d.id, status: out.state, deliveries: out.deliveries });
  });
  r.post('/api/v1/documents/:id/move', authority, json, async (req, res) => {
    const d = await doc(req);
    const reason = str(req.body, 'reason', 2000) as string;
    const to = str(req.body, 'bodyId', 200) as string;
    const out = await moveDocument(deps.store, d.id, to, { actor: actor(res), reason, at: deps.clock() });
    res.json({ id: d.id, ...(await dispatchNow(deps.store, d.id, { now: deps.clock(), logger: deps.logger })), bodyId: to, cancelledDeliveries: out.cancelledDeliveries });
  });

  // --- the Authority's queues ---
  r.get('/api/v1/dispatch/dead-letters', authority, async (req, res) => {
    res.json({ items: await listDeadLetters(deps.store, Math.max(1, intQueryParam(req.query.limit, 100, 500, 'limit'))) });
  });
  r.get('/api/v1/dispatch/alerts', authority, async (req, res) => {
    res.json({ items: await listPickupAlerts(deps.store, Math.max(1, intQueryParam(req.query.limit, 100, 500, 'limit'))) });
  });

  return r;
}
