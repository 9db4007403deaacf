/**
 * The Authority's side of dispatch (Authority scope everywhere):
 *   POST   /api/v1/bodies/{id}/tokens                 {"name"?} → 201 {"id","token"} (shown once, stored hashed)
 *   GET    /api/v1/bodies/{id}/tokens                 the body's tokens, without secrets
 *   DELETE /api/v1/bodies/{id}/tokens/{tokenId}       revoke → 204
 *   POST   /api/v1/bodies/{id}/webhooks               {"url"} → 201 {"id","url","secret"} (HMAC secret, shown once)
 *   GET    /api/v1/bodies/{id}/webhooks               without secrets
 *   POST   /api/v1/bodies/{id}/webhooks/{wid}/rotate  → {"secret","previousSecretValidUntil"}
 *   DELETE /api/v1/bodies/{id}/webhooks/{wid}         disable → 204
 *   POST   /api/v1/bodies/{id}/users                  {"login","password","name"?} → 201 web inbox login
 *   DELETE /api/v1/bodies/{id}/users/{uid}            disable (and end its sessions) → 204
 *   POST   /api/v1/documents/{id}/redeliver           {"reason"} → push again and show as new in the inbox
 *   POST   /api/v1/documents/{id}/move                {"bodyId","reason"} → deliver to another body instead
 *   GET    /api/v1/dispatch/dead-letters              webhook deliveries given up, with their attempts
 *   GET    /api/v1/dispatch/alerts                    pick-up alerts raised
 * Redeliver and move are audited: an event on the document with the reason and the actor (the acts
 * themselves are workers/dispatch/operations.ts, shared with the console).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import express, { Router, type Request, type Response } from 'express';
import { apiTokens, inboxUsers, pickupAlerts, webhookAttempts, webhookDeliveries, webhooks } from '../../../db/schema';
import { dispatchNow, moveDocument, redeliverDocument } from '../../../workers/dispatch/operations';
import { addWebhook, disableWebhook, listWebhooks, rotateWebhook } from './webhooks';
import { bodyExists } from '../../../workers/dispatch/store';
import { getDocument } from '../../../workers/stage-contract';
import { createToken, principalOf, requireAuth, revokeToken } from '../../auth';
import type { AppDeps } from '../../deps';
import { intQueryParam, ProblemError } from '../../errors';
import { createInboxUser, disableInboxUser } from '../../inbox/sessions';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function str(body: unknown, key: string, max: number, required = true): string | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[key];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw new ProblemError(400, 'missing-field', 'Missing field', `"${key}" is required.`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length > max) throw new ProblemError(400, 'bad-field', 'Bad field', `"${key}" must be a string of at most ${max} characters.`);
  return v.trim();
}

export function dispatchAdminRouter(deps: AppDeps): Router {
  const r = Router();
  const authority = requireAuth(deps, 'authority');
  const json = express.json({ limit: '16kb' });
  const body = (req: Request): string => {
    const id = String(req.params.id);
    if (!bodyExists(deps.db, id)) throw new ProblemError(404, 'body-not-found', 'Body not found', `No body ${id.slice(0, 80)} in the directory.`);
    return id;
  };
  const doc = (req: Request): NonNullable<ReturnType<typeof getDocument>> => {
    const id = String(req.params.id);
    const d = ID.test(id) ? getDocument(deps.db, id) : undefined;
    if (d === undefined) throw new ProblemError(404, 'document-not-found', 'Document not found', `No document ${id.slice(0, 64)}.`);
    return d;
  };
  const actor = (res: Response): string => principalOf(res).actor;
  const stageDeps = { db: deps.db, files: deps.files, dataDir: deps.dataDir, logger: deps.logger, clock: deps.clock };

  // --- inbox tokens ---
  r.post('/api/v1/bodies/:id/tokens', authority, json, (req, res) => {
    const bodyId = body(req);
    const name = str(req.body, 'name', 200, false) ?? `inbox ${bodyId}`;
    const t = createToken(deps.db, { name, scope: 'body', subject: bodyId });
    res.status(201).json({ id: t.id, token: t.token, bodyId, name });
  });
  r.get('/api/v1/bodies/:id/tokens', authority, (req, res) => {
    const bodyId = body(req);
    const rows = deps.db.select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens).where(and(eq(apiTokens.scope, 'body'), eq(apiTokens.subject, bodyId))).orderBy(desc(apiTokens.createdAt)).all();
    res.json({ bodyId, tokens: rows });
  });
  r.delete('/api/v1/bodies/:id/tokens/:tokenId', authority, (req, res) => {
    const bodyId = body(req);
    const row = deps.db.select().from(apiTokens).where(eq(apiTokens.id, String(req.params.tokenId))).get();
    if (row === undefined || row.scope !== 'body' || row.subject !== bodyId || !revokeToken(deps.db, row.id)) {
      throw new ProblemError(404, 'token-not-found', 'Token not found', 'No active token of this body with this id.');
    }
    res.status(204).end();
  });

  // --- webhooks ---
  r.post('/api/v1/bodies/:id/webhooks', authority, json, (req, res) => {
    res.status(201).json(addWebhook(deps, body(req), str(req.body, 'url', 2000) as string, actor(res)));
  });
  r.get('/api/v1/bodies/:id/webhooks', authority, (req, res) => {
    res.json(listWebhooks(deps, body(req)));
  });
  r.post('/api/v1/bodies/:id/webhooks/:wid/rotate', authority, (req, res) => {
    res.json(rotateWebhook(deps, body(req), String(req.params.wid), actor(res)));
  });
  r.delete('/api/v1/bodies/:id/webhooks/:wid', authority, (req, res) => {
    disableWebhook(deps, body(req), String(req.params.wid), actor(res));
    res.status(204).end();
  });

  // --- web inbox users ---
  r.post('/api/v1/bodies/:id/users', authority, json, async (req, res) => {
    const bodyId = body(req);
    const login = str(req.body, 'login', 200) as string;
    const password = str(req.body, 'password', 500) as string;
    if (!/^[^\s@]+@[^\s@]+$/.test(login)) throw new ProblemError(400, 'bad-field', 'Bad field', '"login" must be an e-mail address.');
    if (password.length < 12) throw new ProblemError(400, 'weak-password', 'Weak password', 'The password must have at least 12 characters.');
    if (deps.db.select({ id: inboxUsers.id }).from(inboxUsers).where(eq(inboxUsers.login, login.toLowerCase())).get() !== undefined) {
      throw new ProblemError(409, 'login-exists', 'Login exists', 'This login is already used.');
    }
    const u = await createInboxUser(deps.db, { bodyId, login, password, name: str(req.body, 'name', 200, false) ?? null }, deps.clock());
    res.status(201).json({ id: u.id, bodyId, login: u.login, name: u.name });
  });
  r.delete('/api/v1/bodies/:id/users/:uid', authority, (req, res) => {
    const bodyId = body(req);
    if (!disableInboxUser(deps.db, bodyId, String(req.params.uid), deps.clock())) throw new ProblemError(404, 'user-not-found', 'User not found', 'No active user of this body with this id.');
    res.status(204).end();
  });

  // --- redeliver / move ---
  r.post('/api/v1/documents/:id/redeliver', authority, json, async (req, res) => {
    const d = doc(req);
    const reason = str(req.body, 'reason', 2000) as string;
    const out = redeliverDocument(deps.db, d.id, { actor: actor(res), reason, at: deps.clock() });
    if (!out.ok) throw new ProblemError(out.status, out.code, out.title, out.error);
    if (out.state === 'rendered') res.json({ id: d.id, ...(await dispatchNow(stageDeps, d.id)) });
    else res.json({ id: d.id, status: out.state, deliveries: out.deliveries });
  });

  r.post('/api/v1/documents/:id/move', authority, json, async (req, res) => {
    const d = doc(req);
    const reason = str(req.body, 'reason', 2000) as string;
    const to = str(req.body, 'bodyId', 200) as string;
    const out = moveDocument(deps.db, d.id, to, { actor: actor(res), reason, at: deps.clock() });
    if (!out.ok) throw new ProblemError(out.status, out.code, out.title, out.error);
    res.json({ id: d.id, ...(await dispatchNow(stageDeps, d.id)), bodyId: to, cancelledDeliveries: out.cancelledDeliveries });
  });

  // --- the Authority's queues ---
  r.get('/api/v1/dispatch/dead-letters', authority, (req, res) => {
    const limit = Math.max(1, intQueryParam(req.query.limit, 100, 500, 'limit'));
    const dead = deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.status, 'dead')).orderBy(desc(webhookDeliveries.nextAttemptAt)).limit(limit).all();
    const attempts = dead.length === 0 ? [] : deps.db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, dead.map((d) => d.id))).orderBy(asc(webhookAttempts.attempt)).all();
    const urls = new Map(deps.db.select({ id: webhooks.id, url: webhooks.url }).from(webhooks).all().map((w) => [w.id, w.url]));
    res.json({
      items: dead.map((d) => ({
        deliveryId: d.id, documentId: d.documentId, bodyId: d.bodyId, webhookId: d.webhookId, url: urls.get(d.webhookId) ?? null, createdAt: d.createdAt, attempts: d.attempts, lastError: d.lastError,
        history: attempts.filter((a) => a.deliveryId === d.id).map((a) => ({ attempt: a.attempt, at: a.at, outcome: a.outcome, httpStatus: a.httpStatus, error: a.error })),
      })),
    });
  });
  r.get('/api/v1/dispatch/alerts', authority, (req, res) => {
    const limit = Math.max(1, intQueryParam(req.query.limit, 100, 500, 'limit'));
    const rows = deps.db.select().from(pickupAlerts).orderBy(desc(pickupAlerts.id)).limit(limit).all();
    res.json({ items: rows.map((a) => ({ ...a, recipients: JSON.parse(a.recipients) as string[] })) });
  });

  return r;
}
