/**
 * Authority staff: accounts with a role (viewer < operator < administrator), argon2id password
 * hashes (hash-wasm; OWASP parameters: 19 MiB, 2 iterations, 1 lane), sessions identified by a
 * random cookie stored as its SHA-256 with an absolute expiry, login throttling per login and per
 * client address (after N failures for one login — 4N for one address — within the lock window,
 * further attempts are refused until it ends, whether the password is right or not), and the staff audit log.
 */
import crypto from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { argon2id, argon2Verify } from 'hash-wasm';
import type { Database, Tx } from '../../db/client';
import { staffAudit, staffLoginThrottle, staffSessions, staffUsers, type StaffUserRow } from '../../db/schema';

export const ROLES = ['viewer', 'operator', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** true when `have` includes the rights of `need`. */
export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

export const LOGIN_RE = /^[a-z0-9][a-z0-9._-]{1,62}$/;

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

export async function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: crypto.randomBytes(16), parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32, outputType: 'encoded' });
}

export class StaffInputError extends Error {}

export async function createStaff(db: Database, input: { login: string; name: string; role: Role; password: string; email?: string | null }, at = new Date()): Promise<StaffUserRow> {
  const login = input.login.trim().toLowerCase();
  if (!LOGIN_RE.test(login)) throw new StaffInputError('login: 2 to 63 characters among a-z, 0-9, dot, dash, underscore');
  if (input.password.length < 12 || input.password.length > 1024) throw new StaffInputError('password: at least 12 characters');
  if (input.name.trim() === '' || input.name.length > 200) throw new StaffInputError('name: required, at most 200 characters');
  if (db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.login, login)).get() !== undefined) throw new StaffInputError(`login ${login} exists`);
  const row: StaffUserRow = {
    id: crypto.randomUUID(), login, name: input.name.trim(), email: input.email ?? null, role: input.role,
    passwordHash: await hashPassword(input.password), createdAt: at.toISOString(), disabledAt: null,
  };
  db.insert(staffUsers).values(row).run();
  return row;
}

export function setStaffRole(db: Database, login: string, role: Role): boolean {
  return db.update(staffUsers).set({ role }).where(eq(staffUsers.login, login)).run().changes === 1;
}

export function disableStaff(db: Database, login: string, at = new Date()): boolean {
  const u = db.select().from(staffUsers).where(eq(staffUsers.login, login)).get();
  if (u === undefined) return false;
  db.update(staffUsers).set({ disabledAt: at.toISOString() }).where(eq(staffUsers.id, u.id)).run();
  db.delete(staffSessions).where(eq(staffSessions.userId, u.id)).run();
  return true;
}

let dummyHash: Promise<string> | null = null;

export interface ThrottleSettings { maxFailures: number; lockMs: number }

export type LoginOutcome = { ok: true; user: StaffUserRow } | { ok: false; reason: 'invalid' | 'locked'; retryAfterSeconds?: number };

function throttleKeys(login: string, ip: string): string[] {
  return [`login:${login.trim().toLowerCase().slice(0, 100)}`, `ip:${ip}`];
}

function lockedFor(db: Database, keys: string[], now: Date): number {
  let until = 0;
  for (const k of keys) {
    const row = db.select().from(staffLoginThrottle).where(eq(staffLoginThrottle.key, k)).get();
    if (row?.lockedUntil && Date.parse(row.lockedUntil) > now.getTime()) until = Math.max(until, Date.parse(row.lockedUntil));
  }
  return until > 0 ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

function recordFailure(db: Database, keys: string[], now: Date, s: ThrottleSettings): void {
  db.transaction((tx) => {
    for (const key of keys) {
      const row = tx.select().from(staffLoginThrottle).where(eq(staffLoginThrottle.key, key)).get();
      const fresh = row === undefined || now.getTime() - Date.parse(row.firstAt) > s.lockMs;
      const failures = fresh ? 1 : row.failures + 1;
      // an address (an office behind one NAT) gets four times the allowance of one login
      const max = key.startsWith('ip:') ? s.maxFailures * 4 : s.maxFailures;
      const lockedUntil = failures >= max ? new Date(now.getTime() + s.lockMs).toISOString() : null;
      tx.insert(staffLoginThrottle).values({ key, failures, firstAt: fresh ? now.toISOString() : row.firstAt, lockedUntil })
        .onConflictDoUpdate({ target: staffLoginThrottle.key, set: { failures, firstAt: fresh ? now.toISOString() : row.firstAt, lockedUntil } }).run();
    }
  }, { behavior: 'immediate' });
}

/** Checks a login: throttled first (a locked key is refused without looking at the password). */
export async function checkStaffLogin(db: Database, login: string, password: string, ip: string, s: ThrottleSettings, now = new Date()): Promise<LoginOutcome> {
  const keys = throttleKeys(login, ip);
  const wait = lockedFor(db, keys, now);
  if (wait > 0) return { ok: false, reason: 'locked', retryAfterSeconds: wait };
  const user = db.select().from(staffUsers).where(eq(staffUsers.login, login.trim().toLowerCase())).get();
  let good = false;
  if (user === undefined || user.disabledAt !== null) {
    dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    await argon2Verify({ password, hash: await dummyHash }); // same work whether the login exists or not
  } else {
    good = await argon2Verify({ password, hash: user.passwordHash });
  }
  if (!good || user === undefined || user.disabledAt !== null) {
    recordFailure(db, keys, now, s);
    return { ok: false, reason: 'invalid' };
  }
  db.delete(staffLoginThrottle).where(eq(staffLoginThrottle.key, keys[0] ?? '')).run();
  return { ok: true, user };
}

export const CONSOLE_COOKIE = 'einvoice_console';

export function createStaffSession(db: Database, userId: string, lifetimeMs: number, now = new Date()): { cookie: string; expiresAt: Date } {
  const cookie = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  db.delete(staffSessions).where(lt(staffSessions.expiresAt, now.toISOString())).run();
  db.insert(staffSessions).values({ idHash: sha256(cookie), userId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), lastSeenAt: now.toISOString() }).run();
  return { cookie, expiresAt };
}

/** The active user of a session cookie (expired sessions and disabled users: null). */
export function staffSessionOf(db: Database, cookie: string, now = new Date()): { user: StaffUserRow; idHash: string } | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
  const idHash = sha256(cookie);
  const s = db.select().from(staffSessions).where(eq(staffSessions.idHash, idHash)).get();
  if (s === undefined || Date.parse(s.expiresAt) <= now.getTime()) return null;
  const user = db.select().from(staffUsers).where(eq(staffUsers.id, s.userId)).get();
  if (user === undefined || user.disabledAt !== null) return null;
  return { user, idHash };
}

export function endStaffSession(db: Database, idHash: string): void {
  db.delete(staffSessions).where(eq(staffSessions.idHash, idHash)).run();
}

/** Appends to the staff audit log (inside the caller's transaction when given one). */
export function audit(db: Database | Tx, actor: string, action: string, target: string | null, details: Record<string, unknown> = {}, at = new Date()): void {
  db.insert(staffAudit).values({ at: at.toISOString(), actor, action, target, details: JSON.stringify(details) }).run();
}
