/**
 * Bearer-token authentication, reusable by every router.
 *
 * Scopes: `authority` (Peppol Authority staff and automation: reaches everything), `access-point`
 * (the hub's Peppol access point: the hand-off), `api-client` (programmatic upload, sees its own
 * submissions), `body:<id>` (a public-sector body: only its own documents). `EINVOICE_ADMIN_TOKEN`
 * is accepted everywhere with authority scope. Tokens are random (32 bytes, base64url) and stored
 * as their SHA-256 only; they are shown once at creation.
 */
import crypto from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Database } from '../db/client';
import { apiTokens } from '../db/schema';
import { ProblemError } from './errors';

export type TokenScope = 'authority' | 'access-point' | 'api-client' | 'body';

export interface Principal {
  /** `admin` for the bootstrap token, else `token:<id>`: what events record as the actor. */
  actor: string;
  tokenId: string | null;
  scope: TokenScope;
  /** For body tokens, the body id. */
  bodyId: string | null;
  name: string;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Creates a token and returns it in clear (the only time it is visible). */
export function createToken(db: Database, input: { name: string; scope: TokenScope; subject?: string | null }): { id: string; token: string } {
  if (input.scope === 'body' && !input.subject) throw new Error('a body token needs the body id as subject');
  const token = `eih_${crypto.randomBytes(32).toString('base64url')}`;
  const id = crypto.randomUUID();
  db.insert(apiTokens).values({ id, name: input.name, tokenHash: hashToken(token), scope: input.scope, subject: input.subject ?? null, createdAt: new Date().toISOString() }).run();
  return { id, token };
}

export function revokeToken(db: Database, id: string): boolean {
  return db.update(apiTokens).set({ revokedAt: new Date().toISOString() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).run().changes === 1;
}

function timingSafeEqualStr(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** Resolves a bearer token to a principal, or null. */
export function resolveToken(db: Database, token: string, adminToken: string | undefined): Principal | null {
  if (adminToken !== undefined && adminToken.length > 0 && timingSafeEqualStr(token, adminToken)) {
    return { actor: 'admin', tokenId: null, scope: 'authority', bodyId: null, name: 'EINVOICE_ADMIN_TOKEN' };
  }
  const row = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).get();
  if (row === undefined || row.revokedAt !== null) return null;
  return { actor: `token:${row.id}`, tokenId: row.id, scope: row.scope as TokenScope, bodyId: row.scope === 'body' ? row.subject : null, name: row.name };
}

/** The scope strings a principal holds (`authority`, `access-point`, `api-client`, `body:<id>`). */
export function scopesOf(p: Principal): string[] {
  return p.scope === 'body' ? [`body:${p.bodyId ?? ''}`] : [p.scope];
}

/**
 * Middleware: requires a valid bearer token holding one of the scopes (authority always passes;
 * `body:*` matches any body token). Sets `res.locals.principal`. 401 without/with a bad token,
 * 403 with a token of another audience.
 */
export function requireAuth(deps: { db: Database; adminToken: string | undefined }, ...allowed: string[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m === null || m[1] === undefined) {
      res.set('WWW-Authenticate', 'Bearer');
      return next(new ProblemError(401, 'unauthenticated', 'Authentication required', 'Send a bearer token in the Authorization header.'));
    }
    const p = resolveToken(deps.db, m[1], deps.adminToken);
    if (p === null) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return next(new ProblemError(401, 'invalid-token', 'Invalid token', 'The bearer token is unknown or revoked.'));
    }
    const scopes = scopesOf(p);
    const ok = p.scope === 'authority' || allowed.length === 0 || allowed.some((a) => (a === 'body:*' ? p.scope === 'body' : scopes.includes(a)));
    if (!ok) return next(new ProblemError(403, 'forbidden', 'Forbidden', `This endpoint needs one of the scopes: ${['authority', ...allowed].join(', ')}.`));
    res.locals.principal = p;
    next();
  };
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined;
  if (p === undefined) throw new Error('principalOf() used on a route without requireAuth()');
  return p;
}
