/**
 * The one session store (console staff and web inbox users): a random cookie value, stored only as
 * its SHA-256, with an absolute expiry and a per-session CSRF token. Expired sessions are removed
 * when new ones are made.
 */
import crypto from 'node:crypto';
import * as repo from '../../db/repositories/accounts';
import type { Store } from '../../db/store';
import { sha256Hex } from './passwords';
import type { Audience } from './throttle';

export interface NewSession { cookie: string; csrf: string; expiresAt: Date; idHash: string }

export async function createSession(store: Pick<Store, 'db'>, audience: Audience, userId: string, lifetimeMs: number, now = new Date()): Promise<NewSession> {
  const cookie = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  const idHash = sha256Hex(cookie);
  await repo.deleteExpiredSessions(store.db, now.toISOString());
  await repo.insertSession(store.db, { idHash, audience, userId, csrf, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), lastSeenAt: now.toISOString() });
  return { cookie, csrf, expiresAt, idHash };
}

/** The live session of a cookie for an audience (unknown, expired or another audience's: null). */
export async function liveSession(store: Pick<Store, 'db'>, audience: Audience, cookie: string, now = new Date()): Promise<repo.SessionRow | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
  const s = await repo.sessionByHash(store.db, sha256Hex(cookie));
  if (s === undefined || s.audience !== audience || Date.parse(s.expiresAt) <= now.getTime()) return null;
  return s;
}

export async function endSession(store: Pick<Store, 'db'>, idHash: string): Promise<void> {
  await repo.deleteSession(store.db, idHash);
}

export async function endSessionsOfUser(store: Pick<Store, 'db'>, audience: Audience, userId: string): Promise<void> {
  await repo.deleteSessionsOfUser(store.db, audience, userId);
}
