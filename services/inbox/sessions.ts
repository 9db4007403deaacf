/**
 * Web inbox logins of body users: argon2id password hashes (hash-wasm), sessions identified by a
 * random cookie value stored as its SHA-256, a per-session CSRF token for every form.
 */
import crypto from 'node:crypto';
import { and, eq, isNull, lt } from 'drizzle-orm';
import { argon2id, argon2Verify } from 'hash-wasm';
import type { Database } from '../../db/client';
import { inboxSessions, inboxUsers, type InboxUserRow } from '../../db/schema';

export const SESSION_COOKIE = 'einvoice_inbox';

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

export async function hashPassword(password: string): Promise<string> {
  // OWASP minimum for argon2id: 19 MiB, 2 iterations, 1 lane
  return argon2id({ password, salt: crypto.randomBytes(16), parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32, outputType: 'encoded' });
}

export async function createInboxUser(db: Database, input: { bodyId: string; login: string; password: string; name?: string | null }, at = new Date()): Promise<InboxUserRow> {
  const row: InboxUserRow = {
    id: crypto.randomUUID(), bodyId: input.bodyId, login: input.login.trim().toLowerCase(), passwordHash: await hashPassword(input.password),
    name: input.name ?? null, createdAt: at.toISOString(), disabledAt: null,
  };
  db.insert(inboxUsers).values(row).run();
  return row;
}

export function disableInboxUser(db: Database, bodyId: string, userId: string, at = new Date()): boolean {
  const n = db.update(inboxUsers).set({ disabledAt: at.toISOString() }).where(and(eq(inboxUsers.id, userId), eq(inboxUsers.bodyId, bodyId), isNull(inboxUsers.disabledAt))).run().changes;
  db.delete(inboxSessions).where(eq(inboxSessions.userId, userId)).run();
  return n === 1;
}

// verified against when the login is unknown, so that both cases take the same time
let dummyHash: Promise<string> | null = null;

/** The user if the login and password match an active user. */
export async function checkLogin(db: Database, login: string, password: string): Promise<InboxUserRow | null> {
  const user = db.select().from(inboxUsers).where(eq(inboxUsers.login, login.trim().toLowerCase())).get();
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const ok = await argon2Verify({ password, hash: user?.passwordHash ?? await dummyHash }).catch(() => false);
  return ok && user !== undefined && user.disabledAt === null ? user : null;
}

export function createSession(db: Database, userId: string, lifetimeMs: number, at = new Date()): { cookie: string; csrf: string; expiresAt: Date } {
  const cookie = crypto.randomBytes(32).toString('base64url');
  const csrf = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(at.getTime() + lifetimeMs);
  db.delete(inboxSessions).where(lt(inboxSessions.expiresAt, at.toISOString())).run();
  db.insert(inboxSessions).values({ idHash: sha256(cookie), userId, csrf, createdAt: at.toISOString(), expiresAt: expiresAt.toISOString() }).run();
  return { cookie, csrf, expiresAt };
}

export function sessionOf(db: Database, cookie: string, at = new Date()): { user: InboxUserRow; csrf: string; idHash: string } | null {
  const s = db.select().from(inboxSessions).where(eq(inboxSessions.idHash, sha256(cookie))).get();
  if (s === undefined || s.expiresAt <= at.toISOString()) return null;
  const user = db.select().from(inboxUsers).where(eq(inboxUsers.id, s.userId)).get();
  if (user === undefined || user.disabledAt !== null) return null;
  return { user, csrf: s.csrf, idHash: s.idHash };
}

export function endSession(db: Database, idHash: string): void {
  db.delete(inboxSessions).where(eq(inboxSessions.idHash, idHash)).run();
}

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const k = part.indexOf('=');
    if (k > 0 && part.slice(0, k).trim() === name) return part.slice(k + 1).trim();
  }
  return null;
}
