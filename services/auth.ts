/**
 * Bearer-token authentication for every router: `requireAuth(deps, ...scopes)` resolves the token
 * (core/accounts/tokens.ts) and checks its scope; authority always passes; `body:*` matches any
 * body token. Sets `res.locals.principal`. 401 without/with a bad token, 403 with a token of
 * another audience.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { resolveToken, scopesOf, type Principal } from '../core/accounts/tokens';
import type { Store } from '../core/store';
import { ProblemError } from './errors';

export type { Principal, TokenScope } from '../core/accounts/tokens';

/** The bearer token of a request, or undefined. */
export function bearerOf(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return m?.[1];
}

export function requireAuth(deps: { store: Store; adminToken: string | undefined }, ...allowed: string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerOf(req);
    if (token === undefined) {
      res.set('WWW-Authenticate', 'Bearer');
      return next(new ProblemError(401, 'unauthenticated', 'Authentication required', 'Send a bearer token in the Authorization header.'));
    }
    resolveToken(deps.store, token, deps.adminToken).then((p) => {
      if (p === null) {
        res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
        return next(new ProblemError(401, 'invalid-token', 'Invalid token', 'The bearer token is unknown or revoked.'));
      }
      const scopes = scopesOf(p);
      const ok = p.scope === 'authority' || allowed.length === 0 || allowed.some((a) => (a === 'body:*' ? p.scope === 'body' : scopes.includes(a)));
      if (!ok) return next(new ProblemError(403, 'forbidden', 'Forbidden', `This endpoint needs one of the scopes: ${['authority', ...allowed].join(', ')}.`));
      res.locals.principal = p;
      next();
    }, next);
  };
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (p === undefined) throw new Error('principalOf() used on a route without requireAuth()');
  return p;
}
