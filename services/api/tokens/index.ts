/**
 * Credentials for the hand-off and the upload API (Authority scope):
 *  - `POST /api/v1/tokens` `{"name", "scope": "access-point" | "api-client" | "authority"}` → `201 {"id","token"}` (shown once)
 *  - `GET /api/v1/tokens` → the tokens without their secret
 *  - `DELETE /api/v1/tokens/{id}` → revoke (204)
 * Body tokens are issued by the directory API (`POST /api/v1/bodies/{id}/tokens`).
 */
import express, { Router } from 'express';
import { createToken, listTokens, revokeToken, type TokenScope } from '../../../core/accounts/tokens';
import { requireAuth } from '../../auth';
import type { AppDeps } from '../../deps';
import { ProblemError } from '../../errors';

const ISSUABLE: TokenScope[] = ['access-point', 'api-client', 'authority'];

export function tokensRouter(deps: AppDeps): Router {
  const r = Router();
  const authority = requireAuth(deps, 'authority');
  r.post('/api/v1/tokens', authority, express.json({ limit: '16kb' }), async (req, res) => {
    const b = (req.body ?? {}) as { name?: unknown; scope?: unknown };
    if (typeof b.name !== 'string' || b.name.trim() === '' || b.name.length > 200) throw new ProblemError(400, 'invalid-token-request', 'Invalid token request', '"name" must be a non-empty string (at most 200 characters).');
    if (typeof b.scope !== 'string' || !ISSUABLE.includes(b.scope as TokenScope)) throw new ProblemError(400, 'invalid-token-request', 'Invalid token request', `"scope" must be one of ${ISSUABLE.join(', ')} (body tokens: POST /api/v1/bodies/{id}/tokens).`);
    const t = await createToken(deps.store, { name: b.name.trim(), scope: b.scope as TokenScope });
    res.status(201).json({ id: t.id, token: t.token, scope: b.scope, name: b.name.trim() });
  });
  r.get('/api/v1/tokens', authority, async (_req, res) => {
    res.json({ tokens: await listTokens(deps.store) });
  });
  r.delete('/api/v1/tokens/:id', authority, async (req, res) => {
    if (!(await revokeToken(deps.store, String(req.params.id)))) throw new ProblemError(404, 'token-not-found', 'Token not found', 'No active token with this id.');
    res.status(204).end();
  });
  return r;
}
