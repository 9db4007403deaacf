/**
 * Bearer tokens. Scopes: `authority` (Peppol Authority staff and automation: reaches everything),
 * `access-point` (the hub's Peppol access point: the hand-off and the outbox), `api-client`
 * (programmatic upload, sees its own submissions), `body` (a public-sector body: only its own
 * documents; `subject` is the body id). `EINVOICE_ADMIN_TOKEN` is accepted everywhere with authority
 * scope. Tokens are random (32 bytes, base64url) and stored as their SHA-256 only; shown once.
 */
import crypto from 'node:crypto';
import * as repo from '../../db/repositories/accounts';
import type { Store } from '../../db/store';
import { sha256Hex } from './passwords';

export type TokenScope = 'authority' | 'access-point' | 'api-client' | 'body';
export const TOKEN_SCOPES: readonly TokenScope[] = ['authority', 'access-point', 'api-client', 'body'];

export interface Principal {
  /** `admin` for the bootstrap token, else `token:<id>`: what events record as the actor. */
  actor: string;
  tokenId: string | null;
  scope: TokenScope;
  /** For body tokens, the body id. */
  bodyId: string | null;
  name: string;
}

export const hashToken = sha256Hex;

/** Creates a token and returns it in clear (the only time it is visible). */
export async function createToken(store: Pick<Store, 'db'>, input: { name: string; scope: TokenScope; subject?: string | null }, at = new Date()): Promise<{ id: string; token: string }> {
  if (input.scope === 'body' && !input.subject) throw new Error('a body token needs the body id as subject');
  const token = `eih_${crypto.randomBytes(32).toString('base64url')}`;
  const id = crypto.randomUUID();
  await repo.insertToken(store.db, { id, name: input.name, tokenHash: hashToken(token), scope: input.scope, subject: input.subject ?? null, createdAt: at.toISOString() });
  return { id, token };
}

export async function revokeToken(store: Pick<Store, 'db'>, id: string, at = new Date()): Promise<boolean> {
  return repo.revokeTokenRow(store.db, id, at.toISOString());
}

/** Tokens without their secret, newest first. */
export async function listTokens(store: Pick<Store, 'db'>): Promise<Pick<repo.ApiTokenRow, 'id' | 'name' | 'scope' | 'subject' | 'createdAt' | 'revokedAt'>[]> {
  return (await repo.listTokenRows(store.db)).map((r) => ({ id: r.id, name: r.name, scope: r.scope, subject: r.subject, createdAt: r.createdAt, revokedAt: r.revokedAt }));
}

/** Tokens of one subject (a body's tokens), without their secret, newest first, with when each was last used. */
export async function tokensOf(store: Pick<Store, 'db'>, scope: TokenScope, subject: string): Promise<Pick<repo.ApiTokenRow, 'id' | 'name' | 'createdAt' | 'revokedAt' | 'lastUsedAt'>[]> {
  return (await repo.tokensOfSubject(store.db, scope, subject)).map((r) => ({ id: r.id, name: r.name, createdAt: r.createdAt, revokedAt: r.revokedAt, lastUsedAt: r.lastUsedAt }));
}

function timingSafeEqualStr(a: string, b: string): boolean {
  return crypto.timingSafeEqual(crypto.createHash('sha256').update(a).digest(), crypto.createHash('sha256').update(b).digest());
}

/** Resolves a bearer token to a principal, or null (unknown or revoked). */
export async function resolveToken(store: Pick<Store, 'db'>, token: string, adminToken: string | undefined): Promise<Principal | null> {
  if (adminToken !== undefined && adminToken.length > 0 && timingSafeEqualStr(token, adminToken)) {
    return { actor: 'admin', tokenId: null, scope: 'authority', bodyId: null, name: 'EINVOICE_ADMIN_TOKEN' };
  }
  const row = await repo.tokenByHash(store.db, hashToken(token));
  if (row === undefined || row.revokedAt !== null) return null;
  return { actor: `token:${row.id}`, tokenId: row.id, scope: row.scope as TokenScope, bodyId: row.scope === 'body' ? row.subject : null, name: row.name };
}

/** The scope strings a principal holds (`authority`, `access-point`, `api-client`, `body:<id>`). */
export function scopesOf(p: Principal): string[] {
  return p.scope === 'body' ? [`body:${p.bodyId ?? ''}`] : [p.scope];
}
